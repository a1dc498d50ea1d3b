"""Type-to-search over everything written, in memory, for the unlocked session.

A query keeps the entries that contain every one of its words, ignoring case.
The text of every entry is casefolded once and joined into one UTF-8 buffer,
so each word is a few C-speed ``bytes.find`` scans rather than a Python loop
over entries; matching bytes of valid UTF-8 is matching characters. UTF-8
(not ``str``) also keeps the buffer compact when one entry holds an emoji.
Entries saved after the buffer was built are searched on their own, and the
buffer's copy of their old text is masked, so a save never rebuilds it.
Matches in the buffer come back as positions, in the order it was built in
(the list's), so putting them in order costs no sort and no lookups. Each
entry's text ends at a separator whose offset maps to its position, so a hit
is placed with one ``find`` and one dict lookup, the same work however many
entries there are (a bisect over all of them made search grow as n log n).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

from journal.models import Entry, EntrySummary
from journal.text import cells

_SEPARATOR = b"\x00"


@dataclass(frozen=True)
class Hits:
    """What a query matched: entries of the buffer by position, ascending (the order it
    was built in), and ids of the entries saved since, which the buffer no longer holds."""

    positions: list[int]
    fresh: list[str]


def haystack(entry: Entry | EntrySummary, texts: Iterable[str]) -> bytes:
    """What a search looks in: title, kind, tags and the answers' ``texts``, casefolded."""
    text = "\n".join([entry.title, entry.kind, *entry.tags, *texts])
    return text.casefold().replace("\x00", " ").encode("utf-8", "replace")


class SearchIndex:
    """Built empty, then ``add``-ed to in list order (newest first)."""

    def __init__(self) -> None:
        # A bytearray grows in place: no list of chunks joined into a second copy.
        self._bulk = bytearray()
        self._starts: list[int] = []
        #: The offset of each entry's closing separator → its position.
        self._ends: dict[int, int] = {}
        #: Entry id → its position.
        self._where: dict[str, int] = {}
        self._fresh: dict[str, bytes] = {}
        #: Positions whose text in the buffer is out of date (saved since, or deleted).
        self._stale: set[int] = set()

    def add(self, entry_id: str, text: bytes) -> None:
        """Append ``haystack`` ``text`` of the entry ``entry_id``, next in list order."""
        position = len(self._starts)
        self._where[entry_id] = position
        self._starts.append(len(self._bulk))
        self._bulk += text
        self._ends[len(self._bulk)] = position
        self._bulk += _SEPARATOR

    def update(self, entry: Entry) -> None:
        """``entry`` was saved: search its new text from now on."""
        self._mask(entry.id)
        self._fresh[entry.id] = haystack(entry, (a.text for a in entry.answers))

    def remove(self, entry_id: str) -> None:
        self._mask(entry_id)
        self._fresh.pop(entry_id, None)

    def _mask(self, entry_id: str) -> None:
        position = self._where.get(entry_id)
        if position is not None:
            self._stale.add(position)

    def matching(self, query: str) -> Hits | None:
        """The entries holding every word of ``query``; None for no words."""
        words = [
            w.encode("utf-8", "replace") for w in query.casefold().replace("\x00", " ").split()
        ]
        if not words:
            return None
        # The longest word scans the whole buffer (it usually has the fewest hits);
        # the others are looked for only inside the entries that already match.
        first, *rest = sorted(words, key=len, reverse=True)
        positions = self._scan(first, rest)
        if stale := self._stale:
            positions = [i for i in positions if i not in stale]
        fresh = [i for i, text in self._fresh.items() if all(word in text for word in words)]
        return Hits(positions, fresh)

    def _scan(self, word: bytes, rest: list[bytes]) -> list[int]:
        """Positions (in the buffer's entry order) of the entries holding ``word`` and
        every word of ``rest``. An entry is searched for ``rest`` as the scan reaches it,
        while its text is still in the CPU's cache."""
        ends, starts, find = self._ends, self._starts, self._bulk.find
        hits: list[int] = []
        at = find(word)
        while at != -1:
            end = find(_SEPARATOR, at)  # words hold no separator: the hit's entry ends here
            position = ends[end]
            for other in rest:
                if find(other, starts[position], end) == -1:
                    break
            else:
                hits.append(position)
            at = find(word, end + 1)  # one hit per entry is enough
        return hits


