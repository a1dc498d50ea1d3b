"""A vault written by an earlier build (tests/data/format-1-vault.db, made by
tests/data/make_format_1_vault.py) still opens, in full, with the passphrase and
with its recovery code, and is migrated to the current format on its first unlock, in
one transaction. If this fails, the format changed: that needs a migration, not a
new fixture."""

from __future__ import annotations

import shutil
import signal
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from helpers import NEW_PASSPHRASE, PASSPHRASE, header_row, open_vault, python, records

from journal.errors import WrongPassphrase
from journal.vault import Vault

FIXTURE = Path(__file__).parent / "data" / "format-1-vault.db"
RECOVERY_CODE = "NRH7-AHKP-72TK-8F0T-DRH9-EN2B-2HMK-Q6VW"


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    """A copy: opening a vault takes its lock and may checkpoint into it."""
    return Path(shutil.copy(FIXTURE, tmp_path / "vault.db"))


def test_everything_stored_reads_back(stored: Path) -> None:
    assert (Vault.read_header(stored).format, Vault.read_header(stored).schema) == (1, 1)
    with open_vault(stored) as vault:
        assert (vault.header.format, vault.header.schema) == (2, 1)  # migrated
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


def test_the_migration_seals_every_record_again_and_keeps_them(stored: Path) -> None:
    before = records(stored)
    with open_vault(stored) as vault:
        assert not vault.found_damage
    after = records(stored)
    assert after.keys() == before.keys()
    assert all(after[i][0] == before[i][0] for i in after)  # same versions
    assert all(after[i][2] != before[i][2] for i in after)  # format 2's AD and manifest
    assert Vault.read_header(stored).format == 2
    with open_vault(stored) as again:  # and it opens as format 2, manifest and all
        assert again.verify().ok and len(again.entries()) == 2


def test_its_format_1_recovery_code_works_after_the_migration_and_is_upgraded(
    stored: Path,
) -> None:
    with open_vault(stored):
        pass  # migrated by passphrase: the code is still format 1's
    assert Vault.read_header(stored).recovery.legacy  # type: ignore[union-attr]
    with Vault.open(stored, insecure_kdf_for_tests=True) as vault:
        vault.unlock_with_recovery(RECOVERY_CODE)
        assert len(vault.entries()) == 2
    upgraded = Vault.read_header(stored).recovery
    assert upgraded is not None and not upgraded.legacy  # the same code, now a key pair
    with open_vault(stored) as vault:
        assert vault.change_passphrase(NEW_PASSPHRASE) is None  # rotation keeps the code
    with Vault.open(stored, insecure_kdf_for_tests=True) as vault:
        vault.unlock_with_recovery(RECOVERY_CODE)
        assert vault.verify().ok


def test_a_passphrase_change_replaces_a_format_1_code_it_cannot_wrap_for(stored: Path) -> None:
    with open_vault(stored) as vault:
        new_code = vault.change_passphrase(NEW_PASSPHRASE)
    assert new_code is not None and new_code != RECOVERY_CODE
    with Vault.open(stored, insecure_kdf_for_tests=True) as vault:
        with pytest.raises(WrongPassphrase):
            vault.unlock_with_recovery(RECOVERY_CODE)
        vault.unlock_with_recovery(new_code)
        assert vault.verify().ok and len(vault.entries()) == 2


KILLED_MIDWAY = """
import os, signal, sys
from pathlib import Path
from journal.vault import Vault, rekey
real = rekey.envelope.reseal
done = []
def reseal(*args, **kwargs):
    done.append(1)
    if len(done) == 3:  # two records sealed again and written: now die, mid-transaction
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)
rekey.envelope.reseal = reseal
rekey.BATCH = 1  # each record written before the next is sealed
vault = Vault.open(Path(sys.argv[1]), insecure_kdf_for_tests=True)
vault.unlock(sys.argv[2])
print("migrated, not killed")
"""


def test_a_kill_during_the_migration_leaves_format_1_intact(stored: Path) -> None:
    before_records, before_header = records(stored), header_row(stored)
    child = python(KILLED_MIDWAY, str(stored), PASSPHRASE)
    out, err = child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL, (out, err)
    # The killed transaction never committed: what a reader sees is format 1, as it was.
    assert records(stored) == before_records and header_row(stored) == before_header
    assert Vault.read_header(stored).format == 1
    with open_vault(stored) as vault:  # and the next unlock migrates it in full
        assert vault.header.format == 2 and vault.verify().ok and len(vault.entries()) == 2
