"""Settings: auto-lock, theme, passphrase, backup, recovery code.

Auto-lock minutes and the theme name go to the small settings file (no
journal text). Changing the passphrase, backing up and making a new recovery
code are vault operations and run in workers.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Input, Select, Static

from journal.errors import AmendsError
from screens import keys
from screens.base import JournalScreen
from screens.config import valid_minutes
from screens.confirm import ConfirmModal
from screens.text import sentence
from screens.widgets.new_passphrase import NewPassphrase

NEW_CODE_QUESTION = (
    "Make a new recovery code? The old one stops working, and the new one is shown once."
)


class SettingsScreen(JournalScreen[None]):
    BINDINGS = keys.SETTINGS

    def compose(self) -> ComposeResult:
        minutes = self.amends.idle_lock_seconds / 60
        with VerticalScroll(id="settings"):
            yield Static("Settings", classes="title")
            yield Static("Lock after this many minutes without a key press", classes="label")
            yield Input(f"{minutes:g}", type="number", id="auto-lock")
            yield Static("Theme", classes="label")
            themes = sorted(self.app.available_themes)
            yield Select(
                ((name, name) for name in themes),
                value=self.app.theme,
                allow_blank=False,
                id="theme",
            )
            yield Static("Change the passphrase", classes="label")
            yield NewPassphrase()
            yield Button("Change passphrase", id="change-passphrase")
            yield Static(
                "Back up: an encrypted copy of the whole journal, opened with the same passphrase.",
                classes="label",
            )
            with Horizontal(classes="row"):
                yield Input(placeholder="A new file, e.g. ~/amends-backup.db", id="backup-path")
                yield Button("Back up", id="backup")
            yield Static("Recovery code", classes="label")
            yield Button("Make a new recovery code", id="new-code")
            yield Static(id="recovery-code", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#recovery-code").display = False
        self.query_one("#auto-lock", Input).focus()

    # Auto-lock and theme ------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "auto-lock":
            return
        event.stop()
        try:
            minutes = valid_minutes(float(event.value))
        except ValueError:
            return
        if minutes is not None:
            self.amends.set_auto_lock_minutes(minutes)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "backup-path":
            event.stop()
            self._backup()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str) and event.value != self.app.theme:
            self.app.theme = event.value

    # Vault operations ---------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "change-passphrase":
            self.query_one(NewPassphrase).submit()
        elif event.button.id == "backup":
            self._backup()
        elif event.button.id == "new-code":
            self.app.push_screen(
                ConfirmModal(NEW_CODE_QUESTION, yes="Make a new code"), self._new_code
            )

    def on_new_passphrase_chosen(self, event: NewPassphrase.Chosen) -> None:
        event.stop()
        passphrase, vault = event.passphrase, self.vault
        self.query_one(NewPassphrase).clear()
        self._say("Changing the passphrase…")
        progress = self._reencrypting
        self.run_thread(
            lambda: vault.change_passphrase(passphrase, progress=progress),
            self._passphrase_changed,
            self._failed,
        )

    def _reencrypting(self, done: int, total: int) -> None:
        """Every record is sealed again under a fresh key: say so once (from the worker)."""
        if done == 0 and total:
            self.app.call_from_thread(self._say, f"Re-encrypting {total:,} records…")

    def _passphrase_changed(self, code: str | None) -> None:
        if code is None:
            self._say("Passphrase changed. Your recovery code still works.")
            return
        # A code made by an older amends cannot be kept through the new key: a new one.
        self._say("Passphrase changed. Your old recovery code no longer works: see below.")
        self._show_code(code)

    def _backup(self) -> None:
        raw = self.query_one("#backup-path", Input).value.strip()
        if not raw:
            self._say("Type where the backup should go: a new file.")
            return
        dest, vault = Path(raw).expanduser(), self.vault
        self._say("Backing up…")
        self.run_thread(
            lambda: vault.backup(dest),
            lambda _: self._say(f"Backed up to {dest}. It opens with the same passphrase."),
            self._failed,
        )

    def _new_code(self, yes: bool | None) -> None:
        if not yes:
            return
        vault, progress = self.vault, self._reencrypting
        self.run_thread(
            lambda: vault.new_recovery_code(progress=progress), self._show_code, self._failed
        )

    def _show_code(self, code: str) -> None:
        shown = self.query_one("#recovery-code", Static)
        shown.update(f"{code}\nWrite it down now: it isn't shown again.")
        shown.display = True
        shown.scroll_visible(animate=False)

    def _failed(self, error: AmendsError) -> None:
        self.app.notify(sentence(error.message), severity="error", markup=False)

    def _say(self, message: str) -> None:
        self.app.notify(message, markup=False)

    def action_back(self) -> None:
        self.dismiss()

    def forget(self) -> None:
        self.query_one("#recovery-code", Static).update("")
