"""The locked journal: a passphrase, unlocked in a worker.

This module is imported before the first frame, so it imports no storage
code: the worker's call into the session imports the vault, if the app's
start-up worker has not already done so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, LoadingIndicator, Static

from journal.errors import WrongPassphrase
from screens import keys
from screens.base import Amends, Result, WorkFailed
from screens.typeahead import KeyHolder
from screens.widgets.fitted_footer import FittedFooter

if TYPE_CHECKING:
    from screens.home import Overview

WRONG = "That passphrase didn't open this journal. Try again."
#: The hint under the field (the box is 60 wide: one line each), until the header
#: says whether there is a recovery code.
HINT_UNKNOWN = "Forgot it? Ctrl+R uses a recovery code, if you made one."
HINT_CODE = "Forgot it? Ctrl+R opens it with your recovery code."
HINT_NO_CODE = "It has no recovery code: only its passphrase opens it."
NO_CODE = "This journal was made without a recovery code."


class RecoveryKnown(Result):
    """Whether the vault has a recovery code (its header says so before unlock)."""

    def __init__(self, has_code: bool) -> None:
        super().__init__()
        self.has_code = has_code


class Unlocked(Result):
    def __init__(self, overview: Overview) -> None:
        super().__init__()
        self.overview = overview


class UnlockScreen(KeyHolder, Amends, Screen[None]):
    BINDINGS = keys.UNLOCK

    def __init__(self, reason: str = "") -> None:
        super().__init__()
        self._reason = reason
        #: Whether the vault has a recovery code; None until its header is read.
        self._has_code: bool | None = None

    def compose(self) -> ComposeResult:
        # Centred by the screen's own alignment (unlock.tcss), not a Center around it:
        # each widget here is styled, laid out and painted twice before the field
        # takes keys (Textual repaints every newly sized widget after its first frame).
        with Vertical(id="unlock-box", classes="box"):
            yield Static("amends", classes="app-name", markup=False)
            yield Static("Your journal is locked.", classes="lead", markup=False)
            yield Input(password=True, placeholder="Passphrase", id="passphrase")
            yield Static(self._reason, id="unlock-message", markup=False)
            yield Static(HINT_UNKNOWN, id="recovery-hint", classes="hint", markup=False)
        yield FittedFooter(keys.UNLOCK_FOOTER)

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()
        # After the first frame, like the app's own opening of the vault (app._prepare).
        self.call_after_refresh(self._read_recovery)

    @work(thread=True, exclusive=True, group="recovery-hint", exit_on_error=False,
          description="recovery hint")  # fmt: skip
    def _read_recovery(self) -> None:
        """Worker: whether there is a recovery code (opening the file if not yet open)."""
        try:
            has_code = self.amends.session.has_recovery_code()
        except Exception:  # the app's start-up says why the vault can't be opened
            return
        self.post_message(RecoveryKnown(has_code))

    @on(RecoveryKnown)
    def _recovery_known(self, event: RecoveryKnown) -> None:
        self._has_code = event.has_code
        hint = HINT_CODE if event.has_code else HINT_NO_CODE
        self.query_one("#recovery-hint", Static).update(hint)

    def holds_keys(self) -> bool:
        # Until the field has focus (as the app starts, after a failed try) and while
        # unlocking (the field is disabled): keys typed then wait for it, or the journal.
        return self.focused is None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        passphrase = event.value
        if not passphrase:
            return
        event.input.value = ""
        self._busy(True)
        self._unlock(passphrase)

    @work(thread=True, exclusive=True, group="unlock", exit_on_error=False, description="unlock")
    def _unlock(self, passphrase: str) -> None:
        # The home screen's first read happens here too: one worker, not two.
        from screens.home import read_overview

        session = self.amends.session
        try:
            session.unlock(passphrase)
            overview = read_overview(session.vault, with_tags=False)
        except Exception as error:
            self.post_message(WorkFailed(error))
            return
        self.post_message(Unlocked(overview))

    @on(Unlocked)
    def _unlocked(self, event: Unlocked) -> None:
        self.amends.journal_opened(event.overview)

    @on(WorkFailed)
    def _failed(self, event: WorkFailed) -> None:
        self.amends.key_gate.drop_held()  # typed for the journal, not for the field
        self._busy(False)
        error = event.error
        self._say(WRONG if isinstance(error, WrongPassphrase) else error.message)

    def _busy(self, busy: bool) -> None:
        field = self.query_one("#passphrase", Input)
        field.disabled = busy
        # Mounted only while unlocking: one widget fewer to style before the first frame.
        if busy:
            self.query_one("#unlock-box").mount(LoadingIndicator(), after="#unlock-message")
        else:
            self.query(LoadingIndicator).remove()
        self._say("Unlocking…" if busy else "")
        if not busy:
            field.focus()

    def reset(self, reason: str = "") -> None:
        """Shown again after a lock (the app's first screen stays under the journal)."""
        self.query_one("#passphrase", Input).value = ""
        self._busy(False)
        self._say(reason)
        self._read_recovery()  # Settings may have made a code since

    def _say(self, message: str) -> None:
        self.query_one("#unlock-message", Static).update(message)

    async def action_submit(self) -> None:
        await self.query_one("#passphrase", Input).action_submit()

    def action_recover(self) -> None:
        from screens.recovery import RecoveryScreen

        if self._has_code is False:  # not a screen asking for a code that can't work
            self._say(NO_CODE)
            return

        self.app.push_screen(RecoveryScreen())
