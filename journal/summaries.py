"""Entries' summaries, each parsed the first time something reads it.

Unlock decrypts every entry's summary but parses none: at 100,000 entries that
would cost ~0.3 s and ~170 MB of objects before the first paint, which shows
about forty. Each summary is kept as its JSON with its sort key, read from the
JSON directly, and parsed once by whichever reader gets to it first: the list
on screen, a filter, the search index, export. Parsing needs no lock: a summary
parsed twice at once by two threads is the same summary.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import overload

from journal.models import EntrySummary

#: pydantic's validator itself: model_validate_json's wrapper costs 0.5 us a record.
_parse: Callable[[bytes], EntrySummary] = EntrySummary.__pydantic_validator__.validate_json
_CREATED = b'"created_at":"'
_CHECKIN = b'"kind":"checkin"'
UNREADABLE = "(this entry could not be read; run amends verify)"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Summary:
    """One entry's summary: its id and sort key now, the rest when first read."""

    __slots__ = ("_damaged", "_parsed", "_raw", "id", "newest_first")

    def __init__(
        self,
        entry_id: str,
        raw: bytes | None = None,
        parsed: EntrySummary | None = None,
        damaged: Callable[[str], None] | None = None,
    ) -> None:
        self.id = entry_id
        self._raw = raw
        self._parsed = parsed
        #: Called with the id if the JSON does not parse (the vault records damage).
        self._damaged = damaged
        #: Sorting by this puts the newest first.
        self.newest_first = (
            newest_first_key(parsed) if parsed is not None else _newest_first(raw or b"")
        )

    @classmethod
    def of(cls, summary: EntrySummary) -> Summary:
        return cls(summary.id, parsed=summary)

    @classmethod
    def sealed(cls, entry_id: str, raw: bytes, damaged: Callable[[str], None]) -> Summary | None:
        """From the decrypted JSON of the vault's record ``entry_id``; None if not even
        its creation time can be read (damage)."""
        try:
            return cls(entry_id, raw, damaged=damaged)
        except ValueError:  # not as pydantic writes it; it may still parse
            pass
        try:
            return cls(entry_id, parsed=_parse(raw), damaged=damaged)
        except ValueError:
            return None

    @property
    def is_checkin(self) -> bool:
        """Whether the entry is a check-in, read from its JSON without parsing it: the
        JSON is pydantic's, every quote inside a string escaped, so the field's bytes
        cannot appear inside the user's text (as for ``_newest_first``)."""
        raw = self._raw
        if raw is not None:
            return _CHECKIN in raw
        return self.get().kind == "checkin"

    def get(self) -> EntrySummary:
        parsed = self._parsed
        if parsed is not None:
            return parsed
        raw = self._raw
        if raw is None:  # another thread parsed it between the two reads
            return self.get()
        try:
            parsed = _parse(raw)
        except ValueError:  # pydantic's ValidationError is one
            parsed = self._unreadable()
        self._parsed = parsed  # before dropping the JSON: see the line above
        self._raw = None
        return parsed

    def peek(self) -> EntrySummary:
        """The summary, left unparsed if it was: a pass over every entry (the search
        index's, the tags') would otherwise keep them all parsed, ~1.1 KB more each."""
        parsed, raw = self._parsed, self._raw
        if parsed is not None or raw is None:
            return self.get()
        try:
            return _parse(raw)
        except ValueError:
            return self.get()  # reports the damage, keeps the placeholder

    def _unreadable(self) -> EntrySummary:
        """Authentic but not a summary this version reads: listed, never opened."""
        if self._damaged is not None:
            self._damaged(self.id)
        key = self.newest_first
        created = datetime.fromtimestamp(-key, UTC) if math.isfinite(key) else _EPOCH
        return EntrySummary(id=self.id, title=UNREADABLE, created_at=created, updated_at=created)


def newest_first_key(summary: EntrySummary) -> float:
    return _key(summary.created_at)


def _key(when: datetime) -> float:
    # A float: comparing aware datetimes is 4x slower (62 ms at 10,000 entries).
    try:
        return -when.timestamp()
    except (ValueError, OverflowError):  # a time in year 1 whose UTC falls in year 0
        return math.inf if when.year < 1970 else -math.inf


def _newest_first(raw: bytes) -> float:
    """``newest_first_key`` of a summary's JSON, without parsing the rest. The JSON is
    pydantic's: compact, and every quote inside a string escaped, so the first
    ``"created_at":"`` is that field."""
    start = raw.index(_CREATED) + len(_CREATED)
    return _key(datetime.fromisoformat(raw[start : raw.index(b'"', start)].decode()))


class Picked(Sequence[Summary]):
    """The items of ``base`` at ``positions``, each looked up only when read: search
    hits never touch the thousands of summaries a common word matches but nobody sees."""

    __slots__ = ("_base", "_positions")

    def __init__(self, base: Sequence[Summary], positions: list[int]) -> None:
        self._base = base
        self._positions = positions

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, index: int) -> Summary: ...
    @overload
    def __getitem__(self, index: slice) -> Picked: ...
    def __getitem__(self, index: int | slice) -> Summary | Picked:
        if isinstance(index, slice):
            return Picked(self._base, self._positions[index])
        return self._base[self._positions[index]]

    def __iter__(self) -> Iterator[Summary]:
        return map(self._base.__getitem__, self._positions)


class SummaryList(Sequence[EntrySummary]):
    """Summaries in a fixed order; an item is parsed when it is first read."""

    __slots__ = ("_items",)

    def __init__(self, items: Sequence[Summary]) -> None:
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> EntrySummary: ...
    @overload
    def __getitem__(self, index: slice) -> SummaryList: ...
    def __getitem__(self, index: int | slice) -> EntrySummary | SummaryList:
        if isinstance(index, slice):
            return SummaryList(self._items[index])
        return self._items[index].get()

    def __iter__(self) -> Iterator[EntrySummary]:
        return (item.get() for item in self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable-looking, like list

    @property
    def summaries(self) -> Sequence[Summary]:
        """The items, unparsed as they are."""
        return self._items

    def ids(self) -> list[str]:
        """Every item's id, in order, without parsing any."""
        return [item.id for item in self._items]
