"""Building the search index of an unlocked vault, without holding its lock throughout.

Building it decrypts every entry's answers not decrypted yet (~2 s at 100,000
entries), so the vault's lock is taken a batch at a time: reading and saving go on
meanwhile, and what is saved during the build is applied to it at the end.
"""

from __future__ import annotations

import threading
from bisect import insort
from collections.abc import Callable, Collection, Iterable, Sequence
from contextlib import AbstractContextManager
from operator import attrgetter

from pydantic_core import from_json

from journal.errors import AmendsError
from journal.search import Hits, SearchIndex, haystack
from journal.summaries import Picked, Summary, SummaryList
from journal.vault.unlocked import Unlocked

#: Entries whose answers the index build decrypts per hold of the vault's lock (~20 ms).
INDEX_BATCH = 1000


def build(
    state: Unlocked,
    entries: SummaryList,
    *,
    mutex: threading.RLock,
    alive: Callable[[], Unlocked],
    decrypt_bodies: Callable[[Collection[str]], None],
    bulk: AbstractContextManager[None],
) -> SearchIndex:
    """The index of ``entries``; ``alive()`` raises once the vault is locked meanwhile."""
    index = SearchIndex()
    summaries = entries.summaries
    with bulk:
        decrypt_bodies(set(entries.ids()))
        for start in range(0, len(summaries), INDEX_BATCH):
            # Parsed without the lock, and not kept parsed: the list parses what it shows.
            batch = [s.peek() for s in summaries[start : start + INDEX_BATCH]]
            with mutex:
                if alive() is not state:  # locked meanwhile: the build stops here
                    raise _locked()
                for e in batch:
                    index.add(e.id, haystack(e, answer_texts(state, e.id)))
    with mutex:
        if alive() is not state:
            raise _locked()
        for entry_id, saved in state.index_changes or ():
            if saved is None:
                index.remove(entry_id)
            else:
                index.update(saved)
        state.search, state.indexed = index, summaries
        return index


def answer_texts(state: Unlocked, entry_id: str) -> Iterable[str]:
    """An entry's answer texts, without building its models if it is not open."""
    opened = state.opened.get(entry_id)
    if opened is not None:
        return [a.text for a in opened.answers]
    raw = state.answers.get(entry_id)
    try:
        answers = from_json(raw) if raw is not None else []
    except ValueError:
        answers = []  # damaged: verify names it; the title and tags are still searched
    return [a.get("text", "") for a in answers if isinstance(a, dict)]


def in_order(state: Unlocked, hits: Hits) -> SummaryList:
    """The entries hit, newest first. The index was built from the list newest first,
    and a position whose entry was saved since is masked, so the hits in the buffer
    are current and in order; the few saved since are put in their places."""
    found: Sequence[Summary] = Picked(state.indexed, hits.positions)
    if hits.fresh:
        found = list(found)
        for entry_id in hits.fresh:
            summary = state.entries.get(entry_id)
            if summary is not None:
                insort(found, summary, key=attrgetter("newest_first"))
    return SummaryList(found)


def _locked() -> AmendsError:
    return AmendsError("the vault is locked; unlock it first")
