"""The search index against the plainest possible search: every word of the query
in the entry's casefolded text. Small alphabets make hits, misses, words at an
entry's very start and end, and neighbours that would match across a boundary
all common; saves and deletes after the build must be followed exactly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journal.models import Answer, Entry
from journal.search import SearchIndex, haystack

_TEXT = st.text(alphabet="abAB ßsS\nÄä\x00🙂", max_size=12)
_QUERY = st.text(alphabet="abAB ßsSÄä\x00🙂 ", max_size=6)


def _entry(n: int, title: str, text: str) -> Entry:
    return Entry(id=f"{n:032x}", kind="free", title=title, answers=[Answer(step_id="s", text=text)])


def _naive(entries: dict[str, Entry], query: str) -> set[str] | None:
    words = query.casefold().replace("\x00", " ").split()
    if not words:
        return None
    found = set()
    for entry_id, entry in entries.items():
        text = haystack(entry, (a.text for a in entry.answers))
        if all(w.encode() in text for w in words):
            found.add(entry_id)
    return found


def _built(entries: list[Entry]) -> SearchIndex:
    index = SearchIndex()
    for entry in entries:
        index.add(entry.id, haystack(entry, (a.text for a in entry.answers)))
    return index


def _found(index: SearchIndex, order: list[str], query: str) -> set[str] | None:
    hits = index.matching(query)
    if hits is None:
        return None
    assert hits.positions == sorted(set(hits.positions)), "positions ascend, once each"
    return {order[p] for p in hits.positions} | set(hits.fresh)


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(st.tuples(_TEXT, _TEXT), max_size=8),
    queries=st.lists(_QUERY, min_size=1, max_size=4),
)
def test_matches_every_word_like_a_plain_scan(
    texts: list[tuple[str, str]], queries: list[str]
) -> None:
    entries = [_entry(n, title, text) for n, (title, text) in enumerate(texts)]
    index = _built(entries)
    order = [e.id for e in entries]
    for query in queries:
        assert _found(index, order, query) == _naive({e.id: e for e in entries}, query)


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(_TEXT, min_size=1, max_size=6),
    changes=st.lists(st.tuples(st.integers(0, 7), st.none() | _TEXT), max_size=6),
    query=_QUERY,
)
def test_follows_saves_and_deletes_after_the_build(
    texts: list[str], changes: list[tuple[int, str | None]], query: str
) -> None:
    entries = [_entry(n, "", text) for n, text in enumerate(texts)]
    index = _built(entries)
    order = [e.id for e in entries]
    current = {e.id: e for e in entries}
    for n, text in changes:  # n past the end is a new entry; None deletes
        entry_id = f"{n:032x}"
        if text is None:
            index.remove(entry_id)
            current.pop(entry_id, None)
        else:
            current[entry_id] = _entry(n, "", text)
            index.update(current[entry_id])
    found = _found(index, order, query)
    assert found == _naive(current, query)
