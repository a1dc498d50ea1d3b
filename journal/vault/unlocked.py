"""What an unlocked vault holds: its keys and the session's decrypted records.

One ``Unlocked`` object is swapped in whole at unlock and dropped whole at lock,
so no piece of it can outlive the session or be forgotten by a reset.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from journal import crypto
from journal.models import Commitment, Draft, Entry
from journal.search import SearchIndex
from journal.summaries import Summary, SummaryList
from journal.vault import envelope
from journal.vault.envelope import Keys


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
    others: dict[str, Draft | Commitment] = field(default_factory=dict)
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

    def record_ad(self, record_id: str, version: int) -> bytes:
        return self.ad_prefix + crypto.id_version(record_id, version)

    def found_damaged(self, ids: Iterable[str]) -> None:
        self.damaged = sorted({*self.damaged, *ids})

    def changed_entries(self) -> None:
        """An entry was saved or deleted: the sorted list and the tags are stale."""
        self.newest_first = self.tags = None


def load(
    keys: Keys,
    ad_prefix: bytes,
    rows: Iterator[tuple[Any, ...]],
    damaged_one: Callable[[str], None],
) -> tuple[Unlocked, int]:
    """Open every record's head once: the session's state, and the XOR of the
    record tags (the manifest digest, checked by the caller)."""
    state = Unlocked(keys, ad_prefix)
    entries, others, rowids, versions = state.entries, state.others, state.rowids, state.versions
    damaged: list[str] = []
    digest = 0
    tags = envelope.RecordTags(keys.manifest)
    for rowid, record_id, version, nonce, ciphertext in rows:
        if not (isinstance(record_id, str) and isinstance(version, int) and version >= 0):
            # A mistyped id or version (damage): opens as nothing, and
            # the manifest no longer matches.
            damaged.append(str(record_id))
            continue
        versions[record_id] = version
        id_version = crypto.id_version(record_id, version)
        digest ^= tags.of(id_version)
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
    state.damaged = sorted(damaged)
    return state, digest
