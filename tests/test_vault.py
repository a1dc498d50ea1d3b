"""The vault: what is stored in the clear, keys, recovery, SQLite settings, locking,
permissions, temp files, and round trips. Real SQLite files, real cryptography."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import stat
import tempfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers import (
    NEW_PASSPHRASE,
    PASSPHRASE,
    encodings_of,
    folder_bytes,
    forge_header,
    header_mac_key,
    header_row,
    leaks,
    open_vault,
    pragma,
    python,
    raw_db,
    records,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal import crypto
from journal.cli import main
from journal.crypto import FLOOR, TEST_PARAMS, KdfParams
from journal.errors import AmendsError, UsageError, VaultBusy, WrongPassphrase
from journal.exchange import export_json
from journal.fileio import write_private
from journal.models import KINDS, Answer, Commitment, Draft, Entry, Plan
from journal.vault import MAX_RECORD_BYTES, Vault

HEX32 = re.compile(r"[0-9a-f]{32}")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _new_id(prefix: str) -> str:
    return prefix + secrets.token_hex(16)[len(prefix) :]


# ------------------------------------------------------------ 1. no plaintext
WHEN = datetime(1987, 6, 5, 4, 3, 2, tzinfo=timezone(timedelta(hours=2)))
CANARIES = [
    "kestrelTitleQ7Z2",
    "marmot body text 9WJ4 about what I did",
    "Ünïcødé-çånårÿ-ß✓-日本語-😀",
    "tagCanaryK8X1",
    "stepCanaryP5L0",
    "promptCanaryR3T",
    "flowCanaryM4N",
    "draftTitleCanaryB6",
    "draftBodyCanaryZ9",
    "stopCanaryV2",
    "startCanaryH7",
    "supporterCanaryQ1",
    "situationCanaryW3",
    "actionCanaryJ5",
    "closingCanaryE8",
    # Timestamps and the words that would tell kinds and record types apart.
    "1987-06-05",
    "1987",
    "04:03:02",
    "bystander",
    "commitment",
    "draft",
]


def _write_canaries(vault: Vault) -> None:
    entry = Entry(
        kind="bystander",
        created_at=WHEN,
        updated_at=WHEN,
        title="kestrelTitleQ7Z2",
        answers=[
            Answer(step_id="stepCanaryP5L0", prompt="promptCanaryR3T", text=CANARIES[1]),
            Answer(step_id="body", text=CANARIES[2]),
        ],
        tags=["tagCanaryK8X1"],
        flow="flowCanaryM4N",
        starred=True,
    )
    vault.save_entry(entry)
    vault.save_draft(
        Draft(
            flow="flowCanaryM4N",
            kind="conduct",
            title="draftTitleCanaryB6",
            answers=[Answer(step_id="stepCanaryP5L0", text="draftBodyCanaryZ9")],
            created_at=WHEN,
        )
    )
    vault.save_commitment(
        Commitment(
            created_at=WHEN,
            stop="stopCanaryV2",
            start="startCanaryH7",
            supporter="supporterCanaryQ1",
            plans=[Plan(situation="situationCanaryW3", action="actionCanaryJ5")],
            checkin_dates=[date(1987, 6, 12)],
            closing_note="closingCanaryE8",
        )
    )


def test_the_leak_scanner_finds_every_form() -> None:
    """Control for the scans below: each encoding of a canary is caught."""
    canary = CANARIES[2]
    for form in encodings_of(canary):
        assert leaks({"f": b"\x00junk" + form + b"junk"}, [canary])
    b64 = base64.b64encode(b"xy" + canary.encode())
    assert leaks({"f": b64}, [canary])
    assert not leaks({"f": os.urandom(4096)}, ["kestrelTitleQ7Z2"])


def test_nothing_written_is_stored_in_plaintext(vault: Vault, vault_path: Path) -> None:
    _write_canaries(vault)
    folder = vault_path.parent
    # Open: the vault, its -wal and -shm (and whatever else is there).
    while_open = folder_bytes(folder)
    assert {"vault.db", "vault.db-wal", "vault.db-shm"} <= set(while_open)
    assert len(while_open["vault.db-wal"]) > 0, "the saves should still sit in the WAL"
    assert leaks(while_open, CANARIES) == []
    vault.close()
    after_close = folder_bytes(folder)
    assert leaks(after_close, CANARIES) == []
    # Control: the same data decrypts to the canaries.
    reopened = open_vault(vault_path)
    try:
        assert reopened.entries()[0].title == "kestrelTitleQ7Z2"
        assert reopened.drafts()[0].title == "draftTitleCanaryB6"
        assert reopened.commitments()[0].supporter == "supporterCanaryQ1"
    finally:
        reopened.close()


def test_records_hold_only_id_version_nonce_and_padded_ciphertext(
    vault: Vault, vault_path: Path
) -> None:
    _write_canaries(vault)
    short = vault.save_entry(Entry(title="a"))
    medium = vault.save_entry(Entry(title="a" * 60))  # same 256-byte bucket as "a"
    long = vault.save_entry(Entry(title="a" * 300))
    vault.close()
    with raw_db(vault_path) as con:
        columns = [row[1] for row in con.execute("PRAGMA table_info(records)")]
        tables = {
            row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    assert columns == ["id", "version", "nonce", "ciphertext"]
    assert tables == {"records", "header"}
    rows = records(vault_path)
    assert len(rows) == 6
    for record_id, (version, nonce, ciphertext) in rows.items():
        assert HEX32.fullmatch(record_id)
        assert version == 1
        assert len(nonce) == crypto.NONCE_BYTES
        # u32 head length, the head (16-byte tag + 256-byte buckets), then for an entry
        # the body's nonce and ciphertext (the same shape).
        head = int.from_bytes(ciphertext[:4], "big")
        body = len(ciphertext) - 4 - head
        assert (head - 16) % 256 == 0 and head >= 256 + 16
        assert body == 0 or ((body - 12 - 16) % 256 == 0 and body >= 12 + 16 + 256)
    # Lengths leak only the 256-byte bucket.
    assert len(rows[short.id][2]) == len(rows[medium.id][2])
    assert len(rows[long.id][2]) > len(rows[medium.id][2])


# --------------------------------------------------------------- 2. key hierarchy
def test_header_stores_the_kdf_salt_and_wrapped_keys(vault: Vault, vault_path: Path) -> None:
    vault.close()
    header = json.loads(header_row(vault_path)[0])
    assert header["kdf"] == TEST_PARAMS.as_dict()
    assert header["kdf"]["lanes"] == 4
    assert len(base64.b64decode(header["salt"])) == 16
    # 12-byte nonce + 32-byte data key + 16-byte tag, twice (passphrase, recovery code).
    assert len(base64.b64decode(header["wrapped_key"])) == 60
    assert len(base64.b64decode(header["recovery"]["wrapped_key"])) == 60
    assert len(base64.b64decode(header["recovery"]["salt"])) == 16


def test_production_floor_holds_without_the_test_switch(tmp_path: Path) -> None:
    """The one test with production Argon2id (64 MiB): no switch, no cheap KDF."""
    refused = tmp_path / "refused.db"
    for params in (TEST_PARAMS, KdfParams(FLOOR.memory_kib // 2, FLOOR.iterations)):
        with pytest.raises(UsageError, match="floor"):
            Vault.create(refused, PASSPHRASE, params=params)
    assert not refused.exists()
    assert not crypto.check_params(TEST_PARAMS) and crypto.check_params(FLOOR)

    # A vault made with the test parameters never opens without the switch...
    cheap = tmp_path / "cheap.db"
    Vault.create(cheap, PASSPHRASE, insecure_kdf_for_tests=True)[0].close()
    vault = Vault.open(cheap)
    with pytest.raises(WrongPassphrase):
        vault.unlock(PASSPHRASE)
    assert not vault.is_unlocked
    vault.close()
    pass_file = tmp_path / "pass"
    pass_file.write_text(PASSPHRASE + "\n")
    assert main(["info", "--vault", str(cheap), "--passphrase-file", str(pass_file)]) == 3
    open_vault(cheap).close()  # ...and does with it (control).

    # At the floor, without the switch, it works and stores the parameters.
    real = tmp_path / "real.db"
    vault, _ = Vault.create(real, PASSPHRASE, params=FLOOR)
    vault.save_entry(Entry(title="real"))
    vault.close()
    stored = json.loads(header_row(real)[0])["kdf"]
    assert stored == {"algorithm": "argon2id", "memory_kib": 65536, "iterations": 3, "lanes": 4}
    vault = Vault.open(real)
    vault.unlock(PASSPHRASE)
    assert [e.title for e in vault.entries()] == ["real"]
    vault.close()


def test_change_passphrase_seals_everything_again_under_a_fresh_key(
    vault_and_code: tuple[Vault, str], vault_path: Path
) -> None:
    vault, code = vault_and_code
    for i in range(3):
        vault.save_entry(Entry(title=f"entry {i}", answers=[Answer(step_id="s", text="t")]))
    vault.save_draft(Draft(flow="conduct", kind="conduct", title="d"))
    before_records = records(vault_path)
    before_header = json.loads(header_row(vault_path)[0])
    generation = vault.header.generation
    reported: list[tuple[int, int]] = []
    assert vault.change_passphrase(NEW_PASSPHRASE, progress=lambda *p: reported.append(p)) is None
    assert vault.header.generation == generation + 1  # one header write
    assert reported[0] == (0, 4) and reported[-1] == (4, 4)
    assert [e.title for e in vault.entries()] == ["entry 2", "entry 1", "entry 0"]
    vault.close()
    after = records(vault_path)
    assert after.keys() == before_records.keys()
    for record_id, (version, nonce, ciphertext) in after.items():
        assert version == before_records[record_id][0]  # same record, same version
        assert nonce != before_records[record_id][1]
        assert ciphertext != before_records[record_id][2]  # sealed again
    after_header = json.loads(header_row(vault_path)[0])
    assert after_header["salt"] != before_header["salt"]
    assert after_header["wrapped_key"] != before_header["wrapped_key"]
    # Re-wrapped for the same code, without the code: same public key, new wrap.
    assert after_header["recovery"]["public_key"] == before_header["recovery"]["public_key"]
    assert after_header["recovery"]["wrapped_key"] != before_header["recovery"]["wrapped_key"]
    with pytest.raises(WrongPassphrase):
        open_vault(vault_path, PASSPHRASE)
    vault = open_vault(vault_path, NEW_PASSPHRASE)
    assert len(vault.entries()) == 3 and vault.verify().ok
    vault.close()
    vault = Vault.open(vault_path, insecure_kdf_for_tests=True)
    vault.unlock_with_recovery(code)  # the recovery code still works
    vault.close()


TRAP = """
CREATE TABLE trap_parent (id INTEGER PRIMARY KEY);
CREATE TABLE trap (ref INTEGER REFERENCES trap_parent(id) DEFERRABLE INITIALLY DEFERRED);
CREATE TRIGGER trap_header AFTER UPDATE ON header BEGIN INSERT INTO trap (ref) VALUES (1); END;
"""
UNTRAP = "DROP TRIGGER trap_header; DROP TABLE trap; DROP TABLE trap_parent;"


def _set_trap(path: Path) -> None:
    """Make the next header write fail at COMMIT (a deferred foreign key), like a full disk."""
    with raw_db(path) as con:
        con.executescript(TRAP)


def _clear_trap(path: Path) -> None:
    with raw_db(path) as con:
        con.executescript(UNTRAP)


def test_a_failed_passphrase_change_changes_nothing(vault: Vault, vault_path: Path) -> None:
    vault.save_entry(Entry(title="kept"))
    _set_trap(vault_path)
    with pytest.raises(AmendsError):
        vault.change_passphrase(NEW_PASSPHRASE)
    _clear_trap(vault_path)
    vault.save_entry(Entry(title="later"))  # rewrites the header from memory
    vault.close()
    with pytest.raises(WrongPassphrase):
        open_vault(vault_path, NEW_PASSPHRASE)
    vault = open_vault(vault_path, PASSPHRASE)
    assert {e.title for e in vault.entries()} == {"kept", "later"}
    assert vault.verify().ok
    vault.close()


def test_a_failed_save_keeps_memory_and_file_in_step(vault: Vault, vault_path: Path) -> None:
    kept = vault.save_entry(Entry(title="kept"))
    generation = vault.header.generation
    _set_trap(vault_path)
    with pytest.raises(AmendsError):
        vault.save_entry(Entry(title="lost"))
    assert [e.title for e in vault.entries()] == ["kept"]
    assert vault.header.generation == generation
    _clear_trap(vault_path)
    vault.save_entry(Entry(title="after"))
    vault.close()
    vault = open_vault(vault_path)
    assert {e.title for e in vault.entries()} == {"kept", "after"}
    assert vault.get_entry(kept.id).title == "kept"
    assert vault.verify().ok
    vault.close()


def test_a_failed_new_recovery_code_keeps_the_old_one(
    vault_and_code: tuple[Vault, str], vault_path: Path
) -> None:
    vault, code = vault_and_code
    _set_trap(vault_path)
    with pytest.raises(AmendsError):
        vault.new_recovery_code()
    _clear_trap(vault_path)
    vault.save_entry(Entry(title="after"))
    vault.close()
    vault = Vault.open(vault_path, insecure_kdf_for_tests=True)
    vault.unlock_with_recovery(code)
    assert [e.title for e in vault.entries()] == ["after"]
    # Opened by the code alone, the vault cannot wrap a fresh key for the passphrase.
    with pytest.raises(UsageError, match="set a new passphrase first"):
        vault.new_recovery_code()
    vault.lock()
    vault.unlock(PASSPHRASE)
    new_code = vault.new_recovery_code()
    vault.close()
    vault = Vault.open(vault_path, insecure_kdf_for_tests=True)
    with pytest.raises(WrongPassphrase):
        vault.unlock_with_recovery(code)
    vault.unlock_with_recovery(new_code)
    vault.close()


# --------------------------------------------------------- 5. no passphrase hash
def test_no_passphrase_hash_is_stored(vault: Vault, vault_path: Path) -> None:
    vault.save_entry(Entry(title="x"))
    vault.close()
    data, _ = header_row(vault_path)
    doc = json.loads(data)
    assert set(doc) == {
        "format",
        "kdf",
        "magic",
        "manifest",
        "recovery",
        "salt",
        "schema",
        "vault_id",
        "wrapped_key",
    }
    assert set(doc["kdf"]) == {"algorithm", "memory_kib", "iterations", "lanes"}
    assert set(doc["manifest"]) == {"count", "generation", "mac"}
    assert set(doc["recovery"]) == {"salt", "wrapped_key", "public_key", "ephemeral_key"}
    kek = crypto.derive_key(PASSPHRASE, base64.b64decode(doc["salt"]), TEST_PARAMS)
    suspects = [
        kek,
        hashlib.sha256(PASSPHRASE.encode()).digest(),
        hashlib.sha256(kek).digest(),
        PASSPHRASE.encode(),
    ]
    blob = b"".join(folder_bytes(vault_path.parent).values())
    for suspect in suspects:
        assert suspect not in blob
        assert base64.b64encode(suspect)[:20] not in blob
        assert suspect.hex().encode() not in blob


def test_wrong_passphrase_is_refused_and_stays_locked(vault: Vault, vault_path: Path) -> None:
    vault.close()
    vault = Vault.open(vault_path, insecure_kdf_for_tests=True)
    with pytest.raises(WrongPassphrase) as caught:
        vault.unlock("correct horse battery stapler")
    assert "wrong passphrase" in caught.value.message
    assert not vault.is_unlocked
    with pytest.raises(AmendsError, match="locked"):
        vault.entries()
    vault.unlock(PASSPHRASE)
    assert vault.is_unlocked
    vault.close()


# ----------------------------------------------------------- 7. recovery code
def test_recovery_code_unlocks_and_sets_a_new_passphrase(
    vault_and_code: tuple[Vault, str], vault_path: Path
) -> None:
    vault, code = vault_and_code
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}", code)
    saved = vault.save_entry(Entry(title="before recovery"))
    vault.close()
    vault = Vault.open(vault_path, insecure_kdf_for_tests=True)
    with pytest.raises(UsageError):
        vault.unlock_with_recovery("not a code")
    wrong = crypto.new_recovery_code()
    with pytest.raises(WrongPassphrase):
        vault.unlock_with_recovery(wrong)
    vault.unlock_with_recovery(code.lower().replace("-", " "))
    assert vault.get_entry(saved.id).title == "before recovery"
    vault.change_passphrase(NEW_PASSPHRASE)
    vault.close()
    with pytest.raises(WrongPassphrase):
        open_vault(vault_path, PASSPHRASE)
    open_vault(vault_path, NEW_PASSPHRASE).close()
    vault = Vault.open(vault_path, insecure_kdf_for_tests=True)
    vault.unlock_with_recovery(code.replace("-", ""))
    vault.close()


def test_a_vault_without_recovery_code_says_so(tmp_path: Path) -> None:
    path = tmp_path / "norecovery.db"
    vault, code = Vault.create(path, PASSPHRASE, recovery=False, insecure_kdf_for_tests=True)
    assert code is None
    vault.close()
    assert json.loads(header_row(path)[0])["recovery"] is None
    vault = Vault.open(path, insecure_kdf_for_tests=True)
    with pytest.raises(AmendsError, match="without a recovery code"):
        vault.unlock_with_recovery(crypto.new_recovery_code())
    vault.close()


# ------------------------------------------------------------- 8. SQLite settings
def test_sqlite_settings_on_the_vaults_own_connection(vault: Vault) -> None:
    assert pragma(vault, "journal_mode") == "wal"
    assert pragma(vault, "synchronous") == 2  # FULL
    assert pragma(vault, "secure_delete") == 1
    assert pragma(vault, "temp_store") == 2  # MEMORY
    vault.save_entry(Entry(title="still"))
    assert pragma(vault, "synchronous") == 2


def test_delete_overwrites_the_ciphertext_and_truncates_the_wal(
    vault: Vault, vault_path: Path
) -> None:
    keep = vault.save_entry(Entry(title="keep"))
    small = vault.save_entry(Entry(title="small doomed canaryDoomedA1"))
    big = vault.save_entry(  # spills onto overflow pages
        Entry(title="big", answers=[Answer(step_id="b", text="canaryDoomedB2 " * 3000)])
    )
    stored = records(vault_path)
    wal = vault_path.with_name("vault.db-wal")
    assert wal.stat().st_size > 0
    vault.delete(small.id)
    vault.delete(big.id)
    assert wal.stat().st_size == 0
    blob = b"".join(folder_bytes(vault_path.parent).values())
    for record_id in (small.id, big.id):
        _, nonce, ciphertext = stored[record_id]
        for start in range(0, len(ciphertext) - 32, 1024):
            assert ciphertext[start : start + 32] not in blob
        assert nonce not in blob
    assert stored[keep.id][2][:64] in blob  # control: what is kept is there
    assert leaks(folder_bytes(vault_path.parent), ["canaryDoomedA1", "canaryDoomedB2"]) == []
    assert [e.id for e in vault.entries()] == [keep.id]
    with pytest.raises(AmendsError):
        vault.get_entry(small.id)
    vault.close()
    vault = open_vault(vault_path)
    assert [e.id for e in vault.entries()] == [keep.id] and vault.verify().ok
    vault.close()


# ------------------------------------------------------------- permissions
def test_folder_and_files_are_private(tmp_path: Path, permissive_umask: None) -> None:
    path = tmp_path / "a" / "b" / "vault.db"
    vault, _ = Vault.create(path, PASSPHRASE, insecure_kdf_for_tests=True)
    try:
        vault.save_entry(Entry(title="x"))
        assert _mode(path.parent) == 0o700
        assert _mode(path) == 0o600
        for suffix in ("-wal", "-shm"):
            sidecar = path.with_name(path.name + suffix)
            assert sidecar.exists() and _mode(sidecar) == 0o600, suffix
        out = tmp_path / "export.json"
        write_private(out, export_json(vault).encode())
        assert _mode(out) == 0o600
        backup = tmp_path / "backups" / "copy.db"
        vault.backup(backup)
        assert _mode(backup) == 0o600
    finally:
        vault.close()


def test_create_refuses_existing_files_and_folders(vault_path: Path, tmp_path: Path) -> None:
    vault_path.parent.mkdir()
    vault_path.write_bytes(b"something precious")
    with pytest.raises(AmendsError, match="already exists"):
        Vault.create(vault_path, PASSPHRASE, insecure_kdf_for_tests=True)
    assert vault_path.read_bytes() == b"something precious"
    with pytest.raises(AmendsError, match="folder"):
        Vault.create(tmp_path, PASSPHRASE, insecure_kdf_for_tests=True)
    with pytest.raises(UsageError):
        Vault.create(tmp_path / "empty.db", "", insecure_kdf_for_tests=True)
    assert not (tmp_path / "empty.db").exists()


# --------------------------------------------------------------- 9. file lock
def test_second_open_in_the_same_process_is_busy(vault: Vault, vault_path: Path) -> None:
    with pytest.raises(VaultBusy) as caught:
        Vault.open(vault_path, insecure_kdf_for_tests=True)
    assert caught.value.status == 5
    # The holder is unaffected.
    saved = vault.save_entry(Entry(title="still mine"))
    assert vault.get_entry(saved.id).title == "still mine"
    vault.close()
    open_vault(vault_path).close()  # released on close


BUSY_SCRIPT = """
import sys
from pathlib import Path
from journal.errors import VaultBusy
from journal.vault import Vault
try:
    Vault.open(Path(sys.argv[1]), insecure_kdf_for_tests=True)
