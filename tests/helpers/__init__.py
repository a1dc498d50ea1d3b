"""Helpers for the vault tests: raw SQLite access (to tamper), header forging,
byte scans, subprocess scripts. Nothing here mocks anything: it edits real files.
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from journal import crypto
from journal.vault import Header, Vault

#: How much of the exhaustive trials (``pytest -m exhaustive``) to run: all by default;
#: .ci/run sets AMENDS_EXHAUSTIVE_SCALE to run a reduced form within its time.
EXHAUSTIVE_SCALE = float(os.environ.get("AMENDS_EXHAUSTIVE_SCALE", "1"))


def scaled(trials: int) -> int:
    """``trials`` exhaustive trials, scaled by AMENDS_EXHAUSTIVE_SCALE (at least one)."""
    return max(1, round(trials * EXHAUSTIVE_SCALE))


def stride(step: int) -> int:
    """A sweep's step, widened when the exhaustive trials are scaled down."""
    return max(step, round(step / EXHAUSTIVE_SCALE))


#: Strong enough for zxcvbn (``amends init`` and ``passwd`` refuse weak ones).
PASSPHRASE = "correct horse battery staple"
#: A second strong passphrase, for changes.
NEW_PASSPHRASE = "violet kettle drums under a paper moon"
REPO = Path(__file__).resolve().parents[2]

Row = tuple[int, bytes, bytes]


@contextmanager
def raw_db(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection to the vault file, in autocommit mode.

    It ignores amends' flock, as an attacker's tool would. synchronous=OFF only
    speeds up the tests' own tampering writes.
    """
    with closing(sqlite3.connect(path, isolation_level=None)) as con:
        con.execute("PRAGMA synchronous=OFF")
        yield con


def header_row(path: Path) -> tuple[bytes, bytes]:
    with raw_db(path) as con:
        data, mac = con.execute("SELECT data, mac FROM header WHERE id = 1").fetchone()
    return bytes(data), bytes(mac)


def set_header_row(path: Path, data: bytes, mac: bytes) -> None:
    with raw_db(path) as con:
        con.execute("UPDATE header SET data = ?, mac = ? WHERE id = 1", (data, mac))


def records(path: Path) -> dict[str, Row]:
    """id -> (version, nonce, ciphertext), as stored."""
    with raw_db(path) as con:
        rows = con.execute("SELECT id, version, nonce, ciphertext FROM records").fetchall()
    return {r[0]: (r[1], bytes(r[2]), bytes(r[3])) for r in rows}


def put_record(path: Path, record_id: str, row: Row) -> None:
    """Insert or overwrite one row exactly (id, version, nonce, ciphertext)."""
    with raw_db(path) as con:
        con.execute(
            "INSERT OR REPLACE INTO records (id, version, nonce, ciphertext) VALUES (?, ?, ?, ?)",
            (record_id, *row),
        )


def header_mac_key(vault: Vault) -> bytes:
    """The header MAC key of an unlocked vault (tests forge valid headers with it)."""
    state = vault._state
    assert state is not None, "unlock the vault first"
    return state.keys.header_mac


def forge_header(path: Path, mac_key: bytes, change: Callable[[Header], None]) -> None:
    """Rewrite the header with ``change`` applied and a valid MAC: a 'genuine' header."""
    data, _ = header_row(path)
    header = Header.from_bytes(data)
    change(header)
    new = header.to_bytes()
    set_header_row(path, new, crypto.mac(mac_key, new))


def open_vault(path: Path, passphrase: str = PASSPHRASE) -> Vault:
    """Open and unlock with the test KDF."""
    vault = Vault.open(path, insecure_kdf_for_tests=True)
    try:
        vault.unlock(passphrase)
    except BaseException:
        vault.close()
        raise
    return vault


def pragma(vault: Vault, name: str) -> object:
    """A PRAGMA's value on the vault's own connection (synchronous is per connection)."""
    return vault._db.execute(f"PRAGMA {name}").fetchone()[0]


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every regular file in ``folder`` (the vault, -wal, -shm, anything else)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def encodings_of(canary: str) -> list[bytes]:
    """Byte forms a leaked canary could take: UTF-8, UTF-16, JSON-escaped, hex, base64."""
    raw = canary.encode("utf-8")
    forms = {
        raw,
        canary.encode("utf-16-le"),
        canary.encode("utf-16-be"),
        json.dumps(canary).encode("ascii")[1:-1],
        raw.hex().encode(),
    }
    if len(raw) >= 12:
        # base64 of the canary at any of the three alignments, minus the edges
        # that depend on neighbouring bytes.
        for shift in range(3):
            encoded = base64.b64encode(b"\0" * shift + raw)
            forms.add(encoded[4:-4])
            forms.add(base64.urlsafe_b64encode(b"\0" * shift + raw)[4:-4])
    return sorted(forms)


def leaks(blobs: dict[str, bytes], canaries: list[str]) -> list[tuple[str, str, bytes]]:
    """(file, canary, form) for every form of every canary found in the files."""
    found = []
    for name, blob in blobs.items():
        for canary in canaries:
            for form in encodings_of(canary):
                if form in blob:
                    found.append((name, canary, form))
    return found


def python(code: str, *args: str) -> subprocess.Popen[str]:
    """Start ``python -c code args`` with the repository importable; pipes for output."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
