"""The vault's format 2 on its own terms: the exact schema, the file's mode, what
``init`` refuses, how much of an entry its summary keeps, the size limit's message,
``verify``'s storage check and ``backup``'s copy. The attacks it stops are in
tests/hardening/test_integrity.py."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from helpers import PASSPHRASE, open_vault, raw_db, records

from journal import crypto
from journal.errors import AmendsError, UsageError, WrongPassphrase
from journal.models import PREVIEW_CHARS, Answer, Entry
from journal.vault import MAX_RECORD_BYTES, Vault, envelope
from journal.vault.storage import SCHEMA, TABLES_SQL, schema


def _entry(text: str) -> Entry:
    return Entry(kind="conduct", answers=[Answer(step_id="s", prompt="Q?", text=text)])


def test_the_expected_schema_is_what_the_sqlmodel_tables_compile_to() -> None:
    """Opening checks ``sqlite_master`` against a constant (so that no command imports
    SQLAlchemy); the constant must be exactly the SQLModel tables' DDL."""
    assert [statement.strip() for statement in schema()] == list(TABLES_SQL)
    db = sqlite3.connect(":memory:")
    for statement in schema():
        db.execute(statement)
    assert set(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")) == SCHEMA


def test_a_new_vault_has_exactly_the_schema(vault: Vault, vault_path: Path) -> None:
    vault.save_entry(_entry("x"))
    with raw_db(vault_path) as con:
        assert set(con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")) == SCHEMA


@pytest.mark.parametrize(
    ("sql", "named"),
    [
        ("CREATE TABLE notes (body TEXT)", "table notes"),
        ("CREATE VIEW everything AS SELECT * FROM records", "view everything"),
        ("CREATE INDEX by_version ON records (version)", "index by_version"),
        (
            "CREATE TRIGGER keep AFTER INSERT ON records BEGIN SELECT 1; END",
            "trigger keep",
        ),
        ("DROP TABLE header", "not an amends vault"),
    ],
)
def test_anything_but_the_schema_is_refused_naming_it(
    vault: Vault, vault_path: Path, sql: str, named: str
) -> None:
    vault.save_entry(_entry("x"))
    vault.close()
    with raw_db(vault_path) as con:
        con.execute(sql)
    with pytest.raises(WrongPassphrase, match=named) as refused:
        Vault.open(vault_path, insecure_kdf_for_tests=True)
    assert "\n" not in refused.value.message
    with pytest.raises(WrongPassphrase, match=named):
        Vault.read_header(vault_path)  # amends info refuses it too


def test_a_name_from_the_file_is_printed_safely(vault: Vault, vault_path: Path) -> None:
    vault.close()
    with raw_db(vault_path) as con:
        con.execute('CREATE TABLE "x\x1b[2J\x07" (a)')
    with pytest.raises(WrongPassphrase) as refused:
        Vault.open(vault_path, insecure_kdf_for_tests=True)
    assert "\x1b" not in refused.value.message and "x?[2J?" in refused.value.message


def test_trusted_schema_is_off(vault: Vault) -> None:
    assert vault._db.execute("PRAGMA trusted_schema").fetchone()[0] == 0


def test_a_vault_readable_by_others_is_tightened_at_open(vault: Vault, vault_path: Path) -> None:
    vault.save_entry(_entry("x"))
    vault.close()
    with raw_db(vault_path) as con:  # leaves a -wal and -shm behind while open
        con.execute("PRAGMA journal_mode=WAL")
        held = sqlite3.connect(vault_path)
        held.execute("SELECT count(*) FROM records").fetchone()
    sides = [vault_path.with_name(vault_path.name + s) for s in ("-wal", "-shm")]
    for path in [vault_path, *sides]:
        if path.exists():
            path.chmod(0o644)
    assert any(p.exists() for p in sides)
    with open_vault(vault_path):
        for path in [vault_path, *sides]:
            if path.exists():
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    held.close()


def test_init_refuses_a_fifo_and_leaves_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    with pytest.raises(AmendsError, match="not a regular file") as refused:
        Vault.create(fifo, PASSPHRASE, insecure_kdf_for_tests=True)
    assert "\n" not in refused.value.message
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still there, never opened
    with pytest.raises(AmendsError, match="not a regular file"):
        Vault.open(fifo, insecure_kdf_for_tests=True)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_one_line_entry_is_stored_once(vault: Vault, vault_path: Path) -> None:
    """The summary keeps a preview of at most PREVIEW_CHARS characters: a long one-line
    entry is not stored twice, and the head's size no longer grows with the text."""
    short, long = _entry("a" * 100), _entry("b" * 20_000)
    vault.save_many([short, long])
    state = vault._state
    assert state is not None
    sizes = {}
    for entry in (short, long):
        version, nonce, ciphertext = records(vault_path)[entry.id]
        parts = envelope.split(ciphertext)
        assert parts is not None
        sizes[entry.id] = len(parts[0])
        ad = state.record_ad(entry.id, version) + envelope.HEAD
        head = envelope.open_part(state.keys.records, nonce, parts[0], ad)
        assert len(head) < 600
    assert sizes[short.id] == sizes[long.id]  # same padded head size
    assert vault.entries()[0].first_line in ("a" * PREVIEW_CHARS, "b" * PREVIEW_CHARS)


def test_the_size_limit_message_states_the_real_limit(vault: Vault) -> None:
    fits = _entry("x" * (MAX_RECORD_BYTES - 4096))
    vault.save_entry(fits)  # a text just under the limit is stored
    with pytest.raises(UsageError, match=r"the limit is 4 MiB of text per entry") as refused:
        vault.save_entry(_entry("x" * (MAX_RECORD_BYTES + 1)))
    assert "(4.0 MiB)" in refused.value.message  # its own size, not twice it


def test_verify_runs_sqlites_quick_check(vault: Vault) -> None:
    vault.save_entry(_entry("x"))
    report = vault.verify()
    assert report.ok and report.storage == []


def test_backup_has_exactly_the_schema_and_every_row(vault: Vault, tmp_path: Path) -> None:
    kept = [vault.save_entry(_entry(f"entry {n}")) for n in range(3)]
    vault.delete(kept[0].id)
    dest = tmp_path / "backup.db"
    vault.backup(dest)
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    with raw_db(dest) as con:
        assert set(con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")) == SCHEMA
    assert records(dest) == records(vault.path)
    with open_vault(dest) as copy:
        assert copy.verify().ok
        assert {e.id for e in copy.entries()} == {kept[1].id, kept[2].id}


def test_recovery_keys_round_trip_and_refuse_the_wrong_code() -> None:
    salt, key, ad = os.urandom(16), os.urandom(32), b"context"
    raw = crypto.normalise_recovery_code(crypto.new_recovery_code())
    other = crypto.normalise_recovery_code(crypto.new_recovery_code())
    assert raw is not None and other is not None
    public = crypto.public_bytes(crypto.recovery_private_key(raw, salt))
    ephemeral, wrapped = crypto.wrap_to_public(public, key, ad)
    mine = crypto.recovery_private_key(raw, salt)
    assert crypto.unwrap_with_private(mine, ephemeral, wrapped, ad) == key
    wrong = crypto.recovery_private_key(other, salt)
    assert crypto.unwrap_with_private(wrong, ephemeral, wrapped, ad) is None
    assert crypto.unwrap_with_private(mine, ephemeral, wrapped, b"other") is None
    assert crypto.unwrap_with_private(mine, bytes(32), wrapped, ad) is None  # low order


def test_the_gc_is_the_entry_points_choice(vault: Vault, vault_path: Path) -> None:
    """By default the vault leaves Python's collector alone; ``gc=FREEZE`` (what the CLI
    and the app pass) pauses it through unlock and freezes what unlock built."""
    import gc

    from journal.vault import FREEZE

    vault.save_many([_entry(f"entry {n}") for n in range(50)])
    vault.close()
    gc.unfreeze()
    with open_vault(vault_path):
        assert gc.isenabled() and gc.get_freeze_count() == 0
    chosen = Vault.open(vault_path, insecure_kdf_for_tests=True, gc=FREEZE)
    try:
        chosen.unlock(PASSPHRASE)
        assert gc.isenabled() and gc.get_freeze_count() > 0
        chosen.lock()
        assert gc.get_freeze_count() == 0
    finally:
        chosen.close()
        gc.unfreeze()


def test_a_record_tag_is_keyed_blake2b_of_the_length_prefixed_parts() -> None:
    """The tag as SECURITY.md writes it: BLAKE2b-256 keyed by the record-tag subkey over
    associated_data(table, id, version, head GCM tag, body GCM tag); unlock's fast path
    gives the same bytes, and each part changes it."""
    import hashlib

    keys = envelope.Keys.from_data_key(os.urandom(32))
    tags = envelope.ManifestTags(keys, "vault id")
    entry = envelope.seal(keys.records, b"entry\n{}", b"[]", b"ad")[1]
    draft = envelope.seal(keys.records, b"draft\n{}", None, b"ad")[1]
    for ciphertext in (entry, draft, b"\0\0\xff\xffbroken", b""):
        head, body = envelope.gcm_tags(ciphertext)
        written = crypto.associated_data(envelope.TABLE, "a" * 32, 7, head, body)
        expected = hashlib.blake2b(written, key=keys.tags, digest_size=32).digest()
        got = tags.of(crypto.id_version("a" * 32, 7), ciphertext)
        assert got == int.from_bytes(expected, "big")
    assert envelope.gcm_tags(entry) == (
        entry[4 + int.from_bytes(entry[:4], "big") - 16 :][:16],
        entry[-16:],
    )
    assert envelope.gcm_tags(draft)[1] == b""
    base = tags.of(crypto.id_version("a" * 32, 7), entry)
    assert base != tags.of(crypto.id_version("a" * 32, 8), entry)
    assert base != tags.of(crypto.id_version("b" * 32, 7), entry)
    assert base != envelope.ManifestTags(envelope.Keys.from_data_key(os.urandom(32)), "x").of(
        crypto.id_version("a" * 32, 7), entry
    )


def test_a_manifest_that_failed_stays_failed_through_saves_and_rotation(
    vault: Vault, vault_path: Path
) -> None:
    """Saves keep a running sum; had the session kept the sum of what it found, the next
    save would have made a tampered file's manifest match again."""
    kept, doomed = vault.save_entry(_entry("kept")), vault.save_entry(_entry("doomed"))
    vault.close()
    with raw_db(vault_path) as con:
        con.execute("DELETE FROM records WHERE id = ?", (doomed.id,))
    with open_vault(vault_path) as again:
        assert not again.manifest_ok
        again.save_entry(_entry("saved after"))
        again.delete(kept.id)
    with open_vault(vault_path) as again:
        assert not again.manifest_ok and not again.verify().ok
        again.change_passphrase("violet kettle drums under a paper moon")
    with open_vault(vault_path, "violet kettle drums under a paper moon") as again:
        assert not again.manifest_ok
        assert [e.display_title() for e in again.entries()] == ["saved after"]
