"""A yes/no question in a dialog; dismisses with True or False."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from screens import keys, styles


class ConfirmModal(ModalScreen[bool]):
    CSS_PATH = styles.SCREENS
    BINDINGS = keys.CLOSE

    def __init__(self, question: str, *, yes: str, no: str = "Go back") -> None:
        super().__init__()
        self._question = question
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._question, markup=False, classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._no, id="no", variant="primary")
                yield Button(self._yes, id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_close(self) -> None:
        self.dismiss(False)
