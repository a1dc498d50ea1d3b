"""Choosing a passphrase: typed twice, judged by zxcvbn as it is typed.

Used by first run, recovery and settings. Very weak passphrases are refused
(``Verdict.acceptable``). zxcvbn can take tens of milliseconds on a long
passphrase, so it runs in a thread worker; only the latest result is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from screens.base import Background

if TYPE_CHECKING:
    from journal.strength import Verdict

#: zxcvbn refuses longer input; the first 72 characters decide the verdict anyway.
ZXCVBN_MAX = 72
_WORDS = ("very weak", "weak", "fair", "strong", "very strong")


def check(passphrase: str) -> Verdict:
    from journal.strength import check_passphrase

    return check_passphrase(passphrase[:ZXCVBN_MAX])


def describe(verdict: Verdict) -> Content:
    """The feedback under the inputs: strength, then zxcvbn's warning and hints."""
    meter = "■" * (verdict.score + 1) + "□" * (4 - verdict.score)
    style = "bold" if verdict.acceptable else "bold $error"
    lines = [line for line in (verdict.warning, *verdict.suggestions) if line]
    if not verdict.acceptable:
        lines.append("That is too easy to guess; amends needs at least a fair one.")
    return Content.assemble(
        (f"{meter} {_WORDS[verdict.score].capitalize()}. ", style),
        f"Guessing it would take {verdict.crack_time}.",
        *(f"\n{line}" for line in lines),
    )


class NewPassphrase(Background, Vertical):
    """Two password inputs and live strength feedback; posts Chosen when both agree."""

    class Chosen(Message):
        def __init__(self, passphrase: str) -> None:
            super().__init__()
            self.passphrase = passphrase

    def compose(self) -> ComposeResult:
        yield Input(password=True, placeholder="New passphrase", id="new-passphrase")
        yield Input(password=True, placeholder="Type it again", id="repeat-passphrase")
        yield Static(id="strength", markup=False)

    @property
    def _new(self) -> Input:
        return self.query_one("#new-passphrase", Input)

    @property
    def _repeat(self) -> Input:
        return self.query_one("#repeat-passphrase", Input)

    def focus_first(self) -> None:
        self._new.focus()

    def clear(self) -> None:
        self._new.value = ""
        self._repeat.value = ""
        self._say("")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input is not self._new:
            return
        value = event.value
        if not value:
            self._say("")
            return
        self.run_thread(
            lambda: check(value),
            lambda verdict: self._show(value, verdict),
            group="strength",
            exclusive=True,
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input is self._new:
            self._repeat.focus()
        else:
            self.submit()

    def submit(self) -> None:
        """Check both inputs; post Chosen if they match and are strong enough."""
        value = self._new.value
        if not value:
            self._say("Choose a passphrase first.")
            self._new.focus()
            return
        if self._repeat.value != value:
            self._say("The two passphrases don't match yet.")
            self._repeat.focus()
            return
        self.run_thread(lambda: check(value), lambda verdict: self._decide(value, verdict))

    def _show(self, value: str, verdict: Verdict) -> None:
        if value == self._new.value:
            self._say(describe(verdict))

    def _decide(self, value: str, verdict: Verdict) -> None:
        if value != self._new.value:
            return
        if verdict.acceptable:
            self.post_message(self.Chosen(value))
        else:
            self._say(describe(verdict))
            self._new.focus()

    def _say(self, message: str | Content) -> None:
        self.query_one("#strength", Static).update(message)
