"""A small launcher: run one command, report its wall time and its own peak RSS.

``ru_maxrss`` survives fork and exec: a child forked from the benchmark
process (which holds unlocked 100,000-entry vaults) would report the parent's
size as its own peak. So each measured command is started from this small,
fresh process instead; ``os.wait4`` then gives exactly that command's peak.

Usage: ``python benchmarks/spawn.py SPEC.json``; SPEC has ``cmd``, ``stdin``,
``stdout`` and ``stderr`` (file paths) and ``timeout`` (seconds, after which the
command is killed). Prints one JSON line: ``started``
(monotonic time just before the spawn), ``seconds``, ``peak_rss`` (bytes) and
``returncode``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time


def main() -> None:
    with open(sys.argv[1]) as spec_file:
        spec = json.load(spec_file)
    with (
        open(spec["stdin"], "rb") as fin,
        open(spec["stdout"], "wb") as fout,
        open(spec["stderr"], "wb") as ferr,
    ):
        started = time.perf_counter()
        proc = subprocess.Popen(
            spec["cmd"], stdin=fin, stdout=fout, stderr=ferr, start_new_session=True
        )
        watchdog = threading.Timer(spec["timeout"], proc.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            watchdog.cancel()
        seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "started": started,
                "seconds": seconds,
                "peak_rss": usage.ru_maxrss * 1024,
                "returncode": os.waitstatus_to_exitcode(status),
            }
        )
    )


if __name__ == "__main__":
    main()
