"""A text editor whose drawing never sends a control character to the terminal.

``Editor`` is every editor's base: the keys a user expects of one.

Textual's TextArea draws its text as it is, so an answer holding ESC ]52;…
(imported, or pasted from elsewhere) would reach the terminal as a live escape
sequence while being edited. This one keeps the text exactly as written and
drops control characters from what it draws: they take no cells, so the
cursor and every other character stay where the editor put them.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import TextArea

from journal.sanitize import drop_control_chars
from screens import keys


class Editor(TextArea):
    """A TextArea with the keys other editors have (``keys.EDITOR``): Ctrl+A selects
    everything, Ctrl+Home and Ctrl+End go to the start and the end of the text."""

    BINDINGS = keys.EDITOR

    def action_text_start(self, select: bool = False) -> None:
        self.move_cursor((0, 0), select=select)

    def action_text_end(self, select: bool = False) -> None:
        self.move_cursor(self.document.end, select=select)


class InertTextArea(Editor):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        return Strip(
            [Segment(drop_control_chars(s.text), s.style, s.control) for s in strip],
            strip.cell_length,
        )
