"""What an unlocked vault holds: its keys and the session's decrypted records.

One ``Unlocked`` object is swapped in whole at unlock and dropped whole at lock,
so no piece of it can outlive the session or be forgotten by a reset.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from journal import crypto
from journal.models import Entry
from journal.search import SearchIndex
from journal.summaries import Summary, SummaryList
from journal.vault import envelope
from journal.vault.envelope import Keys, Other


@dataclass(eq=False)
class Unlocked:
    """The keys and every decrypted object of one unlocked session."""

    keys: Keys
    #: ``envelope.record_ad_prefix`` of this vault.
    ad_prefix: bytes
    #: Every record's stored version, by id.
    versions: dict[str, int] = field(default_factory=dict)
    #: Every entry's summary, parsed when first read (``journal.summaries``).
    entries: dict[str, Summary] = field(default_factory=dict)
    #: The drafts and commitments (a few, beside thousands of entries).
    others: dict[str, Other] = field(default_factory=dict)
    #: Where unlock found each entry's row, to read its body from later.
    rowids: dict[str, int] = field(default_factory=dict)
    #: Entries' answers as decrypted JSON: each body is decrypted the first time it
    #: is needed (opening the entry, the search index, verify), kept until opened ...
    answers: dict[str, bytes] = field(default_factory=dict)
    #: ... and the entries opened so far (parsed once, then kept).
    opened: dict[str, Entry] = field(default_factory=dict)
    #: Every tag in use, sorted; None until asked for (again, after a write).
    tags: list[str] | None = None
    #: Built by the first search (``list`` and the first paint never need it).
    search: SearchIndex | None = None
    #: The entries as the index was built from them (its positions are theirs).
    indexed: Sequence[Summary] = ()
    #: While the index is built: entries saved (or deleted: None) meanwhile.
    index_changes: list[tuple[str, Entry | None]] | None = None
    newest_first: SummaryList | None = None
    #: Record ids that failed to open, and whether the manifest matched.
    damaged: list[str] = field(default_factory=list)
    manifest_ok: bool = True
    #: Format 2: the sum of every record's tag (``envelope.ManifestTags``), mod 2**256,
    #: kept here and never stored; the header holds only a MAC of it. Offset by one
    #: when the manifest did not match at unlock, so that saves never make a tampered
    #: file's manifest match.
    manifest_sum: int = 0
    #: The passphrase's key-encryption key, when unlocked by passphrase (or since it
    #: was changed): a new recovery code re-wraps a fresh data key with it.
    passphrase_kek: bytes | None = None

    def record_ad(self, record_id: str, version: int) -> bytes:
        return self.ad_prefix + crypto.id_version(record_id, version)

    def found_damaged(self, ids: Iterable[str]) -> None:
        self.damaged = sorted({*self.damaged, *ids})

    def changed_entries(self) -> None:
        """An entry was saved or deleted: the sorted list and the tags are stale."""
        self.newest_first = self.tags = None


def load(
    keys: Keys,
    vault_id: str,
    version: int,
    rows: Iterator[tuple[Any, ...]],
    damaged_one: Callable[[str], None],
) -> tuple[Unlocked, int, int]:
    """Open every record's head once: the session's state, the combined record tags
    (format 2: their sum, ``envelope.ManifestTags``; format 1: their XOR) and how many
    rows were counted. A record id found twice is refused: neither copy is shown, and
    the count then cannot match the header's, so the manifest fails."""
    ad_prefix = envelope.record_ad_prefix(vault_id, version)
    state = Unlocked(keys, ad_prefix)
    entries, others, rowids, versions = state.entries, state.others, state.rowids, state.versions
    damaged: list[str] = []
    twice: set[str] = set()
    total = counted = 0
    tags = envelope.ManifestTags(keys, vault_id)
    old_tags = envelope.RecordTags(keys.manifest)
    for rowid, record_id, stored_version, nonce, ciphertext in rows:
        if not (
            isinstance(record_id, str)
            and isinstance(stored_version, int)
            and stored_version >= 0
            and isinstance(nonce, bytes)
            and isinstance(ciphertext, bytes)
        ):
            # A mistyped column (damage): opens as nothing, and the manifest no
            # longer matches.
            damaged.append(str(record_id))
            continue
        if record_id in versions:
            twice.add(record_id)
            continue
        counted += 1
        versions[record_id] = stored_version
        id_version = crypto.id_version(record_id, stored_version)
        if version >= 2:
            total += tags.of(id_version, ciphertext)
        else:
            total ^= old_tags.of(id_version)
        head = envelope.open_head(keys.records, nonce, ciphertext, ad_prefix + id_version)
        held = (
            Summary.sealed(record_id, head, damaged_one)  # an entry
            if isinstance(head, bytes)
            else head
        )
        if held is None:
            damaged.append(record_id)
        elif isinstance(held, Summary):
            entries[record_id] = held
            rowids[record_id] = rowid
        else:
            others[record_id] = held
    for record_id in twice:
        for held_by_id in (entries, others, rowids):
            held_by_id.pop(record_id, None)
        damaged.append(record_id)
        counted += 1  # the header never counts a copy: the count cannot match
    state.damaged = sorted(damaged)
    return state, total, counted
