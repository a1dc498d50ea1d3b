"""Unlocking: the right passphrase, a wrong one, the recovery code, a busy vault."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input
from tui_helpers import (
    PASSPHRASE,
    SIZE,
    cli_list,
    entry,
    make_app,
    make_vault,
    screen_text,
    settle,
    type_text,
    unlock,
)

from journal.vault import Vault
from screens import app as app_module
from screens.home import HomeScreen
from screens.recovery import RecoveryScreen
from screens.unlock import HINT_CODE, HINT_NO_CODE, NO_CODE, WRONG, UnlockScreen


async def test_unlock_shows_the_journal(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db", [entry("First evening", "I wrote it down.")])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert "First evening" not in screen_text(app)
        await unlock(pilot)
        assert app.session.is_unlocked
        assert "First evening" in screen_text(app)


async def test_wrong_passphrase_is_calm_and_clears_the_field(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "not the passphrase")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert WRONG in screen_text(app)
        field = app.screen.query_one("#passphrase", Input)
        assert field.value == ""
        assert app.focused is field
        assert not app.session.is_unlocked
        await unlock(pilot)


async def test_the_lock_screen_offers_the_recovery_code_only_if_there_is_one(
    tmp_path: Path,
) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert HINT_CODE in screen_text(app)


async def test_without_a_recovery_code_ctrl_r_says_so_at_once(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db", recovery=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert HINT_NO_CODE in text
        assert "Ctrl+R opens" not in text
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)  # no screen asking for a code
        assert NO_CODE in screen_text(app)
        await unlock(pilot)


async def test_recovery_code_sets_a_new_passphrase(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "vault.db"
    vault, code = Vault.create(path, "an old forgotten phrase", insecure_kdf_for_tests=True)
    vault.close()
    assert code is not None
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, RecoveryScreen)
        await type_text(pilot, "0000-0000-0000-0000-0000-0000-0000-0000")
        await pilot.press("enter")
        await settle(pilot)
        assert "does not open" in screen_text(app)
        assert not app.session.is_unlocked
        field = app.screen.query_one("#code", Input)
        assert app.focused is field
        field.value = ""
        await type_text(pilot, code.lower())
        await pilot.press("enter")
        await settle(pilot)
        assert "The code worked" in screen_text(app)
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert cli_list(path, tmp_path, capsys) == []


async def test_leaving_recovery_half_way_locks_again(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    vault, code = Vault.create(path, PASSPHRASE, insecure_kdf_for_tests=True)
    vault.close()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await type_text(pilot, code or "")
        await pilot.press("enter")
        await settle(pilot)
        assert app.session.is_unlocked
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert not app.session.is_unlocked


async def test_a_busy_vault_ends_the_app_with_its_status(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db")
    holder = Vault.open(path, insecure_kdf_for_tests=True)
    try:
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
        assert app.failure is not None
        assert app.return_code == 5
    finally:
        holder.close()


def test_run_prints_one_line_for_a_busy_vault(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_vault(tmp_path / "vault.db")
    original = App.run

    def headless(self: App[int], **kwargs: object) -> int | None:
        return original(self, headless=True, size=SIZE)

    monkeypatch.setattr(app_module.AmendsApp, "run", headless)
    monkeypatch.setattr(app_module, "default_config_dir", lambda: tmp_path / "config")
    # run() hardens its process for good (RLIMIT_CORE 0 cannot be raised again): not
    # this test worker's, or tests/hardening/test_process.py fails after it.
    monkeypatch.setattr(app_module, "no_core_dumps", lambda: None)
    holder = Vault.open(path, insecure_kdf_for_tests=True)
    try:
        status = app_module.run(path, insecure_kdf_for_tests=True)
    finally:
        holder.close()
    err = capsys.readouterr().err
    assert status == 5
    assert err.startswith("amends: ") and err.count("\n") == 1
    assert "Traceback" not in err


async def test_the_recovery_code_is_masked_until_shown(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    vault, code = Vault.create(path, "an old forgotten phrase", insecure_kdf_for_tests=True)
    vault.close()
    assert code is not None
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await type_text(pilot, code)
        await settle(pilot)
        assert code[-9:] not in screen_text(app)
        await pilot.click("#reveal-code")
        await settle(pilot)
        assert code[-9:] in screen_text(app)  # the end of it: the cursor is there
        assert app.focused is app.screen.query_one("#code", Input)
        await pilot.click("#reveal-code")
        await settle(pilot)
        assert code[-9:] not in screen_text(app)
