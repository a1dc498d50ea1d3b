"""Type-to-search over everything written, in memory, for the unlocked session.

A query keeps the entries that contain every one of its words, ignoring case.
The text of every entry is casefolded once and joined into one UTF-8 buffer,
so each word is a few C-speed ``bytes.find`` scans rather than a Python loop
over entries; matching bytes of valid UTF-8 is matching characters. UTF-8
(not ``str``) also keeps the buffer compact when one entry holds an emoji.
Entries saved after the buffer was built are searched on their own, and the
buffer's copy of their old text is masked, so a save never rebuilds it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from journal.models import Entry

_SEPARATOR = b"\x00"


def haystack(entry: Entry) -> bytes:
    """What a search looks in: title, kind, tags and every answer, casefolded."""
    parts = [entry.title, entry.kind, *entry.tags, *(a.text for a in entry.answers)]
    text = "\n".join(parts).casefold().replace("\x00", " ")
    return text.encode("utf-8", "replace")


class SearchIndex:
    def __init__(self, entries: Iterable[Entry]) -> None:
        self._ids: list[str] = []
        self._starts: list[int] = []
        chunks: list[bytes] = []
        position = 0
        for entry in entries:
            text = haystack(entry)
            self._ids.append(entry.id)
            self._starts.append(position)
            chunks.append(text)
            position += len(text) + len(_SEPARATOR)
        self._bulk = _SEPARATOR.join(chunks)
        self._fresh: dict[str, bytes] = {}
        self._stale: set[str] = set()

    def update(self, entry: Entry) -> None:
        """``entry`` was saved: search its new text from now on."""
        self._stale.add(entry.id)
        self._fresh[entry.id] = haystack(entry)

    def remove(self, entry_id: str) -> None:
        self._stale.add(entry_id)
        self._fresh.pop(entry_id, None)

    def matching(self, query: str) -> set[str] | None:
        """Ids of the entries holding every word of ``query``; None for no words."""
        words = [
            w.encode("utf-8", "replace") for w in query.casefold().replace("\x00", " ").split()
        ]
        if not words:
            return None
        found: set[str] | None = None
        # The longest word first: it usually has the fewest hits to intersect.
        for word in sorted(words, key=len, reverse=True):
            hits = self._find(word)
            found = hits if found is None else found & hits
            if not found:
                return set()
        return found

    def _find(self, word: bytes) -> set[str]:
        bulk, starts, ids = self._bulk, self._starts, self._ids
        hits: set[str] = set()
        at = bulk.find(word)
        while at != -1:
            index = bisect_right(starts, at) - 1
            hits.add(ids[index])
            # Skip to the next entry: one hit per entry is enough.
            at = bulk.find(word, starts[index + 1]) if index + 1 < len(starts) else -1
        hits -= self._stale
        hits.update(entry_id for entry_id, text in self._fresh.items() if word in text)
        return hits
