"""Tampering with the file: moved, replayed and foreign rows; every header byte;
KDF parameters out of bounds; the manifest; malformed rows and files."""

from __future__ import annotations

import json
import secrets
import sqlite3
from pathlib import Path

import pytest
from helpers import (
    PASSPHRASE,
    forge_header,
    header_mac_key,
    header_row,
    open_vault,
    put_record,
    raw_db,
    records,
    set_header_row,
)

from journal.crypto import KdfParams
from journal.errors import AmendsError, WrongPassphrase
from journal.models import Answer, Entry
from journal.vault import Header, Vault


def _filled(vault: Vault, n: int = 3) -> list[Entry]:
    entries = [
        vault.save_entry(Entry(title=f"entry {i}", answers=[Answer(step_id="b", text="x" * i)]))
        for i in range(n)
    ]
    vault.close()
    return entries


def _damage(path: Path) -> tuple[list[str], bool, list[str]]:
    """(damaged ids, manifest ok, titles that opened) after a fresh unlock."""
    vault = open_vault(path)
    try:
        return list(vault.damaged), vault.manifest_ok, sorted(e.title for e in vault.entries())
    finally:
        vault.close()


# ------------------------------------------------------ 3. associated data binds
def test_swapped_ciphertexts_open_as_nothing(vault: Vault, vault_path: Path) -> None:
    a, b, c = _filled(vault)
    rows = records(vault_path)
    va, na, ca = rows[a.id]
    vb, nb, cb = rows[b.id]
    put_record(vault_path, a.id, (va, nb, cb))
    put_record(vault_path, b.id, (vb, na, ca))
    damaged, _, titles = _damage(vault_path)
    assert damaged == sorted([a.id, b.id])
    assert titles == [c.title]  # never the wrong plaintext under the wrong id
    vault = open_vault(vault_path)
    for moved in (a, b):
        with pytest.raises(AmendsError):
            vault.get_entry(moved.id)
    vault.close()


def test_a_changed_version_number_opens_as_nothing(vault: Vault, vault_path: Path) -> None:
    a, _b, _c = _filled(vault)
    version, nonce, ciphertext = records(vault_path)[a.id]
    put_record(vault_path, a.id, (version + 1, nonce, ciphertext))
    damaged, manifest_ok, _ = _damage(vault_path)
    assert damaged == [a.id] and not manifest_ok


def test_replaying_an_old_version_of_a_row_is_detected(vault: Vault, vault_path: Path) -> None:
    entry = vault.save_entry(Entry(title="I said I would stop"))
    old_row = records(vault_path)[entry.id]
    entry.title = "I stopped"
    vault.save_entry(entry)
    vault.save_entry(Entry(title="unrelated"))
    vault.close()
    assert _damage(vault_path) == ([], True, ["I stopped", "unrelated"])  # control
    put_record(vault_path, entry.id, old_row)  # the old bytes, old version and all
    damaged, manifest_ok, _titles = _damage(vault_path)
    assert damaged or not manifest_ok
    assert not manifest_ok


