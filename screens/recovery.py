"""A forgotten passphrase: the recovery code opens the journal, then a new passphrase.

Leaving before the new passphrase is set locks the journal again.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, Input, LoadingIndicator, Static

from screens import keys, styles
from screens.base import Amends, Result, WorkFailed
from screens.text import sentence
from screens.widgets.fitted_footer import FittedFooter
from screens.widgets.new_passphrase import NewPassphrase


class CodeWorked(Result):
    pass


class PassphraseChanged(Result):
    pass


class RecoveryScreen(Amends, Screen[None]):
    CSS_PATH = styles.SCREENS
    BINDINGS = keys.CLOSE

    def compose(self) -> ComposeResult:
        with Center(), Vertical(classes="box"):
            yield Static("Open with your recovery code", classes="title")
            with ContentSwitcher(initial="code-step"):
                with Vertical(id="code-step"):
                    yield Static(
                        "Type the recovery code you were shown when you made this "
                        "journal. Dashes and spaces don't matter.",
                        markup=False,
                    )
                    with Horizontal(classes="row code-row"):
                        # Masked like a passphrase: it opens the journal just the same.
                        yield Input(password=True, placeholder="Recovery code", id="code")
                        yield Button("Show", id="reveal-code", compact=True)
                with Vertical(id="passphrase-step"):
                    yield Static(
                        "The code worked. Choose a new passphrase; "
                        "your recovery code keeps working.",
                        markup=False,
                    )
                    yield NewPassphrase()
            yield Static(id="recovery-message", markup=False)
            yield LoadingIndicator(id="recovering")
        yield FittedFooter(keys.CLOSE_FOOTER)

    def on_mount(self) -> None:
        self.query_one("#recovering").display = False
        self.query_one("#code", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "code" or not event.value.strip():
            return
        event.stop()
        self._busy(True, "Checking the code…")
        self._check_code(event.value)

    @work(thread=True, exclusive=True, group="recover", exit_on_error=False, description="code")
    def _check_code(self, code: str) -> None:
        try:
            self.amends.session.unlock_with_recovery(code)
        except Exception as error:
            self.post_message(WorkFailed(error))
            return
        self.post_message(CodeWorked())

    @on(Button.Pressed, "#reveal-code")
    def _reveal(self, event: Button.Pressed) -> None:
        """Show or hide what was typed, to check it against the written code."""
        event.stop()
        code = self.query_one("#code", Input)
        code.password = not code.password
        event.button.label = "Show" if code.password else "Hide"
        code.focus()

    @on(CodeWorked)
    def _opened(self) -> None:
        self._busy(False)
        self.query_one("#code", Input).value = ""
        self.query_one(ContentSwitcher).current = "passphrase-step"
        chooser = self.query_one(NewPassphrase)
        chooser.params = self.amends.session.vault.header.kdf  # priced at this vault's cost
        chooser.focus_first()

    def on_new_passphrase_chosen(self, event: NewPassphrase.Chosen) -> None:
        event.stop()
        passphrase = event.passphrase
        self.query_one(NewPassphrase).clear()
        self._busy(True, "Setting the new passphrase…")
        self._change(passphrase)

    @work(thread=True, exclusive=True, group="recover", exit_on_error=False, description="change")
    def _change(self, passphrase: str) -> None:
        try:
            self.amends.session.vault.change_passphrase(passphrase)
        except Exception as error:
            self.post_message(WorkFailed(error))
            return
        self.post_message(PassphraseChanged())

    @on(PassphraseChanged)
    def _changed(self) -> None:
        # Opened by its code, the vault keeps that code (a format-1 one is upgraded).
        self.app.notify("New passphrase set. Your recovery code still works.")
        self.amends.journal_opened()

    @on(WorkFailed)
    def _failed(self, event: WorkFailed) -> None:
        self._busy(False, sentence(event.error.message))
        if self.query_one(ContentSwitcher).current == "code-step":
            self.query_one("#code", Input).focus()
        else:
            self.query_one(NewPassphrase).focus_first()

    def _busy(self, busy: bool, message: str = "") -> None:
        self.query_one("#recovering").display = busy
        self.query_one(ContentSwitcher).disabled = busy
        self.query_one("#recovery-message", Static).update(message)

    def action_close(self) -> None:
        if self.amends.session.is_unlocked:
            self.amends.session.lock()
        self.dismiss()
