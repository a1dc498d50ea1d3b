"""The ``amends`` console script: the core's command line, able to open the app.

``journal`` never imports the UI, so the app is handed to it from here. Only
opening the app imports ``screens.app``: the other commands stay fast.
"""

from __future__ import annotations

from pathlib import Path

from journal.cli import main as cli_main


def open_app(
    path: Path,
    *,
    insecure_kdf_for_tests: bool = False,
    checkin: str | None = None,
    debug: bool = False,
) -> int:
    from screens.app import run

    return run(path, insecure_kdf_for_tests=insecure_kdf_for_tests, checkin=checkin, debug=debug)


def main() -> int:
    return cli_main(launch_app=open_app, harden=True)


if __name__ == "__main__":
    raise SystemExit(main())
