"""Every yes/no dialog opens with the safe choice focused (go back, keep, not now), so
Enter pressed right away, or a stray Tab-less Enter, never deletes, throws away or
commits to anything. (The post's checklist is tested with the post screen.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.color import Color
from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.widgets import Button
from tui_helpers import SIZE, entry, make_app, make_vault, screen_text, settle, unlock

from screens.commitment_dialogs import CloseCommitmentModal, OfferCommitmentModal
from screens.confirm import ConfirmModal
from screens.entry_view import EntryViewScreen
from screens.home import HomeScreen

#: Each dialog as the app makes it, the label of its safe button, and what that dismisses with.
DIALOGS: dict[str, tuple[Callable[[], Screen[Any]], str, object]] = {
    "delete": (
        lambda: ConfirmModal("Delete it?", yes="Yes, delete", key="y", no="Keep it"),
        "Keep it",
        False,
    ),
    "new code": (
        lambda: ConfirmModal("Make a new code?", yes="Make a new code", key="m"),
        "Go back",
        False,
    ),
    "offer a commitment": (OfferCommitmentModal, "Not now", False),
    "close a commitment": (CloseCommitmentModal, "Keep it open", None),
}


@pytest.mark.parametrize("name", DIALOGS)
async def test_the_safe_choice_has_focus_and_enter_takes_it(tmp_path: Path, name: str) -> None:
    make, safe, result = DIALOGS[name]
    app = make_app(make_vault(tmp_path / "vault.db", [entry("Dinner", "I raised my voice")]))
    answers: list[object] = []
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        app.push_screen(make(), answers.append)
        await settle(pilot)
        focused = app.focused
        assert isinstance(focused, Button) and str(focused.label) == safe
        await pilot.press("enter")
        await settle(pilot)
        assert answers == [result]
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("route", [("d",), ("enter", "d")], ids=["journal", "entry"])
async def test_enter_on_delete_keeps_the_entry(tmp_path: Path, route: tuple[str, ...]) -> None:
    app = make_app(make_vault(tmp_path / "vault.db", [entry("Dinner", "I raised my voice")]))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        below = None
        for key in route:
            below = app.screen
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is below and isinstance(below, HomeScreen | EntryViewScreen)
        assert len(app.session.vault.entries().summaries) == 1


@pytest.mark.parametrize("route", [("d",), ("enter", "d")], ids=["journal", "entry"])
async def test_the_key_that_asks_to_delete_does_not_answer(
    tmp_path: Path, route: tuple[str, ...]
) -> None:
    """d pressed twice (or held, or bounced) keeps the entry; y, shown on the button,
    deletes it."""
    app = make_app(make_vault(tmp_path / "vault.db", [entry("Dinner", "I raised my voice")]))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press(*route, "d", "d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "Yes, delete (y)" in screen_text(app)
        assert len(app.session.vault.entries().summaries) == 1
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert len(app.session.vault.entries().summaries) == 0


async def test_dialog_buttons_are_flat_like_the_flow_s(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db", [entry("Dinner", "I raised my voice")]))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("d")
        await settle(pilot)
        for button in app.screen.query(Button):
            assert button.outer_size.height == 1
            assert button.has_pseudo_class("focus") == (button.id == "no")
        assert app.focused is not None and app.focused.styles.text_style.reverse


async def test_every_button_is_flat_and_a_focused_scroll_area_shows_it(tmp_path: Path) -> None:
    """Settings' buttons were bordered (three lines) while the flow's were flat: one style
    now. Help's scrolling area, focused when it opens, takes the accent scrollbar."""
    app = make_app(make_vault(tmp_path / "vault.db", [entry("Dinner", "I raised my voice")]))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("s")
        await settle(pilot)
        buttons = list(app.screen.query(Button))
        assert buttons and all(button.outer_size.height == 1 for button in buttons)
        await pilot.press("escape", "f1")
        await settle(pilot)
        focused = app.focused
        assert isinstance(focused, ScrollableContainer)
        assert focused.styles.scrollbar_color == Color.parse(app.get_css_variables()["accent"])
