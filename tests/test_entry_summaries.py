"""Unlock decrypts each entry's summary but parses it only when it is first read; its
answers are decrypted and parsed when it is opened.

An entry is sealed in two parts, its summary (the head) and its answers (the body):
these tests decrypt real records with the vault's own key and check that layout,
that every reader sees the same entry as before, and that a damaged part is
reported, not shown and not a crash.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag
from helpers import open_vault, pragma, records
from hypothesis import example, given, settings
from hypothesis import strategies as st

from journal import crypto, summaries
from journal.errors import AmendsError
from journal.exchange import export_json
from journal.models import Answer, Entry, EntrySummary
from journal.summaries import UNREADABLE, Summary, SummaryList, newest_first_key
from journal.vault import Vault, envelope


def _entry(title: str = "", *texts: str) -> Entry:
    return Entry(
        kind="conduct",
        title=title,
        tags=["work"],
        answers=[Answer(step_id=f"s{i}", prompt="Q?", text=t) for i, t in enumerate(texts)],
        created_at=datetime(2025, 3, 1, 9, 30, tzinfo=UTC),
    )


def _parts(vault: Vault, vault_path: Path, record_id: str) -> tuple[bytes, bytes]:
    """Decrypt a stored entry by the documented layout (not the vault's own code): the
    ciphertext column is u32 head length, head ciphertext, body nonce, body ciphertext."""
    version, nonce, ciphertext = records(vault_path)[record_id]
    state = vault._state
    assert state is not None
    keys = state.keys
    prefix = envelope.record_ad_prefix(vault.header.vault_id, vault.header.format)
    ad = prefix + crypto.id_version(record_id, version)
    parts = envelope.split(ciphertext)
    assert parts is not None
    head_ct, body_nonce, body_ct = parts
    length = int.from_bytes(ciphertext[:4], "big")
    assert head_ct == ciphertext[4 : 4 + length]
    assert body_nonce + body_ct == ciphertext[4 + length :]
    head = envelope.open_part(keys.records, nonce, head_ct, ad + envelope.HEAD)
    body_ad = ad + envelope.BODY
    body = envelope.open_part(keys.records, body_nonce, body_ct, body_ad)
    # Each part is bound to its role: the head's ciphertext does not open as a body.
    with pytest.raises(InvalidTag):
        envelope.open_part(keys.records, nonce, head_ct, body_ad)
    return head, body


def test_an_entry_is_sealed_as_summary_then_answers(vault: Vault, vault_path: Path) -> None:
    entry = vault.save_entry(_entry("", "", "  First line here  \nsecond", "more text"))
    head, body = _parts(vault, vault_path, entry.id)
    kind, _, summary_json = head.partition(b"\n")
    assert kind == b"entry"
    summary = json.loads(summary_json)
    assert "answers" not in summary and summary["first_line"] == "First line here"
    assert summary["id"] == entry.id and summary["tags"] == ["work"]
    assert "starred" not in summary  # fields at their defaults are left out
    assert [a["text"] for a in json.loads(body)] == [a.text for a in entry.answers]


def test_after_unlock_every_reader_sees_the_entry_as_saved(vault_path: Path) -> None:
    vault, _ = Vault.create(vault_path, "pw", insecure_kdf_for_tests=True)
    titled = vault.save_entry(_entry("Titled", "body of the titled one"))
    untitled = _entry("", "\n  the opening line \nrest", "lighthouse")
    untitled.created_at = datetime(2025, 4, 1, tzinfo=UTC)
    vault.save_entry(untitled)
    vault.close()
    with open_vault(vault_path, "pw") as again:
        summaries = again.entries()
        assert all(isinstance(s, EntrySummary) for s in summaries)
        assert {s.id: s.display_title() for s in summaries} == {
            titled.id: "Titled",
            untitled.id: "the opening line",
        }
        # Search reads answers of entries nobody opened yet ...
        assert [s.id for s in again.search("lighthouse")] == [untitled.id]
        # ... and opening gives back exactly what was saved, once and for all.
        opened = again.get_entry(untitled.id[:8])
        assert opened == untitled and opened.display_title() == "the opening line"
        assert again.get_entry(untitled.id) is opened
        assert again.full_entries() == [untitled, titled]  # newest first
        assert json.loads(export_json(again))["entries"][0]["answers"]


def test_a_saved_edit_is_what_lists_search_and_opening_show(vault: Vault) -> None:
    entry = vault.save_entry(_entry("", "old words"))
    vault.prepare_search()
    opened = vault.get_entry(entry.id)
    opened.answers[0].text = "new words entirely"
    vault.save_entry(opened)
    assert vault.entries()[0].display_title() == "new words entirely"
    assert [s.id for s in vault.search("entirely")] == [entry.id]
    assert vault.search("old") == []
    vault.delete(entry.id)
    assert vault.entries() == [] and vault.search("entirely") == []
    with pytest.raises(AmendsError, match="no entry"):
        vault.get_entry(entry.id)


def test_damaged_answers_are_reported_and_never_shown(
    vault: Vault, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record whose summary parses but whose answers do not (only a bug of ours
    could seal one: GCM stops anyone else): verify names it, opening it is one
    clear error, and everything else still opens."""
    good = vault.save_entry(_entry("fine", "kept text"))
    bad = _entry("broken", "lost")
    real = envelope.sealable

    def broken(model: object) -> tuple[object, bytes, bytes]:
        held, head, _ = real(model)  # type: ignore[arg-type]
        return held, head, b"[{not json"

    monkeypatch.setattr(envelope, "sealable", broken)
    vault.save_entry(bad)
    monkeypatch.setattr(envelope, "sealable", real)
    vault.close()
    with open_vault(vault_path) as again:
        assert {s.display_title() for s in again.entries()} == {"fine", "broken"}
        report = again.verify()
        assert report.damaged == [bad.id] and not report.ok
        with pytest.raises(AmendsError, match=f"entry {bad.short_id} could not be read"):
            again.get_entry(bad.id)
        assert again.get_entry(good.id) == good


def test_a_new_vault_uses_16_kib_pages(vault: Vault) -> None:
    assert pragma(vault, "page_size") == 16384
    assert pragma(vault, "journal_mode") == "wal"


def test_search_hits_come_newest_first_after_saves_and_deletes(vault: Vault) -> None:
    def saved(day: int) -> Entry:
        entry = _entry(f"day {day}", "the harbour wall")
        entry.created_at = datetime(2025, 1, day, tzinfo=UTC)
        return vault.save_entry(entry)

    middle, oldest = saved(10), saved(1)
    vault.prepare_search()  # the index exists before the next saves
    newest, unrelated = saved(20), vault.save_entry(_entry("other", "nothing alike"))
    assert [e.id for e in vault.search("harbour")] == [newest.id, middle.id, oldest.id]
    vault.delete(middle.id)
    assert [e.id for e in vault.search("HARBOUR wall")] == [newest.id, oldest.id]
    assert [e.id for e in vault.search("harbour", kind="free")] == []
    assert unrelated.id not in {e.id for e in vault.search("harbour")}


def test_the_index_build_lets_others_in_and_keeps_what_they_save(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build takes the vault's lock one page of rows at a time: another thread opens an
    entry and saves one between pages, and the finished index includes that save."""
    import threading

    from journal.vault import index

    monkeypatch.setattr(index, "INDEX_BATCH", 1)
    saved = [vault.save_entry(_entry(f"entry {n}", f"harbour {n}")) for n in range(4)]
    real = Vault._open_bodies
    calls: list[int] = []
    third_page = threading.Event()
    other_thread_done = threading.Event()
    waited: list[bool] = []

    def open_bodies(self: Vault, rows: Any, wanted: Any) -> None:
        calls.append(1)
        if len(calls) == 3 and threading.current_thread() is builder:
            # Let go of this page's hold. Had the build taken the (reentrant) lock
            # around all pages too, the lock would still be held, the other thread
            # would wait, and this wait would time out: waited == [False].
            self._mutex.release()
            third_page.set()
            waited.append(other_thread_done.wait(timeout=30))
            self._mutex.acquire()
        real(self, rows, wanted)

    monkeypatch.setattr(Vault, "_open_bodies", open_bodies)
    builder = threading.Thread(target=vault.prepare_search)
    builder.start()
    assert third_page.wait(timeout=30), "the build never reached its third page"
    opened = vault.get_entry(saved[0].id)  # between batches: not blocked by the build
    late = vault.save_entry(_entry("late", "harbour lighthouse"))
    vault.delete(saved[1].id)
    other_thread_done.set()
    builder.join()
    assert waited == [True] and opened == saved[0]
    assert [e.id for e in vault.search("lighthouse")] == [late.id]
    assert saved[1].id not in {e.id for e in vault.search("harbour")}
    assert len(vault.search("harbour")) == 4  # three of the first four, and the late one


def test_a_damaged_id_index_does_not_stop_reading_answers(vault_path: Path) -> None:
    """Unlock reads the table itself, never the id index; answers are read later by
    rowid, the same way, so a wrecked index page (found by a random-byte trial)
    fails nothing that unlock did not."""
    vault, _ = Vault.create(vault_path, "pw", insecure_kdf_for_tests=True)
    entry = vault.save_entry(_entry("indexed", "harbour wall"))
    vault.close()
    with sqlite3.connect(vault_path) as db:
        (page,) = db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_records_1'"
        ).fetchone()
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = bytearray(vault_path.read_bytes())
    raw[(page - 1) * page_size : page * page_size] = b"\xa5" * page_size
    vault_path.write_bytes(bytes(raw))
    with open_vault(vault_path, "pw") as again:
        assert again.get_entry(entry.id) == entry
        report = again.verify()
        # Every record opens and matches; SQLite's own check names the wrecked page.
        assert report.damaged == [] and report.manifest_ok
        assert report.storage and not report.ok
        assert [e.id for e in again.search("harbour")] == [entry.id]


def test_unlock_parses_no_summary_until_it_is_read(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, _ = Vault.create(vault_path, "pw", insecure_kdf_for_tests=True)
    saved = [
        vault.save_entry(_entry(f"entry {n}", "text")).model_copy(update={"answers": []})
        for n in range(6)
    ]
    vault.close()
    parsed: list[bytes] = []
    real = summaries._parse
    monkeypatch.setattr(summaries, "_parse", lambda raw: parsed.append(raw) or real(raw))
    with open_vault(vault_path, "pw") as again:
        listed = again.entries()
        assert len(listed) == 6 and again.counts()["entry"] == 6 and parsed == []
        newest = listed[:2]
        assert len(parsed) == 0 and len(newest) == 2  # a slice is still unparsed
        assert [s.id for s in newest] == [s.id for s in listed[:2]] and len(parsed) == 2
        assert again.get_entry(saved[3].id).title == "entry 3" and len(parsed) == 3
        # The search index and the tags read every summary but keep none they parsed
        # (the three not read yet): only what is shown stays parsed.
        found = again.search("text")
        assert len(found) == 6 and len(parsed) == 6
        assert again.tags() == ["work"] and len(parsed) == 9
        titles = {f"entry {n}" for n in range(6)}
        assert {s.title for s in found} == titles and len(parsed) == 12
        assert {s.title for s in again.search("text")} == titles and len(parsed) == 12
        assert len(again.full_entries()) == 6 and len(parsed) == 12
        # Hits are picked from the index's list: ids and slices without a parse.
        assert isinstance(found, SummaryList) and found.ids() == listed.ids()
        assert [s.id for s in found[1:3]] == listed.ids()[1:3] and len(parsed) == 12


_OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@settings(max_examples=200, deadline=None)
@example(when=datetime(1, 1, 1), title="")
@example(when=datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))), title="")
@example(when=datetime(9999, 12, 31, 23, tzinfo=timezone(-timedelta(hours=5))), title="")
@given(
    when=st.datetimes(timezones=_OFFSETS) | st.datetimes(),  # years 1 to 9999
    title=st.text(max_size=20),
)
def test_the_sort_key_read_from_the_json_is_the_parsed_ones(when: datetime, title: str) -> None:
    """Unlock sorts by the creation time read straight from the sealed JSON; it must
    be exactly what the parsed summary gives, for any offset, naive time or title, and
    never fail, even for a time with no UTC form (year 0 or 10000)."""
    trap = '"created_at":"1999-01-01T00:00:00Z"'  # in the fields written before it
    entry = _entry(title + trap, "text")
    entry.kind, entry.created_at = trap + title, when
    held, head, _ = envelope.sealable(entry)
    raw = head.partition(b"\n")[2]
    assert isinstance(held, EntrySummary)
    assert Summary(entry.id, raw).newest_first == newest_first_key(held)


def test_a_summary_that_does_not_parse_is_listed_reported_and_never_opened(
    vault: Vault, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Authentic but not readable by this version (a field of a type it does not know):
    the entry keeps its place in the list, reading it reports damage, it cannot be
    opened, verify names it, and the other entries are untouched."""
    good = vault.save_entry(_entry("fine", "kept text"))
    bad = _entry("odd", "text")
    real = envelope.sealable

    def odd(model: object) -> tuple[object, bytes, bytes | None]:
        held, head, body = real(model)  # type: ignore[arg-type]
        return held, head.replace(b'"tags":["work"]', b'"tags":7'), body

    monkeypatch.setattr(envelope, "sealable", odd)
    vault.save_entry(bad)
    monkeypatch.setattr(envelope, "sealable", real)
    vault.close()
    with open_vault(vault_path) as again:
        assert not again.found_damage  # not read yet
        listed = {s.id: s.title for s in again.entries()}
        assert listed == {good.id: "fine", bad.id: UNREADABLE}
        assert again.found_damage and again.damaged == [bad.id]
        with pytest.raises(AmendsError, match=f"entry {bad.short_id} could not be read"):
            again.get_entry(bad.id)
        assert again.verify().damaged == [bad.id]
        assert again.get_entry(good.id) == good
