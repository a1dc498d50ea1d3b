"""Questions in a dialog: yes or no (``ConfirmModal``), or one of a few (``ChoiceModal``).

Either way the safe choice has focus when it opens, Escape gives the safe answer too,
and it is the only kind of button Tab reaches: a choice that deletes, throws away or
replaces anything is a ``DangerButton``, chosen by its own key (shown on it) or a
click, so a stray Tab then Enter never throws work away.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from screens import keys, styles
from screens.base import Dialog, JournalModal
from screens.widgets.danger_button import DangerButton, DangerKeys

#: A choice is (name, label), or (name, label, key) for one that throws work away: a
#: ``DangerButton``.
Choice = tuple[str, str] | tuple[str, str, str]


class ConfirmModal(DangerKeys, Dialog, ModalScreen[bool]):
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


def delete_entry_dialog(post_drafts: int) -> ConfirmModal:
    """Before an entry is deleted, from the journal or the entry. Its key is y, not the
    d that opened it: d pressed twice (or held, or bounced) must not delete."""
    from journal.posts.drafts import delete_entry_question  # the models: not before unlock

    return ConfirmModal(delete_entry_question(post_drafts), yes="Yes, delete", key="y",
                        no="Keep it")  # fmt: skip


class ChoiceModal(DangerKeys, JournalModal[str]):
    """One question; dismisses with the name of the button pressed (``escape`` for Escape)."""

    BINDINGS = keys.DIALOG

    def __init__(
        self,
        question: str,
        choices: Sequence[Choice],
        *,
        focus: str,
        escape: str,
        note: str = "",
    ) -> None:
        super().__init__()
        self._question = question
        self._choices = tuple(choices)
        self._focus = focus
        self._escape = escape
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="choice"):
            yield Static(self._question, markup=False, classes="dialog-question")
            if self._note:
                yield Static(self._note, markup=False, classes="hint")
            with Horizontal(classes="dialog-buttons"):
                for name, label, *key in self._choices:
                    if key:
                        yield DangerButton(label, key[0], id=f"choice-{name}", compact=True)
                        continue
                    yield Button(
                        label,
                        id=f"choice-{name}",
                        variant="primary" if name == self._focus else "default",
                        compact=True,
                    )

    def on_mount(self) -> None:
        self.query_one(f"#choice-{self._focus}", Button).focus()  # the safe choice

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def action_close(self) -> None:
        self.dismiss(self._escape)
