"""Looks, read as a plain capture would read them: ticks, dropdowns, focus, the footer
and the search hint at 80×24, and a palette of amends' own commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.color import Color as RichColor
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Button, Select, Static
from tui_helpers import (
    SIZE,
    entry,
    make_app,
    make_vault,
    screen_text,
    settle,
    type_text,
    unlock,
)

from screens.flow import FlowScreen
from screens.text import MUTED
from screens.widgets.tick_box import TickBox


def footer(app: Any) -> str:
    return screen_text(app).splitlines()[-1]


async def test_an_unticked_box_does_not_read_as_ticked(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db", [entry("Dinner", "I raised my voice")]))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await settle(pilot)
        box = app.screen.query_one(TickBox)
        assert not box.value
        assert "[ ] Never export" in screen_text(app)
        assert "X" not in str(box.render()).replace("export", "")
        box.value = True
        await settle(pilot)
        assert "[✓] Never export" in screen_text(app)


async def test_the_footer_keeps_help_and_the_search_hint_its_key(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db", [entry("Dinner", "I raised my voice")]))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        assert "( / )" in screen_text(app)
        assert "f1 Help" in footer(app)
        await pilot.press("enter")
        await settle(pilot)
        assert "f1 Help" in footer(app)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        assert "f1 Help" in footer(app)
        await pilot.press("escape")
        await settle(pilot)
        for key in ("escape", "m"):
            await pilot.press(key)
            await settle(pilot)
        assert "f1 Help" in footer(app)


async def test_dropdowns_have_a_border_and_a_solid_panel(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db", [entry("Dinner", "I raised my voice")]))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        select = app.screen.query_one("#platform", Select)
        select.expanded = True
        await settle(pilot)
        text = screen_text(app)
        assert "╭" in text and "│ Bluesky · 300" in text
        assert "│▎X · 280" in text  # the list's cursor, on the platform chosen
        overlay = select.query_one("SelectOverlay")
        assert overlay.styles.border_top[0] != ""
        assert overlay.styles.background.a == 1


async def test_focused_buttons_show_it_without_colour(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("s")
        await settle(pilot)
        button = app.screen.query_one("#generate-passphrase", Button)
        button.focus()
        await settle(pilot)
        assert button.has_pseudo_class("focus")
        style = button.styles.text_style
        assert style.reverse and style.bold


async def test_the_palette_holds_only_amends_commands(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        commands = list(app.get_system_commands(app.screen))
        titles = {c.title for c in commands}
        assert {"Lock now", "Settings", "Help", "Theme", "Quit"} <= titles
        assert not titles & {"Maximize", "Minimize", "Keys", "Screenshot"}
        assert all("as soon as possible" not in c.help for c in commands)


def focus_bar(app: Any) -> int:
    """Rows whose first cell is the focus bar a focused scrolling area draws."""
    return sum(1 for line in screen_text(app).splitlines() if line.startswith("▎"))


async def test_a_focused_scrolling_area_shows_it_in_a_plain_capture(tmp_path: Path) -> None:
    """Help, an entry, Settings and Looking back: focus shows as a bar down the area's
    left edge (its tint and scrollbar are colour only), and nothing moves with it."""
    app = make_app(make_vault(tmp_path / "vault.db", [entry("Dinner", "I raised my voice")]))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        assert focus_bar(app) == 1  # the list marks its cursor's row
        await pilot.press("enter")  # the entry: its body has focus
        await settle(pilot)
        focused = screen_text(app).splitlines()
        assert focus_bar(app) > 10
        await pilot.press("tab")  # to the "Never export" box: the body no longer has it
        await settle(pilot)
        assert app.focused is not None and app.focused.id != "entry-body"
        blurred = screen_text(app).splitlines()
        assert focus_bar(app) == 0
        assert sum(" ▎[ ] Never export" in line for line in blurred) == 1  # the box has it
        unbarred = [line.replace("▎", " ", 1).rstrip() for line in focused]
        blurred = [line.replace("▎", " ", 1).rstrip() for line in blurred]
        assert [x for x in unbarred if x] == [x for x in blurred if x]  # nothing moved
        await pilot.press("escape", "f1")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "help"
        assert focus_bar(app) > 10
        await pilot.press("escape", "y")
        await settle(pilot)
        assert focus_bar(app) > 10
        await pilot.press("escape", "s")
        await settle(pilot)
        assert focus_bar(app) == 0  # the first setting has focus, not the page
        app.screen.query_one("#settings").focus()
        await settle(pilot)
        assert focus_bar(app) > 10


async def test_the_focused_list_marks_its_cursor_row(tmp_path: Path) -> None:
    """Which entry the cursor is on, and that the list has focus, read without colour:
    the cursor's rows (two while searching) carry the focus bar; elsewhere, none."""
    entries = [entry("Dinner", "I raised my voice", minutes_ago=1), entry("Work", "credit")]
    app = make_app(make_vault(tmp_path / "vault.db", entries))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("down")
        await settle(pilot)
        rows = [line for line in screen_text(app).splitlines() if "2026-03-14" in line]
        assert rows[0].startswith(" 2026") and rows[1].startswith("▎2026") and "Dinner" in rows[1]
        await pilot.press("slash")  # focus in the search box: the list marks nothing
        await settle(pilot)
        assert focus_bar(app) == 0
        await type_text(pilot, "voice")
        await pilot.press("enter")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        marked = [line for line in lines if line.startswith("▎")]
        assert len(marked) == 2 and "Dinner" in marked[0] and "voice" in marked[1]


async def test_a_focused_text_box_shows_it_in_its_border(tmp_path: Path) -> None:
    """The passphrase box, the search box, a setting: a round border while focused (the
    tall one's focus was its colour alone), as a focused dropdown has."""
    app = make_app(make_vault(tmp_path / "vault.db", [entry("Dinner", "I raised my voice")]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "╭" in screen_text(app) and "│  Passphrase" in screen_text(app)
        await unlock(pilot)
        assert "╭" not in screen_text(app)  # the list has focus, not the search box
        await pilot.press("slash")
        await settle(pilot)
        search = screen_text(app).splitlines()[2]
        assert search.startswith("│  Search everything") and focus_bar(app) == 0
        await pilot.press("escape", "s")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        below = lines[next(i for i, x in enumerate(lines) if "Lock after" in x) + 1]
        assert below.strip().startswith("╭")  # the first setting has focus
        assert screen_text(app).count("╭") == 1  # and it alone looks it


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_muted_text_in_content_is_dimmer_than_the_text(theme: str) -> None:
    """Found by a walk: the post's Pick list drew each question brighter than the answer
    beside it. "$text-muted" in a Content style is drawn at full strength (#ffffff on a
    dark theme); MUTED must sit between the text and the background."""

    class Sample(App[None]):
        def compose(self) -> ComposeResult:
            yield Static(Content.assemble("plain", (" muted", MUTED)), id="sample")

    app = Sample()
    app.theme = theme
    async with app.run_test(size=(20, 1)) as pilot:
        await pilot.pause()
        strip = app.screen.query_one("#sample").render_line(0)
        colours = {seg.text.strip(): seg.style.color for seg in strip if seg.text.strip()}
        background = app.screen.styles.background.rich_color

    def distance(a: RichColor | None, b: RichColor | None) -> float:
        assert a is not None and b is not None
        return sum(abs(x - y) for x, y in zip(a.get_truecolor(), b.get_truecolor(), strict=True))

    assert distance(colours["muted"], background) < distance(colours["plain"], background)