def test_a_row_copied_from_another_vault_opens_as_nothing(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    _filled(vault)
    other_path = tmp_path / "other.db"
    other, _ = Vault.create(other_path, PASSPHRASE, insecure_kdf_for_tests=True)
    stranger = other.save_entry(Entry(title="from the other vault"))
    other.close()
    put_record(vault_path, stranger.id, records(other_path)[stranger.id])
    damaged, manifest_ok, titles = _damage(vault_path)
    assert damaged == [stranger.id]
    assert not manifest_ok
    assert "from the other vault" not in titles


# ------------------------------------------------------------------ 6. manifest
def test_manifest_detects_a_deleted_row(vault: Vault, vault_path: Path) -> None:
    a, _b, _c = _filled(vault)
    assert _damage(vault_path)[:2] == ([], True)  # control
    with raw_db(vault_path) as con:
        con.execute("DELETE FROM records WHERE id = ?", (a.id,))
    damaged, manifest_ok, titles = _damage(vault_path)
    assert damaged == [] and not manifest_ok
    assert a.title not in titles


def test_manifest_detects_an_added_copy_of_a_row(vault: Vault, vault_path: Path) -> None:
    a, _b, _c = _filled(vault)
    copy_id = secrets.token_hex(16)
    put_record(vault_path, copy_id, records(vault_path)[a.id])
    damaged, manifest_ok, titles = _damage(vault_path)
    assert damaged == [copy_id] and not manifest_ok
    assert titles.count(a.title) == 1


def test_generation_counts_every_write(vault: Vault, vault_path: Path) -> None:
    start = vault.header.generation
    entry = vault.save_entry(Entry(title="a"))
    assert vault.header.generation == start + 1
    vault.save_many([Entry(title="b"), Entry(title="c")])  # one transaction, one write
    assert vault.header.generation == start + 2
    vault.delete(entry.id)
    assert vault.header.generation == start + 3
    vault.change_passphrase(PASSPHRASE)
    assert vault.header.generation == start + 4
    vault.close()
    stored = json.loads(header_row(vault_path)[0])["manifest"]
    assert stored["generation"] == start + 4
    assert stored["count"] == 2


# --------------------------------------------------------- 4. the header's bytes
def _unlock_refusal(path: Path) -> AmendsError | None:
    """The refusal of open+unlock, or None if the vault opened."""
    try:
        vault = Vault.open(path, insecure_kdf_for_tests=True)
    except AmendsError as exc:
        return exc
    try:
        vault.unlock(PASSPHRASE)
    except AmendsError as exc:
        return exc
    finally:
        vault.close()
    return None


def _version_positions(data: bytes) -> set[int]:
    """Byte positions of the format and schema numbers (a newer one is refused as such)."""
    positions: set[int] = set()
    for key in (b'"format":', b'"schema":'):
        start = data.index(key) + len(key)
        end = start
        while data[end : end + 1].isdigit():
            end += 1
        positions.update(range(start, end))
    return positions


def _b64_slack_positions(data: bytes) -> list[int]:
    """Last character before '=' padding: it carries unused bits in base64."""
    return [i - 1 for i in range(len(data)) if data[i : i + 1] == b"=" and data[i - 1 : i] != b"="]


def _assert_every_flip_refused(path: Path, masks_at: dict[int, list[int]]) -> int:
    data, mac = header_row(path)
    versions = _version_positions(data)
    accepted, checked = [], 0
    with raw_db(path) as con:
        for position, masks in masks_at.items():
            for mask in masks:
                flipped = bytearray(data)
                flipped[position] ^= mask
                con.execute("UPDATE header SET data = ? WHERE id = 1", (bytes(flipped),))
                refusal = _unlock_refusal(path)
                checked += 1
                if isinstance(refusal, WrongPassphrase):
                    assert refusal.status == 3
                    continue
                if refusal is not None and position in versions and "newer" in refusal.message:
                    continue  # refused before unlock as a newer format or schema
                accepted.append((position, mask, chr(data[position]), refusal))
        con.execute("UPDATE header SET data = ? WHERE id = 1", (data,))
    assert header_row(path) == (data, mac)
    assert _unlock_refusal(path) is None  # control: the restored header opens
    assert accepted == []
    return checked


def test_every_header_byte_is_authenticated(vault: Vault, vault_path: Path) -> None:
    _filled(vault)
    data, _ = header_row(vault_path)
    assert 400 < len(data) < 700
    # One flip per byte, cycling through the 8 bits; all 8 where base64 has spare bits.
    masks_at = {i: [1 << (i % 8)] for i in range(len(data))}
    slack = _b64_slack_positions(data)
    # salt, recovery salt, recovery public key, its ephemeral key, manifest MAC
    assert len(slack) == 5
    for position in slack:
        masks_at[position] = [1 << bit for bit in range(8)]
    assert _assert_every_flip_refused(vault_path, masks_at) == len(data) + 7 * len(slack)


@pytest.mark.exhaustive
def test_every_bit_of_every_header_byte_is_authenticated(vault: Vault, vault_path: Path) -> None:
    _filled(vault)
    data, _ = header_row(vault_path)
    masks = [1 << bit for bit in range(8)] + [0xFF]
    _assert_every_flip_refused(vault_path, {i: masks for i in range(len(data))})


def test_every_mac_bit_is_checked(vault: Vault, vault_path: Path) -> None:
    _filled(vault)
    _, mac = header_row(vault_path)
    assert len(mac) == 32
    with raw_db(vault_path) as con:
        for position in range(len(mac)):
            for bit in range(8):
                flipped = bytearray(mac)
                flipped[position] ^= 1 << bit
                con.execute("UPDATE header SET mac = ? WHERE id = 1", (bytes(flipped),))
                assert isinstance(_unlock_refusal(vault_path), WrongPassphrase), (position, bit)
        con.execute("UPDATE header SET mac = ? WHERE id = 1", (mac,))
    assert _unlock_refusal(vault_path) is None


def test_damaged_header_and_wrong_passphrase_say_the_same(vault: Vault, vault_path: Path) -> None:
    _filled(vault)
    vault = Vault.open(vault_path, insecure_kdf_for_tests=True)
    with pytest.raises(WrongPassphrase) as wrong:
        vault.unlock("not the passphrase at all")
    vault.close()
    data, mac = header_row(vault_path)
    set_header_row(vault_path, data, bytes(32))
    with pytest.raises(WrongPassphrase) as bad_mac:
        open_vault(vault_path)
    generation = data.index(b'"generation":') + len(b'"generation":')
    bumped = data[:generation] + b"9" + data[generation + 1 :]
    set_header_row(vault_path, bumped, mac)
    with pytest.raises(WrongPassphrase) as bad_data:
        open_vault(vault_path)
    set_header_row(vault_path, b"{not json", mac)
    with pytest.raises(WrongPassphrase) as unparsable:
        open_vault(vault_path)
    messages = {e.value.message for e in (wrong, bad_mac, bad_data, unparsable)}
    assert len(messages) == 1
    assert "wrong passphrase" in messages.pop()


@pytest.mark.parametrize(
    "kdf",
    [
        KdfParams(memory_kib=64 * 1024 * 1024, iterations=3),  # 64 GiB
        KdfParams(memory_kib=2**32 - 1, iterations=1),
        KdfParams(memory_kib=64 * 1024, iterations=10_000),
        KdfParams(memory_kib=64 * 1024, iterations=3, lanes=1),
        KdfParams(memory_kib=8, iterations=1),
        KdfParams(memory_kib=64 * 1024, iterations=0),
    ],
)
def test_kdf_parameters_out_of_bounds_are_never_obeyed(
    vault: Vault, vault_path: Path, kdf: KdfParams
) -> None:
    """Even with a valid MAC: refused as a damaged header before any derivation
    (64 GiB or 10,000 passes would exhaust memory or hang, not say 'wrong passphrase')."""
    _filled(vault, 1)
    vault = open_vault(vault_path)
    key = header_mac_key(vault)
    vault.close()

    def set_kdf(header: Header) -> None:
        header.kdf = kdf

    forge_header(vault_path, key, set_kdf)
    assert json.loads(header_row(vault_path)[0])["kdf"]["memory_kib"] == kdf.memory_kib
    for insecure in (True, False):
        vault = Vault.open(vault_path, insecure_kdf_for_tests=insecure)
        with pytest.raises(WrongPassphrase):
            vault.unlock(PASSPHRASE)
        vault.close()


# ------------------------------------------------ malformed rows and files
@pytest.mark.parametrize(
    ("sql", "manifest_ok"),
    [
        ("UPDATE records SET nonce = 'text, not bytes' WHERE id = :id", False),
        ("UPDATE records SET ciphertext = 'text' WHERE id = :id", False),
        ("UPDATE records SET nonce = x'00' WHERE id = :id", True),
        ("UPDATE records SET ciphertext = x'' WHERE id = :id", False),
        ("UPDATE records SET ciphertext = zeroblob(272) WHERE id = :id", False),
        ("UPDATE records SET version = 'one' WHERE id = :id", False),
        ("UPDATE records SET version = 1.5 WHERE id = :id", False),
        ("UPDATE records SET id = x'00ff' WHERE id = :id", False),
    ],
)
def test_mistyped_columns_are_damage_not_a_crash(
    vault: Vault, vault_path: Path, sql: str, manifest_ok: bool
) -> None:
    a, b, _c = _filled(vault)
    with raw_db(vault_path) as con:
        con.execute(sql, {"id": a.id})
    damaged, manifest, titles = _damage(vault_path)
    assert len(damaged) == 1
    # The manifest covers (id, version) and, through the GCM tags, the ciphertext; a
    # wrong nonce is caught by GCM itself.
    assert manifest is manifest_ok
    assert a.title not in titles and b.title in titles


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("data", "a text value"),
        ("data", b'{"magic":"amends-vault"}'),
        ("data", b"[1, 2, 3]"),
        ("mac", "text"),
        ("data", 42),
    ],
)
def test_malformed_header_values_are_a_damaged_header(
    vault: Vault, vault_path: Path, column: str, value: object
) -> None:
    _filled(vault, 1)
    with raw_db(vault_path) as con:
        con.execute(f"UPDATE header SET {column} = ?", (value,))
    assert isinstance(_unlock_refusal(vault_path), WrongPassphrase)


