"""A checkbox that reads the same in a plain capture as in colour.

Textual's Checkbox draws ``▐X▌`` ticked or not and shows the state by colour
alone, so an unticked box reads as ticked in a plain capture, a screen reader or
a low-contrast terminal. This one draws ``[✓]`` or ``[ ]``.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble("[", ("✓" if self.value else " ", style), "]")
