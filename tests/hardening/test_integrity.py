"""Issue 13's attacks on the file, each rebuilt as the review ran it; each passed on
format 1 and must fail now.

- A record rolled back by duplicate ids: two extra copies of an old version of X,
  the unique index kept; format 1's XOR cancelled the copies and showed the old text.
- A rolled-back subset found from saved headers alone: two headers around a save gave
  t(X, v1) XOR t(X, v2) in the clear; Gaussian elimination over GF(2)^256 on ~280 such
  differences finds records whose rollbacks cancel out.
- Triggers obeyed: a BEFORE DELETE trigger shadow-copying "deleted" rows, and a
  RAISE(IGNORE) trigger making saves vanish silently.
- An old header put back after ``passwd`` (or a new recovery code): the old passphrase
  (or code) read everything written since.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from journal.errors import WrongPassphrase
from journal.models import Answer, Entry
from journal.vault import Vault

from .support import OTHER_PASSPHRASE, PASSPHRASE, create_vault, open_vault

#: The records table as amends writes it (journal.vault.storage.RECORDS_SQL; spelled out
#: so this file also runs against format 1's code, where every attack here worked).
RECORDS_SQL = (
    "CREATE TABLE records (\n\tid VARCHAR NOT NULL, \n\tversion INTEGER NOT NULL, "
    "\n\tnonce BLOB NOT NULL, \n\tciphertext BLOB NOT NULL, \n\tPRIMARY KEY (id)\n)"
)


def _entry(text: str) -> Entry:
    return Entry(kind="conduct", title=text, answers=[Answer(step_id="s", text=text)])


def _raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def _row(path: Path, record_id: str) -> tuple[int, bytes, bytes]:
    with _raw(path) as con:
        row = con.execute(
            "SELECT version, nonce, ciphertext FROM records WHERE id = ?", (record_id,)
        ).fetchone()
    return int(row[0]), bytes(row[1]), bytes(row[2])


def _header(path: Path) -> tuple[bytes, bytes]:
    with _raw(path) as con:
        data, mac = con.execute("SELECT data, mac FROM header WHERE id = 1").fetchone()
    return bytes(data), bytes(mac)


def _shown(path: Path, passphrase: str = PASSPHRASE) -> tuple[list[str], bool, set[str]]:
    """(damaged ids, verify ok, every text shown) after an unlock, or refused: ([], False, {})."""
    try:
        vault = open_vault(path, passphrase)
    except WrongPassphrase:
        return [], False, set()
    with vault:
        report = vault.verify()
        texts = {a.text for e in vault.full_entries() for a in e.answers}
        texts |= {e.title for e in vault.entries()}
        return report.damaged, report.ok, texts


# ------------------------------------------------------------ duplicate ids
def test_two_copies_of_an_old_version_roll_nothing_back(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    with create_vault(path) as vault:
        x = vault.save_entry(_entry("old text of X"))
        old = _row(path, x.id)
        x.answers[0].text = x.title = "new text of X"
        vault.save_entry(x)
        vault.save_entry(_entry("another entry"))
    # The attack: let the table take duplicates for a moment (the schema's text patched
    # through writable_schema), add two copies of X's old row, then put the schema
    # back exactly, the unique index kept as it was.
    unique = RECORDS_SQL.replace(", \n\tPRIMARY KEY (id)", "")
    autoindex = "sqlite_autoindex_records_1"
    with _raw(path) as con:
        (root,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (autoindex,))
        con.execute("PRAGMA writable_schema=ON")
        con.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'records'", (unique,))
        con.execute("DELETE FROM sqlite_master WHERE name = ?", (autoindex,))
    with _raw(path) as con:
        for _ in range(2):
            con.execute("INSERT INTO records VALUES (?, ?, ?, ?)", (x.id, *old))
        copies = con.execute("SELECT count(*) FROM records WHERE id = ?", (x.id,)).fetchone()
        assert copies == (3,)
    with _raw(path) as con:
        con.execute("PRAGMA writable_schema=ON")
        con.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'records'", (RECORDS_SQL,))
        con.execute(
            "INSERT INTO sqlite_master VALUES ('index', ?, 'records', ?, NULL)", (autoindex, *root)
        )
    with _raw(path) as con:  # the schema is exactly amends' again
        names = sorted(r[0] for r in con.execute("SELECT name FROM sqlite_master"))
        assert names == ["header", "records", autoindex]
    damaged, ok, texts = _shown(path)
    assert not ok, "a record rolled back by duplicate rows passed verify"
    assert "old text of X" not in texts and "another entry" in texts
    assert x.id in damaged  # neither copy is shown: the id is refused


# --------------------------------------------------- headers' linear algebra
def _dependent_subset(vectors: list[int]) -> list[int]:
    """Indices of a non-empty subset of ``vectors`` whose XOR is 0 (Gaussian elimination
    over GF(2), tracking which inputs make up each reduced row)."""
    basis: dict[int, tuple[int, int]] = {}  # leading bit -> (vector, mask of inputs)
    for i, vector in enumerate(vectors):
        mask = 1 << i
        while vector:
            top = vector.bit_length() - 1
            if top not in basis:
                basis[top] = (vector, mask)
                break
            vector ^= basis[top][0]
            mask ^= basis[top][1]
        if not vector:
            return [j for j in range(len(vectors)) if mask >> j & 1]
    raise AssertionError("no dependency: fewer vectors than bits")


def _manifest_value(data: bytes) -> int:
    """The manifest field of a header as an attacker reads it (format 1: "digest";
    format 2: "mac")."""
    manifest = json.loads(data)["manifest"]
    import base64

    return int.from_bytes(base64.b64decode(manifest.get("digest") or manifest["mac"]), "big")


def test_a_subset_solved_for_from_saved_headers_cannot_be_rolled_back(tmp_path: Path) -> None:
    """280 header pairs around single saves, as a cloud folder's version history keeps
    them; their differences solved over GF(2) for a subset that cancels; that subset's
    records rolled back to their old rows under the current header."""
    path = tmp_path / "vault.db"
    count = 280
    with create_vault(path) as vault:
        entries = [_entry(f"first text {n}") for n in range(count)]
        vault.save_many(list(entries))
        old_rows, differences = {}, []
        for entry in entries:
            old_rows[entry.id] = _row(path, entry.id)
            before = _manifest_value(_header(path)[0])
            entry.answers[0].text = entry.title = f"second text {entry.title[11:]}"
            vault.save_entry(entry)
            differences.append(before ^ _manifest_value(_header(path)[0]))
    subset = _dependent_subset(differences)
    assert 1 < len(subset) <= 257
    with _raw(path) as con:
        for i in subset:
            record_id = entries[i].id
            con.execute(
                "UPDATE records SET version = ?, nonce = ?, ciphertext = ? WHERE id = ?",
                (*old_rows[record_id], record_id),
            )
    damaged, ok, texts = _shown(path)
    rolled_back = {f"first text {i}" for i in subset}
    assert not ok, f"{len(subset)} records rolled back together and verify said ok"
    assert rolled_back.isdisjoint(texts) or not ok
    assert damaged == []  # every row is authentic: only the manifest can tell


# --------------------------------------------------------------- triggers
SHADOW = """
CREATE TABLE shadow (id, version, nonce, ciphertext);
CREATE TRIGGER keep_deleted BEFORE DELETE ON records
BEGIN INSERT INTO shadow VALUES (old.id, old.version, old.nonce, old.ciphertext); END;
"""
SWALLOW = """
CREATE TRIGGER swallow BEFORE INSERT ON records BEGIN SELECT RAISE(IGNORE); END;
"""


@pytest.mark.parametrize(("sql", "named"), [(SHADOW, "keep_deleted"), (SWALLOW, "swallow")])
def test_a_vault_with_a_trigger_is_refused_before_anything_runs(
    tmp_path: Path, sql: str, named: str
) -> None:
    path = tmp_path / "vault.db"
    with create_vault(path) as vault:
        doomed = vault.save_entry(_entry("to be deleted"))
    with _raw(path) as con:
        con.executescript(sql)
    with pytest.raises(WrongPassphrase, match=named):
        Vault.open(path, insecure_kdf_for_tests=True)
    with _raw(path) as con:  # nothing ran: the row is where it was, no shadow copy
        assert (
            con.execute("SELECT count(*) FROM records WHERE id = ?", (doomed.id,)).fetchone()[0]
            == 1
        )
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        if "shadow" in tables:
            assert con.execute("SELECT count(*) FROM shadow").fetchone()[0] == 0


def test_a_view_or_an_extra_table_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    create_vault(path).close()
    for sql, named in (
        ("CREATE VIEW peek AS SELECT id FROM records", "view peek"),
        ("CREATE TABLE stash (blob)", "table stash"),
    ):
        with _raw(path) as con:
            con.execute(sql)
        with pytest.raises(WrongPassphrase, match=named):
            Vault.open(path, insecure_kdf_for_tests=True)
        with _raw(path) as con:
            con.execute(f"DROP {named.split()[0].upper()} {named.split()[1]}")
    open_vault(path).close()  # back to the exact schema: it opens


# ------------------------------------------------------------ old headers
def test_an_old_header_and_the_old_passphrase_open_nothing_written_since(
    tmp_path: Path,
) -> None:
    path = tmp_path / "vault.db"
    with create_vault(path, recovery=True) as vault:
        vault.save_entry(_entry("written before the change"))
        old_header = _header(path)
        vault.change_passphrase(OTHER_PASSPHRASE)
        vault.save_entry(_entry("written after the change"))
    with _raw(path) as con:
        con.execute("UPDATE header SET data = ?, mac = ? WHERE id = 1", old_header)
    _, ok, texts = _shown(path, PASSPHRASE)
    assert "written after the change" not in texts
    assert "written before the change" not in texts  # sealed again under the new key too
    assert not ok


def test_an_old_header_and_a_replaced_recovery_code_open_nothing_new(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    vault, old_code = Vault.create(path, PASSPHRASE, insecure_kdf_for_tests=True)
    assert old_code is not None
    with vault:
        old_header = _header(path)
        vault.new_recovery_code()
        vault.save_entry(_entry("written after the new code"))
    with _raw(path) as con:
        con.execute("UPDATE header SET data = ?, mac = ? WHERE id = 1", old_header)
    with Vault.open(path, insecure_kdf_for_tests=True) as again:
        again.unlock_with_recovery(old_code)  # the old header still opens with it ...
        assert [e.title for e in again.entries()] == []  # ... but nothing written since
        assert again.damaged and not again.verify().ok
