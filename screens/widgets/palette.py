"""The command palette, its highlighted command marked with the focus bar.

Textual's CommandPalette shows the command its cursor is on by colour alone, so a plain
capture (``tmux capture-pane -p``) could not tell which Enter would run. Its list
(``CommandList``, public in ``textual.command``) never takes focus, the palette's
search box keeps it and the arrows move the list's cursor from there, so the list
marks its cursor whenever it is shown, not only while it has focus as the app's
other lists do (``CursorBar``). Textual pushes its own palette from
``App.action_command_palette`` and ``App.search_themes`` (Theme); the app pushes
this one from both (screens/app.py).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.command import CommandList, CommandPalette

from screens import styles
from screens.widgets.cursor_bar import CursorBar


class MarkedCommandList(CommandList, CursorBar):
    """The palette's list: CommandList first, so that its CSS (and its ``can_focus``)
    apply, with CursorBar's gutter and bar."""

    def cursor_shown(self) -> bool:
        return True


class Palette(CommandPalette):
    # As every screen names it (reached while locked too); the palette's own look is
    # Textual's DEFAULT_CSS.
    CSS_PATH = styles.SCREENS

    def compose(self) -> ComposeResult:
        # Textual's own parts and layout, with the list that marks its cursor. Every
        # widget passes through here, also those composed inside a container: the
        # palette finds its list by type (CommandList).
        for widget in super().compose():
            yield MarkedCommandList() if type(widget) is CommandList else widget
