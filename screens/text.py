"""Showing stored text: always neutralised, never parsed as markup.

Every piece of user text goes through here before a widget sees it: control
characters and escape sequences become visible symbols, and the result is a
``Content`` (plain text plus an optional style), which Textual shows as it
is: ``[bold]`` stays ``[bold]``.
"""

from __future__ import annotations

import re
from datetime import datetime

from textual.content import Content

from journal.sanitize import neutralise

_SPACE = re.compile(r"\s+")


def safe(value: str, style: str = "") -> Content:
    """User text, neutralised, never markup; keeps its line breaks."""
    return Content.styled(neutralise(value), style)


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
