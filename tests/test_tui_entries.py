"""Reading, editing and deleting entries; the "never export" switch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import TextArea
from tui_helpers import (
    SIZE,
    cli_list,
    entry,
    make_app,
    make_vault,
    notices,
    screen_text,
    settle,
    stored_entries,
    type_text,
    unlock,
)

from screens.entry_view import EntryViewScreen
from screens.flow import FlowScreen
from screens.home import HomeScreen


async def test_edit_saves_the_same_entry(tmp_path: Path, capsys: Any) -> None:
    original = entry("Kept title", "The first version.", kind="conduct")
    original.answers[0].never_export = True
    path = make_vault(tmp_path / "vault.db", [original])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        # A free entry from elsewhere keeps its answer as a step of its own.
        area = app.screen.query_one("#answer", TextArea)
        assert area.text == "The first version."
        await type_text(pilot, " And more.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    rows = cli_list(path, tmp_path, capsys)
    assert [r["id"] for r in rows] == [original.id]
    saved = stored_entries(path)[0]
    answers = saved.answers
    assert saved.title == "Kept title"
    assert answers[0].text == "The first version. And more."
    assert answers[0].never_export is True


async def test_saving_an_unchanged_edit_changes_nothing(tmp_path: Path) -> None:
    """Saving an edit without a change writes no new version and stamps no edit time."""
    original = entry("As it was", "Nothing to change.")
    path = make_vault(tmp_path / "vault.db", [original])
    generation = _generation(path)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryViewScreen)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EntryViewScreen)
        assert "edited" not in screen_text(app)
        assert "Nothing had changed" in notices(app)
    saved = stored_entries(path)[0]
    assert saved.updated_at == original.updated_at
    assert _generation(path) == generation


def _generation(path: Path) -> int:
    """The vault header's generation: one higher with every write."""
    from journal.vault import Vault

    return Vault.read_header(path).generation


async def test_open_read_and_delete(tmp_path: Path, capsys: Any) -> None:
    path = make_vault(
        tmp_path / "vault.db",
        [entry("Keep me", "stays", minutes_ago=5), entry("Remove me", "goes")],
    )
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryViewScreen)
        assert "goes" in screen_text(app)
        await pilot.press("d")
        await settle(pilot)
        assert "can't be undone" in screen_text(app)
        await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Remove me" not in screen_text(app)
    assert [r["title"] for r in cli_list(path, tmp_path, capsys)] == ["Keep me"]


async def test_delete_asks_first(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db", [entry("Still here", "x")])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert "Still here" in screen_text(app)
        assert len(app.session.vault.entries()) == 1


async def test_never_export_switch_is_saved(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db", [entry("Private", "names in here")])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.click("#never-0")
        await settle(pilot)
        assert app.session.vault.full_entries()[0].answers[0].never_export is True
    assert stored_entries(path)[0].answers[0].never_export is True
