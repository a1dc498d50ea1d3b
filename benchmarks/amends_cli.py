"""``amends`` for the whole-process figures, with its key derivation timed.

Runs ``journal.cli.main`` exactly as the ``amends`` console script does, then
writes the seconds spent in Argon2id to the file named by
``$AMENDS_BENCH_KDF_FILE``. ``--insecure-kdf-for-tests`` (first argument)
allows quick mode's test parameters.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from benchmarks.kdf_timer import KdfTimer

INSECURE = "--insecure-kdf-for-tests"


def main() -> int:
    argv = sys.argv[1:]
    insecure = bool(argv) and argv[0] == INSECURE
    timer = KdfTimer()
    timer.install()
    from journal.cli import main as amends

    status = amends(argv[1:] if insecure else argv, insecure_kdf_for_tests=insecure)
    sys.stdout.flush()
    Path(os.environ["AMENDS_BENCH_KDF_FILE"]).write_text(repr(timer.seconds))
    return status


if __name__ == "__main__":
    sys.exit(main())
