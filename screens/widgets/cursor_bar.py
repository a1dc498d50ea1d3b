"""A list that marks its cursor's row with the focus bar while it has focus (see
screens/focus.py): Textual's OptionList shows its highlighted option by colour alone."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widgets import OptionList

from screens.focus import FOCUS_BAR


class CursorBar(OptionList):
    """An OptionList that marks its highlighted option's rows with the focus bar, in a
    gutter of one cell, while it has focus (its highlight is a colour otherwise only)."""

    def _get_left_gutter_width(self) -> int:
        return super()._get_left_gutter_width() + 1

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        row = self.scroll_offset.y + y
        if line.cell_length >= self.scrollable_content_region.width:
            # A row past the options, already as wide as the list: an empty list marks
            # its first row, so that its focus shows too.
            if row or self.option_count or not self.cursor_shown():
                return line
            return Strip([Segment(FOCUS_BAR, self.rich_style), *line.crop(1)])
        index, offset = self._lines[row]
        option = self.options[index]
        # Not on the rule under an option (a divider). With no option that can be
        # highlighted (only disabled ones: "No check-ins yet."), the first row.
        rule = option._divider and offset == self._heights[index] - 1
        if self.highlighted is not None:
            at = index == self.highlighted
        else:
            at = row == 0 and all(o.disabled for o in self.options)
        marked = self.cursor_shown() and at and not rule
        style = next(iter(line)).style if line.cell_length else None
        cell = (style or self.rich_style) + Style(meta={"option": index})
        return Strip([Segment(FOCUS_BAR if marked else " ", cell), *line])

    def cursor_shown(self) -> bool:
        """Whether the bar marks the cursor's row: while the list has focus."""
        return self.has_focus

    def watch_has_focus(self, has_focus: bool) -> None:
        super().watch_has_focus(has_focus)
        self.refresh()
