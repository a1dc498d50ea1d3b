"""Footers at 80 columns (read from export_screenshot): the journal's shows quitting,
the filters, Settings and Support beside f1 Help; every flow has Support one key away."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui_helpers import SIZE, entry, make_app, make_vault, screen_text, settle, unlock

from screens.answer_review import AnswerReviewModal
from screens.entry_view import EntryViewScreen
from screens.flow import FlowScreen
from screens.flow_picker import FlowPicker
from screens.home import HomeScreen
from screens.post_draft import PostDraftScreen
from screens.resources import ResourcesScreen


def footer(app: Any) -> str:
    return screen_text(app).splitlines()[-1]


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
