"""Sealing every record again: under a fresh data key (rotation) or a new format
(migration), inside the caller's one transaction.

A row that does not open is kept byte for byte: it was damage before and stays
damage, and its tag still counts, so the manifest says what it said.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from journal import crypto
from journal.vault import envelope
from journal.vault.envelope import Keys
from journal.vault.storage import ROWS_AFTER, Storage

Progress = Callable[[int, int], None]
#: Rows read, resealed and written per step (and per progress report).
BATCH = 500


def reseal_all(
    storage: Storage,
    conn: sqlite3.Connection,
    old: tuple[Keys, bytes],
    new: tuple[Keys, bytes],
    vault_id: str,
    *,
    progress: Progress | None = None,
    rehead: Callable[[bytes], bytes] | None = None,
) -> tuple[int, int]:
    """Reseal every row from ``old`` (keys, AD prefix) to ``new``; returns the sum of the
    new record tags (``envelope.ManifestTags``) and the number of rows."""
    (old_keys, old_prefix), (new_keys, new_prefix) = old, new
    tags = envelope.ManifestTags(new_keys, vault_id)
    total_rows = conn.execute("SELECT count(*) FROM records").fetchone()[0]
    done = total = 0
    after = -(1 << 63)
    if progress is not None:
        progress(0, total_rows)
    while True:
        page = list(storage.rows(ROWS_AFTER, (after, BATCH)))
        updates = []
        for rowid, record_id, version, nonce, ciphertext in page:
            after = rowid
            if not (isinstance(record_id, str) and isinstance(version, int)):
                continue  # damage that counts in no manifest; kept as it is
            id_version = crypto.id_version(record_id, version)
            sealed = None
            if isinstance(nonce, bytes) and isinstance(ciphertext, bytes):
                sealed = envelope.reseal(
                    old_keys.records,
                    old_prefix + id_version,
                    new_keys.records,
                    new_prefix + id_version,
                    (nonce, ciphertext),
                    rehead,
                )
            if sealed is None:
                if isinstance(ciphertext, bytes):
                    total += tags.of(id_version, ciphertext)
                continue
            updates.append((sealed[0], sealed[1], rowid))
            total += tags.of(id_version, sealed[1])
        conn.executemany("UPDATE records SET nonce = ?, ciphertext = ? WHERE rowid = ?", updates)
        done += len(page)
        if progress is not None and page:
            progress(done, total_rows)
        if len(page) < BATCH:
            return total, done
