"""The sealed preferences record: region and post wait in the vault, not settings.json."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.widgets import Input, Select
from tui_helpers import PASSPHRASE, SIZE, make_app, make_vault, screen_text, settle, unlock

from journal.models import Answer, Entry, Preferences, now
from journal.vault import Vault
from screens.resources import ResourcesScreen
from screens.settings import SettingsScreen


def _records(path: Path) -> dict[str, bytes]:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT id, ciphertext FROM records").fetchall())


def test_preferences_round_trip_one_record_per_vault(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db")
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        assert vault.preferences().region is None  # none saved yet: the defaults
        vault.save_preferences(Preferences(region="IN", wait_hours=100))
        vault.save_preferences(Preferences(region="NZ"))  # a fresh object: still one record
        assert vault.counts() == {"entry": 0, "draft": 0, "commitment": 0, "post-draft": 0}
    assert len(_records(path)) == 1
    # Sealed, not in the clear. (Two bytes like b"NZ" turn up by chance in ciphertext;
    # the record's JSON key and type tag would not.)
    stored = path.read_bytes()
    assert b"region" not in stored and b"preferences" not in stored
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        kept = vault.preferences()
        assert (kept.region, kept.wait_hours) == ("NZ", None)
        assert not vault.damaged


def test_a_flipped_byte_in_the_preferences_record_is_detected(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db")
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        vault.save_preferences(Preferences(region="UK", wait_hours=48))
    ((record_id, blob),) = _records(path).items()
    flipped = bytearray(blob)
    flipped[len(blob) // 2] ^= 0x01
    with sqlite3.connect(path) as db:
        db.execute("UPDATE records SET ciphertext = ? WHERE id = ?", (bytes(flipped), record_id))
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        assert vault.found_damage
        assert record_id in vault.damaged
        assert vault.preferences().region is None  # the damaged record is not believed


def _old_settings(config: Path) -> Path:
    config.mkdir(parents=True)
    file = config / "settings.json"
    file.write_text(json.dumps({"theme": "textual-dark", "region": "AU", "wait_hours": 24}))
    return file


async def test_region_and_wait_in_settings_json_move_into_the_vault_once(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db")
    file = _old_settings(tmp_path / "config")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await settle(pilot)
        assert app.preferences is not None
        assert (app.preferences.region, app.preferences.wait_hours) == ("AU", 24)
    left = json.loads(file.read_text())
    assert "region" not in left and "wait_hours" not in left
    assert left["theme"] == "textual-dark"  # what is needed before unlock stays
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        assert (vault.preferences().region, vault.preferences().wait_hours) == ("AU", 24)


async def test_support_asks_once_and_remembers_through_lock_from_the_vault(
    tmp_path: Path,
) -> None:
    path = make_vault(tmp_path / "vault.db")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await app.run_action("resources")
        await settle(pilot)
        assert "Where do you live?" in screen_text(app)
        await pilot.press("down", "down", "down", "down", "down", "down", "enter")  # India
        await settle(pilot)
        assert "iCALL" in screen_text(app)  # India's first service
        await pilot.press("escape")
        await app.run_action("lock")
        await settle(pilot)
        await unlock(pilot)
        await settle(pilot)
        await app.run_action("resources")
        await settle(pilot)
        assert isinstance(app.screen, ResourcesScreen)
        text = screen_text(app)
        assert "Where do you live?" not in text and "India" in text
    saved = tmp_path / "config" / "settings.json"
    assert not saved.exists() or "region" not in saved.read_text()
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        assert vault.preferences().region == "IN"


async def test_somewhere_else_says_first_where_to_look_and_offers_no_region_toggle(
    tmp_path: Path,
) -> None:
    path = make_vault(tmp_path / "vault.db")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await app.run_action("resources")
        await settle(pilot)
        await pilot.press("end", "enter")  # Somewhere else
        await settle(pilot)
        text = screen_text(app)
        # Said before any region's services, not only after all of them.
        assert text.index("amends lists services only for these regions.") < text.index(
            "United States"
        )
        assert "My region" not in text and "All regions" not in text  # nothing to switch to
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        assert vault.preferences().region == "elsewhere"


async def test_settings_change_region_and_wait_in_the_vault(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#wait-hours", Input).value = "100"
        await settle(pilot)
        screen.query_one("#region", Select).value = "NZ"
        await settle(pilot)
        await app.workers.wait_for_complete()
    saved = tmp_path / "config" / "settings.json"
    assert not saved.exists() or "wait_hours" not in saved.read_text()
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        assert (vault.preferences().region, vault.preferences().wait_hours) == ("NZ", 100)


def test_cli_draft_uses_the_stored_wait(tmp_path: Path, run_cli: Any) -> None:
    path = tmp_path / "vault.db"
    edited = now() - timedelta(hours=80)  # past the default 72 hours, within 100
    entry = Entry(
        id="ab12cd34" + "0" * 24,
        kind="conduct",
        answers=[Answer(step_id="what", prompt="What happened?", text="I kept going.")],
        created_at=edited,
        updated_at=edited,
    )
    make_vault(path, [entry])
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text(PASSPHRASE + "\n")
    argv = ["draft", "ab12", "--vault", str(path), "--passphrase-file", str(pass_file)]
    status, _, err = run_cli(*argv, "--platform", "x")
    assert status == 0 and "You last edited this entry" not in err  # 72 hours: no reminder
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        vault.save_preferences(Preferences(wait_hours=100))
    status, _, err = run_cli(*argv, "--platform", "x")
    assert status == 0
    assert "You last edited this entry less than 100 hours ago" in err
