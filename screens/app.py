"""The amends app: the factory, the screen stack, locking, and ``run``.

The first frame (unlock or first run) needs Textual only. The storage stack
(``journal.vault``, SQLAlchemy, SQLModel, pydantic) and the journal screens
are imported by a worker started on mount, while the passphrase is typed;
``python -X importtime -c "import screens.app"`` shows none of them.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.screen import Screen
from textual.theme import ThemeProvider

from journal.errors import AmendsError
from journal.hardening import no_core_dumps
from screens import keys, styles
from screens.base import Amends, JournalScreen, Result, WorkFailed, as_amends_error, fresh
from screens.config import default_config_dir, legacy_preferences, load_settings, save_settings
from screens.focus import show_focus_on_top
from screens.session import Session
from screens.themes import DEFAULT_THEME, THEMES
from screens.typeahead import KeyGate, KeyHolder
from screens.unlock import UnlockScreen

if TYPE_CHECKING:
    from journal.models import Draft, PostDraft, Preferences
    from screens.home import Overview

#: Imported in the start-up worker, so that unlocking shows the journal at once.
WARM_MODULES = (
    "journal.vault",
    "journal.flows",
    "journal.strength",
    "screens.home",
    "screens.flow",
    "screens.entry_view",
    "screens.commitments",
    "screens.post_draft",
)


class PreferencesRead(Result):
    """The vault's preferences record, read (and migrated from settings.json) after unlock."""

    def __init__(self, preferences: Preferences) -> None:
        super().__init__()
        self.preferences = preferences


class PreferencesNotSaved(WorkFailed):
    """Saving the preferences record failed."""


class VaultUnavailable(Result):
    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = as_amends_error(error)


class LockedAfterSaving(Result):
    pass


class DraftsNotSaved(Result):
    """Locking or quitting could not save the open drafts (the journal is locked)."""

    def __init__(self, error: BaseException, *, quitting: bool) -> None:
        super().__init__()
        self.error = as_amends_error(error)
        self.quitting = quitting


RECOVERY_CODE_UNCONFIRMED = (
    "Your recovery code was not confirmed as written down before the journal locked, "
    "and it can't be shown again. Settings (s) → “Make a new recovery code” makes a new one."
)
HOW_TO_QUIT = "To quit, press Ctrl+Q. Your unfinished writing is saved first."


