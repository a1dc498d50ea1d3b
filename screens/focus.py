"""Focus shown in text, not only in colour (issue 15 item 9).

A plain capture (``tmux capture-pane -p``), a screen reader or a low-contrast
terminal sees characters only, so every focusable widget says it has focus in
them, in one of a few ways:

- a box (a text box, an editor, a dropdown) has a round border while focused;
- a scrolling area, a button, a tick box and a one-line text box or dropdown have
  the focus bar ``▎`` at their left edge, drawn over a cell of padding (amends.tcss);
- a list marks the row its cursor is on with the focus bar, in a one-cell gutter,
  while it has focus (``CursorBar``, ``EntryList``, ``PickList``, ``Timeline``), and
  the command palette's list, whose cursor its search box moves, all the time it is
  shown (``Palette``);
- a set of choices puts ``›`` before the one its cursor is on (``Choices``).

A screen under a dialog shows no focus at all: the dialog has it
(``show_focus_on_top``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

FOCUS_BAR = "▎"


def show_focus_on_top(app: App[Any], top: Screen[Any] | None = None) -> None:
    """Only the top screen shows focus: the focused widget of every screen beneath
    (under a dialog, or waiting under another screen) draws as if it had none, so the
    list's bar or a text box's round border never shows through a dimmed dialog. It
    keeps focus in Textual's sense (the screen's ``focused``), so it has it again, with
    nothing moved, when the screen is on top again. Called on every change of screen."""
    top = top or app.screen
    for screen in app.screen_stack:
        widget = screen.focused
        if widget is not None and widget.has_focus != (screen is top):
            widget.has_focus = screen is top
            widget.refresh()
