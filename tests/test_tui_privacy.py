"""Hostile text: markup and escape sequences are shown, never obeyed; no screenshot command."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import SIZE, entry, make_app, make_vault, screen_text, settle, unlock

from journal.sanitize import neutralise
from screens.entry_view import EntryViewScreen

HOSTILE = [
    "[@click=app.quit]x",
    "[/]",
    "[bold]loud[/bold]",
    "osc52 \x1b]52;c;aGk=\x07 end",
    "bidi \u202e reversed",
]


async def test_hostile_text_is_shown_literally(tmp_path: Path) -> None:
    entries = [
        entry(title, f"body {title}", tags=["[red]tag"], minutes_ago=i)
        for i, title in enumerate(HOSTILE)
    ]
    path = make_vault(tmp_path / "vault.db", entries)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        listed = screen_text(app)
        assert "[@click=app.quit]x" in listed
        assert "[/]" in listed
        assert "[bold]loud[/bold]" in listed
        assert "osc52 ␛]52;c;aGk=␇ end" in listed
        assert "bidi <U+202E> reversed" in listed
        assert "\x1b" not in listed and "\u202e" not in listed
        for title in HOSTILE:
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, EntryViewScreen)
            shown = screen_text(app)
            assert neutralise(title) in shown
            assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
            assert "#[red]tag" in shown
            await pilot.click("#entry-title")  # a click on a would-be link does nothing
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("down")
        assert app.is_running
        assert "[bold]loud[/bold]" in screen_text(app)
        await pilot.press("t")  # the tag filter lists the tag as it is
        await settle(pilot)
        assert "[red]tag" in screen_text(app)


async def test_palette_has_no_screenshot_command(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles
        assert {"New entry", "Search", "Lock now", "Help"} <= set(titles)


async def test_the_flow_editor_draws_no_control_characters(tmp_path: Path) -> None:
    """Editing an answer that holds escape sequences sends none to the terminal,
    and saving keeps the answer exactly as it was written."""
    from textual.widgets import TextArea

    from screens.flow import FlowScreen

    body = "osc52 \x1b]52;c;aGk=\x07 end \u202e bidi"
    path = make_vault(tmp_path / "vault.db", [entry("hostile", body)])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        area = app.screen.query_one("#answer", TextArea)
        assert area.text == body  # the stored text is untouched
        drawn = screen_text(app)
        assert "osc52 ]52;c;aGk= end" in drawn
        for control in ("\x1b", "\x07", "\u202e"):
            assert control not in drawn
        assert app.is_running
