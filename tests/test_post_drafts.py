"""The sealed post-draft record: a post in progress kept in the vault, one per entry.

Real vault files, real crypto (the test KDF); the CLI through ``journal.cli.main``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import RunCli
from tui_helpers import PASSPHRASE, entry, make_vault

from journal.models import PostDraft
from journal.vault import Vault

SECRET = "I kept texting Sarah from accounting"


def _records(path: Path) -> dict[str, bytes]:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT id, ciphertext FROM records").fetchall())


def _stored(path: Path) -> bytes:
    """Every byte amends keeps on disk for the vault: the file and its WAL, if any."""
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_a_post_draft_is_sealed_one_per_entry_and_goes_with_its_entry(tmp_path: Path) -> None:
    kept, other = entry("kept", "words"), entry("other", "more words")
    path = make_vault(tmp_path / "vault.db", [kept, other])
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        first = vault.save_post_draft(
            PostDraft(entry_id=kept.id, platform="bluesky", picked=["write"], text=SECRET)
        )
        # A fresh one for the same entry replaces it: one per entry.
        vault.save_post_draft(PostDraft(entry_id=kept.id, text=SECRET + " again"))
        vault.save_post_draft(PostDraft(entry_id=other.id, text="another post"))
        assert [p.text for p in vault.post_drafts(kept.id)] == [SECRET + " again"]
        assert first.id not in _records(path)
        assert vault.counts()["post-draft"] == 2
    stored = _stored(path)
    assert SECRET.encode() not in stored and b"post-draft" not in stored
    assert b"bluesky" not in stored and b"entry_id" not in stored
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        (again,) = vault.post_drafts(kept.id)
        assert (again.text, again.entry_id) == (SECRET + " again", kept.id)
        assert not vault.found_damage
        vault.delete(kept.id)  # the entry goes with its post draft
        assert vault.post_drafts(kept.id) == []
        assert [p.entry_id for p in vault.post_drafts()] == [other.id]
        assert not vault.found_damage
    assert len(_records(path)) == 2  # the other entry and its post draft


def test_info_counts_post_drafts(run_cli: RunCli, tmp_path: Path, vault_path: Path) -> None:
    pass_file = tmp_path / "passphrase.txt"
    pass_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
    written = entry("kept", "words")
    make_vault(vault_path, [written])
    with Vault.open(vault_path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        vault.save_post_draft(PostDraft(entry_id=written.id, text=SECRET))
    status, out, err = run_cli("info", "--vault", vault_path, "--passphrase-file", pass_file)
    assert status == 0, err
    assert "Drafts: 0  Post drafts: 1  Commitments: 0" in out
    assert SECRET not in out
