"""A vault written by an earlier build (tests/data/format-1-vault.db, made by
tests/data/make_format_1_vault.py) still opens, in full, with the passphrase and
with its recovery code. If this fails, the format changed: that needs a
migration, not a new fixture."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from helpers import PASSPHRASE, open_vault

from journal.errors import WrongPassphrase
from journal.vault import Vault

FIXTURE = Path(__file__).parent / "data" / "format-1-vault.db"
RECOVERY_CODE = "NRH7-AHKP-72TK-8F0T-DRH9-EN2B-2HMK-Q6VW"


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    """A copy: opening a vault takes its lock and may checkpoint into it."""
    return Path(shutil.copy(FIXTURE, tmp_path / "vault.db"))


def test_everything_stored_reads_back(stored: Path) -> None:
    with open_vault(stored) as vault:
        assert (vault.header.format, vault.header.schema) == (1, 1)
        report = vault.verify()
        assert report.ok and report.records == 4
        assert [e.display_title() for e in vault.entries()] == [
            "The joke at the stag do",
            "First line of an untitled one",
        ]
        conduct = vault.get_entry("a" * 32)
        assert (conduct.kind, conduct.flow, conduct.starred) == ("conduct", "conduct", True)
        assert conduct.tags == ["friends", "jokes"]
        assert conduct.created_at == datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
        assert [(a.step_id, a.prompt, a.text) for a in conduct.answers] == [
            ("what_happened", "What happened?", "I laughed along."),
            ("affected", "Who was affected?", "Ünïcödé 🙂\nline 2"),
        ]
        untitled = vault.get_entry("bbbb")
        assert untitled.created_at == datetime(2025, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)
        assert [e.id for e in vault.search("ünïcödé")] == [conduct.id]
        (commitment,) = vault.commitments()
        assert (commitment.stop, commitment.start) == ("laughing along", "saying it is not funny")
        assert [(p.situation, p.action) for p in commitment.plans] == [
            ("a mate makes that joke", "say 'not funny, mate'")
        ]
        assert commitment.checkin_dates == [date(2026, 12, 28)]
        assert commitment.source_entry_id == conduct.id
        (draft,) = vault.drafts()
        assert (draft.flow, draft.step_index, draft.title) == ("bystander", 1, "half done")
        assert [a.text for a in draft.answers] == ["not finished"]


def test_it_opens_with_its_recovery_code_and_takes_new_writes(stored: Path) -> None:
    vault = Vault.open(stored, insecure_kdf_for_tests=True)
    with vault:
        vault.unlock_with_recovery(RECOVERY_CODE)
        vault.change_passphrase("a new and different passphrase")
        vault.delete("d" * 32)
    with open_vault(stored, "a new and different passphrase") as again:
        assert again.verify().ok and again.drafts() == []
        assert len(again.entries()) == 2
    with pytest.raises(WrongPassphrase):
        open_vault(stored, PASSPHRASE)
