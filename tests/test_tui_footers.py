"""Footers at 80 and 120 columns (read from export_screenshot): every screen and dialog
with a footer shows f1 Help and, while the journal is open, ^l Lock, cut off nowhere,
and only keys that work there; the journal's shows quitting, a draft to resume and a
check-in due in every state; every flow has Support one key away."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from footer_checks import check_footers, footer
from hypothesis import given, settings
from hypothesis import strategies as st
from tui_helpers import (
    PASSPHRASE,
    SIZE,
    entry,
    make_app,
    make_vault,
    settle,
    type_text,
    unlock,
)

from journal.models import Commitment, Draft
from journal.vault import Vault
from screens import keys
from screens.answer_review import AnswerReviewModal
from screens.commitments import CommitmentsScreen
from screens.entry_view import EntryViewScreen
from screens.first_run import FirstRunScreen, RecoveryCodeScreen
from screens.flow import FlowScreen
from screens.flow_picker import FlowPicker
from screens.help import HelpScreen
from screens.home import HomeScreen
from screens.looking_back import LookingBackScreen
from screens.post_draft import PostDraftScreen
from screens.recovery import RecoveryScreen
from screens.resources import ResourcesScreen
from screens.unlock import UnlockScreen
from screens.widgets.fitted_footer import fit


async def test_the_journal_footer_shows_what_a_new_user_looks_for(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db", [entry("Dinner", "I raised my voice")]))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        line = footer(app)
        for shown in ("n New", "k Kind", "t Tag", "s Settings", "u Support", "^q Quit",
                      "^l Lock", "f1 Help"):  # fmt: skip
            assert shown in line, line
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ResourcesScreen)


async def test_support_is_in_the_flow_footer_and_one_key_away_in_every_flow_screen(
    tmp_path: Path,
) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FlowPicker)
        await pilot.press("f2")  # the picker's intro says "press F2"
        await settle(pilot)
        assert isinstance(app.screen, ResourcesScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        assert "f2 Support" in footer(app) and "f1 Help" in footer(app)
        app.screen.query_one("#answer").focus()
        await pilot.press("i", " ", "s", "a", "i", "d")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, AnswerReviewModal)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ResourcesScreen)


async def test_f2_opens_support_on_home_the_entry_and_the_post_screen(tmp_path: Path) -> None:
    """One Support key everywhere: the post checklist says "F2 in amends"."""
    app = make_app(make_vault(tmp_path / "vault.db", [entry("Dinner", "I raised my voice")]))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        for keys, screen in (
            ((), HomeScreen),
            (("enter",), EntryViewScreen),
            (("p",), PostDraftScreen),
        ):
            await pilot.press(*keys)
            await settle(pilot)
            assert isinstance(app.screen, screen)
            await pilot.press("f2")
            await settle(pilot)
            assert isinstance(app.screen, ResourcesScreen), screen
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, screen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("u")  # the entry view takes u as well, as home does
        await settle(pilot)
        assert isinstance(app.screen, ResourcesScreen)


# --- What the journal footer shows, by what applies and by width ------------------------


def due_vault(tmp_path: Path, *, draft: bool = False) -> Path:
    """A vault with a commitment whose check-in fell due on 2026-02-07 (and a draft)."""
    source = entry("Dinner", "I raised my voice")
    commitment = Commitment(
        start="Asking before I touch anyone",
        created_at=datetime(2026, 1, 31, 12, tzinfo=UTC),
        checkin_dates=[date(2026, 2, 7)],
        source_entry_id=source.id,
    )
    path = make_vault(tmp_path / "vault.db", [source, commitment])
    if draft:
        with Vault.open(path, insecure_kdf_for_tests=True) as vault:
            vault.unlock(PASSPHRASE)
            vault.save_draft(Draft(flow="conduct", kind="conduct", title="unfinished"))
    return path


@pytest.mark.parametrize("draft", [False, True], ids=["due", "due_and_draft"])
async def test_with_a_check_in_due_the_footer_shows_c_and_keeps_help_and_lock_at_80(
    tmp_path: Path, draft: bool
) -> None:
    path = due_vault(tmp_path, draft=draft)
    with time_machine.travel(datetime(2026, 2, 9, 9, tzinfo=UTC), tick=False):
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await unlock(pilot)
            line = footer(app)
            for shown in ("c Check in", "n New", "u Support", "s Settings", "^l Lock", "f1 Help"):
                assert shown in line, line
            assert line.endswith("^l Lock f1 Help"), line  # nothing cut off at the edge
            assert ("k Kind" in line) == ("t Tag" in line), line  # the filters alike
            await pilot.press("ctrl+q")  # left out of the footer at 80, still bound
            await settle(pilot)
            assert app.return_code is not None


async def test_nothing_due_and_no_draft_hide_c_and_r(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db", [entry("Dinner", "I raised my voice")]))
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        line = footer(app)
        assert "Check in" not in line and "Resume draft" not in line, line


async def test_at_120_columns_the_footer_shows_more_than_at_80(tmp_path: Path) -> None:
    """y (looking back) is shown where there is room; at 80 it is left out but works."""
    path = due_vault(tmp_path, draft=True)
    with time_machine.travel(datetime(2026, 2, 9, 9, tzinfo=UTC), tick=False):
        app = make_app(path)
        async with app.run_test(size=(120, 40)) as pilot:
            await unlock(pilot)
            wide = footer(app)
            for shown in ("c Check in", "r Resume draft", "k Kind", "t Tag", "m Commitments",
                          "y Looking back", "^q Quit", "^l Lock", "f1 Help"):  # fmt: skip
                assert shown in wide, wide
            await pilot.resize_terminal(80, 24)
            await settle(pilot)
            narrow = footer(app)
            assert "y Looking back" not in narrow and narrow.endswith("^l Lock f1 Help"), narrow
            await pilot.press("y")
            await settle(pilot)
            assert isinstance(app.screen, LookingBackScreen)


async def test_the_commitments_footer_keeps_help_and_lock_at_80(tmp_path: Path) -> None:
    app = make_app(due_vault(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        line = footer(app)
        for shown in ("c Check in", "n New", "o Where it began", "esc Back", "^l Lock", "f1 Help"):
            assert shown in line, line


@settings(max_examples=200, deadline=None)
@given(
    width=st.integers(min_value=16, max_value=200),
    extra=st.lists(st.sampled_from(["checkin", "resume", "look_back"]), unique=True),
)
def test_fit_never_drops_help_or_lock_and_keeps_the_order(width: int, extra: list[str]) -> None:
    items = [
        (action, key, words)
        for action, key, words in (
            ("new", "n", "New"),
            ("resume", "r", "Resume draft"),
            ("checkin", "c", "Check in"),
            ("kinds", "k", "Kind"),
            ("tags", "t", "Tag"),
            ("commitments", "m", "Commitments"),
            ("look_back", "y", "Looking back"),
            ("settings", "s", "Settings"),
            ("resources", "u", "Support"),
            ("app.quit", "^q", "Quit"),
            ("lock", "^l", "Lock"),
            ("help", "f1", "Help"),
        )
        if action not in ("checkin", "resume", "look_back") or action in extra
    ]
    chosen = fit(items, keys.HOME_FOOTER, width)
    assert {"help", "lock"} <= set(chosen)
    assert chosen == [a for a, _, _ in items if a in chosen]  # the declared order
    used = sum(len(k) + len(w) + 2 for a, k, w in items if a in chosen) - 1
    assert used <= width
    assert ("kinds" in chosen) == ("tags" in chosen)  # k and t together or not at all
    cost = {a: len(k) + len(w) + 2 for a, k, w in items}
    left = [cost["kinds"] + cost["tags"]] if "kinds" not in chosen else []
    left += [cost[a] for a in cost if a not in chosen and a not in ("kinds", "tags")]
    assert all(used + 1 + more > width + 1 for more in left)  # nothing left that would fit


async def test_a_check_in_and_a_flow_past_its_first_step_keep_help_and_lock_at_80(
    tmp_path: Path,
) -> None:
    """Both cut off f1 Help (and the check-in ^l Lock) at 80 columns."""
    path = due_vault(tmp_path)
    with time_machine.travel(datetime(2026, 2, 9, 9, tzinfo=UTC), tick=False):
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await unlock(pilot)
            await pilot.press("c")
            await settle(pilot)
            assert isinstance(app.screen, FlowScreen)
            app.screen.query_one("#answer").focus()
            await pilot.press("y", "e", "s", "ctrl+n")
            await settle(pilot)
            line = footer(app)
            for shown in ("f2 Support", "^n Next", "^b Back", "esc Leave", "^l Lock", "f1 Help"):
                assert shown in line, line
            await pilot.press("ctrl+g", "enter", "ctrl+s")  # "kept", then the review
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("enter")  # the check-in, the newest entry
            await settle(pilot)
            assert isinstance(app.screen, EntryViewScreen) and app.screen.entry is not None
            assert app.screen.entry.kind == "checkin"
            line = footer(app)
            for shown in ("e Edit", "esc Back", "o Where it began", "^l Lock", "f1 Help"):
                assert shown in line, line


# --- The screens before the journal opens, at 80 and 120 columns -----------------------


async def locked_route(pilot: Any, name: str) -> None:
    from textual.widgets import Static

    await settle(pilot)
    if name == "unlock":
        assert isinstance(pilot.app.screen, UnlockScreen)
    elif name == "recovery":
        await pilot.press("ctrl+r")
    elif name == "help-locked":
        await pilot.press("f1")
    elif name == "recovery-code":
        for _ in range(2):
            await type_text(pilot, PASSPHRASE)
            await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, RecoveryCodeScreen)
        assert pilot.app.screen.query_one("#recovery-code", Static)
    await settle(pilot)


LOCKED = {
    "unlock": UnlockScreen,
    "recovery": RecoveryScreen,
    "help-locked": HelpScreen,
    "first-run": FirstRunScreen,
    "recovery-code": RecoveryCodeScreen,
}


@pytest.mark.parametrize("route", LOCKED)
async def test_the_footers_before_the_journal_opens(tmp_path: Path, route: str) -> None:
    """Unlock, recovery (Ctrl+R there), Help while locked, and a new journal's screens;
    the unlock screen shows how to quit, as the journal does."""
    first = route in ("first-run", "recovery-code")
    path = tmp_path / "vault.db" if first else make_vault(tmp_path / "vault.db")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await locked_route(pilot, route)
        assert isinstance(app.screen, LOCKED[route])
        for line in await check_footers(pilot):
            if route == "unlock":
                assert "^r Use recovery code" in line and "^q Quit" in line, line
            if route == "first-run":  # found by a walk: only f1 Help, no way out shown
                assert "^q Quit" in line, line


async def open_filter(pilot: Any) -> None:
    await pilot.press("k")
    await settle(pilot)


async def search(pilot: Any) -> None:
    await pilot.press("slash")
    await settle(pilot)
    await type_text(pilot, "voice")
    await settle(pilot)


async def filtered(pilot: Any) -> None:
    await pilot.press("k", "down", "enter")
    await settle(pilot)


HOME_STATES = {"list": None, "kind-open": open_filter, "searching": search, "filtered": filtered}


@pytest.mark.parametrize("state", HOME_STATES)
@pytest.mark.parametrize("draft", [False, True], ids=["due", "due_and_draft"])
async def test_quitting_and_resuming_show_on_the_journal_in_every_state(
    tmp_path: Path, draft: bool, state: str
) -> None:
    """At 80x24, with a check-in due and a draft, ^q Quit and r Resume draft were left
    out. They show with the list and a filter applied; while typing in the search box
    or a filter's menu (where c and r are typed), ^q Quit still shows."""
    path = due_vault(tmp_path, draft=draft)
    with time_machine.travel(datetime(2026, 2, 9, 9, tzinfo=UTC), tick=False):
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await unlock(pilot)
            walk = HOME_STATES[state]
            if walk is not None:
                await walk(pilot)
            assert isinstance(app.screen, HomeScreen)
            for line in await check_footers(pilot):
                assert "^q Quit" in line, line
                if state not in ("searching", "kind-open"):
                    assert "c Check in" in line and "n New" in line, line
                    assert ("r Resume draft" in line) == draft, line
