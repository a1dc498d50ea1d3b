"""Stored text made fit to show: on one line, as a sentence, a timestamp.

Pure strings (no widgets): the screens show them as plain text, never markup
(``screens.text.safe`` makes the ``Content`` a widget shows).
"""

from __future__ import annotations

import re
from datetime import datetime

from journal.sanitize import neutralise

_SPACE = re.compile(r"\s+")


def one_line(value: str) -> str:
    """User text on one line, for lists and titles (still to be shown as plain text)."""
    return _SPACE.sub(" ", neutralise(value)).strip()


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
