"""A new passphrase is accepted only when the meter calls it strong (issue 15 item 13):
"walnut kettle" showed "Very weak. A stolen copy … could be opened in 2 minutes." and
then "Accepted, but more words would make it much stronger." First run, Settings and
recovery now refuse it, with one line saying what to do, and change nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input
from tui_helpers import (
    PASSPHRASE,
    SIZE,
    make_app,
    make_vault,
    screen_text,
    settle,
    type_text,
    unlock,
)

from journal.vault import Vault
from screens.first_run import FirstRunScreen
from screens.recovery import RecoveryScreen
from screens.settings import SettingsScreen

WEAK = "walnut kettle"


async def twice(pilot: Any, passphrase: str) -> None:
    """Type ``passphrase`` in the focused new-passphrase box and again below it."""
    await type_text(pilot, passphrase)
    await pilot.press("enter")
    await type_text(pilot, passphrase)
    await pilot.press("enter")
    await settle(pilot)


def assert_refused(app: Any) -> None:
    text = " ".join(screen_text(app).split())
    assert "Very weak. A stolen copy of the journal could be opened in" in text
    assert "Too easy to guess: amends needs 10 years or more." in text
    assert "Add two or three more words, or generate one." in text
    assert "Accepted" not in text


async def test_first_run_refuses_what_the_meter_calls_weak(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await twice(pilot, WEAK)
        assert isinstance(app.screen, FirstRunScreen)
        assert_refused(app)
    assert not path.exists()


async def test_settings_refuses_it_and_keeps_the_passphrase(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db")
    app = make_app(path)
    async with app.run_test(size=(100, 40)) as pilot:
        await unlock(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#current-passphrase", Input).focus()
        await pilot.pause()
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await twice(pilot, WEAK)
        assert_refused(app)
        assert "Passphrase changed" not in screen_text(app)
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)


async def test_recovery_refuses_it_and_changes_nothing(tmp_path: Path) -> None:
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
        await twice(pilot, WEAK)
        assert isinstance(app.screen, RecoveryScreen)
        assert_refused(app)
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)


@pytest.mark.parametrize("phrase", ["walnut kettle harbour", "purple monkey dishwasher"])
async def test_what_is_accepted_reads_strong(tmp_path: Path, phrase: str) -> None:
    """At the floor's cost three common words make "Strong" (14 years) or "Fair" (3
    years); the meter's word and the verdict agree either way."""
    from journal.strength import check_passphrase

    verdict = check_passphrase(phrase)
    app = make_app(tmp_path / "vault.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, phrase)
        await settle(pilot)
        text = screen_text(app)
        assert verdict.word.capitalize() in text
        assert ("Too easy to guess" in text) is (verdict.word not in ("strong", "very strong"))
