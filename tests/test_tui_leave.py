"""A screen that leaves when its work finishes leaves itself, not a screen opened over it."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from tui_helpers import SIZE, assert_locked, entry, make_app, make_vault, settle, unlock

from journal.vault import Vault
from screens.entry_view import EntryViewScreen
from screens.flow import FlowScreen


async def test_a_save_finishing_under_the_palette_leaves_the_flow_once_it_closes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(make_vault(tmp_path / "vault.db", [entry("Dinner", "I raised my voice")]))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("enter", "e")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        # Hold the save in its worker until the palette is open over the flow.
        release = threading.Event()
        save_many = Vault.save_many

        def held(vault: Vault, *args: Any, **kwargs: Any) -> Any:
            release.wait(10)
            return save_many(vault, *args, **kwargs)

        monkeypatch.setattr(Vault, "save_many", held)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        app.action_command_palette()  # as ctrl+p does, while the save is still running
        for _ in range(20):
            await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        release.set()
        await settle(pilot, 0.2)
        # Textual's dismiss popped the palette and left the flow behind; then Esc crashed.
        assert isinstance(app.screen, CommandPalette)
        assert any(isinstance(s, FlowScreen) for s in app.screen_stack)
        await pilot.press("escape")
        await settle(pilot, 0.1)
        assert isinstance(app.screen, EntryViewScreen)
        assert not any(isinstance(s, FlowScreen) for s in app.screen_stack)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert_locked(app, "I raised my voice")
