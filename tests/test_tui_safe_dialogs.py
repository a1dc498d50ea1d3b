"""No stray Tab then Enter destroys anything (issue 15 item 10, found by a walk: open an
entry, d, Tab, Enter, and the entry was gone). In every dialog with a destructive or
irreversible choice that choice is out of the Tab order, chosen by its own key (shown
on it, listed in Help) or a click. Each dialog is reached the way a user reaches it;
Tab and Shift+Tab in several combinations, then Enter; then the vault is read."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from test_tui_commitments import source_and_commitment
from test_tui_drafts import UNFINISHED, edited_entry_with_draft
from test_tui_post import open_post, pick
from textual.pilot import Pilot
from textual.widgets import Button, TextArea
from tui_helpers import (
    PASSPHRASE,
    SIZE,
    entry,
    make_app,
    make_vault,
    screen_text,
    settle,
    unlock,
)

from journal.vault import Vault
from screens.commitment_dialogs import CloseCommitmentModal
from screens.confirm import ChoiceModal, ConfirmModal
from screens.flow import FlowScreen
from screens.help import HelpScreen, help_sections
from screens.post_draft import PostDraftScreen
from screens.widgets.danger_button import DangerButton
from screens.widgets.post_editor import SafeTextArea

STRAYS = {
    "tab": ("tab",),
    "tab tab": ("tab", "tab"),
    "tab x3": ("tab", "tab", "tab"),
    "shift+tab": ("shift+tab",),
    "shift+tab x2": ("shift+tab", "shift+tab"),
}


def opened(path: Path) -> Vault:
    vault = Vault.open(path, insecure_kdf_for_tests=True)
    vault.unlock(PASSPHRASE)
    return vault


async def keys(pilot: Pilot[Any], *pressed: str) -> None:
    for key in pressed:
        await pilot.press(key)
        await settle(pilot)


# Each route: make the vault, reach the dialog, and after the stray keys check that
# nothing was lost. ``reach`` returns a check run once the app has closed.
Check = Callable[[], None]
Route = Callable[[Pilot[Any], Path], Awaitable[Check]]


async def delete_on_the_journal(pilot: Pilot[Any], path: Path) -> Check:
    await unlock(pilot)
    await keys(pilot, "d")
    return lambda: _entries_are(path, 1)


async def delete_from_the_entry(pilot: Pilot[Any], path: Path) -> Check:
    await unlock(pilot)
    await keys(pilot, "enter", "d")
    return lambda: _entries_are(path, 1)


def _entries_are(path: Path, count: int) -> None:
    with opened(path) as vault:
        assert len(vault.full_entries()) == count


async def throw_away_the_unfinished_entry(pilot: Pilot[Any], path: Path) -> Check:
    await unlock(pilot)
    await keys(pilot, "x")

    def check() -> None:
        with opened(path) as vault:
            (draft,) = vault.drafts()
            assert draft.answers[0].text == UNFINISHED

    return check


async def make_a_new_recovery_code(pilot: Pilot[Any], path: Path) -> Check:
    code = path.with_name("code.txt").read_text()
    await unlock(pilot)
    await keys(pilot, "s")
    pilot.app.screen.query_one("#new-code", Button).press()
    await settle(pilot)

    def check() -> None:
        with Vault.open(path, insecure_kdf_for_tests=True) as vault:
            vault.unlock_with_recovery(code)  # the old code still opens it

    return check


async def close_a_commitment(pilot: Pilot[Any], path: Path) -> Check:
    await unlock(pilot)
    await keys(pilot, "m", "x")

    def check() -> None:
        with opened(path) as vault:
            assert [c.status for c in vault.commitments()] == ["active"]

    return check


async def start_from_the_saved_entry(pilot: Pilot[Any], path: Path) -> Check:
    """An unfinished edit is offered back; "Start from the saved entry" replaces it."""
    await unlock(pilot)
    await keys(pilot, "e")
    return lambda: None  # checked on the screen (below): it is replaced only once typed


async def discard_a_post(pilot: Pilot[Any], path: Path) -> Check:
    screen = await open_post(pilot)
    await pick(pilot, screen, 0)
    await keys(pilot, "ctrl+s")  # its draft, saved
    await keys(pilot, "escape")

    def check() -> None:
        with opened(path) as vault:
            assert len(vault.post_drafts()) == 1

    return check


async def start_a_post_over(pilot: Pilot[Any], path: Path) -> Check:
    screen = await open_post(pilot)
    await pick(pilot, screen, 0)
    await keys(pilot, "ctrl+s", "escape", "escape", "p")  # kept; then the post again
    assert isinstance(pilot.app.screen, ChoiceModal)
    await keys(pilot, "tab", "enter")  # "Start over" asks again
    assert "Start over from the entry?" in screen_text(pilot.app)

    def check() -> None:
        with opened(path) as vault:
            (kept,) = vault.post_drafts()
            assert kept.picked

    return check


ROUTES: dict[str, tuple[Route, type]] = {
    "delete on the journal": (delete_on_the_journal, ConfirmModal),
    "delete from the entry": (delete_from_the_entry, ConfirmModal),
    "throw away the unfinished entry": (throw_away_the_unfinished_entry, ConfirmModal),
    "make a new recovery code": (make_a_new_recovery_code, ConfirmModal),
    "close a commitment": (close_a_commitment, CloseCommitmentModal),
    "start from the saved entry": (start_from_the_saved_entry, ChoiceModal),
    "discard a post": (discard_a_post, ChoiceModal),
    "start a post over": (start_a_post_over, ChoiceModal),
}


def vault_for(route: str, tmp_path: Path) -> Path:
    path = tmp_path / "vault.db"
    if route in ("throw away the unfinished entry", "start from the saved entry"):
        return edited_entry_with_draft(tmp_path)[0]
    if route == "close a commitment":
        return make_vault(path, source_and_commitment())
    if route == "make a new recovery code":
        vault, code = Vault.create(path, PASSPHRASE, insecure_kdf_for_tests=True)
        vault.save_many([entry("Dinner", "I raised my voice")])
        vault.close()
        path.with_name("code.txt").write_text(code or "")
        return path
    return make_vault(path, [entry("Dinner", "I'm sorry if she felt bad")])


#: One Tab or Shift+Tab in the default run; the longer walks (round the same two or three
#: buttons) with ``-m exhaustive``, which CI runs too.
STRAY_RUNS = [
    pytest.param(keys, id=name, marks=[] if len(keys) == 1 else [pytest.mark.exhaustive])
    for name, keys in STRAYS.items()
]


@pytest.mark.parametrize("stray", STRAY_RUNS)
@pytest.mark.parametrize("route", ROUTES)
async def test_a_stray_tab_then_enter_destroys_nothing(
    tmp_path: Path, route: str, stray: tuple[str, ...]
) -> None:
    reach, dialog = ROUTES[route]
    path = vault_for(route, tmp_path)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        check = await reach(pilot, path)
        asked = app.screen
        assert isinstance(asked, dialog), asked
        danger = asked.query_one(DangerButton)
        assert not danger.focusable and f"({danger.key})" in str(danger.label)
        await keys(pilot, *stray, "enter")
        assert not isinstance(app.focused, DangerButton)
        if route == "start from the saved entry" and isinstance(app.screen, FlowScreen):
            assert app.screen.query_one("#answer", TextArea).text == UNFINISHED  # resumed
        if route == "start a post over" and isinstance(app.screen, PostDraftScreen):
            assert app.screen.query_one("#post-text", SafeTextArea).text  # the draft's
        await keys(pilot, "ctrl+l")  # the drafts are saved as the journal locks
    check()


@pytest.mark.parametrize("route", ["delete from the entry", "discard a post"])
async def test_its_own_key_chooses_it_and_help_lists_the_key(tmp_path: Path, route: str) -> None:
    reach, dialog = ROUTES[route]
    path = vault_for(route, tmp_path)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, path)
        asked = app.screen
        danger = asked.query_one(DangerButton)
        rows = {row.keys: row.text for s in help_sections(asked) for row in s.rows}
        assert rows[danger.key] == danger.choice
        await keys(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        assert "This question" in screen_text(app)
        await keys(pilot, "escape")
        assert app.screen is asked
        await keys(pilot, danger.key)
        assert not isinstance(app.screen, dialog)
        await keys(pilot, "ctrl+l")
    with opened(path) as vault:
        if route == "delete from the entry":
            assert vault.full_entries() == []
        else:
            assert vault.post_drafts() == []
