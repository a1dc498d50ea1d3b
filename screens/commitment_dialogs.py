"""Two small dialogs: the offer to turn an entry into a commitment, and closing one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from screens import keys
from screens.base import JournalModal
from screens.widgets.danger_button import DangerButton, DangerKeys
from screens.widgets.inert_text_area import Editor

OFFER = "Turn this into a commitment?"
OFFER_DETAIL = (
    "One thing to stop, one to start, and if-then plans, with check-ins when you choose. "
    "It stays linked to this entry. You can also do it later, or not at all."
)
CLOSE = "Close this commitment?"
CLOSE_DETAIL = (
    "It stays here with its check-ins, and no more check-ins come due. "
    "You can resume it later. A closing note, if you want one:"
)


class OfferCommitmentModal(JournalModal[bool]):
    """Asked once, after saving an entry whose last answer could become a commitment."""

    BINDINGS = keys.DIALOG

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(OFFER, classes="dialog-question title")
            yield Static(OFFER_DETAIL, markup=False, classes="lead")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Not now", id="no")
                yield Button("Make a commitment", id="yes", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_close(self) -> None:
        self.dismiss(False)


class CloseCommitmentModal(DangerKeys, JournalModal[str | None]):
    """Dismisses with the closing note ("" for none), or None to keep it open. Tab goes
    between the note and "Keep it open"; "Close it" is chosen by c (or a click)."""

    BINDINGS = keys.DIALOG

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(CLOSE, classes="dialog-question title")
            yield Static(CLOSE_DETAIL, markup=False)
            yield Editor(id="closing-note", soft_wrap=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep it open", id="no", variant="primary")
                yield DangerButton("Close it", "c", id="yes")

    def on_mount(self) -> None:
        # The safe choice has focus: Enter right away keeps it open (Shift+Tab: the note).
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "yes":
            self.dismiss(self.query_one("#closing-note", Editor).text.strip())
        else:
            self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
