"""Which stylesheet each screen needs, so the first frame waits only for its own.

The app's CSS (``unlock.tcss``) holds what the unlock screen shows. Every other
screen names ``SCREENS`` (or ``JOURNAL``) as its ``CSS_PATH``: Textual parses a
screen's files the first time one is shown and keeps them for every screen after.
Paths are absolute, as Textual resolves a relative one from each subclass's file.
"""

from __future__ import annotations

from pathlib import Path, PurePath

_HERE = Path(__file__).parent

UNLOCK: list[str | PurePath] = [_HERE / "unlock.tcss"]
#: Screens shown while locked (first run, recovery, help, support) and dialogs.
SCREENS: list[str | PurePath] = [_HERE / "amends.tcss"]
#: The journal's screens: the above and their own.
JOURNAL: list[str | PurePath] = SCREENS + [
    _HERE / name for name in ("journal.tcss", "commitments.tcss", "post.tcss")
]
