"""The bare Textual app the start-up rows compare against: one password Input.

``main`` is its console-script entry point: ``pty_startup`` launches it through a
script written like the one pip writes for ``amends``, so both start the same way.
"""

from textual.app import App, ComposeResult
from textual.widgets import Input


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(password=True, placeholder="Passphrase")


def main() -> int:
    Bare().run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
