"""Time the Argon2id derivations made through ``journal.crypto.derive_key``.

Wall-clock Argon2id varies by tens of percent from run to run (more on a busy
machine), so figures "less the KDF" subtract the time of each run's own
derivations, measured here, rather than a median measured elsewhere.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class KdfTimer:
    """Seconds spent in ``derive_key`` since installed (or since the last ``take``)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._original: Callable[..., bytes] | None = None

    def install(self) -> None:
        from journal import crypto

        original = self._original = crypto.derive_key

        def derive_key(*args: Any, **kwargs: Any) -> bytes:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        crypto.derive_key = derive_key

    def uninstall(self) -> None:
        from journal import crypto

        if self._original is not None:
            crypto.derive_key = self._original
            self._original = None

    def take(self) -> float:
        """The seconds counted so far, and start counting again from zero."""
        seconds, self.seconds = self.seconds, 0.0
        return seconds


@contextmanager
def timing_kdf() -> Iterator[KdfTimer]:
    timer = KdfTimer()
    timer.install()
    try:
        yield timer
    finally:
        timer.uninstall()
