"""Keys typed while amends starts, before Textual has the terminal.

Until Textual puts the terminal in raw mode, the terminal's own line discipline
handles what is typed: it echoed a passphrase typed ahead onto the screen (where it
stayed after quitting, in the scrollback) and turned Enter into Ctrl+J (the passphrase
then sat in the field, not submitted).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def quiet_until_raw() -> Iterator[None]:
    """No echo, and Enter kept as Enter, from now until Textual takes the terminal; the
    terminal as it was afterwards (Textual puts back what it found, which is this)."""
    try:
        import termios
    except ImportError:  # not POSIX
        yield
        return
    try:
        fd = sys.stdin.fileno()
        saved: list[Any] = termios.tcgetattr(fd)
    except (OSError, ValueError, termios.error):  # no stdin, or not a terminal
        yield
        return
    quiet = list(saved)
    quiet[0] &= ~termios.ICRNL
    quiet[3] &= ~termios.ECHO
    termios.tcsetattr(fd, termios.TCSANOW, quiet)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
