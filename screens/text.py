"""Showing stored text: always neutralised, never parsed as markup.

Every piece of user text goes through here before a widget sees it: control
characters and escape sequences become visible symbols, and the result is a
``Content`` (plain text plus an optional style), which Textual shows as it
is: ``[bold]`` stays ``[bold]``. The pure string helpers live in ``journal.text``.
"""

from __future__ import annotations

from textual.content import Content

from journal.sanitize import neutralise
from journal.text import fit, one_line, sentence, when

__all__ = ["fit", "one_line", "safe", "sentence", "when"]

#: Muted text in a Content style. "$text-muted" is the foreground at partial opacity,
#: which CSS blends but a Content style draws at full strength (brighter than the text).
MUTED = "$foreground-muted"


def safe(value: str, style: str = "") -> Content:
    """User text, neutralised, never markup; keeps its line breaks."""
    return Content.styled(neutralise(value), style)
