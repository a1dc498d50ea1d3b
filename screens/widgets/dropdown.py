"""A dropdown whose open list shows its cursor without colour, and closes on a click
outside it.

Textual's Select highlights the option under the cursor of its open list by colour
alone; this one's list marks it with the focus bar (``CursorBar``), as every list in
amends does. A click outside an open one closes it (``close_dropdowns_outside``).
"""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.errors import NoWidget
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay

from screens.widgets.cursor_bar import CursorBar

T = TypeVar("T")


class DropdownList(SelectOverlay, CursorBar):
    """The open list (SelectOverlay first: its CSS, the Select's, must apply)."""


class Dropdown(Select[T]):
    def compose(self) -> ComposeResult:
        # Select's own (its parts are not exported by textual.widgets), with the list
        # that marks its cursor.
        yield SelectCurrent(self.prompt)
        yield DropdownList(type_to_search=self._type_to_search).data_bind(compact=Select.compact)

    def watch_expanded(self, expanded: bool) -> None:
        """Opened with nothing chosen, the list's cursor starts on its first option, the
        blank one ("All kinds"): Textual's had no cursor until an arrow was pressed."""
        if expanded and self.value == Select.NULL:
            self.query_one(DropdownList).select(0)


def close_dropdowns_outside(screen: Screen[object], x: int, y: int) -> None:
    """A click at (``x``, ``y``) outside an open dropdown closes it, as Esc does, and
    leaves focus on it (a click on something that takes focus then takes it, as
    before). Textual's closes only when its list loses focus: a click on a title, a
    notice or the footer left it open."""
    try:
        clicked: Widget | None = screen.get_widget_at(x, y)[0]
    except NoWidget:
        clicked = None
    for select in screen.query(Select):
        inside = clicked is not None and (clicked is select or select in clicked.ancestors)
        if select.expanded and not inside:
            select.expanded = False
            select.focus()
