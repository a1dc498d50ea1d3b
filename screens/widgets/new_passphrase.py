"""Choosing a passphrase: typed twice, judged as it is typed, or generated.

Used by first run, recovery and settings. zxcvbn counts the guesses; the figure
shown is what they cost someone who stole the vault file, at the vault's own
Argon2id cost (``journal.strength``). Below "strong" (ten years of that work) a
passphrase is refused, with one line saying what to do. zxcvbn can take tens of
milliseconds on a long passphrase, so it runs in a thread worker (the latest
keystroke's cancels the one before).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Static

if TYPE_CHECKING:
    from journal.crypto import KdfParams
    from journal.strength import Generated, Verdict

_METER = ("■□□□□", "■■□□□", "■■■□□", "■■■■□", "■■■■■")


def check(passphrase: str, params: KdfParams | None) -> Verdict:
    from journal.crypto import FLOOR
    from journal.strength import check_passphrase

    return check_passphrase(passphrase, params or FLOOR)


def describe(verdict: Verdict) -> Content:
    """The feedback under the inputs: strength offline; for one that is refused,
    zxcvbn's warning (if any) and what to do. What is accepted is what the meter
    calls strong, so the two never disagree."""
    from journal.strength import ACCEPT_TIME  # imported already: the verdict came from it

    style = "bold" if verdict.acceptable else "bold $error"
    lines: list[str] = []
    if not verdict.acceptable:
        lines = [verdict.warning] if verdict.warning else []
        lines.append(
            f"Too easy to guess: amends needs {ACCEPT_TIME} or more. "
            "Add two or three more words, or generate one."
        )
    return Content.assemble(
        (f"{_METER[verdict.level]} {verdict.word.capitalize()}. ", style),
        f"A stolen copy of the journal could be opened in {verdict.crack_time}.",
        *(f"\n{line}" for line in lines),
    )


def describe_generated(generated: Generated, verdict: Verdict) -> Content:
    words = len(generated.passphrase.split())
    return Content.assemble(
        "Your new passphrase:\n  ",
        (generated.passphrase, "bold"),
        f"\n{words} words chosen at random from EFF's list ({generated.bits:.0f} bits): "
        f"a stolen copy would hold out for {verdict.crack_time}. "
        "Write it down, then type it again below.",
    )


class NewPassphrase(Vertical):
    """Two password inputs and live strength feedback; posts Chosen when both agree.

    ``params``: the vault's Argon2id cost, to price the guesses; None before a vault
    exists (the floor every vault has at least)."""

    class Chosen(Message):
        def __init__(self, passphrase: str) -> None:
            super().__init__()
            self.passphrase = passphrase

    class Typed(Message):
        """He typed in either field (or a generated passphrase filled them): what was
        said about the last change of passphrase is old news."""

    class Judged(Message):
        """A verdict on ``passphrase``, from the worker; ``decide``: submitted."""

        def __init__(self, passphrase: str, verdict: Verdict, decide: bool) -> None:
            super().__init__()
            self.passphrase = passphrase
            self.verdict = verdict
            self.decide = decide

    def __init__(self, params: KdfParams | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.params = params
        self._generated: Generated | None = None

    def compose(self) -> ComposeResult:
        yield Input(password=True, placeholder="New passphrase", id="new-passphrase")
        yield Input(password=True, placeholder="Type it again", id="repeat-passphrase")
        yield Static(id="strength", markup=False)
        yield Static(id="generated", markup=False)
        with Horizontal(classes="row generate"):
            yield Button("Generate one", id="generate-passphrase", compact=True)

    @property
    def _new(self) -> Input:
        return self.query_one("#new-passphrase", Input)

    @property
    def _repeat(self) -> Input:
        return self.query_one("#repeat-passphrase", Input)

    def on_mount(self) -> None:
        self.query_one("#generated").display = False

    def focus_first(self) -> None:
        self._new.focus()

    def clear(self) -> None:
        self._new.value = ""
        self._repeat.value = ""
        self._generated = None
        self._show_generated(None)
        self._say("")

    @on(Input.Changed, "#new-passphrase")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value:  # not ``clear``
            self.post_message(self.Typed())
        if self._generated is not None and event.value != self._generated.passphrase:
            self._generated = None
            self._show_generated(None)
        if event.value:
            self._judge(event.value, decide=False)
        else:
            self._say("")

    @on(Input.Changed, "#repeat-passphrase")
    def _repeated(self, event: Input.Changed) -> None:
        event.stop()
        if event.value:
            self.post_message(self.Typed())

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input is self._new:
            self._repeat.focus()
        else:
            self.submit()

    @on(Button.Pressed, "#generate-passphrase")
    def generate(self, event: Button.Pressed | None = None) -> None:
        """Fill in a generated passphrase and show it once, to write down."""
        if event is not None:
            event.stop()
        from journal.strength import generate_passphrase

        generated = generate_passphrase()
        self._generated = generated
        self._new.value = generated.passphrase
        self._repeat.value = ""
        self._show_generated(generated)
        self._repeat.focus()

    def submit(self) -> None:
        """Check both inputs; post Chosen if they match and are strong enough."""
        value = self._new.value
        if not value:
            self._say("Choose a passphrase first, or generate one.")
            self._new.focus()
            return
        if self._repeat.value != value:
            self._say("The two passphrases don't match yet.")
            self._repeat.focus()
            return
        self._judge(value, decide=True)

    @work(
        thread=True, exclusive=True, group="strength", exit_on_error=False, description="strength"
    )
    def _judge(self, value: str, *, decide: bool) -> None:
        generated = self._generated
        if generated is not None and generated.passphrase == value:
            from journal.crypto import FLOOR

            verdict = generated.verdict(self.params or FLOOR)
        else:
            verdict = check(value, self.params)
        self.post_message(self.Judged(value, verdict, decide))

    @on(Judged)
    def _judged(self, event: Judged) -> None:
        event.stop()
        if event.passphrase != self._new.value:
            return  # typed on meanwhile
        if event.decide and event.verdict.acceptable:
            self.post_message(self.Chosen(event.passphrase))
            return
        self._say(describe(event.verdict))
        if event.decide:
            self._new.focus()

    def _show_generated(self, generated: Generated | None) -> None:
        shown = self.query_one("#generated", Static)
        if generated is None:
            shown.update("")
            shown.display = False
            return
        from journal.crypto import FLOOR

        shown.update(describe_generated(generated, generated.verdict(self.params or FLOOR)))
        shown.display = True

    def _say(self, message: str | Content) -> None:
        self.query_one("#strength", Static).update(message)
