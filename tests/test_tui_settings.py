"""Settings, support and help: the screens around the journal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.widgets import Button, Input, Select
from tui_helpers import (
    PASSPHRASE,
    SIZE,
    cli_list,
    make_app,
    make_vault,
    notices,
    screen_text,
    settle,
    type_text,
    unlock,
)

from journal.resources import load_resources
from journal.vault import Vault
from screens import keys
from screens.help import HelpScreen
from screens.resources import ResourcesScreen
from screens.settings import SettingsScreen
from screens.themes import HIGH_CONTRAST

NEW_PASSPHRASE = "orchard window pebble saffron"


async def open_settings(pilot: Any) -> SettingsScreen:
    await unlock(pilot)
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SettingsScreen)
    return pilot.app.screen


async def test_theme_and_auto_lock_are_remembered(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#theme", Select).value = HIGH_CONTRAST.name
        minutes = screen.query_one("#auto-lock", Input)
        minutes.value = "2"
        await settle(pilot)
        assert app.theme == HIGH_CONTRAST.name
        assert app.idle_lock_seconds == 120
    saved = json.loads((tmp_path / "config" / "settings.json").read_text())
    assert saved == {"auto_lock_minutes": 2.0, "theme": HIGH_CONTRAST.name}
    again = make_app(path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == HIGH_CONTRAST.name
        assert again.idle_lock_seconds == 120


async def test_change_passphrase(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#new-passphrase", Input).focus()
        await pilot.pause()
        await type_text(pilot, NEW_PASSPHRASE)
        await pilot.press("enter")
        await type_text(pilot, NEW_PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        assert "Passphrase changed" in notices(app)
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(NEW_PASSPHRASE)


async def test_backup_is_an_encrypted_vault(tmp_path: Path, capsys: Any) -> None:
    path = make_vault(tmp_path / "vault.db")
    backup = tmp_path / "copies" / "backup.db"
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#backup-path", Input).focus()
        await pilot.pause()
        await type_text(pilot, str(backup))
        await pilot.press("enter")
        await settle(pilot)
        assert "Backed up" in notices(app)
        await pilot.press("enter")  # a second backup to the same file is refused
        await settle(pilot)
        assert "already exists" in notices(app)
    assert backup.exists()
    assert PASSPHRASE.encode() not in backup.read_bytes()
    assert cli_list(backup, tmp_path, capsys) == []


async def test_new_recovery_code(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#new-code", Button).press()
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        code = str(screen.query_one("#recovery-code").render()).split("\n")[0]
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock_with_recovery(code)


async def test_support_list_works_while_locked(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_action("resources")
        await settle(pilot)
        assert isinstance(app.screen, ResourcesScreen)
        text = screen_text(app)
        resources = load_resources()
        assert resources.items[0].name in text
        assert "therapy" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ResourcesScreen)


async def test_help_lists_every_binding(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=(80, 200)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for _, bindings in keys.SECTIONS:
            for binding in keys.listed(bindings):
                assert binding.description in text
                assert keys.key_label(binding) in text
