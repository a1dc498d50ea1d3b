"""The journal as a list that draws only the rows on screen.

A ``ScrollView`` on Textual's Line API over a plain Python list of entries:
``virtual_size`` is the number of entries, ``render_line(y)`` renders the one
entry at that row. Nothing is built per entry, so 100,000 entries cost what
24 do: showing a new list is a reference swap, scrolling renders a screenful.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from journal.flows import flow_label
from journal.models import LABEL_WIDTH, EntrySummary
from journal.sanitize import neutralise
from journal.search import Snippet
from journal.summaries import SummaryList
from screens import keys
from screens.focus import FOCUS_BAR
from screens.text import one_line

#: Width of the kind column: the longest label, "Something I witnessed".
DATE_WIDTH = 10
#: Below this width the kind column is left out.
NARROW = 60
#: A search snippet's row starts under the title's column (past the date).
SNIPPET_INDENT = DATE_WIDTH + 2
#: Cells before each row: the focused list marks its cursor's rows there with ``MARK``.
GUTTER = 1
MARK = FOCUS_BAR


class EntryList(ScrollView, can_focus=True):
    """Entries, newest first, with a cursor. Enter or a double click opens one."""

    BINDINGS = keys.ENTRY_LIST
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "entry-list--cursor",
        "entry-list--date",
        "entry-list--kind",
        "entry-list--empty",
        "entry-list--snippet",
        "entry-list--match",
    }
    DEFAULT_CSS = """
    EntryList {
        overflow-x: hidden;
        overflow-y: auto;
        & > .entry-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .entry-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .entry-list--date { color: $text-muted; }
        & > .entry-list--kind { color: $text-secondary; }
        & > .entry-list--empty { color: $text-muted; text-style: italic; }
        & > .entry-list--snippet { color: $text-muted; }
        & > .entry-list--match { color: $text; text-style: bold underline; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)
    #: What to show when there are no entries.
    empty_text: reactive[str] = reactive("")

    class Chosen(Message):
        """Enter or a double click on an entry."""

        def __init__(self, entry: EntrySummary) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: Sequence[EntrySummary] = ()
        #: While searching: where each entry matched (a second row under it), as wide
        #: as that row leaves room for; read lazily for the rows drawn, and kept for this
        #: list (by entry and width: a resize asks again).
        self._snippet_of: Callable[[EntrySummary, int], Snippet | None] | None = None
        self._snippets: dict[tuple[str, int], Snippet | None] = {}

    @property
    def _rows(self) -> int:
        """Rows each entry takes: two while a search shows where it matched."""
        return 2 if self._snippet_of is not None else 1

    # Data --------------------------------------------------------------------------
    @property
    def entries(self) -> Sequence[EntrySummary]:
        return self._entries

    @property
    def selected(self) -> EntrySummary | None:
        if 0 <= self.cursor < len(self._entries):
            return self._entries[self.cursor]
        return None

    def show(
        self,
        entries: Sequence[EntrySummary],
        select: str | None = None,
        *,
        snippets: Callable[[EntrySummary, int], Snippet | None] | None = None,
    ) -> None:
        """Show ``entries``; put the cursor on the entry with id ``select``, else the top.
        ``snippets(entry, width)``: where each matched, in at most ``width`` cells (it must
        not decrypt: it runs as rows are drawn)."""
        self._entries = entries
        self._snippet_of = snippets
        self._snippets = {}
        self.virtual_size = Size(0, len(entries) * self._rows)
        index = 0
        if select is not None:
            # A SummaryList knows its ids without parsing every summary before ``select``.
            ids = entries.ids() if isinstance(entries, SummaryList) else [e.id for e in entries]
            index = ids.index(select) if select in ids else 0
        self.cursor = index
        self.refresh()

    def clear(self) -> None:
        """Forget every entry (the journal is locking)."""
        self.show(())

    # Cursor ------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._entries) - 1))

    def watch_cursor(self) -> None:
        self.refresh()
        if self._entries:
            rows = self._rows
            region = Region(0, self.cursor * rows, max(1, self.size.width), rows)
            self.scroll_to_region(region, animate=False, force=True, immediate=True)

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height // self._rows - 1)

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height // self._rows - 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._entries) - 1

    def action_choose(self) -> None:
        entry = self.selected
        if entry is not None:
            self.post_message(self.Chosen(entry))

    def on_click(self, event: events.Click) -> None:
        row = (int(self.scroll_y) + event.y) // self._rows
        if 0 <= row < len(self._entries):
            self.cursor = row
            if event.chain >= 2:
                self.action_choose()

    def watch_has_focus(self, has_focus: bool) -> None:
        super().watch_has_focus(has_focus)
        self.refresh()

    # Drawing -----------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row, part = divmod(int(self.scroll_y) + y, self._rows)
        if not self._entries:
            if y == 0 and self.empty_text:
                style = self.get_component_rich_style("entry-list--empty")
                bar = MARK if self.has_focus else " "  # focus shows on an empty list too
                empty = Text(bar + " " * (GUTTER - 1) + self.empty_text, style=style)
                return self._fit(empty, width, base)
            return Strip.blank(width, base)
        if row >= len(self._entries):
            return Strip.blank(width, base)
        entry = self._entries[row]
        room = width - GUTTER
        text = self._row(entry, room) if part == 0 else self._snippet_row(entry, room)
        if row != self.cursor:
            return self._fit(Text(" " * GUTTER, end="") + text, width, base)
        # The cursor's rows, and where focus is, readable without colour: the bar a
        # focused scrolling area has (amends.tcss), beside the one entry.
        mark = Text(MARK if self.has_focus else " ", end="")
        mark.pad_right(GUTTER - 1)
        cursor = self.get_component_rich_style("entry-list--cursor")
        return self._fit(mark + text, width, base, cursor)

    def _row(self, entry: EntrySummary, width: int) -> Text:
        date = f"{entry.created_at.astimezone():%Y-%m-%d}"
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(date, self.get_component_rich_style("entry-list--date"))
        text.append("  ")
        if width >= NARROW:
            label = one_line(flow_label(entry.flow, entry.kind))[:LABEL_WIDTH].ljust(LABEL_WIDTH)
            text.append(label, self.get_component_rich_style("entry-list--kind"))
            text.append("  ")
        text.append(("★ " if entry.starred else "") + one_line(entry.display_title()))
        return text

    def _snippet_row(self, entry: EntrySummary, width: int) -> Text:
        """'    …words around the match…', the matches highlighted: drawn as Text from
        plain strings, so nothing the user wrote is read as markup. The snippet is cut
        to the cells the row has after its indent, so the match is always in view."""
        room = max(1, width - SNIPPET_INDENT)
        key = (entry.id, room)
        if key not in self._snippets and self._snippet_of is not None:
            self._snippets[key] = self._snippet_of(entry, room)
        snip = self._snippets.get(key)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(" " * SNIPPET_INDENT)
        if snip is None:
            return text
        style = self.get_component_rich_style("entry-list--snippet")
        match = self.get_component_rich_style("entry-list--match")
        at = 0
        for start, end in snip.spans:  # each piece neutralised on its own: spans stay true
            text.append(neutralise(snip.text[at:start]), style)
            text.append(neutralise(snip.text[start:end]), match)
            at = end
        text.append(neutralise(snip.text[at:]), style)
        return text

    def _fit(self, text: Text, width: int, base: Style, over: Style | None = None) -> Strip:
        """One row, cut or padded to exactly ``width`` cells, ``over`` styling all of it."""
        text.truncate(width, overflow="ellipsis", pad=True)
        text.stylize_before(base)
        if over is not None:
            text.stylize(over)
        return Strip(text.render(self.app.console), width)
