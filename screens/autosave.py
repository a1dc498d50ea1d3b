"""When a flow's draft is written: a while after the last change, one write at a time.

No widgets and no timers here: ``FlowScreen`` asks ``wait()`` how long until an
autosave is due and sets one Textual timer for it; the clock is injected, so
tests move time on instead of sleeping. Writes run in workers through
``write``, which holds a lock: nothing is written twice at once, an older
version never lands over a newer one, and once the journal locks (``seal``) or
the entry is saved no autosave writes again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Autosaver:
    def __init__(self, delay: float, clock: Callable[[], float] = time.monotonic) -> None:
        """``delay``: seconds without a change before an autosave is due."""
        self.delay = delay
        self._clock = clock
        self._lock = threading.Lock()
        #: Changes so far, and the newest of them in the vault.
        self._version = 0
        self._saved = 0
        self._changed_at = clock()
        #: An autosave is under way (seen from the UI thread).
        self._writing = False
        #: Locking, quitting, or the entry saved: no autosave writes any more.
        self._sealed = False
        self._finished = False

    @property
    def version(self) -> int:
        return self._version

    @property
    def dirty(self) -> bool:
        """A change is not in the vault yet."""
        return self._version > self._saved

    def changed(self) -> None:
        self._version += 1
        self._changed_at = self._clock()

    def wait(self) -> float | None:
        """Seconds until an autosave is due (0: now); None when none is to come."""
        if not self.dirty or self._writing or self._sealed:
            return None
        return max(0.0, self._changed_at + self.delay - self._clock())

    def start(self) -> int | None:
        """The version to autosave now, if one is due; then one write is under way
        until ``done``."""
        wait = self.wait()
        if wait is None or wait > 0:
            return None
        self._writing = True
        return self._version

    def done(self) -> None:
        """The autosave ended: written, skipped or failed."""
        self._writing = False

    def write(self, version: int, save: Callable[[], None], *, final: bool = False) -> bool:
        """Worker: ``save`` for ``version``, unless sealed or a newer version is saved.
        ``final``: the entry itself; no draft is written after it."""
        with self._lock:
            if self._sealed or version < self._saved:
                return False
            save()
            self._saved = version
            if final:
                self._sealed = self._finished = True
            return True

    def seal(self) -> bool:
        """The journal is locking or the app quitting: no more autosaves. True when
        there are changes to save now (none once the entry itself is saved)."""
        with self._lock:
            self._sealed = True
            return self.dirty and not self._finished
