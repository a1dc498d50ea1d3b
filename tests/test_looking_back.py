"""Looking back: anniversaries on home and a calendar of days written and checked in.

Computed from summaries unlock already holds (no decrypting; a summary is parsed only
when an anniversary names it), after the home list's first paint. No streaks: nothing
in it counts consecutive days or starts again at zero."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import OptionList, Static
from tui_helpers import PASSPHRASE, SIZE, make_app, make_vault, screen_text, settle, unlock

from journal.looking_back import Activity, activity, anniversaries, looking_back_line, same_day
from journal.models import Answer, Commitment, Entry
from journal.summaries import Summary
from journal.vault import Vault
from screens.commitments import CommitmentsScreen
from screens.entry_view import EntryViewScreen
from screens.looking_back import (
    NONE,
    WROTE,
    LookingBackScreen,
    span_start,
    totals_line,
    year_grid,
)


def local(y: int, m: int, d: int, hour: int = 12) -> datetime:
    return datetime(y, m, d, hour).astimezone()


def written(title: str, when: datetime, kind: str = "free") -> Entry:
    answers = [Answer(step_id="s", text=f"About {title}")]
    return Entry(kind=kind, title=title, answers=answers, created_at=when, updated_at=when)


@pytest.fixture
def frozen() -> Iterator[Any]:
    with time_machine.travel(local(2026, 12, 2, 9), tick=False) as traveller:
        yield traveller


JOURNAL = [
    written("The leaving do", local(2025, 12, 2)),
    written("What my father said", local(2024, 12, 2, 20)),
    written("Yesterday's party", local(2025, 12, 1)),
    written("Last week", local(2026, 11, 25)),
    written("Check-in on hugs", local(2026, 11, 20), kind="checkin"),
    written("Check-in, again", local(2026, 11, 20, 18), kind="checkin"),
]


def test_anniversaries_by_month_and_day() -> None:
    assert same_day(date(2025, 12, 2), date(2026, 12, 2))
    assert not same_day(date(2025, 12, 1), date(2026, 12, 2))
    assert same_day(date(2024, 2, 29), date(2025, 2, 28))  # no Feb 29 in 2025
    assert not same_day(date(2024, 2, 29), date(2028, 2, 28))  # 2028 has one
    summaries = [Summary.of(e.summary()) for e in JOURNAL]
    commitment = Commitment(start="Asking before a hug", created_at=local(2023, 12, 2))
    found = anniversaries(summaries, [commitment], date(2026, 12, 2))
    assert [(a.years, a.what, a.words) for a in found] == [
        (1, "entry", "The leaving do"),
        (2, "entry", "What my father said"),
        (3, "commitment", "Asking before a hug"),
    ]
    line = looking_back_line(found)
    assert line == "A year ago today you wrote “The leaving do” (+2) · y to look back"
    assert len(line) <= 78
    assert anniversaries(summaries, [], date(2026, 6, 1)) == []


def test_activity_reads_summaries_without_parsing_them() -> None:
    raws = [(e.id, e.summary().model_dump_json().encode()) for e in JOURNAL]
    summaries = [Summary.sealed(entry_id, raw, print) for entry_id, raw in raws]
    assert all(s is not None for s in summaries)
    found = activity([s for s in summaries if s is not None])
    assert all(s is not None and s._parsed is None for s in summaries)  # still unparsed
    assert found.written[date(2026, 11, 20)] == 2
    assert found.checkins[date(2026, 11, 20)] == 2
    assert found.checkins[date(2026, 11, 25)] == 0
    assert found.days_written(date(2025, 12, 3), date(2026, 12, 2)) == 2


def test_the_grid_draws_only_the_days_it_counts_and_names_every_month() -> None:
    last = date(2026, 12, 2)
    found = Activity()
    found.written[date(2025, 11, 30)] = 1  # the Sunday before the span: not drawn
    found.written[date(2025, 12, 1)] = 1  # the span's first day, the Monday of week one
    lines = year_grid(found, last).plain.splitlines()
    months = lines[0].split()
    # Every month the span starts: December 2025 (on its first day) and December 2026 too,
    # though it begins in the last week.
    assert months == [
        "Dec",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ]
    marks = "".join(line[4:] for line in lines[1:])
    assert marks.count(WROTE) == 1
    assert "wrote on 1 day," in totals_line(found, last)
    # 367 days are drawn (dots or marks), Monday 1 December 2025 to Wednesday 2 December
    # 2026, no more: the rest of the last week is blank.
    assert totals_line(found, last).startswith("1 December 2025 – 2 December 2026:")
    assert marks.count(NONE) + marks.count(WROTE) == 367


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_every_weekday_row_starts_in_the_same_column(last: date) -> None:
    """Found by a walk: a year starting on a Sunday (← to 7 December 2025) drew its Sun row
    one column left of the others. Every row starts in the first column, runs without a
    gap, and the days drawn are the days the totals line counts."""
    found = Activity()
    rows = year_grid(found, last).plain.splitlines()[1:]
    assert len(rows) == 7
    cells = [row[4:] for row in rows]
    assert all(row.startswith(NONE) for row in cells)
    assert all(NONE * len(row.rstrip()) == row.rstrip() for row in cells)
    first = span_start(last)
    assert first.weekday() == 0 and 365 <= (last - first).days + 1 <= 371
    assert sum(row.count(NONE) for row in cells) == (last - first).days + 1


def test_a_quote_in_the_text_cannot_fake_a_check_in() -> None:
    tricky = written('"kind":"checkin"', local(2026, 11, 1))
    raw = tricky.summary().model_dump_json().encode()
    summary = Summary.sealed(tricky.id, raw, print)
    assert summary is not None and not summary.is_checkin


async def test_home_says_a_year_ago_after_the_first_paint(tmp_path: Path, frozen: Any) -> None:
    app = make_app(make_vault(tmp_path / "vault.db", JOURNAL))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        line = app.screen.query_one("#looking-back-line", Static)
        assert line.display
        assert "A year ago today you wrote “The leaving do” (+1)" in screen_text(app)
        assert "streak" not in screen_text(app).lower()


async def test_no_anniversary_no_line(tmp_path: Path) -> None:
    with time_machine.travel(local(2026, 6, 1, 9), tick=False):
        app = make_app(make_vault(tmp_path / "vault.db", JOURNAL))
        async with app.run_test(size=SIZE) as pilot:
            await unlock(pilot)
            assert not app.screen.query_one("#looking-back-line", Static).display


async def test_the_calendar_marks_days_and_moves_by_year(tmp_path: Path, frozen: Any) -> None:
    app = make_app(make_vault(tmp_path / "vault.db", JOURNAL))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, LookingBackScreen)
        text = screen_text(app)
        # From Monday 1 December 2025: Dec 1 and 2, Nov 20 (twice) and 25.
        assert "1 December 2025 – 2 December 2026: wrote on 4 days, 2 check-ins" in text
        assert "●" in text and "○" in text
        assert "A year ago: “The leaving do”" in text
        assert "streak" not in text.lower()
        await pilot.press("left")
        await settle(pilot)
        assert "2 December 2024 – 2 December 2025: wrote on 3 days" in screen_text(app)
        await pilot.press("right", "right")
        await settle(pilot)
        assert "– 2 December 2026:" in screen_text(app)  # never past today
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert "The leaving do" not in screen_text(app)


def with_commitment(path: Path, commitment: Commitment) -> Path:
    vault = Vault.open(path, insecure_kdf_for_tests=True)
    try:
        vault.unlock(PASSPHRASE)
        vault.save_commitment(commitment)
    finally:
        vault.close()
    return path


async def test_what_was_written_on_this_day_opens_and_esc_comes_back(
    tmp_path: Path, frozen: Any
) -> None:
    """Issue 15: "A year ago: “The leaving do”" could not be opened. Enter on it opens
    the entry (read in the entry view's worker, as from home), Esc comes back to Looking
    back; a commitment opens on the commitments screen. Down and Enter pressed together
    open the one Down moved to."""
    hug = Commitment(start="Asking before a hug", created_at=local(2023, 12, 2))
    app = make_app(with_commitment(make_vault(tmp_path / "vault.db", JOURNAL), hug))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("y")
        await settle(pilot)
        looking_back = app.screen
        assert isinstance(looking_back, LookingBackScreen)
        assert screen_text(app).splitlines()[-1].count("⏎ Open") == 1
        await pilot.press("down", "enter")  # in one go
        await settle(pilot)
        assert isinstance(app.screen, EntryViewScreen)
        assert screen_text(app).splitlines()[0].strip() == "What my father said"
        assert "About What my father said" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is looking_back
        await pilot.press("up", "enter")
        await settle(pilot)
        assert screen_text(app).splitlines()[0].strip() == "The leaving do"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("tab")  # focus off the list: Enter is the screen's own there
        await settle(pilot)
        assert app.focused is not looking_back.query_one("#anniversaries")
        looking_back.query_one("#anniversaries", OptionList).highlighted = 2
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        assert app.screen.selected is not None and app.screen.selected.id == hug.id
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is looking_back


def test_calendar_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db", JOURNAL)
    with time_machine.travel(local(2026, 12, 2, 9), tick=False):
        app = make_app(path)

        async def open_calendar(pilot: Any) -> None:
            await unlock(pilot)
            await pilot.press("y")
            await settle(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=open_calendar)
