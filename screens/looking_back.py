"""Looking back: a year of days, marking when he wrote and when he checked in.

A grid like a wall calendar turned on its side: a column per week, a row per
weekday, the months named above. It shows where the work happened and nothing
more: no streaks, no counts that start again at zero after a day off. Read from
the summaries unlock already holds, in a worker, so it never decrypts.

Below it, "On this day": what he wrote or committed to on this day in earlier
years, a list to open each from (Enter), as home opens an entry; Esc in the
entry comes back here, read again in case he changed or deleted it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from journal.commitments import today
from journal.looking_back import Activity, Anniversary, activity, ago, anniversaries
from screens import keys
from screens.base import JournalScreen
from screens.checkin_view import entry_screen
from screens.text import MUTED, one_line
from screens.widgets.fitted_footer import FittedFooter

if TYPE_CHECKING:
    from journal.vault import Vault

NONE, WROTE, CHECKED = "·", "○", "●"
LEGEND = f"{WROTE} wrote   {CHECKED} checked in   {NONE} a day like any other"
_ROWS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def year_grid(found: Activity, last: date) -> Content:
    """The 53 weeks holding the year up to ``last``: month names, then a row per weekday.

    The year starts on a Monday (``span_start``); the last week's days after ``last``
    are blank, so every mark drawn is counted in the totals line. A month
    starting in the last week names itself past the grid's edge rather than not at all.
    """
    first = span_start(last)
    start = first - timedelta(days=first.weekday())  # the Monday of the first week
    weeks = [start + timedelta(weeks=w) for w in range(53)]
    months = [" "] * (len(weeks) + 3)
    free = 0
    for column, monday in enumerate(weeks):
        days = [monday + timedelta(days=d) for d in range(7)]
        named = next((day for day in days if day.day == 1 and first <= day <= last), None)
        if named is not None and column >= free:
            months[column : column + 3] = list(f"{named:%b}")
            free = column + 4
    parts: list[str | tuple[str, str]] = ["    ", ("".join(months).rstrip(), MUTED)]
    for weekday, label in enumerate(_ROWS):
        parts.append(f"\n{label:<4}")
        for monday in weeks:
            day = monday + timedelta(days=weekday)
            if not first <= day <= last:
                parts.append(" ")
            elif found.checkins[day]:
                parts.append((CHECKED, "bold $accent"))
            elif found.written[day]:
                parts.append((WROTE, "$success"))
            else:
                parts.append((NONE, MUTED))
    return Content.assemble(*parts)


def span_start(last: date) -> date:
    """The first day drawn for the year ending on ``last``: the Monday of the week 364 days
    before it (365 to 371 days, both ends counted), so every weekday row starts in the
    grid's first column (a year starting on a Sunday drew its Sun row one column left of
    the others). The totals line names these days, and counts every one drawn."""
    first = last - timedelta(days=364)
    return first - timedelta(days=first.weekday())


def totals_line(found: Activity, last: date) -> str:
    """'3 December 2025 – 2 December 2026: wrote on 63 days, 2 check-ins.'"""
    first = span_start(last)
    days, checkins = found.days_written(first, last), found.checkins_between(first, last)
    wrote = f"wrote on {days} day{'' if days == 1 else 's'}"
    checked = f"{checkins} check-in{'' if checkins == 1 else 's'}"
    return f"{first:%-d %B %Y} – {last:%-d %B %Y}: {wrote}, {checked}."


class OnThisDay(OptionList):
    """What he wrote or committed to on this day in earlier years; Enter opens one."""

    BINDINGS = keys.ON_THIS_DAY


class LookingBackScreen(JournalScreen[None]):
    """Press y at home. Left and right move a year; esc goes back."""

    BINDINGS = keys.LOOKING_BACK

    class Read(Message):
        def __init__(self, found: Activity, dates: list[Anniversary]) -> None:
            super().__init__()
            self.found = found
            self.dates = dates

    def __init__(self) -> None:
        super().__init__()
        self._today = today()
        self._last = self._today
        self._found: Activity | None = None
        #: What "On this day" lists, in its order.
        self._dates: list[Anniversary] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="looking-back"):
            yield Static("Looking back", classes="title")
            yield Static(id="calendar-totals", markup=False)
            yield Static(id="calendar-grid", markup=False)
            yield Static(LEGEND, id="calendar-legend", markup=False)
            yield Static("On this day", id="on-this-day", markup=False)
            yield OnThisDay(id="anniversaries", compact=True, markup=False)
        yield FittedFooter(keys.LOOKING_BACK_FOOTER)

    def on_mount(self) -> None:
        self._show_dates()
        self.refresh_journal()

    def refresh_journal(self) -> None:
        """Read again: on opening, and back from an entry that may have changed."""
        self._read(self.vault, self._today)

    @work(
        thread=True,
        exclusive=True,
        group="looking-back",
        exit_on_error=False,
        description="looking-back",
    )
    def _read(self, vault: Vault, on: date) -> None:
        summaries = vault.entries().summaries
        found = activity(summaries)
        self.post_message(self.Read(found, anniversaries(summaries, vault.commitments(), on)))

    @on(Read)
    def _show_read(self, event: Read) -> None:
        self._found = event.found
        self._dates = event.dates
        self._show_dates()
        self._draw()

    def _show_dates(self) -> None:
        dates = self.query_one("#anniversaries", OptionList)
        highlighted = dates.highlighted
        dates.set_options(Option(_date_line(a)) for a in self._dates)
        if self._dates:
            dates.highlighted = min(highlighted or 0, len(self._dates) - 1)
        for part in (dates, self.query_one("#on-this-day")):
            part.display = bool(self._dates)
        if self._dates and self.focused in (None, self.query_one("#looking-back")):
            dates.focus()  # Enter opens the first at once
        self.refresh_bindings()

    # Opening what was written on this day ------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return self._highlighted() is not None
        return True

    def _highlighted(self) -> Anniversary | None:
        index = self.query_one("#anniversaries", OptionList).highlighted
        return self._dates[index] if index is not None and index < len(self._dates) else None

    @on(OptionList.OptionSelected, "#anniversaries")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter on the list, or a click on a row."""
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """The entry in its own view (read in its worker, as from home), or the commitment
        on the commitments screen; either way, back here after."""
        chosen = self._highlighted()
        if chosen is None:
            return
        if chosen.entry is not None:
            screen: JournalScreen[Any] = entry_screen(chosen.entry)
        else:
            from screens.commitments import CommitmentsScreen

            screen = CommitmentsScreen(select=chosen.record_id)
        self.app.push_screen(screen, lambda _: self.refresh_journal())

    def _draw(self) -> None:
        if self._found is None:
            return
        self.query_one("#calendar-grid", Static).update(year_grid(self._found, self._last))
        self.query_one("#calendar-totals", Static).update(totals_line(self._found, self._last))

    def action_year(self, step: int) -> None:
        last = self._last
        day = 28 if (last.month, last.day) == (2, 29) else last.day  # no Feb 29 that year
        self._last = min(last.replace(year=last.year + step, day=day), self._today)
        self._draw()

    def action_back(self) -> None:
        self.dismiss()

    def forget(self) -> None:
        self._found = None
        self._dates = []
        self._show_dates()
        self.query_one("#calendar-grid", Static).update("")


def _date_line(found: Anniversary) -> str:
    """'A year ago: “The leaving do”', plain text (the list is made with markup off)."""
    words = one_line(found.words)[:70]
    return f"{ago(found.years)}: “{words}”" + (" (a commitment)" if found.entry is None else "")
