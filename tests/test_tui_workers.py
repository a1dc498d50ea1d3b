"""Slow work runs in Textual workers: nothing decrypts on the UI thread, and no worker's
description (what Textual's logs and worker lists show) holds journal text or a passphrase."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Checkbox, Input, TextArea
from textual.worker import Worker
from textual.worker_manager import WorkerManager
from tui_helpers import (
    PASSPHRASE,
    SIZE,
    entry,
    make_app,
    make_vault,
    screen_text,
    settle,
    type_text,
    unlock,
)

from journal.models import Entry
from journal.vault import Vault
from screens.entry_view import EntryViewScreen
from screens.flow import FlowScreen
from screens.home import HomeScreen

SECRET = "the night at the lake house"


async def _walk(tmp_path: Path) -> None:
    """Home → edit an entry → leave (a draft) → resume it → save → open it → a switch."""
    path = make_vault(tmp_path / "vault.db", [entry("Lake", SECRET)])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        search = app.screen.query_one("#search", Input)
        search.value = "lake"
        await settle(pilot)
        search.value = ""
        await settle(pilot)
        app.screen.query_one("#entries").focus()
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        assert app.screen.query_one("#answer", TextArea).text == SECRET
        await type_text(pilot, " again")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and "Unfinished" in screen_text(app)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryViewScreen)
        assert SECRET in screen_text(app)
        app.screen.query_one("#never-0", Checkbox).value = True
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)


async def test_entries_are_decrypted_only_in_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    original = Vault.get_entry

    def recording(self: Vault, id_or_prefix: str) -> Entry:
        threads.append(threading.current_thread())
        return original(self, id_or_prefix)

    monkeypatch.setattr(Vault, "get_entry", recording)
    await _walk(tmp_path)
    assert len(threads) >= 3  # edit, resume, open
    assert threading.main_thread() not in threads


async def test_no_worker_description_holds_journal_text_or_a_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    described: list[str] = []
    original = WorkerManager.add_worker

    def recording(self: WorkerManager, worker: Worker[Any], **options: Any) -> None:
        described.append(f"{worker.description} {worker.name}")
        original(self, worker, **options)

    monkeypatch.setattr(WorkerManager, "add_worker", recording)
    await _walk(tmp_path)
    assert len(described) >= 10
    words = [SECRET, "lake house", PASSPHRASE, "harbour", "lake"]
    leaks = [d for d in described for word in words if word in d.casefold()]
    assert leaks == []