class AmendsApp(Amends, App[int]):
    """The journal app on the vault at ``vault_path``.

    ``idle_lock_seconds`` is the auto-lock time unless the settings file sets one;
    ``clock`` (monotonic seconds) and ``config_dir`` are there for tests.
    ``checkin`` opens the check-in flow for that commitment after unlocking.
    """

    CSS_PATH: ClassVar[list[str | PurePath]] = styles.UNLOCK
    TITLE = "amends"
    BINDINGS = keys.APP

    def __init__(
        self,
        vault_path: Path,
        *,
        insecure_kdf_for_tests: bool = False,
        idle_lock_seconds: float = 300,
        clock: Callable[[], float] = time.monotonic,
        config_dir: Path | None = None,
        checkin: str | None = None,
        harden: bool = False,
    ) -> None:
        super().__init__()
        self._harden = harden  # the entry point's choice: no core dumps (``run`` sets it)
        self.session = Session(vault_path, insecure_kdf_for_tests=insecure_kdf_for_tests)
        self.config_dir = config_dir if config_dir is not None else default_config_dir()
        self.settings = load_settings(self.config_dir)
        #: The vault's sealed preferences (region, wait); None while locked or not yet read.
        self.preferences: Preferences | None = None
        minutes = self.settings.auto_lock_minutes
        self.idle_lock_seconds = minutes * 60 if minutes else idle_lock_seconds
        self.checkin = checkin
        #: Set when the vault can't be opened at all (busy, damaged): ``run`` reports it.
        self.failure: AmendsError | None = None
        self._clock = clock
        self._last_input = clock()
        self._quit_anyway = False
        #: Ctrl+Q is saving the drafts; the app ends when they are saved.
        self._quitting = False
        self._theme_chosen = False
        #: Set when an unexpected exception ended the app: ``run`` reports it in one line.
        self.crash: BaseException | None = None
        self._on_system_clipboard = False
        self.key_gate = KeyGate(
            self, self._send_key, at_once=keys.AT_ONCE, holding=self._screen_holds_keys
        )
        self._clipboard_warned = False
        for theme in THEMES:
            self.register_theme(theme)
        # Chosen before the first screen is styled: set in on_mount, it restyled every
        # widget once more before the first frame.
        wanted = self.settings.theme
        self.theme = wanted if wanted in self.available_themes else DEFAULT_THEME
        self._theme_chosen = True

    # Start-up ------------------------------------------------------------------------
    def get_default_screen(self) -> Screen[Any]:
        """With a vault, the first screen is the unlock screen itself, not a blank one
        with it pushed on top: one screen composed and painted before the passphrase
        field takes keys, not two (measured in a pseudo-terminal: benchmarks/pty_startup.py).
        It stays at the bottom of the stack; the journal's screens go above it."""
        if self.session.exists:
            return UnlockScreen()
        return super().get_default_screen()

    def on_mount(self) -> None:
        # Focus shows on the top screen only: never through a dialog.
        self.screen_change_signal.subscribe(self, partial(show_focus_on_top, self), immediate=True)
        self.set_interval(max(0.05, min(1.0, self.idle_lock_seconds / 5)), self.lock_if_idle)
        # The storage stack loads in a worker, started only once the first frame is
        # painted: a thread importing beside the first paint slows it (the GIL).
        if self.session.exists:
            self.call_after_refresh(self._prepare)
        else:
            from screens.first_run import FirstRunScreen

            self.push_screen(FirstRunScreen(self.session.path))
            self.call_after_refresh(self._warm_up)

    @work(thread=True, exclusive=True, group="start", exit_on_error=False, description="start")
    def _prepare(self) -> None:
        """Open the vault file (its lock, its header) and load the rest of the app."""
        try:
            if self._harden:  # before any passphrase is typed or record decrypted
                no_core_dumps()
            self.session.open()
            _warm_imports()
        except Exception as error:
            self.post_message(VaultUnavailable(error))

    @work(thread=True, exclusive=True, group="start", exit_on_error=False, description="start")
    def _warm_up(self) -> None:
        """First run: load the rest of the app while the passphrase is chosen (a failure
        here only means a slower first screen)."""
        try:
            if self._harden:
                no_core_dumps()
            _warm_imports()
        except Exception:
            return

    @on(VaultUnavailable)
    def _cannot_open(self, event: VaultUnavailable) -> None:
        self.failure = event.error
        self.exit(return_code=event.error.status)

    # The journal opened or locked ----------------------------------------------------
    def journal_opened(self, overview: Overview | None = None) -> None:
        """The vault is unlocked: show the journal (``overview``: its first read, if done)."""
        from screens.home import HomeScreen

        self._last_input = self._clock()
        checkin, self.checkin = self.checkin, None
        self._replace_stack(HomeScreen(checkin=checkin, overview=overview))
        self._read_preferences()

    def lock_journal(self, reason: str = "") -> None:
        """Drop every journal screen and the key; save an open draft first."""
        if not self.session.is_unlocked:
            return
        drafts = self._unsaved_drafts()
        self.preferences = None
        for screen in self.screen_stack:
            if isinstance(screen, JournalScreen):
                screen.forget()
        self._clipboard = ""  # what editors copied, kept in the app for pasting
        self._clear_system_clipboard()
        base = self.screen_stack[0]
        if isinstance(base, UnlockScreen):  # it was the first screen: show it again
            self._replace_stack(None)
            base.reset(reason)
        else:
            self._replace_stack(UnlockScreen(reason))
        # The key is dropped in a worker: the vault waits for any read or save under way,
        # and the screen must not wait with it (it is already the unlock screen).
        self._save_and_lock(drafts, quitting=False)

    @work(thread=True, exclusive=True, group="lock", exit_on_error=False, description="lock")
    def _save_and_lock(self, drafts: list[Draft | PostDraft], *, quitting: bool) -> None:
        """Save the open drafts (if any), then drop the key (even if saving fails)."""
        try:
            self.session.lock(drafts)
        except Exception as error:
            self.post_message(DraftsNotSaved(error, quitting=quitting))
            return
        self.post_message(LockedAfterSaving())

    @on(LockedAfterSaving)
    def _locked_after_saving(self) -> None:
        if self._quitting:
            self.exit()

    @on(DraftsNotSaved)
    def _drafts_not_saved(self, event: DraftsNotSaved) -> None:
        from screens.text import sentence  # not before the first frame: it loads sanitize

        reason = sentence(event.error.message)
        if event.quitting:
            self._quitting = False
            self._quit_anyway = True
            self.notify(
                f"Your draft couldn't be saved: {reason} Press Ctrl+Q again to quit anyway.",
                severity="error",
                markup=False,
            )
        else:
            self.notify(
                f"The journal is locked, but your latest changes couldn't be saved: {reason}",
                severity="error",
                markup=False,
            )

    def _unsaved_drafts(self) -> list[Draft | PostDraft]:
        return [
            draft
            for screen in self.screen_stack
            if isinstance(screen, JournalScreen) and (draft := screen.unsaved_draft()) is not None
        ]

    def _replace_stack(self, screen: Screen[Any] | None) -> None:
        """Make ``screen`` the only one above the bottom screen (the unlock screen the
        app started on, or Textual's blank one after a first run); None: none above it."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2 and screen is None:
            self.pop_screen()
        elif len(self.screen_stack) == 2 and screen is not None:
            self.switch_screen(screen)
        elif screen is not None:
            self.push_screen(screen)

    # Idle auto-lock --------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseEvent):
            self._last_input = self._clock()
        if isinstance(event, events.MouseDown):
            from screens.widgets.dropdown import close_dropdowns_outside

            close_dropdowns_outside(self.screen, event.screen_x, event.screen_y)
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.key_gate.arrived(event)  # in turn: see screens/typeahead.py
        else:
            await super().on_event(event)

    def _screen_holds_keys(self) -> bool:
        screen = self.screen
        return isinstance(screen, KeyHolder) and screen.holds_keys()

    async def _send_key(self, key: events.Key) -> None:
        """Textual's own routing of a key from the terminal (``KeyGate`` calls it)."""
        _drop_stale_focus(self.screen)
        await super().on_event(key)

    @property
    def clock(self) -> Callable[[], float]:
        """Monotonic seconds (a fake clock in tests): the idle lock and autosave use it."""
        return self._clock

    def lock_if_idle(self) -> None:
        """The idle timer's call: lock once the keyboard and mouse have rested long
        enough (tests call it after moving the clock on)."""
        if not self.session.is_unlocked:
            return
        if self._clock() - self._last_input >= self.idle_lock_seconds:
            self.lock_journal(f"Locked after {_duration(self.idle_lock_seconds)} without activity.")

    def set_auto_lock_minutes(self, minutes: float) -> None:
        self.idle_lock_seconds = minutes * 60
        self.settings.auto_lock_minutes = minutes
        self.save_settings()

    def save_settings(self) -> None:
        try:
            save_settings(self.config_dir, self.settings)
        except OSError as exc:
            self.notify(f"Settings couldn't be saved: {exc.strerror}", markup=False)

    # Preferences: sealed in the vault, read after unlock --------------------------------
    @work(thread=True, exclusive=True, group="preferences", exit_on_error=False,
          description="read preferences")  # fmt: skip
    def _read_preferences(self) -> None:
        """Worker: the vault's preferences; a region or wait an older version left in
        settings.json is moved into the vault once and removed from the file."""
        vault = self.session.vault
        preferences = vault.preferences()
        legacy = legacy_preferences(self.config_dir)
        if legacy:
            if preferences.region is None:
                preferences.region = legacy.region
            if preferences.wait_hours is None:
                preferences.wait_hours = legacy.wait_hours
            try:
                vault.save_preferences(preferences)
                save_settings(self.config_dir, self.settings)  # rewritten without them
            except (AmendsError, OSError) as error:
                self.post_message(PreferencesNotSaved(error))
        self.post_message(PreferencesRead(preferences))

    @on(PreferencesRead)
    def _preferences_read(self, message: PreferencesRead) -> None:
        # A choice made meanwhile (Support, Settings) is newer than what was read.
        if fresh(message) and self.session.is_unlocked and self.preferences is None:
            self.preferences = message.preferences
            if message.preferences.recovery_code_unconfirmed:
                self._recovery_code_unconfirmed()

    def _recovery_code_unconfirmed(self) -> None:
        """The journal locked (or the app ended) on its first recovery code, which is
        gone: say so once, and how to make a new one."""
        self.notify(RECOVERY_CODE_UNCONFIRMED, severity="warning", timeout=30, markup=False)
        preferences = self.preferences
        if preferences is not None:
            preferences.recovery_code_unconfirmed = False
            self.save_preferences(preferences)

    def save_preferences(self, preferences: Preferences) -> None:
        """Keep ``preferences`` for this session and seal them in the vault (a worker)."""
        self.preferences = preferences
        self._store_preferences(preferences.model_copy())

    @work(thread=True, exclusive=True, group="preferences-save", exit_on_error=False,
          description="save preferences")  # fmt: skip
    def _store_preferences(self, preferences: Preferences) -> None:
        try:
            self.session.vault.save_preferences(preferences)
        except AmendsError as error:
            self.post_message(PreferencesNotSaved(error))

    @on(PreferencesNotSaved)
    def _preferences_not_saved(self, message: PreferencesNotSaved) -> None:
        from screens.text import sentence

        self.notify(
            f"Your preferences couldn't be saved in the journal: {sentence(message.error.message)}",
            severity="error",
            markup=False,
        )

    def watch_theme(self, theme: str) -> None:
        """Remember a theme chosen in Settings or the command palette."""
        if self._theme_chosen and self.settings.theme != theme:
            self.settings.theme = theme
            self.save_settings()

    # Actions -------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("lock", "settings", "commitments"):
            return self.session.is_unlocked
        return True

    def action_lock(self) -> None:
        self.lock_journal()

    def action_select_all_in_box(self) -> None:
        """Ctrl+A (``keys.APP``): select all of the focused one-line text box."""
        from textual.actions import SkipAction
        from textual.widgets import Input

        focused = self.focused
        if not isinstance(focused, Input):
            raise SkipAction()  # the editor's own Ctrl+A, or nothing
        focused.select_all()

    def action_help_quit(self) -> None:
        """Ctrl+C (Textual's binding, where no field copies a selection): say how to quit."""
        self.notify(HOW_TO_QUIT, markup=False)

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):  # F1 again closes it, as its footer says
            self.screen.dismiss()
        else:  # the keys of the screen it covers
            self.push_screen(HelpScreen(self.screen))

    def action_resources(self) -> None:
        from screens.resources import ResourcesScreen

        if not isinstance(self.screen, ResourcesScreen):
            self.push_screen(ResourcesScreen())

    def action_commitments(self) -> None:
        """The commitments screen; the journal below it is read again on the way back."""
        from screens.commitments import CommitmentsScreen

        if not self.session.is_unlocked or isinstance(self.screen, CommitmentsScreen):
            return
        below = self.screen
        if isinstance(below, JournalScreen):
            self.push_screen(CommitmentsScreen(), lambda _: below.refresh_journal())
        else:
            self.push_screen(CommitmentsScreen())

    def action_settings(self) -> None:
        from screens.settings import SettingsScreen

        if self.session.is_unlocked and not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    async def action_quit(self) -> None:
        self._clear_system_clipboard()
        drafts = [] if self._quit_anyway else self._unsaved_drafts()
        if not drafts:
            self.exit()
            return
        self._quitting = True
        self._save_and_lock(drafts, quitting=True)

    def on_unmount(self) -> None:
        self._clear_system_clipboard()
        self.session.close()

    # The clipboard -------------------------------------------------------------------
    def copy_to_clipboard(self, text: str) -> None:
        """Copy and cut in editors and inputs (and selecting text) stay inside the app.

        Textual would also send the text to the terminal's system clipboard (OSC 52),
        where every other program can read it; journal text goes there only through
        ``copy_to_system_clipboard``, an action the user chose.
        """
        self._clipboard = text

    def copy_to_system_clipboard(self, text: str) -> None:
        """Put ``text`` on the system clipboard; amends clears it on lock and on quit."""
        super().copy_to_clipboard(text)
        self._on_system_clipboard = True
        if not self._clipboard_warned:
            self._clipboard_warned = True
            self.notify(
                "Other programs can read the system clipboard. amends clears it when it "
                "locks or quits; paste what you need before then.",
                title="Copied to the system clipboard",
                markup=False,
                timeout=10,
            )

    def _clear_system_clipboard(self) -> None:
        """Ask the terminal to empty the clipboard, if amends put journal text there."""
        if self._on_system_clipboard:
            super().copy_to_clipboard("")
            self._on_system_clipboard = False

    # Crashes -------------------------------------------------------------------------
    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error ends the app, as in Textual, but shows nothing of it here.

        Textual renders a traceback with each frame's local variables, which can hold
        decrypted text or a passphrase; ``run`` prints one line instead.
        """
        self.crash = error
        super()._handle_exception(error)
        self._exit_renderables.clear()

    # Command palette -----------------------------------------------------------------
    # Textual pushes its own palette, whose highlighted command shows by colour alone;
    # amends pushes its own (screens/widgets/palette.py), as Textual would. (Textual's
    # third way in, ``search_commands``, amends never takes.)
    def action_command_palette(self) -> None:
        from screens.widgets.palette import Palette  # not before the first frame

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(Palette(id="--command-palette"))

    def search_themes(self) -> None:
        """Theme, in the palette."""
        from screens.widgets.palette import Palette

        self.push_screen(Palette(providers=[ThemeProvider], placeholder="Search for themes…"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """amends' own commands only. Of Textual's, Theme and Quit are kept in amends'
        words; Maximize and Keys are not for this app, and Screenshot would write what
        is on screen (journal text) to a plaintext file."""
        if isinstance(screen, JournalScreen):
            yield from screen.palette_commands()
        if self.session.is_unlocked:
            yield SystemCommand("Lock now", "Lock the journal (Ctrl+L)", self.action_lock)
            yield SystemCommand(
                "Commitments",
                "What you committed to, check-ins, the picture (m)",
                self.action_commitments,
            )
            yield SystemCommand(
                "Settings", "Auto-lock, theme, passphrase, backup", self.action_settings
            )
        yield SystemCommand("Support", "Support services, offline", self.action_resources)
        yield SystemCommand("Help", "Every key binding (F1)", self.action_help)
        yield SystemCommand("Theme", "Change how amends looks", self.action_change_theme)
        yield SystemCommand(
            "Quit", "Save what is open, lock the journal and leave (Ctrl+Q)", self.action_quit
        )


def _drop_stale_focus(screen: Screen[Any]) -> None:
    """Never leave keys with a removed widget: its bindings would be all there is, and
    Ctrl+L and every other key would do nothing (Textual can focus a widget that is
    being removed when a screen resumes)."""
    focused = screen.focused
    if focused is not None and not focused.is_attached:
        screen.set_focus(None)


def _warm_imports() -> None:
    import importlib

    for name in WARM_MODULES:
        importlib.import_module(name)
    from journal.flows import load_flows

    load_flows()


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes >= 1:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds:g} seconds"


def run(
    path: Path,
    insecure_kdf_for_tests: bool = False,
    checkin: str | None = None,
    debug: bool = False,
) -> int:
    """Run the app on the vault at ``path``; returns the exit status.

    A vault that can't be opened (busy in another process, damaged, a folder)
    is reported as one ``amends: ...`` line on stderr, like the CLI's errors; so is
    an unexpected error (with ``debug``, a traceback without local variables follows).
    """
    app = AmendsApp(
        path, insecure_kdf_for_tests=insecure_kdf_for_tests, checkin=checkin, harden=True
    )
    try:
        app.run()
    finally:
        app.session.close()
    if app.crash is not None:
        from journal.errors import report_crash

        return report_crash(app.crash, debug=debug)
    if app.failure is not None:
        print(f"amends: {app.failure.message}", file=sys.stderr)
        return app.failure.status
    return app.return_code or 0
