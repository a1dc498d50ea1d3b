"""Settings: auto-lock, theme, passphrase, backup, recovery code, post wait, region.

Auto-lock minutes and the theme name go to the small settings file (no
journal text); each change is confirmed beside it. The post wait and the
Support region say something about him: they are sealed in the vault's
preferences record (saved by the app, in a worker). Changing the passphrase
asks for the current one first (checked in a worker: a key derivation), then
re-encrypts in a worker that reports progress. Backing up and making a new
recovery code are vault operations and run in workers too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, ProgressBar, Select, Static

from journal.models import Preferences
from journal.post_checklist import DEFAULT_WAIT, valid_wait_hours
from journal.resources import load_resources
from screens import keys
from screens.base import JournalScreen, Result, WorkFailed, as_amends_error, fresh
from screens.config import valid_minutes
from screens.confirm import ConfirmModal
from screens.first_run import mark_recovery_code
from screens.text import sentence
from screens.widgets.dropdown import Dropdown
from screens.widgets.fitted_footer import FittedFooter
from screens.widgets.new_passphrase import NewPassphrase

if TYPE_CHECKING:
    from journal.vault import Vault

NEW_CODE_QUESTION = (
    "Make a new recovery code? The old one stops working, and the new one is shown once."
)
CHANGING = "Changing the passphrase…"
CHANGED = "Passphrase changed. Your recovery code still works."
#: The vault was made without a recovery code (and none was made since).
CHANGED_NO_CODE = "Passphrase changed."
#: A code made by an older amends cannot be kept through the new key: a new one is shown.
CHANGED_NEW_CODE = "Passphrase changed. Your old recovery code no longer works: see below."
NOT_CURRENT = "That is not the current passphrase; nothing was changed."
#: What auto-lock takes (config.valid_minutes): more than 0 minutes, at most a day.
MINUTES_ALLOWED = "Type a number of minutes above 0, up to 1440 (a day)."
REGION_LABEL = "Where you live: Support shows that region's services first"
ELSEWHERE = "elsewhere"


class PreferencesLoaded(Result):
    def __init__(self, preferences: Preferences) -> None:
        super().__init__()
        self.preferences = preferences


class BackedUp(Result):
    def __init__(self, dest: Path) -> None:
        super().__init__()
        self.dest = dest


class CodeMade(Result):
    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code


class SettingsScreen(JournalScreen[None]):
    BINDINGS = keys.SETTINGS

    class Changed(Message):
        """How the passphrase change ended (``error``: it did not happen)."""

        def __init__(self, text: str, *, error: bool = False, code: str | None = None) -> None:
            super().__init__()
            self.text = text
            self.code = code
            self.error = error

    class Rotating(Message):
        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    def __init__(self) -> None:
        super().__init__()
        self._minutes_typed = False

    def compose(self) -> ComposeResult:
        minutes = self.amends.idle_lock_seconds / 60
        with VerticalScroll(id="settings"):
            yield Static("Settings", classes="title")
            yield Static("Lock after this many minutes without a key press", classes="label")
            with Horizontal(classes="row setting"):
                yield Input(f"{minutes:g}", type="number", id="auto-lock")
                yield Static(id="auto-lock-saved", classes="saved", markup=False)
            yield Static("Theme", classes="label")
            themes = sorted(self.app.available_themes)
            with Horizontal(classes="row setting"):
                yield Dropdown(
                    ((name, name) for name in themes),
                    value=self.app.theme,
                    allow_blank=False,
                    id="theme",
                )
                yield Static(id="theme-saved", classes="saved", markup=False)
            yield Static("Change the passphrase", classes="label")
            yield Input(password=True, placeholder="Current passphrase", id="current-passphrase")
            yield NewPassphrase(self.vault.header.kdf)
            yield Button("Change passphrase", id="change-passphrase")
            yield ProgressBar(id="rotation", show_eta=False)
            yield Static(id="passphrase-status", markup=False)
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
            # Last, so it moves nothing the other settings' messages rely on.
            yield Static(
                "Before posting, suggest waiting this many hours after an entry's last edit",
                classes="label",
            )
            known = self.amends.preferences
            preferences = known or Preferences()
            # Not yet read from the vault: both wait (disabled) until the worker has it.
            yield Input(
                f"{_hours(preferences):g}", type="number", id="wait-hours", disabled=known is None
            )
            yield Static(REGION_LABEL, classes="label")
            yield Dropdown(
                self._region_options(),
                value=preferences.region or Select.NULL,
                prompt="Not chosen yet",
                id="region",
                disabled=known is None,
            )
            yield Static(id="region-saved", classes="saved", markup=False)
        yield FittedFooter(keys.SETTINGS_FOOTER)

    def on_mount(self) -> None:
        self.query_one("#recovery-code").display = False
        self.query_one("#rotation").display = False
        self.query_one("#auto-lock", Input).focus()
        if self.amends.preferences is None:
            self._read_preferences()
        # A theme chosen elsewhere (Theme, in the palette, over this screen) is the one
        # the dropdown shows, and the option its list opens on.
        self.watch(self.app, "theme", self._theme_elsewhere, init=False)

    @work(thread=True, exclusive=True, group="preferences", exit_on_error=False,
          description="read preferences")  # fmt: skip
    def _read_preferences(self) -> None:
        self.post_message(PreferencesLoaded(self.vault.preferences()))

    @on(PreferencesLoaded)
    def _preferences_loaded(self, message: PreferencesLoaded) -> None:
        if not fresh(message):
            return
        if self.amends.preferences is None:
            self.amends.preferences = message.preferences
        preferences = self.amends.preferences
        wait, region = self.query_one("#wait-hours", Input), self.query_one("#region", Select)
        wait.value = f"{_hours(preferences):g}"
        region.value = preferences.region or Select.NULL
        wait.disabled = region.disabled = False

    def _preferences(self) -> Preferences:
        return self.amends.preferences or Preferences()

    @on(Select.Changed, "#region")
    def _region_changed(self, event: Select.Changed) -> None:
        event.stop()
        preferences = self._preferences()
        if not isinstance(event.value, str) or event.value == preferences.region:
            return
        self.amends.save_preferences(preferences.model_copy(update={"region": event.value}))
        name = dict((code, name) for name, code in self._region_options()).get(event.value)
        self.query_one("#region-saved", Static).update(f"✓ Saved: {name or event.value}.")

    @staticmethod
    def _region_options() -> list[tuple[str, str]]:
        return [(r.name, r.code) for r in load_resources().regions] + [
            ("Somewhere else", ELSEWHERE)
        ]

    # Auto-lock and theme ------------------------------------------------------------
    @on(Input.Changed, "#wait-hours")
    def _wait_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._set_wait(event.value)

    @on(Input.Changed, "#auto-lock")
    def _minutes_changed(self, event: Input.Changed) -> None:
        event.stop()
        saved = self.query_one("#auto-lock-saved", Static)
        if not self._minutes_typed:  # the field's first value: nothing changed yet
            self._minutes_typed = True
            return
        try:
            minutes = valid_minutes(float(event.value))
        except ValueError:
            minutes = None
        if minutes is None:
            saved.update(MINUTES_ALLOWED)
            return
        self.amends.set_auto_lock_minutes(minutes)
        saved.update(f"✓ Saved: locks after {minutes:g} minute{'' if minutes == 1 else 's'}.")

    @on(Input.Submitted, "#backup-path")
    def _backup_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._backup()

    def _set_wait(self, value: str) -> None:
        try:
            hours = valid_wait_hours(float(value))
        except ValueError:
            return
        preferences = self._preferences()
        if hours is not None and hours != _hours(preferences):
            self.amends.save_preferences(preferences.model_copy(update={"wait_hours": hours}))

    @on(Input.Submitted, "#current-passphrase")
    def _current_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(NewPassphrase).focus_first()

    @on(Select.Changed, "#theme")
    def _theme_changed(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str) and event.value != self.app.theme:
            self.app.theme = event.value
            self.query_one("#theme-saved", Static).update(f"✓ Saved: {event.value}.")

    def _theme_elsewhere(self, theme: str) -> None:
        dropdown = self.query_one("#theme", Select)
        if dropdown.value != theme:
            dropdown.value = theme

    # The passphrase -----------------------------------------------------------------
    @on(Button.Pressed, "#change-passphrase")
    def _change_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.query_one(NewPassphrase).submit()

    @on(Input.Changed, "#current-passphrase")
    @on(NewPassphrase.Typed)
    def _typing_again(self, event: Input.Changed | NewPassphrase.Typed) -> None:
        """He types a passphrase again: how the last change went is old news. Fields
        emptied after a change (``_changed``) say nothing new, so are no typing."""
        event.stop()
        if isinstance(event, NewPassphrase.Typed) or event.value:
            self._status("")

    @on(NewPassphrase.Chosen)
    def _chosen(self, event: NewPassphrase.Chosen) -> None:
        event.stop()
        current = self.query_one("#current-passphrase", Input)
        if not current.value:
            self._status("Type the current passphrase first.")
            current.focus()
            return
        self._busy(True)
        self._status("Checking the current passphrase…")
        self._change(current.value, event.passphrase)

    @work(
        thread=True,
        exclusive=True,
        group="passphrase",
        exit_on_error=False,
        description="passphrase",
    )
    def _change(self, current: str, new: str) -> None:
        vault = self.vault
        try:
            if not vault.passphrase_opens(current):
                self.post_message(self.Changed(NOT_CURRENT, error=True))
                return
            self.post_message(self.Rotating(0, 0))
            last = -1

            def progress(done: int, total: int) -> None:
                nonlocal last
                percent = 100 * done // max(total, 1)
                if percent != last:  # a message per percent, not per record
                    last = percent
                    self.post_message(self.Rotating(done, total))

            code = vault.change_passphrase(new, progress=progress)
        except Exception as error:  # one line for the person; never the passphrase
            text = sentence(as_amends_error(error).message)
            self.post_message(self.Changed(text, error=True))
            return
        if code is not None:
            text = CHANGED_NEW_CODE
        else:
            text = CHANGED if vault.header.recovery is not None else CHANGED_NO_CODE
        self.post_message(self.Changed(text, code=code))

    @on(Rotating)
    def _rotating(self, event: Rotating) -> None:
        bar = self.query_one("#rotation", ProgressBar)
        bar.display = bool(event.total)  # no bar (it read "--%") until there is a count
        if event.total:
            bar.update(total=event.total, progress=event.done)
            self._status(f"{CHANGING} {event.done:,} of {event.total:,} records re-encrypted.")
        else:
            self._status(CHANGING)

    @on(Changed)
    def _changed(self, event: Changed) -> None:
        self._busy(False)
        self.query_one("#rotation").display = False
        self._status(event.text)  # replaces "Changing the passphrase…"
        current = self.query_one("#current-passphrase", Input)
        current.value = ""
        if event.error:
            current.focus(scroll_visible=False)  # the view is moved below, once
        else:
            self.query_one(NewPassphrase).clear()
        if event.code is not None:
            self._show_code(event.code)
        else:
            self.call_after_refresh(self._show_outcome, current)

    def _show_outcome(self, current: Input) -> None:
        """The view from the current passphrase down to the line saying how it went: at
        80x24 the line was below the fold, and he saw only the field clear."""
        settings = self.query_one("#settings", VerticalScroll)
        # The field at the top: the new-passphrase fields, the button and the line fit
        # below it at 80x24. (A region from the field to the line, computed before the
        # layout had settled, was seen leaving the field above the view.)
        settings.scroll_to_widget(current, top=True, animate=False, immediate=True)

    def _busy(self, busy: bool) -> None:
        if busy:  # else Textual moves focus off the disabled button, scrolling down to it
            self.query_one("#settings", VerticalScroll).focus(scroll_visible=False)
        for selector in ("#current-passphrase", "NewPassphrase", "#change-passphrase"):
            self.query_one(selector).disabled = busy

    def _status(self, text: str) -> None:
        self.query_one("#passphrase-status", Static).update(text)

    # Backup and recovery code -------------------------------------------------------
    @on(Button.Pressed, "#backup")
    def _backup_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._backup()

    @on(Button.Pressed, "#new-code")
    def _new_code_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        modal = ConfirmModal(NEW_CODE_QUESTION, yes="Make a new code", key="m")
        self.app.push_screen(modal, self._new_code)

    def _backup(self) -> None:
        raw = self.query_one("#backup-path", Input).value.strip()
        if not raw:
            self._say("Type where the backup should go: a new file.")
            return
        self._say("Backing up…")
        self._write_backup(self.vault, Path(raw).expanduser())

    @work(thread=True, exclusive=True, group="backup", exit_on_error=False, description="backup")
    def _write_backup(self, vault: Vault, dest: Path) -> None:
        try:
            vault.backup(dest)
        except Exception as error:
            self.post_message(WorkFailed(error))
            return
        self.post_message(BackedUp(dest))

    @on(BackedUp)
    def _backed_up(self, event: BackedUp) -> None:
        self._say(f"Backed up to {event.dest}. It opens with the same passphrase.", done=True)

    def _reencrypting(self, done: int, total: int) -> None:
        """A new recovery code seals every record again: say so once (from the worker)."""
        if done == 0 and total:
            self.app.call_from_thread(self._say, f"Re-encrypting {total:,} records…")

    def _new_code(self, yes: bool | None) -> None:
        if not yes:
            return
        self._make_code(self.vault)

    @work(thread=True, exclusive=True, group="code", exit_on_error=False, description="new code")
    def _make_code(self, vault: Vault) -> None:
        try:
            code = vault.new_recovery_code(progress=self._reencrypting)
            mark_recovery_code(vault, unconfirmed=False)  # a first-run code lost is replaced
        except Exception as error:
            self.post_message(WorkFailed(error))
            return
        self.post_message(CodeMade(code))

    @on(CodeMade)
    def _code_made(self, event: CodeMade) -> None:
        self._show_code(event.code)

    def _show_code(self, code: str) -> None:
        shown = self.query_one("#recovery-code", Static)
        shown.update(f"{code}\nWrite it down now: it isn't shown again.")
        shown.display = True
        shown.scroll_visible(animate=False)

    @on(WorkFailed)
    def _failed(self, event: WorkFailed) -> None:
        self.app.clear_notifications()  # "Backing up…" or "Re-encrypting…" is over
        self.app.notify(sentence(event.error.message), severity="error", markup=False)

    def _say(self, message: str, *, done: bool = False) -> None:
        """A toast; ``done``: the work it follows is over, so its "…ing" toast goes."""
        if done:
            self.app.clear_notifications()
        self.app.notify(message, markup=False)

    def action_back(self) -> None:
        self.dismiss()

    def forget(self) -> None:
        self.query_one("#recovery-code", Static).update("")
        self.query_one("#current-passphrase", Input).value = ""
        self.query_one(NewPassphrase).clear()


def _hours(preferences: Preferences) -> float:
    """The post wait in hours: his choice, or the default."""
    return preferences.wait_hours or DEFAULT_WAIT.total_seconds() / 3600
