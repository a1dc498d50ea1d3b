"""Keys typed in a burst land where the user will see them land.

A terminal delivers a fast burst of keys (typing ahead, tmux send-keys, a key held
down) before the app has handled the first. Each key here is posted at once, as the
terminal driver posts them, with no pause between: the app must handle them in turn,
each on the widget and screen that the keys before it left focused.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from screens.entry_view import EntryViewScreen
from screens.flow import FlowScreen
from screens.home import HomeScreen
from screens.settings import SettingsScreen
from screens.unlock import UnlockScreen
from tests.tui_helpers import (
    PASSPHRASE,
    entry,
    make_app,
    make_vault,
    screen_text,
    settle,
    start_flow,
    type_text,
    unlock,
)


def burst(pilot: Pilot[Any], keys: str | list[str]) -> None:
    """Post every key at once, as the driver does with a burst read from the terminal."""
    for key in keys:
        char = key if len(key) == 1 else None
        pilot.app.post_message(events.Key(key, char))


async def test_a_search_typed_in_one_burst_goes_into_the_search_box(tmp_path: Path) -> None:
    """`/harbour` in one burst: `/` focuses the search box and the rest is the search;
    before, the letters went to the list as commands (`u` opened Support, `r` resumed)."""
    path = make_vault(tmp_path / "v.db", [entry("by the harbour", "we walked"), entry("other")])
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        burst(pilot, ["slash", *"harbour"])
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#search", Input).value == "harbour"
        assert "by the harbour" in screen_text(app)
        assert "other" not in screen_text(app).split("entries")[-1]


async def test_keys_typed_as_a_screen_opens_reach_that_screen(tmp_path: Path) -> None:
    """Enter opens an entry and the next key is the entry view's own (Escape goes back),
    not a second key on the list below it."""
    path = make_vault(tmp_path / "v.db", [entry("first", "one"), entry("second", "two")])
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        burst(pilot, ["enter", "escape", "down", "enter"])
        await settle(pilot)
        assert isinstance(app.screen, EntryViewScreen)
        assert "two" in screen_text(app) or "one" in screen_text(app)
        opened = screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        # The second Enter opened the row below the first, as typed.
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.entries.cursor == 1, opened


async def test_a_value_typed_as_settings_opens_goes_into_its_first_field(tmp_path: Path) -> None:
    """`s` then a number: Settings opens with the auto-lock minutes focused and the
    keys typed behind `s` edit them; before, they went to the journal list below."""
    path = make_vault(tmp_path / "v.db", [entry("first", "one")])
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        burst(pilot, ["s", "backspace", "9"])
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert app.screen.query_one("#auto-lock", Input).value == "9"


async def test_ctrl_l_in_a_burst_locks_and_drops_the_keys_behind_it(tmp_path: Path) -> None:
    """Ctrl+L is never held behind keys typed before it, and those keys are dropped:
    typed for the journal, they must not reach the unlock screen's passphrase box."""
    path = make_vault(tmp_path / "v.db", [entry("first", "one")])
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        burst(pilot, ["n", *"secret", "ctrl+l"])
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert app.screen.query_one(Input).value == ""


async def test_down_down_enter_typed_after_a_search_opens_the_second_hit(tmp_path: Path) -> None:
    """Typed in one go: the search, then Down into its results, Down, Enter. The keys
    after the search wait for its results, so Enter opens the second hit (not a row of
    the list shown before the search), on the first Enter."""
    path = make_vault(
        tmp_path / "v.db",
        [
            entry("newest, no match", "nothing here", minutes_ago=1),
            entry("first hit", "the harbour wall", minutes_ago=2),
            entry("between, no match", "still nothing", minutes_ago=3),
            entry("second hit", "harbour lights", minutes_ago=4),
        ],
    )
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        burst(pilot, ["slash", *"harbour", "down", "down", "enter"])
        await settle(pilot)
        assert isinstance(app.screen, EntryViewScreen)
        assert "second hit" in screen_text(app)


async def test_words_typed_right_after_ctrl_n_answer_the_next_question(tmp_path: Path) -> None:
    """Ctrl+N and the next answer typed in one go: the words are the next step's
    answer; before, they were added to the answer of the step being left."""
    path = make_vault(tmp_path / "v.db")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await start_flow(pilot, "conduct")
        await type_text(pilot, "First.")
        burst(pilot, ["ctrl+n", *"Second"])
        await settle(pilot)
        assert "Step 2 of" in screen_text(app)
        assert isinstance(app.screen, FlowScreen)
        answers = [area.text for area in app.screen.query(TextArea) if area.display]
        assert answers == ["Second"], answers


def typed(pilot: Pilot[Any], text: str) -> None:
    """Post the keys of ``text`` at once, named as the driver names them."""
    for char in text:
        pilot.app.post_message(events.Key({" ": "space", "/": "slash"}.get(char, char), char))


async def test_a_passphrase_typed_as_the_app_starts_loses_nothing(tmp_path: Path) -> None:
    """Typed before the field has focus: the first letters went to a screen with nothing
    focused, and the passphrase was refused."""
    app = make_app(make_vault(tmp_path / "v.db", [entry("The kitchen", "I shouted")]))
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.screen.query_one("#passphrase", Input)
        app.screen.set_focus(None)  # as the app starts: the field's focus is yet to come
        typed(pilot, PASSPHRASE)
        burst(pilot, ["enter"])
        await pilot.pause()
        field.focus()
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen), screen_text(app)


async def test_keys_typed_while_unlocking_wait_for_the_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`/kitchen` typed just after Enter, while the key is derived: before, it went to
    the disabled field and was lost; now the search box has it."""
    app = make_app(make_vault(tmp_path / "v.db", [entry("The kitchen", "I shouted")]))
    derived = threading.Event()
    unlock_now = app.session.unlock

    def slow_unlock(passphrase: str) -> None:  # as slow as the real KDF, until let go
        derived.wait(timeout=30)
        unlock_now(passphrase)

    monkeypatch.setattr(app.session, "unlock", slow_unlock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        typed(pilot, PASSPHRASE)
        burst(pilot, ["enter"])
        typed(pilot, "/kitchen")
        for _ in range(20):  # every key handled that will be, while unlocking
            await pilot.pause()
        derived.set()
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#search", Input).value == "kitchen"


async def test_keys_typed_while_a_wrong_passphrase_is_tried_are_dropped(
    tmp_path: Path,
) -> None:
    """Typed for the journal, they must not land in the passphrase field."""
    app = make_app(make_vault(tmp_path / "v.db", [entry("The kitchen", "I shouted")]))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        typed(pilot, "not it at all")
        burst(pilot, ["enter"])
        typed(pilot, "/kitchen")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert app.screen.query_one("#passphrase", Input).value == ""
        assert "didn't open this journal" in screen_text(app)


async def test_enter_turned_into_ctrl_j_still_unlocks(tmp_path: Path) -> None:
    """Typed before the terminal is raw, Enter reaches the app as Ctrl+J."""
    app = make_app(make_vault(tmp_path / "v.db", [entry("The kitchen", "I shouted")]))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        typed(pilot, PASSPHRASE)
        burst(pilot, ["ctrl+j"])
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
