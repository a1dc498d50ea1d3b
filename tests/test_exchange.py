"""Export (plaintext, cleaned) and import (amends, jrnl 4.6, plain lists; all or nothing)."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from helpers import PASSPHRASE

from journal.errors import UsageError
from journal.exchange import (
    MAX_IMPORT_BYTES,
    export_json,
    export_markdown,
    import_into,
    parse_import,
    read_import,
)
from journal.models import Answer, Commitment, Draft, Entry, Plan, Preferences
from journal.vault import MAX_RECORD_BYTES, Vault

JRNL_EXPORT = Path(__file__).parent / "data" / "jrnl-4.6-export.json"
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _at(day: int) -> datetime:
    return datetime(2025, 1, day, 9, 30, tzinfo=UTC)


def _entries(vault: Vault) -> list[Entry]:
    made = [
        Entry(
            title="First",
            kind="conduct",
            created_at=_at(1),
            updated_at=_at(1),
            answers=[
                Answer(step_id="what", prompt="What happened?", text="I snapped at Sam."),
                Answer(
                    step_id="who", prompt="Who could help?", text="Dr Private", never_export=True
                ),
            ],
            tags=["family"],
            starred=True,
        ),
        Entry(title="Second", created_at=_at(2), updated_at=_at(2)),
    ]
    vault.save_many(list(made))
    return made


# ----------------------------------------------------------------------- export
def test_export_json_holds_everything_but_never_export_answers(vault: Vault) -> None:
    first, second = _entries(vault)
    commitment = vault.save_commitment(
        Commitment(
            stop="yelling",
            start="pausing",
            supporter="Alex",
            plans=[Plan(situation="a", action="b")],
        )
    )
    doc = json.loads(export_json(vault))
    assert doc["format"] == "amends-export" and doc["version"] == 1
    assert datetime.fromisoformat(doc["exported_at"]).tzinfo is not None
    assert [e["id"] for e in doc["entries"]] == [first.id, second.id]  # oldest first
    exported = Entry.model_validate(doc["entries"][0])
    assert [a.step_id for a in exported.answers] == ["what"]
    assert exported == first.model_copy(update={"answers": first.answers[:1]})
    assert "Dr Private" not in json.dumps(doc)
    assert doc["commitments"][0]["id"] == commitment.id
    assert "supporter" not in doc["commitments"][0] and "Alex" not in json.dumps(doc)


def test_export_markdown_is_readable(vault: Vault) -> None:
    _entries(vault)
    vault.save_commitment(
        Commitment(
            created_at=_at(3),
            stop="yelling",
            start="pausing",
            plans=[Plan(situation="tired", action="walk")],
        )
    )
    text = export_markdown(vault)
    assert text.startswith("# amends journal\n")
    assert "## 2025-01-01 09:30 · Something I did · First" in text
    assert "Tags: family" in text
    assert "### What happened?\n\nI snapped at Sam." in text
    assert "Dr Private" not in text and "Who could help?" not in text
    assert text.index("First") < text.index("Second")
    assert "## Commitment 2025-01-03 (active)" in text
    assert "- Stop: yelling" in text and "- If tired, then walk" in text


def test_a_never_export_answer_never_becomes_the_markdown_title(vault: Vault) -> None:
    vault.save_entry(
        Entry(
            title="",
            answers=[
                Answer(step_id="name", text="Jordan Secret-Surname", never_export=True),
                Answer(step_id="body", text="What I did\nand more"),
            ],
        )
    )
    text = export_markdown(vault)
    assert "Jordan" not in text
    assert "· What I did" in text


CONTROL_TEXTS = [
    "unterminated OSC \x1b]52;c;SGVsbG8=",
    "C1 OSC \x9d8;;http://evil.example",
    "DCS \x1bPq",
    "CSI \x1b[2J\x1b[31m red",
    "C1 CSI \x9b31m",
    "bidi \u202egnp.exe\u202c",
    "nul \x00 bell \x07 del \x7f",
]


def test_exports_drop_escapes_without_losing_other_entries(vault: Vault) -> None:
    for i, text in enumerate(CONTROL_TEXTS):
        vault.save_entry(
            Entry(
                title=f"entry {i}",
                created_at=_at(i + 1),
                answers=[Answer(step_id="b", prompt=text, text=f"{text} tail{i}")],
                tags=[text],
            )
        )
    vault.save_entry(Entry(title="the very last entry", created_at=_at(28)))
    vault.save_commitment(Commitment(stop=CONTROL_TEXTS[0], start="start after"))
    for text in (export_json(vault), export_markdown(vault)):
        assert not UNSAFE.search(text), repr(UNSAFE.search(text))
        for i in range(len(CONTROL_TEXTS)):
            assert f"entry {i}" in text
        assert "the very last entry" in text
        assert "start after" in text
        assert "tail6" in text and "bell" in text
    doc = json.loads(export_json(vault))
    assert len(doc["entries"]) == len(CONTROL_TEXTS) + 1
    assert doc["entries"][3]["answers"][0]["text"] == "CSI  red tail3"


# ----------------------------------------------------------------------- import
def test_own_export_round_trips(vault: Vault, tmp_path: Path) -> None:
    made = _entries(vault)
    commitment = vault.save_commitment(
        Commitment(stop="s", start="t", checkin_dates=[date(2025, 2, 1)], supporter="Alex")
    )
    raw = export_json(vault).encode()
    other, _ = Vault.create(tmp_path / "other.db", "pass", insecure_kdf_for_tests=True)
    try:
        assert import_into(other, raw) == (3, 0)
        assert import_into(other, raw) == (0, 3)
        assert other.get_entry(made[1].id) == made[1]
        assert other.get_entry(made[0].id).answers == made[0].answers[:1]
        restored = other.get_commitment(commitment.id)
        assert restored.checkin_dates == [date(2025, 2, 1)] and restored.supporter == ""
        assert other.counts() == {"entry": 2, "draft": 0, "commitment": 1, "post-draft": 0}
    finally:
        other.close()


def test_a_real_jrnl_4_6_export_keeps_title_body_date_time_tags_and_star(vault: Vault) -> None:
    raw = JRNL_EXPORT.read_bytes()
    source = json.loads(raw)["entries"]
    assert len(source) == 5
    assert any(item["starred"] for item in source) and any("\n" in item["body"] for item in source)
    assert import_into(vault, raw) == (5, 0)
    imported = {e.title: e for e in vault.full_entries()}
    assert set(imported) == {item["title"] for item in source}
    for item in source:
        entry = imported[item["title"]]
        assert entry.body() == item["body"]
        local = entry.created_at.astimezone()
        assert local.strftime("%Y-%m-%d") == item["date"]
        assert local.strftime("%H:%M") == item["time"]
        assert entry.tags == item["tags"]
        assert entry.starred is item["starred"]
        assert entry.kind == "free"
    assert imported["Kept the promise."].starred
    assert imported["Morning pages"].body().count("\n") == 2


def test_a_plain_list_imports_with_defaults() -> None:
    raw = json.dumps(
        [
            {
                "title": "t",
                "body": "b",
                "tags": ["x"],
                "kind": "bystander",
                "created_at": "2024-05-06T07:08:09",
            },
            {"body": "only a body"},
        ]
    ).encode()
    entries, commitments = parse_import(raw)
    assert commitments == []
    first, second = entries
    assert (first.title, first.body(), first.tags, first.kind) == ("t", "b", ["x"], "bystander")
    assert first.created_at.tzinfo is not None
    assert first.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S") == "2024-05-06 07:08:09"
    assert (second.title, second.kind, second.answers[0].text) == ("", "free", "only a body")


@pytest.mark.parametrize(
    ("doc", "fragment"),
    [
        ([{"title": "a"}, {"title": "b", "tags": "not a list"}], "item 2"),
        ([{"title": "a"}, {"title": "b"}, {"title": "c", "created_at": 5}], "item 3"),
        (
            {
                "entries": [
                    {"title": "a", "date": "2024-01-01"},
                    {"title": "b", "date": "01/02/2024"},
                ]
            },
            "item 2",
        ),
        ({"format": "amends-export", "entries": [{"id": "0" * 32, "kind": "nonsense"}]}, "item 1"),
        ({"format": "amends-export", "entries": [{"id": "Secret Name Here", "title": "x"}]}, "id"),
        (
            {
                "format": "amends-export",
                "entries": [],
                "commitments": [{"id": "1" * 32, "status": "?"}],
            },
            "item 1",
        ),
        ({"something": "else"}, 'looks like a JSON object with "something"'),
        # Dates with no UTC or local time (year 0 or 10000), in each shape:
        ([{"title": "a", "created_at": "0001-01-01T00:00:00+05:00"}], "too near year 1"),
        ([{"title": "a", "created_at": "9999-12-31T23:00:00-05:00"}], "too near year 1"),
        (
            {
                "format": "amends-export",
                "entries": [{"id": "0" * 32, "created_at": "0001-01-01T01:00:00+02:00"}],
            },
            "item 1 .* too near year 1",
        ),
    ],
)
def test_a_bad_item_imports_nothing(vault: Vault, doc: object, fragment: str) -> None:
    vault.save_entry(Entry(title="already here"))
    with pytest.raises(UsageError, match=fragment) as caught:
        import_into(vault, json.dumps(doc).encode())
    assert "nothing was imported" in caught.value.message or "not an amends" in caught.value.message
    assert [e.title for e in vault.entries()] == ["already here"]


def test_an_import_too_large_for_one_record_imports_nothing(vault: Vault) -> None:
    raw = json.dumps([{"title": "fine"}, {"title": "huge", "body": "x" * (MAX_RECORD_BYTES + 10)}])
    generation = vault.header.generation
    with pytest.raises(UsageError, match="too large"):
        import_into(vault, raw.encode())
    assert vault.entries() == [] and vault.header.generation == generation


def test_duplicate_ids_in_one_file_import_once(vault: Vault) -> None:
    entry = Entry(title="twice")
    doc = {"format": "amends-export", "entries": [entry.model_dump(mode="json")] * 2}
    assert import_into(vault, json.dumps(doc).encode()) == (1, 1)
    assert [e.id for e in vault.entries()] == [entry.id]


# ------------------------------------------------- issue 16: jrnl and Day One edges
EDGE_EXPORT = Path(__file__).parent / "data" / "jrnl-4.6-edge-export.json"
DAYONE_EXPORT = Path(__file__).parent / "data" / "dayone-export.json"


@pytest.fixture
def local_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    def use(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


def _by_title(vault: Vault) -> dict[str, Entry]:
    return {e.title.split(".")[0]: e for e in vault.full_entries()}


def test_jrnl_years_below_1000_import(vault: Vault) -> None:
    # jrnl 4.6 wrote "999-05-05" for a year-999 entry (tests/data/README.md).
    assert json.loads(EDGE_EXPORT.read_text())["entries"][0]["date"] == "999-05-05"
    assert import_into(vault, EDGE_EXPORT.read_bytes()) == (5, 0)
    old = _by_title(vault)["A very old date"].created_at
    assert (old.year, old.month, old.day, old.hour, old.minute) == (999, 5, 5, 9, 0)


def test_jrnl_times_in_a_dst_gap_and_fold_keep_their_wall_clock(
    vault: Vault, local_zone: Callable[[str], None]
) -> None:
    local_zone("America/New_York")
    import_into(vault, EDGE_EXPORT.read_bytes())
    entries = _by_title(vault)
    gap, fold = entries["In the gap"].created_at, entries["In the fold"].created_at
    # As jrnl shows them: 02:30 and 01:30. The gap takes the offset before the change
    # (EST), the fold its first occurrence (EDT), as PEP 495's fold=0 reads them.
    assert gap.isoformat() == "2021-03-14T02:30:00-05:00"
    assert fold.isoformat() == "2021-11-07T01:30:00-04:00"


def test_local_mean_time_offsets_are_kept_to_the_second(
    vault_path: Path, vault: Vault, local_zone: Callable[[str], None]
) -> None:
    local_zone("Europe/Amsterdam")
    import_into(vault, EDGE_EXPORT.read_bytes())
    vault.close()
    reopened = Vault.open(vault_path, insecure_kdf_for_tests=True)
    reopened.unlock(PASSPHRASE)
    when = _by_title(reopened)["Before time zones"].created_at
    assert when.isoformat() == "1890-05-05T09:00:00+00:19:32"
    reopened.close()


def test_importing_the_same_jrnl_file_twice_adds_nothing(vault: Vault) -> None:
    for raw in (JRNL_EXPORT.read_bytes(), EDGE_EXPORT.read_bytes()):
        added, _ = import_into(vault, raw)
        assert import_into(vault, raw) == (0, added)
    assert len(vault.entries()) == 10


@pytest.mark.parametrize("asked", ["work", "@work", "#work", "WORK"])
def test_tags_match_with_or_without_their_prefix(vault: Vault, asked: str) -> None:
    import_into(vault, EDGE_EXPORT.read_bytes())
    found = vault.search(tag=asked)
    assert [e.title.split(".")[0] for e in found] == ["Tagged both ways"]
    assert not vault.search(tag="wor")


def test_an_import_never_replaces_a_draft_with_the_same_id(vault: Vault) -> None:
    draft = vault.save_draft(Draft(flow="conduct", kind="conduct", title="unfinished"))
    doc = {
        "format": "amends-export",
        "version": 1,
        "entries": [Entry(id=draft.id, title="imported").model_dump(mode="json")],
    }
    with pytest.raises(UsageError, match="id of a draft"):
        import_into(vault, json.dumps(doc).encode())
    assert vault.get_draft(draft.id).title == "unfinished"
    assert len(vault.entries()) == 0


def test_an_import_never_replaces_the_preferences_record(vault: Vault) -> None:
    """Any record of another type is protected, not only drafts: a file carrying the
    preferences record's id as a commitment's would otherwise overwrite it."""
    prefs = vault.save_preferences(Preferences(region="IE", wait_hours=100))
    commitment = Commitment(stop="imported")
    doc = {
        "format": "amends-export",
        "version": 1,
        "commitments": [{**commitment.model_dump(mode="json"), "id": prefs.id}],
    }
    with pytest.raises(UsageError, match="record of another type"):
        import_into(vault, json.dumps(doc).encode())
    assert vault.preferences().region == "IE"
    assert vault.commitments() == []


def test_day_one_json_imports_as_entries(vault: Vault) -> None:
    assert import_into(vault, DAYONE_EXPORT.read_bytes()) == (2, 0)
    assert import_into(vault, DAYONE_EXPORT.read_bytes()) == (0, 2)
    sam = vault.get_entry("5a3e8f1b2c4d4e6f8a9b0c1d2e3f4a5b")
    assert sam.title == "Apologised to Sam" and sam.starred and sam.tags == ["family"]
    assert sam.answers[0].text == (
        "I was short with Sam at dinner. I said so today.\n\n"
        "1. Listen first.\n2. Then answer (calmly)! #notatag"
    )
    assert sam.created_at.isoformat() == "2023-11-05T21:40:00-05:00"  # its own zone
    mum = vault.get_entry("0f9e8d7c6b5a49382716a5b4c3d2e1f0")
    assert mum.title == "Kept the promise. Called Mum." and mum.answers == []
    assert mum.created_at.isoformat() == "2024-03-01T00:30:00+01:00"


@pytest.mark.parametrize(
    ("doc", "looks_like"),
    [
        ({"metadata": {"version": "1.0"}, "entries": [{"uuid": "x"}]}, "lacks 'creationDate'"),
        ({"data": [], "version": 2}, 'looks like a JSON object with "data", "version"'),
        (42, "looks like a lone JSON int"),
    ],
)
def test_a_wrong_format_is_named(vault: Vault, doc: object, looks_like: str) -> None:
    with pytest.raises(UsageError, match=re.escape(looks_like)):
        import_into(vault, json.dumps(doc).encode())


def test_read_import_refuses_devices_pipes_and_folders(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo), str(tmp_path)):
        with pytest.raises(UsageError, match="is not a regular file"):
            read_import(path)


def test_read_import_refuses_a_huge_file_by_its_size(tmp_path: Path) -> None:
    sparse = tmp_path / "huge.json"
    with sparse.open("wb") as f:
        f.truncate(MAX_IMPORT_BYTES + 1)  # sparse: nothing is written or read
    with pytest.raises(UsageError, match="larger than 256 MB"):
        read_import(str(sparse))
    assert read_import(str(JRNL_EXPORT)) == JRNL_EXPORT.read_bytes()


def test_a_plain_list_without_times_imported_twice_adds_nothing(vault: Vault) -> None:
    raw = json.dumps([{"title": "no time", "body": "said it"}, {"title": "t2"}]).encode()
    assert import_into(vault, raw) == (2, 0)
    assert import_into(vault, raw) == (0, 2)
    timed = json.dumps([{"title": "no time", "body": "said it", "created_at": "2020-01-01T09:00"}])
    assert import_into(vault, timed.encode()) == (1, 0)  # a time given makes it another one
