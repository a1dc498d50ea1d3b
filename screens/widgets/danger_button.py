"""A dialog's destructive or irreversible choice: never reached by Tab.

Every dialog that can delete, throw away, replace or give up something opens with
the safe choice focused. A stray Tab then Enter (or Shift+Tab then Enter) used to
land on the destructive button beside it. A ``DangerButton`` is not in the Tab
order: it is chosen by its own key, shown on it ("Throw it away (t)"), or by a click.
A dialog that shows one lists ``DangerKeys`` among its bases, which presses it on
that key (not while a text box has focus: there the letter is typed), and Help
(F1 on the dialog) lists the key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.widgets import Button, Input, TextArea

if TYPE_CHECKING:
    from textual.dom import DOMNode

    _Screen = DOMNode
else:
    _Screen = object


class DangerButton(Button, can_focus=False):
    """``choice`` labelled with its ``key``: "Throw it away (t)"."""

    def __init__(self, choice: str, key: str, *, id: str, compact: bool = False) -> None:
        super().__init__(f"{choice} ({key})", id=id, variant="error", compact=compact)
        self.choice = choice
        self.key = key


class DangerKeys(_Screen):
    """Mixin for a dialog with a ``DangerButton``: its key presses it. List it before
    the Textual class."""

    def on_key(self, event: events.Key) -> None:
        focused = self.app.focused
        if isinstance(focused, Input | TextArea):
            return  # typed into the box
        for button in self.query(DangerButton):
            if event.key == button.key and button.display and not button.disabled:
                event.stop()
                event.prevent_default()
                button.press()
                return