@pytest.mark.parametrize(
    "change",
    [
        {"salt": 5},
        {"salt": None},
        {"kdf": "argon2id"},
        {"kdf": {"algorithm": "scrypt", "memory_kib": 32, "iterations": 1, "lanes": 4}},
        {"manifest": {"count": 1e400, "digest": "", "generation": 1}},
        {"recovery": "yes"},
        {"vault_id": ["x"]},
        {"magic": "something-else"},
    ],
)
def test_structurally_wrong_headers_are_a_damaged_header(
    vault: Vault, vault_path: Path, change: dict[str, object]
) -> None:
    _filled(vault, 1)
    data, mac = header_row(vault_path)
    doc = json.loads(data)
    doc.update(change)
    set_header_row(vault_path, json.dumps(doc).encode(), mac)
    assert isinstance(_unlock_refusal(vault_path), WrongPassphrase)


def test_a_missing_records_table_is_reported_not_a_crash(vault: Vault, vault_path: Path) -> None:
    _filled(vault, 1)
    with raw_db(vault_path) as con:
        con.execute("DROP TABLE records")
    refusal = _unlock_refusal(vault_path)
    assert isinstance(refusal, AmendsError)
    assert "damaged" in refusal.message


def test_another_programs_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other-app.db"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE notes (body TEXT)")
        con.execute("INSERT INTO notes VALUES ('not amends')")
    con.close()
    before = path.read_bytes()
    with pytest.raises(WrongPassphrase, match="not an amends vault"):
        Vault.open(path, insecure_kdf_for_tests=True)
    assert path.read_bytes() == before  # not switched to WAL, not touched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other-app.db"]
