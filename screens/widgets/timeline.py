"""The picture of commitments: each one's check-ins along the months.

One row per commitment: its words on the left, then a line from the day it
began to its last date, solid up to today and dotted after. Each check-in done
is a glyph of its outcome, each date still to come a dot. The glyphs differ in
shape as well as colour, so the picture reads the same without colour (NO_COLOR,
a monochrome terminal, a screen reader reading the characters). Under the rows:
month labels (and under them, where the span crosses a year, each new year under
its January), a legend, and how many check-ins were done on time.

The layout is plain functions over plain data (``Track``); the widget only
draws it with the Line API, one row at a time, and moves a cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from journal.commitments import CheckinPoint, on_time_share
from screens import keys
from screens.focus import FOCUS_BAR
from screens.text import MUTED, one_line

#: Outcome -> (glyph, role). Roles name the widget's component classes.
OUTCOME_GLYPHS: dict[str, tuple[str, str]] = {
    "kept": ("●", "kept"),
    "partly": ("◐", "partly"),
    "slipped": ("✕", "slipped"),
    "did not come up": ("○", "not-up"),
}
#: Role -> style, for the same glyphs in Content (the check-in list).
GLYPH_STYLES: dict[str, str] = {
    "kept": "bold $text-success",
    "partly": "bold $text-warning",
    "slipped": "bold $text-error",
    "not-up": "$text-primary",
    "other": MUTED,
}
#: A check-in whose outcome isn't one of the four (an older or imported entry).
OTHER = ("◌", "other")
PENDING = ("·", "pending")
#: A date that has come and is still waiting for its check-in.
DUE = ("·", "due")
PAST_LINE = ("─", "line")
FUTURE_LINE = ("┈", "future")
LEGEND: tuple[tuple[str, str, str], ...] = (
    ("●", "kept", "kept"),
    ("◐", "partly", "partly"),
    ("✕", "slipped", "slipped"),
    ("○", "not-up", "did not come up"),
    ("·", "pending", "to come"),
)
#: Rows shown at once; more scroll under the cursor.
MAX_ROWS = 8
CURSOR_MARK = "▸ "
#: Cells before each row's label: the focus bar (on the cursor's row while the timeline
#: has focus) and the cursor mark.
INDENT = len(FOCUS_BAR) + len(CURSOR_MARK)
LABEL_WIDTH = 24
#: Below this width the label column narrows.
NARROW = 60

Cell = tuple[str, str]


@dataclass(frozen=True)
class Track:
    """One commitment as the picture shows it."""

    commitment_id: str
    label: str
    status: str
    began: date
    points: tuple[CheckinPoint, ...]
    pending: tuple[date, ...]

    @property
    def to_come(self) -> tuple[date, ...]:
        """The planned dates drawn as still to come: none while paused (none come due
        until it is resumed) or once closed."""
        return self.pending if self.status == "active" else ()


# --- Layout (pure) ----------------------------------------------------------------------


def span(tracks: Sequence[Track], today: date) -> tuple[date, date]:
    """The first and last day drawn: whole months around every date and today."""
    days = [today]
    for track in tracks:
        days.append(track.began)
        days.extend(p.done_on for p in track.points)
        days.extend(track.to_come)
    first = min(days).replace(day=1)
    last = _month_after(max(days)) - timedelta(days=1)
    return first, last


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def column(day: date, first: date, last: date, width: int) -> int:
    """The cell of ``day`` on a line of ``width`` cells from ``first`` to ``last``."""
    total = max(1, (last - first).days)
    at = round((day - first).days * (width - 1) / total)
    return max(0, min(width - 1, at))


def track_cells(track: Track, first: date, last: date, width: int, today: date) -> list[Cell]:
    """The cells of one row: the line, then dates to come, then check-ins done on top."""
    cells: list[Cell] = [(" ", "blank")] * width
    if width <= 0:
        return cells
    shown_pending = track.to_come
    ends = [track.began, *(p.done_on for p in track.points), *shown_pending]
    start_at = column(track.began, first, last, width)
    end_at = column(max(ends), first, last, width)
    today_at = column(today, first, last, width)
    for at in range(start_at, end_at + 1):
        cells[at] = PAST_LINE if at <= today_at else FUTURE_LINE
    for day in shown_pending:
        cells[column(day, first, last, width)] = DUE if day <= today else PENDING
    for point in track.points:
        glyph = OUTCOME_GLYPHS.get(point.outcome or "", OTHER)
        cells[column(point.done_on, first, last, width)] = glyph
    return cells


#: How the axis names months, tried in turn until every month it names fits with a
#: space either side: (every how many months, from January; by initial only).
#: Every month by its short name, then by its initial; past that, quarters, half
#: years and years by name (a long span in a narrow line), and years by initial.
AXIS_RULES: tuple[tuple[int, bool], ...] = (
    (1, False),
    (1, True),
    (3, False),
    (6, False),
    (12, False),
    (12, True),
)


def months_in(first: date, last: date) -> list[date]:
    """The first day of every month from ``first`` to ``last``."""
    months: list[date] = []
    month = first.replace(day=1)
    while month <= last:
        months.append(month)
        month = _month_after(month)
    return months


def axis_marks(first: date, last: date, width: int) -> list[tuple[int, str]]:
    """(cell, name) of each month the axis names, at the cell of its first day.

    The first rule of ``AXIS_RULES`` under which no two names touch: every month
    named wherever there is room for it, never one dropped beside a longer neighbour."""
    months = months_in(first, last)
    marks: list[tuple[int, str]] = []
    for step, initial in AXIS_RULES:
        named = [m for m in months if (m.month - 1) % step == 0]
        marks = [(column(m, first, last, width), f"{m:%b}"[: 1 if initial else 3]) for m in named]
        if _apart(marks, width):
            return marks
    return _keep_apart(marks, width)  # a line too narrow for any rule: what fits


def month_labels(first: date, last: date, width: int) -> str:
    """The month line of the axis (``axis_marks``); the years go on the line below."""
    return _draw(axis_marks(first, last, width), width)


def year_labels(first: date, last: date, width: int) -> str:
    """Under each January after the first month, its year ('' when the span stays in
    one year, whose number stands left of the months)."""
    turns = [m for m in months_in(first, last) if m.month == 1 and m != first.replace(day=1)]
    # A January near the end of a narrow line: its year ends at the line's end instead.
    marks = [(min(column(m, first, last, width), width - 4), f"{m:%Y}") for m in turns]
    return _draw(_keep_apart(marks, width), width) if marks else ""


def _apart(marks: Sequence[tuple[int, str]], width: int) -> bool:
    """Every name inside the line, with at least one blank cell before the next."""
    ends = [at + len(name) for at, name in marks]
    return all(end <= width for end in ends) and all(
        marks[i + 1][0] > ends[i] for i in range(len(marks) - 1)
    )


def _keep_apart(marks: Sequence[tuple[int, str]], width: int) -> list[tuple[int, str]]:
    kept: list[tuple[int, str]] = []
    for mark in marks:
        if _apart([*kept, mark], width):
            kept.append(mark)
    return kept


def _draw(marks: Sequence[tuple[int, str]], width: int) -> str:
    row = [" "] * width
    for at, name in marks:
        row[at : at + len(name)] = list(name)
    return "".join(row)


def years(first: date, last: date) -> str:
    """The year of the first month (each later January's is on the line below)."""
    return f"{first:%Y}"


def on_time_line(tracks: Sequence[Track]) -> str:
    """'7 of 9 check-ins on time', across every commitment."""
    points = [p for track in tracks for p in track.points]
    done, scheduled = on_time_share(points)
    if not points:
        return "No check-ins done yet."
    if not scheduled:  # only extra ones, listed below it: say so, not "none done"
        extra = "1 extra check-in" if len(points) == 1 else f"{len(points)} extra check-ins"
        return f"{extra}, none yet for a planned date"
    noun = "check-in" if scheduled == 1 else "check-ins"
    return f"{done} of {scheduled} {noun} on time"


def label_width(width: int) -> int:
    return LABEL_WIDTH if width >= NARROW else max(8, width // 3)


# --- The widget -------------------------------------------------------------------------


class Timeline(Widget, can_focus=True):
    """Every commitment as a row of check-ins; up and down choose one."""

    BINDINGS = keys.TIMELINE
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--cursor",
        "timeline--label",
        "timeline--inactive",
        "timeline--line",
        "timeline--future",
        "timeline--kept",
        "timeline--partly",
        "timeline--slipped",
        "timeline--not-up",
        "timeline--other",
        "timeline--pending",
        "timeline--due",
        "timeline--axis",
        "timeline--summary",
        "timeline--empty",
    }
    DEFAULT_CSS = """
    Timeline {
        height: auto;
        & > .timeline--cursor { text-style: bold reverse; }
        &:focus > .timeline--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .timeline--inactive { color: $text-muted; text-style: italic; }
        & > .timeline--line { color: $text-muted; }
        & > .timeline--future { color: $text-muted; }
        & > .timeline--kept { color: $text-success; text-style: bold; }
        & > .timeline--partly { color: $text-warning; text-style: bold; }
        & > .timeline--slipped { color: $text-error; text-style: bold; }
        & > .timeline--not-up { color: $text-primary; }
        & > .timeline--other { color: $text-muted; }
        & > .timeline--pending { color: $text-muted; }
        & > .timeline--due { color: $text-accent; text-style: bold; }
        & > .timeline--axis { color: $text-muted; }
        & > .timeline--summary { text-style: bold; }
        & > .timeline--empty { color: $text-muted; text-style: italic; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Highlighted(Message):
        """The cursor moved to another commitment (or the rows changed)."""

        def __init__(self, commitment_id: str | None) -> None:
            super().__init__()
            self.commitment_id = commitment_id

    def __init__(self, *, empty_text: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.empty_text = empty_text
        self._tracks: Sequence[Track] = ()
        self._today = date.today()
        self._top = 0

    # Data ------------------------------------------------------------------------------
    @property
    def tracks(self) -> Sequence[Track]:
        return self._tracks

    @property
    def selected(self) -> Track | None:
        if 0 <= self.cursor < len(self._tracks):
            return self._tracks[self.cursor]
        return None

    def show(self, tracks: Sequence[Track], today: date, select: str | None = None) -> None:
        """Draw ``tracks`` as of ``today``; keep the cursor on ``select`` if it is there."""
        self._tracks = tracks
        self._today = today
        ids = [t.commitment_id for t in tracks]
        self.cursor = ids.index(select) if select in ids else 0
        self.refresh(layout=True)

    def clear(self) -> None:
        """Forget every commitment (the journal is locking)."""
        self._tracks = ()
        self.refresh(layout=True)

    # Cursor ----------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._tracks) - 1))

    def watch_cursor(self) -> None:
        rows = self._visible_rows()
        if self.cursor < self._top:
            self._top = self.cursor
        elif self.cursor >= self._top + rows:
            self._top = self.cursor - rows + 1
        self.refresh()
        track = self.selected
        self.post_message(self.Highlighted(track.commitment_id if track else None))

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._tracks) - 1

    def on_click(self, event: events.Click) -> None:
        if event.y < self._visible_rows():
            self.cursor = self._top + event.y

    # Drawing ---------------------------------------------------------------------------
    def _visible_rows(self) -> int:
        return min(len(self._tracks), MAX_ROWS)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self._tracks:
            return max(1, len(self._empty_lines(width)))
        return self._visible_rows() + len(self._foot())

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        if not self._tracks:
            lines = self._empty_lines(width)
            if y < len(lines):
                # Beside a gutter, where the focus bar shows that the empty list has focus.
                bar = FOCUS_BAR if y == 0 and self.has_focus else " "
                return self._fit(Text(bar + lines[y], style=self._style("empty")), width)
            return Strip.blank(width, self.rich_style)
        rows = self._visible_rows()
        if y < rows:
            return self._fit(self._row(self._top + y, width), width)
        foot = self._foot()
        if y - rows < len(foot):
            return self._fit(foot[y - rows](width), width)
        return Strip.blank(width, self.rich_style)

    def _empty_lines(self, width: int) -> list[str]:
        """The empty text wrapped to ``width`` less a gutter of one cell (it was one line,
        cut at the edge)."""
        if not self.empty_text or width <= 1:
            return []
        return [line.plain for line in Text(self.empty_text).wrap(self.app.console, width - 1)]

    def _foot(self) -> list[Callable[[int], Text]]:
        """The lines under the rows, each drawn for a width."""
        turns = any(m.month == 1 for m in months_in(*span(self._tracks, self._today))[1:])
        return [
            self._months,
            *([self._years] if turns else []),
            lambda _: self._legend(),
            lambda _: Text(on_time_line(self._tracks), self._style("summary")),
        ]

    def _layout(self, width: int) -> tuple[int, int, date, date]:
        labels = label_width(width)
        line = max(1, width - INDENT - labels - 1)
        first, last = span(self._tracks, self._today)
        return labels, line, first, last

    def _row(self, index: int, width: int) -> Text:
        track = self._tracks[index]
        labels, line, first, last = self._layout(width)
        text = Text(no_wrap=True, end="")
        chosen = index == self.cursor
        text.append(FOCUS_BAR if chosen and self.has_focus else " ")
        text.append(CURSOR_MARK if chosen else " " * len(CURSOR_MARK))
        label = Text(one_line(track.label) or "(no words yet)", end="")
        label.truncate(labels, overflow="ellipsis", pad=True)
        label.stylize(self._style("cursor") if chosen else self._label_style(track))
        text.append_text(label)
        text.append(" ")
        for glyph, role in _runs(track_cells(track, first, last, line, self._today)):
            text.append(glyph, self._style(role) if role != "blank" else None)
        return text

    def _label_style(self, track: Track) -> Style:
        return self._style("label" if track.status == "active" else "inactive")

    def _months(self, width: int) -> Text:
        labels, line, first, last = self._layout(width)
        text = Text(" " * INDENT, self._style("axis"), end="")
        text.append(f"{years(first, last):>{labels}} ")
        text.append(month_labels(first, last, line))
        return text

    def _years(self, width: int) -> Text:
        labels, line, first, last = self._layout(width)
        text = Text(" " * (INDENT + labels + 1), self._style("axis"), end="")
        text.append(year_labels(first, last, line))
        return text

    def _legend(self) -> Text:
        text = Text(" " * INDENT, end="")
        for number, (glyph, role, words) in enumerate(LEGEND):
            if number:
                text.append("  ")
            text.append(glyph, self._style(role))
            text.append(f" {words}")
        return text

    def _style(self, role: str) -> Style:
        return self.get_component_rich_style(f"timeline--{role}")

    def _fit(self, text: Text, width: int) -> Strip:
        """One line, cut or padded to exactly ``width`` cells."""
        text.truncate(width, overflow="ellipsis", pad=True)
        text.stylize_before(self.rich_style)
        return Strip(text.render(self.app.console), width)

    def watch_has_focus(self, has_focus: bool) -> None:
        super().watch_has_focus(has_focus)
        self.refresh()


def _runs(cells: list[Cell]) -> list[Cell]:
    """Neighbouring cells of one role joined, so a row is a few spans, not one per cell."""
    runs: list[Cell] = []
    for glyph, role in cells:
        if runs and runs[-1][1] == role:
            runs[-1] = (runs[-1][0] + glyph, role)
        else:
            runs.append((glyph, role))
    return runs
