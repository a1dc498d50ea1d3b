"""A scrolling area that is a Tab stop only while it has something to scroll to.

Textual's scrolling containers always take focus. A focused one shows the focus bar
down its left edge (amends.tcss), but where all of it fits, the stop shows that bar
and nothing else, and the arrows do nothing there: Tab stopped on nothing. A page
holding boxes and buttons needs no stop of its own to be read, either: each of them
is one, and Textual scrolls each into view as it takes focus.

Not for an area that is a screen's main or only stop (an entry, Help, Looking back,
Support): focus would have nowhere to start.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static


class Page(VerticalScroll):
    def allow_focus(self) -> bool:
        return self.allow_vertical_scroll

    def say(self, message: Static, text: str) -> None:
        """Put ``text`` in ``message`` and, once laid out, scroll it into view, margin
        and all. (Textual's ``scroll_visible`` left a message under the welcome's button
        out of view: it counts no padding of the box between it and the page.)"""
        message.update(text)
        if text:
            self.call_after_refresh(self._show, message)

    def _show(self, widget: Widget) -> None:
        on_page = self.scroll_offset - self.scrollable_content_region.offset
        region = widget.region.grow(widget.styles.margin).translate(on_page)
        self.scroll_to_region(region, animate=False, immediate=True)
