"""First run: what amends keeps private, a passphrase, then the recovery code once.

Imported before the first frame: no storage code here. Creating the vault
(measuring this machine for Argon2id, then writing the file) runs in a worker.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, LoadingIndicator, Static

from journal.errors import AmendsError
from screens import keys, styles
from screens.base import Amends, JournalScreen, Result, WorkFailed
from screens.confirm import ConfirmModal
from screens.text import sentence
from screens.widgets.fitted_footer import FittedFooter
from screens.widgets.new_passphrase import NewPassphrase
from screens.widgets.page import Page

if TYPE_CHECKING:
    from journal.vault import Vault


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
    BINDINGS = keys.FIRST_RUN

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path

    def compose(self) -> ComposeResult:
        with Page(), Center(), Vertical(classes="box wide"):
            yield Static("Welcome to amends", classes="title")
            yield Static(welcome(self._path), markup=False, classes="lead")
            yield NewPassphrase()
            yield Button("Create my journal", id="create", variant="primary")
            yield Static(id="create-message", markup=False)
            yield LoadingIndicator(id="creating")
        yield FittedFooter(keys.UNLOCK_FOOTER)

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
            if code is not None:  # until he confirms it: told after a lock if he never does
                mark_recovery_code(self.amends.session.vault, unconfirmed=True)
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
        self.query_one(Page).say(self.query_one("#create-message", Static), message)


SKIP_WARNING = (
    "Without the recovery code, a forgotten passphrase means nobody can open this "
    "journal, you included. Continue without saving it?"
)
CONFIRM_PROMPT = "Once it is written down, type its last four characters here to go on."
#: Said when Enter is pressed in the box with nothing, or the wrong characters, in it.
NOT_YET = "Type the last four characters of the code (after the last dash) to go on."
LOOK_ALIKES = str.maketrans("ILO", "110")
WRONG_GROUP = "Those are not the code's last four characters. Check what you wrote down."


def mark_recovery_code(vault: Vault, *, unconfirmed: bool) -> None:
    """Worker: note in the vault's sealed preferences whether the new journal's recovery
    code is still unconfirmed (a flag; the code itself is never stored)."""
    preferences = vault.preferences()
    if preferences.recovery_code_unconfirmed != unconfirmed:
        preferences.recovery_code_unconfirmed = unconfirmed
        vault.save_preferences(preferences)


class CodeConfirmed(Result):
    pass


class RecoveryCodeScreen(JournalScreen[None]):
    """The recovery code, shown once. Going on is deliberate: he types the code's last
    group (focus starts in that box, so a stray Enter only says what to do), or skips it
    after a second question. Locked here, the code is dropped and the vault remembers
    (a flag) that it was never confirmed: the next unlock says so."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self._code = code

    def compose(self) -> ComposeResult:
        with Page(), Center(), Vertical(classes="box wide"):
            yield Static("Your recovery code", classes="title")
            yield Static(
                "If you forget your passphrase, this code is the only other way in. "
                "It is shown this once. Write it on paper and keep it away from this computer.",
                markup=False,
            )
            yield Static(self._code, id="recovery-code", markup=False)
            yield Static(CONFIRM_PROMPT, markup=False)
            with Horizontal(classes="row"):
                last_group = Input(placeholder="Last four", max_length=4, id="last-group")
                last_group.styles.width = 16  # four characters: the button fits beside it
                yield last_group
                yield Button("Continue without saving it", id="skip")
            yield Static(id="confirm-message", markup=False)
            # Said once, on the way into an empty journal (the first screen has no room).
            yield Static(BEFORE_YOU_BEGIN, markup=False, id="before-you-begin")
        yield FittedFooter(keys.UNLOCK_FOOTER)

    def on_mount(self) -> None:
        self.query_one("#last-group", Input).focus()

    @on(Input.Submitted, "#last-group")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        # Forgiving case and the I/L/O look-alikes, as the recovery screen is.
        typed = event.value.strip().upper().translate(LOOK_ALIKES)
        last = self._code.rsplit("-", 1)[-1].upper()
        if not typed:
            self._say(NOT_YET)
        elif typed != last:
            self._say(WRONG_GROUP)
        else:
            self._done()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        modal = ConfirmModal(SKIP_WARNING, yes="Continue without it", key="c")
        self.app.push_screen(modal, self._skip_answered)

    def _skip_answered(self, skip: bool | None) -> None:
        if skip:
            self._done()

    def _say(self, message: str) -> None:
        self.query_one(Page).say(self.query_one("#confirm-message", Static), message)

    def _done(self) -> None:
        self._code = ""
        self.query_one("#recovery-code", Static).update("")
        self._confirm(self.vault)

    @work(thread=True, exclusive=True, group="confirm", exit_on_error=False, description="code")
    def _confirm(self, vault: Vault) -> None:
        # If it fails the flag stays: the next unlock says the code may be lost, no worse.
        with contextlib.suppress(AmendsError):
            mark_recovery_code(vault, unconfirmed=False)
        self.post_message(CodeConfirmed())

    @on(CodeConfirmed)
    def _confirmed(self) -> None:
        self.amends.journal_opened()

    def forget(self) -> None:
        self._code = ""
