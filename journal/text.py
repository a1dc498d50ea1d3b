"""Stored text made fit to show: on one line, cut to a width, as a sentence, a timestamp.

Pure strings (no widgets): the screens show them as plain text, never markup
(``screens.text.safe`` makes the ``Content`` a widget shows).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from journal.sanitize import neutralise

_SPACE = re.compile(r"\s+")


def one_line(value: str) -> str:
    """User text on one line, for lists and titles (still to be shown as plain text)."""
    return _SPACE.sub(" ", neutralise(value)).strip()


def cells(char: str) -> int:
    """Terminal cells ``char`` takes: two for wide (CJK, most emoji), none for combining
    marks and format characters, else one."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def fit(value: str, width: int) -> str:
    """``value`` on one line in at most ``width`` terminal cells: whole, or cut after
    the last word that fits, with '…' (a first word too long for it is cut inside)."""
    words = one_line(value)
    if sum(cells(c) for c in words) <= width:
        return words
    kept, used = "", 1  # the '…'
    for char in words:
        used += cells(char)
        if used > width:
            break
        kept += char
    if " " in kept and not words[len(kept)].isspace():  # cut inside a word: drop it
        kept = kept.rsplit(" ", 1)[0]
    return kept.rstrip(" ,;:.") + "…"


def when(moment: datetime) -> str:
    """A timestamp as the list and entry view show it, in local time."""
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"


def sentence(message: str) -> str:
    """A core error line ('the vault is locked; …') as a UI sentence."""
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message.endswith((".", "?", "!")) else message + "."
