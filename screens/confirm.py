"""A yes/no question in a dialog; dismisses with True or False.

"No" (the safe answer) has focus and is the only button Tab reaches; "yes" is a
``DangerButton``, chosen by its own key (shown on it) or a click, so a stray Tab
then Enter never deletes, throws away or replaces anything.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from screens import keys, styles
from screens.widgets.danger_button import DangerButton, DangerKeys


class ConfirmModal(DangerKeys, ModalScreen[bool]):
    CSS_PATH = styles.SCREENS
    BINDINGS = keys.DIALOG

    def __init__(self, question: str, *, yes: str, key: str, no: str = "Go back") -> None:
        super().__init__()
        self._question = question
        self._yes = yes
        self._key = key
        self._no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._question, markup=False, classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._no, id="no", variant="primary")
                yield DangerButton(self._yes, self._key, id="yes")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_close(self) -> None:
        self.dismiss(False)
