"""Help (F1): built from the bindings of the screen it was opened from and the app's,
one row per action, grouped by screen, its key column never running into the text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from tui_helpers import SIZE, entry, make_app, make_vault, screen_text, settle, unlock

from screens.help import HelpScreen, help_sections

#: From the journal: the keys that reach each screen.
ROUTES = {
    "journal": (),
    "entry": ("enter",),
    "flow": ("enter", "e"),
    "post": ("enter", "p"),
    "commitments": ("m",),
}


async def open_help(pilot: Any, route: tuple[str, ...]) -> Any:
    await unlock(pilot)
    for key in route:
        await pilot.press(key)
        await settle(pilot)
    origin = pilot.app.screen
    await pilot.press("f1")
    await settle(pilot)
    assert isinstance(pilot.app.screen, HelpScreen)
    return origin


@pytest.mark.parametrize("route", ROUTES.values(), ids=ROUTES.keys())
async def test_one_row_per_key_and_per_action(tmp_path: Path, route: tuple[str, ...]) -> None:
    app = make_app(make_vault(tmp_path / "vault.db", [entry("Dinner", "I raised my voice")]))
    async with app.run_test(size=SIZE) as pilot:
        origin = await open_help(pilot, route)
        sections = help_sections(origin)
        rows = [row for section in sections for row in section.rows]
        keys = [k for row in rows for k in row.keys.split(" or ")]
        texts = [row.text for row in rows]
        assert len(keys) == len(set(keys)), keys
        assert len(texts) == len(set(texts)), texts
        assert [s.title for s in sections][-1] == "Everywhere"
        assert "Ctrl+L" in keys and "F1" in keys
        # A shifted letter reads as the capital the terminal sends, never both ways.
        assert not [k for k in keys if re.fullmatch(r"Shift\+[A-Za-z]", k)], keys


async def test_keys_never_run_into_the_text_at_80_columns(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db", [entry("Dinner", "I raised my voice")]))
    async with app.run_test(size=(80, 60)) as pilot:
        origin = await open_help(pilot, ROUTES["post"])
        text = screen_text(app)
        # Shift+F is the capital F: one key, read once (it read "F or Shift+F").
        assert re.search(r"^▎? +F {2,}Fix every identifying detail", text, re.MULTILINE)
        assert "Shift+F" not in text
        for row in (r for s in help_sections(origin) for r in s.rows):
            # From the left edge (or the focus bar the focused page has there).
            pattern = rf"^▎? +{re.escape(row.keys)} {{2,}}{re.escape(row.text[:20])}"
            assert re.search(pattern, text, re.MULTILINE), row


async def test_the_flow_lists_one_save_and_commitments_one_pause(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db", [entry("Dinner", "I raised my voice")]))
    async with app.run_test(size=(80, 60)) as pilot:
        await open_help(pilot, ROUTES["flow"])
        text = screen_text(app)
        assert "Writing an entry" in text and "Everywhere" in text
        assert len(re.findall(r"Ctrl\+S ", text)) == 1
        assert "Review & save" in text
    app = make_app(make_vault(tmp_path / "other.db"))
    async with app.run_test(size=(80, 60)) as pilot:
        await open_help(pilot, ROUTES["commitments"])
        text = screen_text(app)
        assert "Pause or resume the commitment" in text
        assert "Resume\n" not in text and "  Pause\n" not in text


async def test_help_while_locked_lists_the_unlock_keys(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=(80, 60)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        text = screen_text(app)
        assert "Locked" in text and "Use recovery code" in text
        assert "Journal" not in text  # the journal's keys are not offered while locked


async def test_the_post_screen_lists_only_keys_that_work_there(tmp_path: Path) -> None:
    """Issue 15: post Help listed "u Support", but u is typed into the text and the
    hashtags there (F2 opens Support); Ctrl+T read "File". The footer keeps f1 Help on
    every tab at 80 columns, the Review tab with a finding too."""
    from screens.post_draft import PostDraftScreen

    apology = entry("Dinner", "I'm sorry if she felt bad")  # a finding on the Review tab
    app = make_app(make_vault(tmp_path / "vault.db", [apology]))
    async with app.run_test(size=SIZE) as pilot:
        origin = await open_help(pilot, ROUTES["post"])
        assert isinstance(origin, PostDraftScreen)
        rows = {row.keys: row.text for s in help_sections(origin) for row in s.rows}
        assert rows["F2"] == "Support"
        assert not [k for k in rows if "u" in k.split(" or ")], rows
        assert rows["Ctrl+T"] == "Save the post as a file"
        shown = screen_text(app)
        # The row may end in the scrollbar's thumb, drawn over its last cells.
        assert re.search(r"^▎? +F2 +Support *[▁-█]*$", shown, re.MULTILINE)
        assert not re.search(r"^▎? +u( or F2)? +Support", shown, re.MULTILINE)
        await pilot.press("escape")
        await settle(pilot)
        origin.query_one("#answers").action_select()  # tick the answer (Space)
        await settle(pilot)
        for _ in range(3):
            footer = screen_text(app).splitlines()[-1]
            assert "^t Save as a file" in footer and "f1 Help" in footer, footer
            await pilot.press("ctrl+n")
            await settle(pilot)


async def test_the_post_screen_says_f_and_f_work_on_its_review_tab(tmp_path: Path) -> None:
    """Issue 15: post Help listed f and F among the post's keys, but they work on the
    Review tab only (the Pick and Edit tabs take f as a letter or do nothing). They have
    a heading of their own that says where; the rest of the post's keys work on any tab."""
    app = make_app(make_vault(tmp_path / "vault.db", [entry("Dinner", "I raised my voice")]))
    async with app.run_test(size=(80, 60)) as pilot:
        origin = await open_help(pilot, ROUTES["post"])
        sections = {s.title: {r.keys: r.text for r in s.rows} for s in help_sections(origin)}
        assert sections["Drafting a post, on the Review tab"] == {
            "f": "Fix the highlighted finding",
            "F": "Fix every identifying detail",
        }
        anywhere = sections["Drafting a post"]
        assert "f" not in anywhere and "F" not in anywhere
        assert anywhere["Ctrl+N"] == "Next tab"
        lines = [line.strip("▎ ") for line in screen_text(app).splitlines()]
        heading = lines.index("Drafting a post, on the Review tab")
        assert re.fullmatch(r"f +Fix the highlighted finding", lines[heading + 1])
        assert re.fullmatch(r"F +Fix every identifying detail", lines[heading + 2])
