"""Looking back: anniversaries and a calendar of when he wrote and checked in.

Computed from what unlock already holds: every entry's summary keeps its creation
time as its sort key, and whether it is a check-in can be read from its JSON
without parsing it, so nothing is decrypted or parsed beyond the few summaries
an anniversary names. There are no streaks and nothing that resets to zero: a
day without writing is just a day; the calendar shows where the work happened.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from journal.models import Commitment, EntrySummary
from journal.summaries import Summary


@dataclass(frozen=True)
class Anniversary:
    """Something written (or committed to) on this day, ``years`` years ago."""

    years: int
    what: str  # "entry" or "commitment"
    record_id: str
    words: str
    #: An entry's summary (its id and kind, to open it); None for a commitment.
    entry: EntrySummary | None = None


@dataclass(frozen=True)
class Activity:
    """Per local day: entries written (check-ins included) and check-ins done."""

    written: Counter[date] = field(default_factory=Counter)
    checkins: Counter[date] = field(default_factory=Counter)

    def days_written(self, first: date, last: date) -> int:
        return sum(1 for day in self.written if first <= day <= last)

    def checkins_between(self, first: date, last: date) -> int:
        return sum(n for day, n in self.checkins.items() if first <= day <= last)


def same_day(day: date, today: date) -> bool:
    """Whether ``day`` has its anniversary ``today``: same month and day, and a
    February 29 falls on February 28 in years without one."""
    if (day.month, day.day) == (today.month, today.day):
        return True
    leap_day = (day.month, day.day) == (2, 29)
    return leap_day and (today.month, today.day) == (2, 28) and not calendar.isleap(today.year)


def local_day(summary: Summary) -> date | None:
    """The local date an entry was written, from its sort key (no parsing)."""
    try:
        return datetime.fromtimestamp(-summary.newest_first).date()
    except (ValueError, OverflowError, OSError):
        return None


def activity(summaries: Iterable[Summary]) -> Activity:
    found = Activity()
    for summary in summaries:
        day = local_day(summary)
        if day is None:
            continue
        found.written[day] += 1
        if summary.is_checkin:
            found.checkins[day] += 1
    return found


def anniversaries(
    summaries: Sequence[Summary], commitments: Iterable[Commitment], today: date
) -> list[Anniversary]:
    """What was written or committed to on this day in earlier years, most recent first."""
    found: list[Anniversary] = []
    for summary in summaries:
        day = local_day(summary)
        if day is not None and day.year < today.year and same_day(day, today):
            entry = summary.peek()
            years = today.year - day.year
            found.append(Anniversary(years, "entry", entry.id, entry.display_title(), entry))
    for commitment in commitments:
        day = commitment.created_at.astimezone().date()
        if day.year < today.year and same_day(day, today):
            words = commitment.start or commitment.stop
            found.append(Anniversary(today.year - day.year, "commitment", commitment.id, words))
    return sorted(found, key=lambda a: a.years)


def ago(years: int) -> str:
    return "A year ago" if years == 1 else f"{years} years ago"


def looking_back_line(found: Sequence[Anniversary], *, limit: int = 22) -> str:
    """One quiet line that fits 80 columns: 'A year ago today you wrote “…”.'"""
    if not found:
        return ""
    first = found[0]
    words = " ".join(first.words.split())
    if len(words) > limit:
        words = words[: limit - 1].rstrip() + "…"
    did = "committed to" if first.what == "commitment" else "wrote"
    more = len(found) - 1
    others = f" (+{more})" if more else ""
    return f"{ago(first.years)} today you {did} “{words}”{others} · y to look back"
