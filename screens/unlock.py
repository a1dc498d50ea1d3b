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


class Unlocked(Result):
    def __init__(self, overview: Overview) -> None:
        super().__init__()
        self.overview = overview


class UnlockScreen(KeyHolder, Amends, Screen[None]):
    BINDINGS = keys.UNLOCK

    def __init__(self, reason: str = "") -> None:
        super().__init__()
        self._reason = reason

    def compose(self) -> ComposeResult:
        # Centred by the screen's own alignment (unlock.tcss), not a Center around it:
        # each widget here is styled, laid out and painted twice before the field
        # takes keys (Textual repaints every newly sized widget after its first frame).
        with Vertical(id="unlock-box", classes="box"):
            yield Static("amends", classes="app-name", markup=False)
            yield Static("Your journal is locked.", classes="lead", markup=False)
            yield Input(password=True, placeholder="Passphrase", id="passphrase")
            yield Static(self._reason, id="unlock-message", markup=False)
            yield Static(
                "Forgot it? Ctrl+R opens it with your recovery code.",
                classes="hint",
                markup=False,
            )
        yield FittedFooter(keys.UNLOCK_FOOTER)

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

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

    def _say(self, message: str) -> None:
        self.query_one("#unlock-message", Static).update(message)

    async def action_submit(self) -> None:
        await self.query_one("#passphrase", Input).action_submit()

    def action_recover(self) -> None:
        from screens.recovery import RecoveryScreen

        self.app.push_screen(RecoveryScreen())
