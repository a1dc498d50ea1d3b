"""Drafts: autosaved encrypted, saved on lock and quit, offered after unlock."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import TextArea
from tui_helpers import (
    PASSPHRASE,
    SIZE,
    FakeClock,
    assert_locked,
    entry,
    make_app,
    make_vault,
    notices,
    screen_text,
    settle,
    type_text,
    unlock,
)

from journal.models import Answer, Draft
from journal.vault import Vault
from screens.entry_view import EntryViewScreen
from screens.flow import FlowScreen
from screens.home import HomeScreen

SECRET = "the night at the lake house"


async def test_draft_autosaves_and_is_offered_after_unlock(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db")
    clock = FakeClock()
    app = make_app(path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter")  # the first flow
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FlowScreen)
        await type_text(pilot, SECRET)
        clock.advance(FlowScreen.AUTOSAVE_SECONDS - 0.1)
        screen.autosave()  # not yet: the typing has not rested long enough
        await settle(pilot)
        assert app.session.vault.drafts() == []
        clock.advance(0.1)
        screen.autosave()  # what its timer does
        await settle(pilot)
        drafts = app.session.vault.drafts()
        assert [d.answers[0].text for d in drafts] == [SECRET]
        assert "Draft saved" in screen_text(app)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert_locked(app, SECRET)
        await unlock(pilot)
        assert "Unfinished" in screen_text(app)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        assert app.screen.query_one("#answer", TextArea).text == SECRET


async def test_lock_saves_a_draft_not_yet_autosaved(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, SECRET)
        await pilot.press("ctrl+n")
        await type_text(pilot, "second step")
        await pilot.press("ctrl+l")  # at once: no autosave has run
        await settle(pilot)
        assert_locked(app, SECRET)
        await unlock(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert "Step 2 of" in screen_text(app)
        assert app.screen.query_one("#answer", TextArea).text == "second step"
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert app.screen.query_one("#answer", TextArea).text == SECRET


async def test_leaving_keeps_a_draft_and_saving_removes_it(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "left for later")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Unfinished" in screen_text(app)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.session.vault.drafts() == []
        assert "Unfinished" not in screen_text(app)


async def test_quitting_saves_the_draft(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "said before quitting")
        await pilot.press("ctrl+q")
        await settle(pilot)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        assert [d.answers[0].text for d in app.session.vault.drafts()] == ["said before quitting"]


CRASHING = """
import asyncio, os, signal, sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from tui_helpers import SIZE, FakeClock, make_app, settle, type_text, unlock

async def main():
    clock = FakeClock()
    app = make_app(Path({path!r}), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, {text!r})
        clock.advance(app.screen.AUTOSAVE_SECONDS)
        app.screen.autosave()
        await settle(pilot)
        assert app.session.vault.drafts()
        os.kill(os.getpid(), signal.SIGKILL)

asyncio.run(main())
"""


async def test_a_draft_survives_a_crash(tmp_path: Path) -> None:
    """The app is killed (no lock, no quit) after an autosave: the draft is in the vault."""
    path = make_vault(tmp_path / "vault.db")
    code = CRASHING.format(tests=str(Path(__file__).parent), path=str(path), text=SECRET)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        assert "Unfinished" in screen_text(app)
        await pilot.press("r")
        await settle(pilot)
        assert app.screen.query_one("#answer", TextArea).text == SECRET


SAVED = "what I wrote the first time"
UNFINISHED = "what I was adding when I stopped"


def edited_entry_with_draft(tmp_path: Path) -> tuple[Path, str]:
    """A vault holding an entry and an unfinished edit of it (kept when he left)."""
    saved = entry("The lake house", SAVED)
    draft = Draft(
        flow="free",
        kind="free",
        entry_id=saved.id,
        answers=[Answer(step_id="write", prompt="What's on your mind?", text=UNFINISHED)],
    )
    path = make_vault(tmp_path / "vault.db", [saved])
    vault = Vault.open(path, insecure_kdf_for_tests=True)
    vault.unlock(PASSPHRASE)
    vault.save_many([draft])
    vault.close()
    return path, draft.id


@pytest.mark.parametrize("where", ["entry view", "home"])
@pytest.mark.parametrize(
    ("keys", "shown"),
    [(["enter"], UNFINISHED), (["s"], SAVED), (["tab", "enter"], UNFINISHED), (["escape"], None)],
)
async def test_editing_an_entry_offers_its_unfinished_edit(
    tmp_path: Path, where: str, keys: list[str], shown: str | None
) -> None:
    """Found by a walk: `e` started from the saved entry and never offered the edit he had
    left unfinished. Enter resumes it (a stray Tab then Enter too); s starts from what is
    saved and the first change replaces the old edit (same draft id); Escape opens nothing."""
    path, draft_id = edited_entry_with_draft(tmp_path)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        if where == "entry view":
            await pilot.press("enter")
            await settle(pilot)
        start = type(app.screen)
        await pilot.press("e")
        await settle(pilot)
        assert "You have an unfinished edit of this entry" in screen_text(app)
        await pilot.press(*keys)
        await settle(pilot)
        if shown is None:
            assert type(app.screen) is start
            return
        screen = app.screen
        assert isinstance(screen, FlowScreen)
        assert screen.query_one("#answer", TextArea).text == shown
        assert screen.state.draft_id == draft_id


async def test_leaving_an_edit_says_where_the_changes_went(tmp_path: Path) -> None:
    """Found by a walk: Esc from an edit showed the entry's saved text, with nothing to
    say the changes were kept, as a draft, and how to get them back."""
    app = make_app(make_vault(tmp_path / "vault.db", [entry("The lake house", SAVED)]))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("enter", "e")
        await settle(pilot)
        await type_text(pilot, " and more")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EntryViewScreen)
        assert "kept as an encrypted draft" in notices(app)
