"""The line under a writing screen that says how it went: saved, not saved and why.

Every such line is drawn whole: it wraps to as many rows as the message needs at
the terminal's width (a fixed one-row line cut "Not saved: Check-in times: couldn't
read it; write them like "1 week, 1 month," at 80 columns). Never markup: a reason
may quote a file name or other text the app did not write.
"""

from __future__ import annotations

from textual.widgets import Static


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine {
        height: auto;
        min-height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
