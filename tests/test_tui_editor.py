"""The editor follows other editors' conventions: Ctrl+A selects everything, Ctrl+Home
and Ctrl+End go to the start and the end of the text; Help lists the editor's keys."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea
from textual.widgets.text_area import Selection
from tui_helpers import SIZE, make_app, make_vault, screen_text, settle, type_text, unlock

from screens.flow import FlowScreen

TEXT = "First line\nsecond line\nthe last line"


async def test_select_all_and_the_ends_of_the_text(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        area = app.screen.query_one("#answer", TextArea)
        assert area.has_focus
        await type_text(pilot, TEXT)
        area.move_cursor((1, 3))
        await pilot.press("ctrl+home")
        assert area.cursor_location == (0, 0)
        await pilot.press("ctrl+end")
        assert area.cursor_location == (2, len("the last line"))
        await pilot.press("ctrl+shift+home")
        assert area.selected_text == TEXT
        area.move_cursor((1, 3))
        await pilot.press("ctrl+a")
        assert area.selection == Selection((0, 0), (2, len("the last line")))
        assert area.selected_text == TEXT
        await pilot.press("x")  # typing replaces the selection, as anywhere else
        assert area.text == "x"


async def test_help_lists_the_editor_s_keys(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=(80, 80)) as pilot:
        await unlock(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        text = screen_text(app)
        assert "Editing text" in text
        for row in ("Ctrl+A  ", "Select all", "Ctrl+Home", "Start of the text", "Ctrl+End",
                    "End of the text", "Undo"):  # fmt: skip
            assert row in text
