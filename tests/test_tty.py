"""Keys typed while amends starts: no echo and Enter kept as Enter until Textual has the
terminal, and the terminal put back as it was (screens/tty.py), on a real pseudo-terminal."""

from __future__ import annotations

import os
import pty
import select
import sys
import termios

import pytest

from screens.tty import quiet_until_raw


def test_echo_and_enter_while_starting_then_the_terminal_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    leader, follower = pty.openpty()
    try:
        before = termios.tcgetattr(follower)
        assert before[3] & termios.ECHO and before[0] & termios.ICRNL
        with os.fdopen(os.dup(follower)) as stdin:
            monkeypatch.setattr(sys, "stdin", stdin)
            with quiet_until_raw():
                during = termios.tcgetattr(follower)
                assert not during[3] & termios.ECHO  # a passphrase typed ahead stays unseen
                assert not during[0] & termios.ICRNL  # Enter stays Enter, not Ctrl+J
                os.write(leader, b"secret\r")  # typed ahead: the terminal echoes nothing
                assert not _readable(leader)
            assert termios.tcgetattr(follower) == before
    finally:
        os.close(leader)
        os.close(follower)


def _readable(fd: int) -> bool:
    """Something to read within half a second (an echo comes in a few milliseconds)."""
    return bool(select.select([fd], [], [], 0.5)[0])


def test_not_a_terminal_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    read, write = os.pipe()
    try:
        with os.fdopen(read) as stdin:
            monkeypatch.setattr(sys, "stdin", stdin)
            ran = []
            with quiet_until_raw():
                ran.append(True)
            assert ran  # the app runs as before
    finally:
        os.close(write)
