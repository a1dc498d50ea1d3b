"""First run: what amends keeps private, a passphrase, then the recovery code once.

Imported before the first frame: no storage code here. Creating the vault
(measuring this machine for Argon2id, then writing the file) runs in a worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, LoadingIndicator, Static

from screens import styles
from screens.base import Amends, JournalScreen, Result, WorkFailed
from screens.confirm import ConfirmModal
from screens.text import sentence
from screens.widgets.new_passphrase import NewPassphrase

if TYPE_CHECKING:
    pass


def welcome(path: Path) -> str:
    return (
        "amends keeps what you write in one encrypted file on this computer:\n"
        f"{path}\n\n"
        "It never uses the network. Nothing leaves that file unless you export it. "
        "Your passphrase is the way in, and amends can't look it up for you: "
        "a few unrelated words you will remember work well."
    )


#: Said once, before he writes anything.
BEFORE_YOU_BEGIN = (
    "Before you begin: amends is not therapy or legal advice. What it asks may be hard to "
    "write; you can stop at any time, and Support (F2 while writing, u on the journal) lists "
    "people to talk to. Encryption protects the file, but in some places a device can be "
    "seized, or you can be made to give up a passphrase."
)


class Created(Result):
    def __init__(self, code: str | None) -> None:
        super().__init__()
        self.code = code


class FirstRunScreen(Amends, Screen[None]):
    CSS_PATH = styles.SCREENS

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path

    def compose(self) -> ComposeResult:
        with VerticalScroll(), Center(), Vertical(classes="box wide"):
            yield Static("Welcome to amends", classes="title")
            yield Static(welcome(self._path), markup=False, classes="lead")
            yield NewPassphrase()
            yield Button("Create my journal", id="create", variant="primary")
            yield Static(id="create-message", markup=False)
            yield LoadingIndicator(id="creating")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#creating").display = False
        self.query_one(NewPassphrase).focus_first()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.query_one(NewPassphrase).submit()

    def on_new_passphrase_chosen(self, event: NewPassphrase.Chosen) -> None:
        event.stop()
        self._busy(True, "Creating your encrypted journal… this takes a few seconds.")
        self._create(event.passphrase)

    @work(thread=True, exclusive=True, group="create", exit_on_error=False, description="create")
    def _create(self, passphrase: str) -> None:
        try:
            code = self.amends.session.create(passphrase)
        except Exception as error:
            self.post_message(WorkFailed(error))
            return
        self.post_message(Created(code))

    @on(Created)
    def _created(self, event: Created) -> None:
        if event.code is None:
            self.amends.journal_opened()
        else:
            self.app.switch_screen(RecoveryCodeScreen(event.code))

    @on(WorkFailed)
    def _failed(self, event: WorkFailed) -> None:
        self._busy(False, sentence(event.error.message))

    def _busy(self, busy: bool, message: str = "") -> None:
        self.query_one("#creating").display = busy
        self.query_one(NewPassphrase).disabled = busy
        self.query_one("#create", Button).disabled = busy
        self.query_one("#create-message", Static).update(message)


SKIP_WARNING = (
    "Without the recovery code, a forgotten passphrase means nobody can open this "
    "journal, you included. Continue without saving it?"
)


class RecoveryCodeScreen(JournalScreen[None]):
    """The recovery code, shown once. Saved, or skipped after a second question."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self._code = code

    def compose(self) -> ComposeResult:
        with VerticalScroll(), Center(), Vertical(classes="box wide"):
            yield Static("Your recovery code", classes="title")
            yield Static(
                "If you forget your passphrase, this code is the only other way in. "
                "It is shown this once. Write it on paper and keep it away from this computer.",
                markup=False,
            )
            yield Static(self._code, id="recovery-code", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("I have written it down", id="saved", variant="primary")
                yield Button("Continue without saving it", id="skip")
            # Said once, on the way into an empty journal (the first screen has no room).
            yield Static(BEFORE_YOU_BEGIN, markup=False, id="before-you-begin")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#saved", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "saved":
            self._done()
        else:
            modal = ConfirmModal(SKIP_WARNING, yes="Continue without it", key="c")
            self.app.push_screen(modal, self._skip_answered)

    def _skip_answered(self, skip: bool | None) -> None:
        if skip:
            self._done()

    def _done(self) -> None:
        self._code = ""
        self.amends.journal_opened()

    def forget(self) -> None:
        self._code = ""