except VaultBusy as exc:
    print("busy:", exc.message)
else:
    print("opened")
"""

CLI_SCRIPT = """
import sys
from journal.cli import main
sys.exit(main(sys.argv[1:], insecure_kdf_for_tests=True))
"""


def test_another_process_is_told_the_vault_is_busy(
    vault: Vault, vault_path: Path, pass_file: Path
) -> None:
    child = python(BUSY_SCRIPT, str(vault_path))
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert out.startswith("busy: this vault is open in another amends process"), out
    child = python(
        CLI_SCRIPT, "list", "--vault", str(vault_path), "--passphrase-file", str(pass_file)
    )
    out, err = child.communicate(timeout=60)
    assert child.returncode == 5
    assert err == (
        "amends: this vault is open in another amends process; close it there and try again\n"
    )
    assert out == ""
    vault.close()
    child = python(BUSY_SCRIPT, str(vault_path))
    out, err = child.communicate(timeout=60)
    assert out.strip() == "opened", err


# ------------------------------------------------------------ 10. newer schema
@pytest.mark.parametrize("field", ["schema", "format"])
def test_a_newer_vault_is_refused_clearly(
    vault: Vault,
    vault_path: Path,
    pass_file: Path,
    capsys: pytest.CaptureFixture[str],
    field: str,
) -> None:
    vault.save_entry(Entry(title="from the future"))
    key = header_mac_key(vault)
    vault.close()

    def newer(header: object) -> None:
        setattr(header, field, getattr(header, field) + 1)

    before = json.loads(header_row(vault_path)[0])[field]
    forge_header(vault_path, key, newer)
    assert json.loads(header_row(vault_path)[0])[field] == before + 1
    with pytest.raises(AmendsError, match="newer amends") as caught:
        Vault.open(vault_path, insecure_kdf_for_tests=True)
    assert not isinstance(caught.value, WrongPassphrase)
    status = main(["verify", "--vault", str(vault_path), "--passphrase-file", str(pass_file)])
    assert status == 1
    assert capsys.readouterr().err == (
        f"amends: {vault_path} was made by a newer amends; update amends to open it\n"
    )
    # The refusal released the lock: after repairing the header it opens again.
    forge_header(vault_path, key, lambda h: setattr(h, field, getattr(h, field) - 1))
    vault = open_vault(vault_path)
    assert [e.title for e in vault.entries()] == ["from the future"]
    vault.close()


# ------------------------------------------------------------- 12. temp files
def test_a_whole_session_writes_no_temp_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmpdir))
    monkeypatch.setenv("SQLITE_TMPDIR", str(tmpdir))
    monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))
    path = tmp_path / "v" / "vault.db"
    vault, _ = Vault.create(path, PASSPHRASE, insecure_kdf_for_tests=True)
    assert pragma(vault, "temp_store") == 2
    saved = [
        vault.save_entry(Entry(title=f"t{i}", answers=[Answer(step_id="b", text="w " * 900)]))
        for i in range(30)
    ]
    assert len(vault.search("t1")) == 11
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    write_private(out_dir / "export.json", export_json(vault).encode())
    vault.delete(saved[0].id)
    vault.backup(tmp_path / "backup" / "copy.db")
    vault.close()
    vault = open_vault(path)
    vault.change_passphrase(NEW_PASSPHRASE)
    vault.close()
    assert list(tmpdir.iterdir()) == []
    assert sorted(p.name for p in out_dir.iterdir()) == ["export.json"]
    assert sorted(p.name for p in path.parent.iterdir()) == ["vault.db"]
    assert sorted(p.name for p in (tmp_path / "backup").iterdir()) == ["copy.db"]


# ----------------------------------------------------------- reading and writing
def test_entries_drafts_and_commitments_round_trip(vault: Vault, vault_path: Path) -> None:
    entry = vault.save_entry(
        Entry(
            kind="conduct",
            title="t",
            answers=[Answer(step_id="s", prompt="p", text="a\nb", never_export=True)],
            tags=["x", "y"],
            flow="conduct",
            starred=True,
            created_at=WHEN,
        )
    )
    draft = vault.save_draft(Draft(flow="conduct", kind="conduct", step_index=2, title="d"))
    commitment = vault.save_commitment(
        Commitment(stop="s", start="t", plans=[Plan(situation="a", action="b")])
    )
    assert vault.counts() == {"entry": 1, "draft": 1, "commitment": 1, "post-draft": 0}
    vault.close()
    vault = open_vault(vault_path)
    assert vault.get_entry(entry.id) == entry
    assert vault.get_entry(entry.id).created_at.utcoffset() == timedelta(hours=2)
    assert vault.get_draft(draft.id) == draft
    assert vault.get_commitment(commitment.id) == commitment
    vault.delete(draft.id)
    assert vault.drafts() == []
    vault.close()


def test_updates_bump_the_version_and_keep_one_row(vault: Vault, vault_path: Path) -> None:
    entry = vault.save_entry(Entry(title="v1"))
    first_updated = entry.updated_at
    entry.title = "v2"
    vault.save_entry(entry)
    assert entry.updated_at >= first_updated
    rows = records(vault_path)
    assert len(rows) == 1 and rows[entry.id][0] == 2
    vault.close()
    vault = open_vault(vault_path)
    assert vault.get_entry(entry.id).title == "v2"
    vault.close()


def test_lookup_by_prefix(vault: Vault) -> None:
    one = vault.save_entry(Entry(id=_new_id("abcd1"), title="one"))
    two = vault.save_entry(Entry(id=_new_id("abcd2"), title="two"))
    assert vault.get_entry(one.id) == one
    assert vault.get_entry(one.id[:5]) == one
    assert vault.get_entry(two.id[:6].upper()) == two
    with pytest.raises(UsageError, match="matches 2"):
        vault.get_entry("abcd")
    with pytest.raises(UsageError, match="at least 4"):
        vault.get_entry("abc")
    with pytest.raises(AmendsError, match="no entry"):
        vault.get_entry("ffff0000")


def test_search_words_kind_and_tag(vault: Vault) -> None:
    old = vault.save_entry(
        Entry(title="Apology", tags=["Family"], created_at=datetime(2020, 1, 1, tzinfo=UTC))
    )
    new = vault.save_entry(
        Entry(
            kind="conduct",
            title="Work",
            answers=[Answer(step_id="b", text="I interrupted my colleague")],
            tags=["work"],
        )
    )
    assert vault.search("") == [new.summary(), old.summary()]  # newest first
    assert vault.search("INTERRUPTED colleague") == [new.summary()]
    assert vault.search("interrupted family") == []
    assert vault.search(kind="conduct") == [new.summary()]
    assert vault.search(tag="#family") == [old.summary()]
    assert vault.tags() == ["Family", "work"]


def test_an_oversized_record_is_refused_and_nothing_is_lost(vault: Vault, vault_path: Path) -> None:
    kept = vault.save_entry(Entry(title="kept"))
    generation = vault.header.generation
    huge = Entry(answers=[Answer(step_id="b", text="x" * (MAX_RECORD_BYTES + 1))])
    with pytest.raises(UsageError, match="too large"):
        vault.save_entry(huge)
    assert vault.header.generation == generation
    assert vault.full_entries() == [kept]
    vault.close()
    assert len(records(vault_path)) == 1


@pytest.mark.parametrize("bad_id", ["my-secret-title", "ABCDEF" + "0" * 26, "0" * 31, ""])
def test_record_ids_stored_in_the_clear_must_be_random_hex(vault: Vault, bad_id: str) -> None:
    with pytest.raises(UsageError, match="id"):
        vault.save_entry(Entry(id=bad_id, title="x"))
    assert vault.entries() == []


def test_lock_drops_everything_and_close_twice_is_safe(vault: Vault) -> None:
    vault.save_entry(Entry(title="x"))
    vault.lock()
    assert not vault.is_unlocked
    with pytest.raises(AmendsError, match="locked"):
        vault.entries()
    with pytest.raises(AmendsError, match="locked"):
        vault.save_entry(Entry(title="y"))
    vault.unlock(PASSPHRASE)
    assert [e.title for e in vault.entries()] == ["x"]
    vault.close()
    vault.close()


# ------------------------------------------------------- hypothesis round trips
def _offsets() -> st.SearchStrategy[timezone]:
    minutes = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59)
    return minutes.map(lambda m: timezone(timedelta(minutes=m)))


_text = st.text(max_size=300)
_answers = st.builds(
    Answer, step_id=st.text(max_size=30), prompt=_text, text=_text, never_export=st.booleans()
)
_entries = st.builds(
    Entry,
    kind=st.sampled_from(KINDS),
    title=_text,
    answers=st.lists(_answers, max_size=3),
    tags=st.lists(st.text(max_size=20), max_size=5),
    flow=st.none() | st.text(max_size=20),
    starred=st.booleans(),
    created_at=st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=_offsets()
    ),
)


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(entry=_entries)
def test_any_unicode_entry_round_trips_through_the_file(vault_path: Path, entry: Entry) -> None:
    """One vault for all examples (the fixture is deliberately shared): save, close,
    open, unlock, compare."""
    if not vault_path.exists():
        Vault.create(vault_path, PASSPHRASE, insecure_kdf_for_tests=True)[0].close()
    vault = open_vault(vault_path)
    try:
        vault.save_entry(entry)
    finally:
        vault.close()
    vault = open_vault(vault_path)
    try:
        got = vault.get_entry(entry.id)
        assert vault.verify().ok
    finally:
        vault.close()
    assert got == entry
    assert got.model_dump_json() == entry.model_dump_json()


def test_search_index_follows_saves_and_deletes(vault: Vault) -> None:
    """The index is built once; entries saved or deleted after it are found (or not) anyway."""
    first = vault.save_entry(
        Entry(title="Harbour", answers=[Answer(step_id="a", text="Ünïcode 🏴 walk")])
    )
    assert [e.id for e in vault.search("harbour ÜNÏCODE")] == [first.id]
    first.answers[0].text = "a different walk"
    vault.save_entry(first)
    assert vault.search("ünïcode") == []
    assert [e.id for e in vault.search("different")] == [first.id]
    second = vault.save_entry(Entry(title="Lighthouse", answers=[Answer(step_id="a", text="walk")]))
    assert {e.id for e in vault.search("walk")} == {first.id, second.id}
    vault.delete(first.id)
    assert [e.id for e in vault.search("walk")] == [second.id]
    # NUL separates entries inside the index: in a query it is just a space.
    assert [e.id for e in vault.search("walk\x00lighthouse")] == [second.id]
