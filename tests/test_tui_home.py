"""The journal list: search, filters, notices, and a list that stays fast at 100,000."""

from __future__ import annotations

import sqlite3
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Input, Select
from tui_helpers import (
    FIXED,
    SIZE,
    entry,
    make_app,
    make_vault,
    screen_text,
    settle,
    type_text,
    unlock,
)

from journal.models import KINDS, Entry
from screens.home import DAMAGED, EMPTY, NO_MATCH
from screens.widgets.entry_list import EntryList

JOURNAL = [
    entry("Laughing along", "the joke at the bar", kind="bystander", tags=["work"], minutes_ago=1),
    entry(
        "Dad's rules",
        "what my father said about crying",
        kind="influence",
        tags=["family"],
        minutes_ago=2,
    ),
    entry(
        "The party",
        "I kept refilling her glass at the party",
        kind="conduct",
        tags=["work"],
        minutes_ago=3,
    ),
    entry("Stop interrupting", "in meetings", kind="commitment", minutes_ago=4),
]


def titles(app: Any) -> list[str]:
    return [e.title for e in app.screen.query_one(EntryList).entries]


async def test_newest_first_with_count(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db", JOURNAL))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        assert titles(app) == ["Laughing along", "Dad's rules", "The party", "Stop interrupting"]
        assert "4 entries" in screen_text(app)
        assert "Something I witnessed" in screen_text(app)


async def test_the_list_names_each_entry_by_the_flow_it_came_from(tmp_path: Path) -> None:
    told = entry("What Sam told me", "he said he kept texting her", kind="bystander")
    told.flow = "friend_told"
    online = entry("The group chat", "I shared the photo", kind="conduct", minutes_ago=1)
    online.flow = "online"
    app = make_app(make_vault(tmp_path / "vault.db", [told, online]))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        shown = screen_text(app)
        assert "A friend told me" in shown and "What I did online" in shown
        assert "Something I witnessed" not in shown and "Something I did" not in shown


async def test_search_as_you_type(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db", JOURNAL))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await type_text(pilot, "PARTY")
        await settle(pilot, 0.2)
        assert titles(app) == ["The party"]
        assert "1 of 4 entries" in screen_text(app)
        await type_text(pilot, " nothing-like-this")
        await settle(pilot, 0.2)
        assert titles(app) == []
        assert NO_MATCH in screen_text(app)
        await pilot.press("escape")
        await settle(pilot, 0.2)
        assert len(titles(app)) == 4
        assert isinstance(app.focused, EntryList)


async def test_filter_by_kind_and_tag(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db", JOURNAL))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        tag = app.screen.query_one("#tag", Select)
        tag.value = "work"
        await settle(pilot)
        assert titles(app) == ["Laughing along", "The party"]
        kind = app.screen.query_one("#kind", Select)
        kind.value = "conduct"
        await settle(pilot)
        assert titles(app) == ["The party"]
        tag.clear()
        kind.clear()
        await settle(pilot)
        assert len(titles(app)) == 4


async def test_esc_clears_the_search_and_the_filters(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db", JOURNAL))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        kind = app.screen.query_one("#kind", Select)
        tag = app.screen.query_one("#tag", Select)
        tag.value = "work"
        kind.value = "conduct"
        await settle(pilot)
        assert titles(app) == ["The party"]
        await pilot.press("escape")
        await settle(pilot)
        assert len(titles(app)) == 4
        assert not isinstance(kind.value, str) and not isinstance(tag.value, str)
        assert isinstance(app.focused, EntryList)
        await pilot.press("f1")
        await settle(pilot)
        assert "Clear search and filters" in screen_text(app)


async def test_k_and_t_each_open_their_dropdown(tmp_path: Path) -> None:
    """One model for both filters: the key opens the list; arrows and Enter pick."""
    app = make_app(make_vault(tmp_path / "vault.db", JOURNAL))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        kind = app.screen.query_one("#kind", Select)
        tag = app.screen.query_one("#tag", Select)
        await pilot.press("k")
        await settle(pilot)
        assert kind.expanded and kind.has_focus_within and not isinstance(kind.value, str)
        assert "│▎ All kinds" in screen_text(app)  # the cursor starts on the choice now
        await pilot.press("down", "enter")  # the first kind
        await settle(pilot)
        assert kind.value == KINDS[0] and titles(app) == ["The party"]
        app.screen.query_one(EntryList).focus()
        await pilot.press("t")
        await settle(pilot)
        assert tag.expanded and tag.has_focus_within


async def test_a_dropdown_gives_focus_back_to_the_list_once_it_closes(tmp_path: Path) -> None:
    """k then Esc, or t then a pick: the list has focus again, so down moves in it
    (it reopened the dropdown); a dropdown that has focus shows it in its shape."""
    app = make_app(make_vault(tmp_path / "vault.db", JOURNAL))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        entries = app.screen.query_one(EntryList)
        kind = app.screen.query_one("#kind", Select)
        await pilot.press("k")
        await settle(pilot)
        assert kind.expanded
        assert screen_text(app).splitlines()[2].count("│") == 2  # its round border
        await pilot.press("escape")
        await settle(pilot)
        assert not kind.expanded and app.focused is entries
        await pilot.press("down")
        await settle(pilot)
        assert not kind.expanded and entries.cursor == 1
        assert screen_text(app).splitlines()[5].startswith("▎")  # the cursor, focused
        assert "╭" not in screen_text(app)  # nothing else looks focused
        await pilot.press("t", "down", "enter")  # from "Any tag" to "family"
        await settle(pilot)
        tag = app.screen.query_one("#tag", Select)
        assert tag.value == "family" and not tag.expanded and app.focused is entries
        assert titles(app) == ["Dad's rules"]
        tag.focus()  # reached with Tab: focused, not open, and it looks it
        await settle(pilot)
        top, middle = screen_text(app).splitlines()[1:3]
        assert top.rstrip().endswith("╮") and "family" in middle
        assert top.count("╭") == 1  # the search box and Kind are not drawn as focused
        await pilot.press("enter", "escape")  # opened from itself: focus stays on it
        await settle(pilot)
        assert app.focused is tag and not tag.expanded


async def test_an_empty_journal_says_how_to_start(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        assert EMPTY in screen_text(app)


async def test_damaged_records_get_one_calm_line(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db", JOURNAL)
    with sqlite3.connect(path) as db:
        (record_id,) = db.execute("SELECT id FROM records LIMIT 1").fetchone()
        db.execute("UPDATE records SET ciphertext = zeroblob(64) WHERE id = ?", (record_id,))
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        assert DAMAGED.split(";")[0] in screen_text(app)
        assert len(titles(app)) == 3


def many(count: int) -> list[Entry]:
    return [
        Entry(
            kind=KINDS[i % len(KINDS)], title=f"entry {i}", created_at=FIXED - timedelta(minutes=i)
        )
        for i in range(count)
    ]


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield EntryList()


async def test_the_list_draws_only_visible_rows() -> None:
    entries = many(100_000)
    app = ListApp()
    async with app.run_test(size=SIZE) as pilot:
        listing = app.query_one(EntryList)
        calls: list[int] = []
        original = listing.render_line

        def counting(y: int) -> Any:
            calls.append(y)
            return original(y)

        listing.render_line = counting  # type: ignore[method-assign]
        started = time.perf_counter()
        listing.show(entries)
        await pilot.pause()
        assert time.perf_counter() - started < 1.0
        assert max(calls) < SIZE[1]
        assert len(calls) <= 3 * SIZE[1]
        assert "entry 0" in screen_text(app)
        calls.clear()
        listing.focus()
        await pilot.press("end")
        assert listing.cursor == 99_999
        assert len(calls) <= 3 * SIZE[1]
        assert "entry 99999" in screen_text(app)
        await pilot.press("pageup", "up")
        assert listing.cursor < 99_999 - SIZE[1] + 2
        listing.show(entries[:10], select=entries[5].id)
        await pilot.pause()
        assert listing.cursor == 5


async def test_an_entry_whose_answers_are_damaged_is_listed_but_not_shown(
    tmp_path: Path,
) -> None:
    """Unlock opens only summaries: damage to an entry's answers is found when they are
    first decrypted (here by the search index, right after the first paint). The home
    screen then says so; opening the entry says it can't be read, and it can be deleted."""
    path = make_vault(tmp_path / "vault.db", JOURNAL)
    with sqlite3.connect(path) as db:
        (record_id, blob) = db.execute("SELECT id, ciphertext FROM records LIMIT 1").fetchone()
        flipped = bytearray(blob)
        flipped[-1] ^= 0x01  # the last byte belongs to the body (the answers)
        db.execute("UPDATE records SET ciphertext = ? WHERE id = ?", (bytes(flipped), record_id))
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert DAMAGED.split(";")[0] in screen_text(app)
        assert len(titles(app)) == 4  # its summary still opens: it is listed
        widget = app.screen.query_one(EntryList)
        widget.cursor = next(i for i, e in enumerate(widget.entries) if e.id == record_id)
        await pilot.press("enter")
        await settle(pilot)
        assert "could not be read" in screen_text(app)
        assert app.screen.check_action("edit", ()) is False
        await pilot.press("d")
        await settle(pilot)
        await pilot.click("#yes")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert len(titles(app)) == 3


def notifications(app: App[Any]) -> list[str]:
    """What the app says in toasts (a screenshot leaves them out), recorded as each is
    posted: from ``notify`` or a screen's ``hint`` alike."""
    said: list[str] = []
    post = app.post_message

    def record(message: Message) -> bool:
        if isinstance(message, Notify):
            said.append(message.notification.message)
        return post(message)

    app.post_message = record  # type: ignore[method-assign]
    return said


async def test_c_with_no_check_in_due_says_so(tmp_path: Path) -> None:
    """Not silence: the key a user tries gets one line saying why nothing opened."""
    app = make_app(make_vault(tmp_path / "vault.db", JOURNAL))
    said = notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert any(m.startswith("No check-in is due.") for m in said)
        assert type(app.screen).__name__ == "HomeScreen"


async def test_ctrl_c_says_how_to_quit(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    said = notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert any(m.startswith("To quit, press Ctrl+Q.") for m in said)
        assert app.is_running
