"""A set of choices that reads the same in a plain capture as in colour.

Textual's RadioSet draws ``▐●▌`` for every choice and shows which one is chosen,
and where the cursor is, by colour alone: in a plain capture, a screen reader or
a low-contrast terminal every choice looks chosen. These draw ``(•)`` for the
chosen one and ``( )`` for the others (as ``TickBox`` draws ``[✓]`` / ``[ ]``),
and, while the set has focus, ``›`` before the choice the cursor is on. The
cursor starts on the chosen one, so coming back to a question keeps the place.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import RadioButton, RadioSet

#: Before the choice the cursor is on, while the set has focus; blank otherwise.
CURSOR = "› "
NO_CURSOR = "  "


class Choice(RadioButton):
    BUTTON_LEFT = "("
    BUTTON_RIGHT = ")"

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble("(", ("•" if self.value else " ", style), ")")

    def render(self) -> Content:
        parent = self.parent
        at = self.has_class("-selected") and isinstance(parent, Widget) and parent.has_focus
        return Content.assemble(CURSOR if at else NO_CURSOR, super().render())

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return len(CURSOR) + super().get_content_width(container, viewport)


class Choices(RadioSet):
    """A RadioSet of ``Choice`` buttons whose cursor starts on the chosen one."""

    DEFAULT_CSS = """
    Choices {
        & > Choice > .toggle--button { background: transparent; }
        & > Choice.-on > .toggle--button { text-style: bold; }
    }
    """

    def __init__(self, choices: list[str], chosen: str = "", *, id: str | None = None) -> None:
        super().__init__(*(Choice(Content(c), value=c == chosen) for c in choices), id=id)

    def on_mount(self) -> None:
        # After RadioSet's own mount, which puts the cursor on the first choice.
        self.call_later(self._cursor_on_chosen)

    def _cursor_on_chosen(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index

    def watch_has_focus(self, has_focus: bool) -> None:
        super().watch_has_focus(has_focus)
        self._redraw()

    def watch__selected(self) -> None:
        super().watch__selected()
        self._redraw()

    def _redraw(self) -> None:
        for choice in self.query(Choice):
            choice.refresh()
