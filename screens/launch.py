"""The ``amends`` console script: the core's command line, able to open the app.

``journal`` never imports the UI, so the app is handed to it from here. Only
opening the app imports ``screens.app``: the other commands stay fast.

Most launches are ``amends`` alone (or with ``--vault PATH``): that case goes
straight to the app, without building the CLI's parser for every command
(its sub-command modules and argparse cost ~25 ms before the first frame,
measured in a pseudo-terminal: ``benchmarks/pty_startup.py``). Anything else,
``--help`` and every mistake included, goes through the CLI as before.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def open_app(
    path: Path,
    *,
    insecure_kdf_for_tests: bool = False,
    checkin: str | None = None,
    debug: bool = False,
) -> int:
    from screens.tty import quiet_until_raw

    with quiet_until_raw():
        from screens.app import run

        return run(
            path, insecure_kdf_for_tests=insecure_kdf_for_tests, checkin=checkin, debug=debug
        )


class _NotJustTheApp(Exception):
    """The arguments ask for more than opening the app: the CLI reads them."""


def app_vault(argv: Sequence[str]) -> str | None:
    """The ``--vault`` of a bare launch (``amends``, ``amends --vault PATH``, or with
    ``--vault=PATH``); None for the default vault. Raises _NotJustTheApp otherwise."""
    vault: str | None = None
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg.startswith("--vault="):
            vault = arg.removeprefix("--vault=")
        elif arg == "--vault" and args and not args[0].startswith("-"):
            vault = args.pop(0)
        else:
            raise _NotJustTheApp
    return vault or None


def main() -> int:
    try:
        vault = app_vault(sys.argv[1:])
    except _NotJustTheApp:
        from journal.cli import main as cli_main

        return cli_main(launch_app=open_app, harden=True)
    from journal.paths import resolve

    # The app turns core dumps off itself, once its first frame is up (as via the CLI).
    return open_app(resolve(vault))


if __name__ == "__main__":
    raise SystemExit(main())
