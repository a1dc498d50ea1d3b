"""Locking: after idle time and at once; nothing of the journal stays on screen."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from tui_helpers import (
    SIZE,
    assert_locked,
    entry,
    make_app,
    make_vault,
    screen_text,
    settle,
    unlock,
)

from screens.unlock import UnlockScreen
from screens.widgets.entry_list import EntryList

SECRET = "the night at the lake house"


async def test_auto_lock_after_idle_time(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db", [entry("Secret title", SECRET)])
    now = [1000.0]
    app = make_app(path, idle_lock_seconds=0.5, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        home = app.screen
        assert "Secret title" in screen_text(app)
        now[0] += 0.4
        app.lock_if_idle()  # what the idle timer does, on the fake clock
        await settle(pilot)
        assert app.session.is_unlocked
        await pilot.press("down")  # activity starts the count again
        now[0] += 0.4
        app.lock_if_idle()
        await settle(pilot)
        assert app.session.is_unlocked
        now[0] += 0.2
        app.lock_if_idle()
        await settle(pilot)
        assert_locked(app, SECRET, "Secret title")
        assert "without activity" in screen_text(app)
        assert not home.query(EntryList) or not home.query_one(EntryList).entries


@pytest.mark.parametrize("where", ["home", "entry", "flow", "dialog"])
async def test_lock_now_leaves_nothing_on_screen(tmp_path: Path, where: str) -> None:
    path = make_vault(tmp_path / "vault.db", [entry("Secret title", SECRET)])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        if where == "entry":
            await pilot.press("enter")
        elif where == "flow":
            await pilot.press("e")
            await settle(pilot)
            await pilot.press("f7", "ctrl+c")  # select all, copy
        elif where == "dialog":
            await pilot.press("d")
        await settle(pilot)
        assert SECRET in screen_text(app) or where in ("home", "dialog")
        assert SECRET in app.clipboard or where != "flow"
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert_locked(app, SECRET, "Secret title")
        assert app.clipboard == ""


async def test_ctrl_l_clears_the_screen_at_once_while_the_vault_is_busy(tmp_path: Path) -> None:
    """The walker saw Ctrl+L leave the journal on screen for seconds under load: the key
    was dropped on the UI thread, which waited for the vault to finish what a worker was
    doing. Now the unlock screen shows at once and the key goes once the vault is free.
    (The holder gives up after 5 s, so the old code fails rather than hangs.)"""
    path = make_vault(tmp_path / "vault.db", [entry("The lake house", "what I did at the lake")])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        busy = app.session.vault._mutex  # what every vault read and save holds
        holding, release = threading.Event(), threading.Event()
        timed_out: list[bool] = []

        def worker_mid_read() -> None:
            with busy:
                holding.set()
                timed_out.append(not release.wait(5))

        holder = threading.Thread(target=worker_mid_read)
        holder.start()
        holding.wait()
        await pilot.press("ctrl+l")
        await pilot.pause()
        shown_while_busy = isinstance(app.screen, UnlockScreen) and "lake" not in screen_text(app)
        release.set()
        holder.join()
        await settle(pilot)
        assert timed_out == [False], "Ctrl+L waited for the vault on the UI thread"
        assert shown_while_busy
        assert_locked(app, "The lake house", "what I did at the lake")
