"""The post screen's own questions: resume a saved post draft, and leave with changes.

``ChoiceModal`` asks one question with a few buttons and dismisses with the
chosen one's name. The safe choice has focus when it opens, and Escape gives
the safe answer too; a choice that throws work away is a ``DangerButton``, out
of the Tab order and chosen by its own key, so a stray key never throws work away.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from screens import keys
from screens.base import JournalModal
from screens.widgets.danger_button import DangerButton, DangerKeys

RESUME = "You were drafting a post from this entry (saved {when}). Pick up where you left off?"
#: A choice is (name, label), or (name, label, key) for one that throws work away: a
#: ``DangerButton``. "Start over" here only asks again (``START_OVER``).
Choice = tuple[str, str] | tuple[str, str, str]
RESUME_CHOICES: tuple[Choice, ...] = (("resume", "Resume it"), ("over", "Start over"))
RESUME_NOTE = "Starting over replaces the saved draft once you change something."
#: Starting over throws the saved draft away: asked again, keeping it focused (a stray
#: Tab then Enter on the offer lands here, never on a lost draft).
START_OVER = (
    "Start over from the entry? Your saved draft is replaced as soon as you change something."
)
START_OVER_CHOICES: tuple[Choice, ...] = (
    ("resume", "Keep my draft"),
    ("over", "Start over", "s"),
)
LEAVE = "Leave this post? Your draft can be kept, encrypted, to come back to."
#: Keep first and focused (and Escape's answer); Tab reaches Stay, never Discard.
LEAVE_CHOICES: tuple[Choice, ...] = (
    ("keep", "Keep the draft"),
    ("stay", "Stay"),
    ("discard", "Discard it", "d"),
)
#: Leaving once the post is out (saved as a file or copied, whole): its draft is no
#: longer needed, maybe; he says. Keep stays first and focused.
SENT = "The post is {how}. Keep its draft here, encrypted, or delete it?"
SENT_CHOICES: tuple[Choice, ...] = (
    ("keep", "Keep the draft"),
    ("stay", "Stay"),
    ("discard", "Delete it", "d"),
)


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
