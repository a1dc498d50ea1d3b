"""The bare Textual app the start-up rows compare against: one password Input."""

from textual.app import App, ComposeResult
from textual.widgets import Input


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(password=True, placeholder="Passphrase")


if __name__ == "__main__":
    Bare().run()
