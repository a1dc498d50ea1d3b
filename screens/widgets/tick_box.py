"""A checkbox that reads the same in a plain capture as in colour.

Textual's Checkbox draws ``▐X▌`` ticked or not and shows the state by colour
alone, so an unticked box reads as ticked in a plain capture, a screen reader or
a low-contrast terminal. This one draws ``[✓]`` or ``[ ]``; and its focus, also a
colour alone in Textual's, shows as the focus bar before the box, drawn over a cell
of padding kept for it (so nothing moves as focus comes and goes).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    DEFAULT_CSS = """
    TickBox, TickBox.-textual-compact {
        padding-left: 1;
        &:focus { outline-left: wide $accent; }
    }
    """

    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble("[", ("✓" if self.value else " ", style), "]")