@dataclass(frozen=True)
class Snippet:
    """Where a query's words matched: a short run of one answer's text, on one line,
    and the (start, end) character spans of the matches within it."""

    text: str
    spans: tuple[tuple[int, int], ...]


#: A snippet's width, in terminal cells, when nothing says how wide its row is.
WIDTH = 100


def snippet(texts: Iterable[str], query: str, width: int = WIDTH) -> Snippet | None:
    """The first of ``texts`` (an entry's answers, then its title) in which a word of
    ``query`` occurs, cut to at most ``width`` terminal cells (the '…'s included) with
    the first match in the middle, and every word's matches marked. Matching is by
    casefold, as the index matches, but the snippet keeps the text's own case. None if
    no word occurs (e.g. only a tag did).
    """
    words = sorted({w for w in query.casefold().split() if w}, key=len, reverse=True)
    if not words:
        return None
    for text in texts:
        line = " ".join(text.split())  # one line: newlines and runs of spaces as one space
        folded, origin = _folded(line)
        spans = _spans(folded, origin, words)
        if spans:
            return _cut(line, spans, max(1, width))
    return None


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` casefolded, and for each folded character the index it came from
    (casefolding can change lengths: 'ß' becomes 'ss')."""
    folded: list[str] = []
    origin: list[int] = []
    for at, char in enumerate(text):
        piece = char.casefold()
        folded.append(piece)
        origin.extend([at] * len(piece))
    origin.append(len(text))
    return "".join(folded), origin


def _spans(folded: str, origin: list[int], words: list[str]) -> list[tuple[int, int]]:
    """Every match of every word, as spans of the original text, merged and sorted."""
    found: list[tuple[int, int]] = []
    for word in words:
        at = folded.find(word)
        while at != -1:
            found.append((origin[at], origin[at + len(word) - 1] + 1))
            at = folded.find(word, at + len(word))
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _cut(line: str, spans: list[tuple[int, int]], width: int) -> Snippet:
    """At most ``width`` cells of ``line`` (one-spaced) around the first match, as much
    before it as after, in whole words where they fit, with '…' where text was left out.
    """
    at = list(accumulate((cells(char) for char in line), initial=0))  # cells before i
    if at[-1] <= width:
        return Snippet(line, tuple(spans))
    start, stop = spans[0]

    def cost(begin: int, end: int) -> int:
        return at[end] - at[begin] + (begin > 0) + (end < len(line))

    # The words holding the first match, then a word at a time on the side with less.
    begin = line.rfind(" ", 0, start) + 1
    end = line.find(" ", stop)
    end = len(line) if end == -1 else end
    if cost(begin, end) > width:
        begin, end = _around(at, start, stop, width)
    while True:
        left = line.rfind(" ", 0, begin - 1) + 1 if begin > 0 else begin
        right = line.find(" ", end + 1) if end < len(line) else end
        right = len(line) if right == -1 else right
        grow_left = left < begin and cost(left, end) <= width
        grow_right = right > end and cost(begin, right) <= width
        if not (grow_left or grow_right):
            break
        if grow_left and (not grow_right or at[start] - at[begin] <= at[end] - at[stop]):
            begin = left
        else:
            end = right
    head = "…" if begin else ""
    tail = "…" if end < len(line) else ""
    shift = len(head) - begin
    kept = tuple(
        (max(first, begin) + shift, min(last, end) + shift)
        for first, last in spans
        if first < end and last > begin
    )
    return Snippet(head + line[begin:end] + tail, kept)


def _around(at: list[int], start: int, stop: int, width: int) -> tuple[int, int]:
    """Characters around the match ``start``–``stop`` in a word too long for ``width``
    cells (or text without spaces): centred on it, '…' at both ends."""
    room = max(1, width - 2)
    lead = max(0, (room - (at[stop] - at[start])) // 2)
    begin = start
    while begin > 0 and at[start] - at[begin - 1] <= lead:
        begin -= 1
    end = begin
    while end < len(at) - 1 and at[end + 1] - at[begin] <= room:
        end += 1
    while begin > 0 and end == len(at) - 1 and at[end] - at[begin - 1] <= room:
        begin -= 1  # the text ends soon after the match: show more before it
    return begin, max(end, begin + 1)
