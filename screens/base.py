"""What the amends screens share: slow work off the UI thread, and the vault.

Slow work (anything that may decrypt, derive a key or write) runs in Textual
thread workers, ``@work(thread=True, exclusive=True, group=..., description=...)``:
the worker never touches a widget, it posts a ``Result`` message that an
``@on`` handler shows. With ``exclusive=True`` the latest request wins: a
result whose worker a newer one cancelled is dropped (``Result.stale``). The
description is always fixed: Textual's default is the call with its arguments,
which may be journal text or a passphrase. A worker that crashes shows one
line (``Amends.on_worker_state_changed``), never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import events, on
from textual.app import SystemCommand
from textual.dom import DOMNode
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.screen import ModalScreen, Screen
from textual.worker import NoActiveWorker, Worker, WorkerState, get_current_worker

from journal.errors import AmendsError
from screens import keys, styles
from screens.typeahead import KeyHolder
from screens.widgets.fitted_footer import FittedFooter

if TYPE_CHECKING:
    from journal.models import Draft, PostDraft
    from journal.vault import Vault
    from screens.app import AmendsApp
    from screens.session import Session

R = TypeVar("R")


def as_amends_error(error: BaseException) -> AmendsError:
    """An error to show: ours as it is, anything else as one line without details."""
    if isinstance(error, AmendsError):
        return error
    if isinstance(error, OSError) and error.strerror:
        return AmendsError(error.strerror)
    return AmendsError(f"something unexpected went wrong ({type(error).__name__})")


class Result(Message):
    """What a thread worker found, posted to the screen that started it (and only
    to it: it does not bubble up to the app).

    Made in the worker; dropped unposted once a newer worker of the same exclusive
    group has replaced it, so with ``@work(exclusive=True)`` the latest result wins.
    """

    bubble = False

    def __init__(self) -> None:
        super().__init__()
        try:
            self.worker: Worker[Any] | None = get_current_worker()
        except NoActiveWorker:
            self.worker = None

    @property
    def stale(self) -> bool:
        return self.worker is not None and self.worker.is_cancelled


class DraftWritten(Result):
    """An autosave ended (``wrote``: False when a newer write or the lock overtook it)."""

    def __init__(self, wrote: bool) -> None:
        super().__init__()
        self.wrote = wrote


class WorkFailed(Result):
    """A worker's failure, as one line to show."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = as_amends_error(error)


def fresh(message: Message) -> bool:
    """False for a result a newer worker has overtaken (see ``Result``)."""
    return not (isinstance(message, Result) and message.stale)


if TYPE_CHECKING:
    _Node = DOMNode
else:
    # At run time a plain mixin: Textual takes a widget's CSS type names (``Screen``,
    # ``App``...) from its first DOMNode base, so the mixin must not be one.
    _Node = object


class Amends(_Node):
    """Mixin for a screen or the app: the app typed, stale results dropped, and a
    worker's crash shown as one line. List it before the Textual class."""

    @property
    def amends(self) -> AmendsApp:
        """The app, typed."""
        return cast("AmendsApp", self.app)

    def check_message_enabled(self, message: Message) -> bool:
        return fresh(message) and super().check_message_enabled(message)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            event.stop()
            error = as_amends_error(event.worker.error)
            self.app.notify(error.message, severity="error", markup=False)


class JournalScreen(KeyHolder, Amends, Screen[R]):
    """A screen that may show journal text: dropped whole when the journal locks."""

    # Parsed when the first journal screen is pushed (and then kept, for every screen):
    # the unlock screen's first frame does not wait for it.
    CSS_PATH: ClassVar[list[str | PurePath]] = styles.JOURNAL

    @property
    def session(self) -> Session:
        return self.amends.session

    @property
    def vault(self) -> Vault:
        return self.session.vault

    def unsaved_draft(self) -> Draft | PostDraft | None:
        """Work not yet in the vault, to save before the key goes (see FlowScreen,
        PostDraftScreen)."""
        return None

    def forget(self) -> None:
        """Drop journal data held outside widgets; the journal is locking."""

    def refresh_journal(self) -> None:
        """Read the journal again (a screen above it may have changed it); most show none."""

    def palette_commands(self) -> Iterable[SystemCommand]:
        """This screen's own commands, listed first in the command palette."""
        return ()

    #: A result to leave with once this screen is on top again (see ``leave``).
    _leaving: tuple[Any] | None = None
    #: This screen's hints still up (see ``hint``).
    _hints: tuple[Notification, ...] = ()

    def hint(self, message: str) -> None:
        """A toast about this screen ("No check-in is due…"): it goes when another screen
        covers or replaces this one, being about what is no longer shown. Errors and
        confirmations (``notify``) stay for their time, wherever he goes."""
        app = self.app
        hint = Notification(message, timeout=app.NOTIFICATION_TIMEOUT, markup=False)
        self._hints = (*self._hints, hint)
        app.post_message(Notify(hint))

    @on(events.ScreenSuspend)
    def _drop_hints(self) -> None:
        hints, self._hints = self._hints, ()
        for hint in hints:
            # Textual's own way to take one toast down (a click on it does the same).
            self.app._unnotify(hint)

    def leave(self, result: R | None = None) -> None:
        """Dismiss this screen: now if it is on top, else once it is again.

        A save can finish while the command palette or Help is open over the screen;
        Textual's ``dismiss`` would then pop *that* screen instead, leaving this one
        behind with a settled result (the next dismiss crashed the app)."""
        if self.app.screen is self:  # not is_current: that holds under a modal too
            self.dismiss(result)
        else:
            self._leaving = (result,)

    @on(events.ScreenResume)
    def _leave_when_on_top(self) -> None:
        if self._leaving is not None:
            (result,) = self._leaving
            self._leaving = None

            def dismiss() -> None:  # not awaited: a screen can't await its own dismissal
                self.dismiss(result)

            self.call_later(dismiss)


class Dialog(_Node):
    """Mixin for a dialog: a footer of its own, over the footer of the screen beneath
    (whose keys stop at the dialog), with ``FOOTER``'s actions first. List it before
    the Textual class."""

    FOOTER: ClassVar[tuple[str, ...]] = keys.DIALOG_FOOTER

    def on_mount(self) -> None:
        # Runs after the dialog's own on_mount (Textual calls each class's, most
        # derived first), so no dialog has to remember to yield it.
        cast("Screen[Any]", self).mount(FittedFooter(self.FOOTER))


class JournalModal(Dialog, Amends, ModalScreen[R]):
    """A dialog over a journal screen; dropped with it when the journal locks."""

    CSS_PATH: ClassVar[list[str | PurePath]] = styles.JOURNAL
