"""Export (plaintext, only when asked) and import (all or nothing).

Import reads four shapes, told apart by their keys:
- amends' own JSON export: ``{"format": "amends-export", "entries": [...], ...}``
- jrnl's JSON export (``jrnl --format json``): ``{"tags": {...}, "entries": [{"title",
  "body", "date", "time", "tags", "starred"}]}``
- Day One's JSON export: ``{"metadata": {...}, "entries": [{"uuid", "creationDate",
  "text", "tags", "starred", "timeZone"}]}``
- a plain list of objects with ``title``, ``body`` and optional ``created_at``,
  ``tags``, ``kind``.

Importing the same items twice adds nothing: amends' own items are known by id, the
others by their time, title and text.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import zoneinfo
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, BinaryIO

from pydantic import ValidationError

from journal.errors import UsageError
from journal.flows import flow_title
from journal.models import KINDS, Answer, Commitment, Draft, Entry, new_id, now
from journal.sanitize import strip_controls
from journal.vault import RECORD_ID, Vault

EXPORT_FORMAT = "amends-export"
EXPORT_VERSION = 1
MAX_IMPORT_BYTES = 256 * 1024 * 1024


def export_json(vault: Vault) -> str:
    """Every entry and commitment, oldest first, as amends' own JSON."""
    doc = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": now().isoformat(),
        "entries": [_exportable(e).model_dump(mode="json") for e in reversed(vault.full_entries())],
        # Who could hold him to a commitment is a name: it never leaves the vault.
        "commitments": [
            c.model_dump(mode="json", exclude={"supporter"}) for c in reversed(vault.commitments())
        ],
    }
    # Clean each text, not the finished document: an unterminated escape sequence
    # in one answer must not swallow the rest of the file.
    return json.dumps(_cleaned(doc), ensure_ascii=False, indent=2) + "\n"


def export_markdown(vault: Vault) -> str:
    """A readable Markdown document, oldest first, with control characters removed."""
    # Each text is cleaned on its own (see export_json).
    c = strip_controls
    out = ["# amends journal", "", f"Exported {now():%Y-%m-%d %H:%M}.", ""]
    for entry in reversed(vault.full_entries()):
        shown = _exportable(entry)  # its title must not come from a never-export answer
        label = flow_title(entry.flow, entry.kind)
        title = c(shown.display_title())
        out += [f"## {entry.created_at:%Y-%m-%d %H:%M} · {c(label)} · {title}", ""]
        if entry.tags:
            out += ["Tags: " + ", ".join(c(t) for t in entry.tags), ""]
        for answer in shown.answers:
            if answer.prompt:
                out += [f"### {c(answer.prompt)}", ""]
            out += [c(answer.text).rstrip(), ""]
    for commitment in reversed(vault.commitments()):
        out += [f"## Commitment {commitment.created_at:%Y-%m-%d} ({commitment.status})", ""]
        out += [f"- Stop: {c(commitment.stop)}", f"- Start: {c(commitment.start)}"]
        out += [f"- If {c(p.situation)}, then {c(p.action)}" for p in commitment.plans]
        out += [""]
    return "\n".join(out)


def _cleaned(value: Any) -> Any:
    """``value`` with control characters and escape sequences removed from every string."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value


def _exportable(entry: Entry) -> Entry:
    """The entry without answers marked "never export": they never leave the vault."""
    kept = [a for a in entry.answers if not a.never_export]
    return entry if len(kept) == len(entry.answers) else entry.model_copy(update={"answers": kept})


def read_import(path: str, stdin: BinaryIO | None = None) -> bytes:
    """The import file's bytes, read no further than the size limit.

    A device, pipe or folder is refused before anything is read (``/dev/zero`` never
    ends), and a file over the limit by its size, so memory stays bounded.
    """
    if path == "-":
        assert stdin is not None
        return _bounded(stdin, "standard input")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise UsageError(f"{path} is not a regular file; export to a file and import that")
    with os.fdopen(fd, "rb") as f:
        if info.st_size > MAX_IMPORT_BYTES:
            raise UsageError("the import file is larger than 256 MB; split it first")
        return _bounded(f, path)


def _bounded(stream: BinaryIO, name: str) -> bytes:
    try:
        raw = stream.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror}") from None
    except MemoryError:
        raise UsageError("not enough memory to read the import file; split it first") from None
    if len(raw) > MAX_IMPORT_BYTES:
        raise UsageError("the import file is larger than 256 MB; split it first")
    return raw


def parse_import(raw: bytes) -> tuple[list[Entry], list[Commitment]]:
    """Parse a whole file into models, or raise UsageError naming the bad item."""
    entries, commitments, _ = _parse(raw)
    return entries, commitments


def _parse(raw: bytes) -> tuple[list[Entry], list[Commitment], set[str]]:
    """The file's entries and commitments, and the ids of entries it gave no time."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise UsageError("the import file is larger than 256 MB; split it first")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise UsageError("the import file is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"the import file is not valid JSON (line {exc.lineno}): {exc.msg}"
        ) from None
    except RecursionError:
        raise UsageError("the import file is nested too deeply to be an export") from None
    except ValueError:  # after JSONDecodeError: a number with more digits than Python reads
        raise UsageError("the import file holds a number too long to read") from None
    shape = _shape(doc)
    if shape == "amends":
        return _items(doc, "entries", _amends_entry), _items(doc, "commitments", _commitment), set()
    if shape == "jrnl":
        return _items(doc, "entries", _jrnl_entry), [], set()
    if shape == "dayone":
        return _items(doc, "entries", _dayone_entry), [], set()
    if shape == "plain":
        entries = _items({"items": doc}, "items", _plain_entry)
        untimed = {e.id for e, item in zip(entries, doc, strict=True) if "created_at" not in item}
        return entries, [], untimed
    raise UsageError(
        f"the import file looks like {shape}, not an amends, jrnl or Day One JSON export "
        "or a list of entries; nothing was imported"
    )


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,31}")


def _shape(doc: Any) -> str:
    """Which export ``doc`` is, by its own keys; else what it looks like, for the message."""
    if isinstance(doc, list):
        return "plain"
    if not isinstance(doc, dict):
        return f"a lone JSON {type(doc).__name__.replace('str', 'string')}"
    if doc.get("format") == EXPORT_FORMAT:
        return "amends"
    entries = doc.get("entries")
    if not isinstance(entries, list):
        # Only key names that are plain words are named: the file's text stays out of
        # messages (and of the terminal's control sequences).
        named = [k for k in list(doc)[:4] if _PLAIN_KEY.fullmatch(k)]
        keys = ", ".join(f'"{k}"' for k in named) if named else f"{len(doc)} keys"
        return f"a JSON object with {keys} and no list of entries"
    first = entries[0] if entries and isinstance(entries[0], dict) else {}
    # Day One writes "uuid", "creationDate" and "text" in every entry; jrnl never does.
    if "creationDate" in first or "uuid" in first or "metadata" in doc:
        return "dayone"
    return "jrnl"


def import_into(vault: Vault, raw: bytes) -> tuple[int, int]:
    """Import in one transaction. Returns (added, already present).

    An item already in the vault (the same id, or for other journals' items the same
    time, title and text) is counted as already here, never saved again. An item whose
    id belongs to a record of another type (a draft, say) refuses the whole import:
    nothing of the vault's is ever replaced.
    """
    entries, commitments, untimed = _parse(raw)
    entry_ids = {e.id for e in vault.entries()}
    commitment_ids = {c.id for c in vault.commitments()}
    draft_ids = {d.id for d in vault.drafts()}
    # Drafts, preferences and any other record type: never replaced by an import.
    held = vault.record_ids() - entry_ids - commitment_ids
    # An item given no time (a plain list's) is the same as any entry with its text.
    existing = vault.full_entries() if entries else []
    seen = {_same_content(e) for e in existing} | {_same_content(e, timed=False) for e in existing}
    fresh: list[Entry | Draft | Commitment] = []
    items: list[Entry | Commitment] = [*entries, *commitments]
    for item in items:
        same_type, other = (
            (entry_ids, commitment_ids | held)
            if isinstance(item, Entry)
            else (commitment_ids, entry_ids | held)
        )
        if item.id in other:
            kind = "draft" if item.id in draft_ids else "record of another type"
            raise UsageError(
                f"an item of the import file has the id of a {kind} already in this vault "
                f"({item.id[:8]}); nothing was imported"
            )
        key = None
        if isinstance(item, Entry):
            key = _same_content(item, timed=item.id not in untimed)
        if item.id in same_type or (key is not None and key in seen):
            continue
        fresh.append(item)
        same_type.add(item.id)
        if key is not None:
            seen.add(key)
    vault.save_many(fresh)
    return len(fresh), len(entries) + len(commitments) - len(fresh)


_Content = tuple[datetime | None, str, tuple[str, ...]]


def _same_content(entry: Entry, timed: bool = True) -> _Content:
    """What makes two entries the same one, whatever their ids: time, title and text."""
    return (entry.created_at if timed else None, entry.title, tuple(a.text for a in entry.answers))


def _items(doc: dict[str, Any], key: str, parse: Callable[[Any], Any]) -> list[Any]:
    items = doc.get(key, [])
    if not isinstance(items, list):
        raise UsageError(f'the import file\'s "{key}" is not a list')
    parsed = []
    for number, item in enumerate(items, start=1):
        try:
            if not isinstance(item, dict):
                raise ValueError("is not an object")
            parsed.append(parse(item))
        except (ValueError, TypeError, KeyError, ValidationError) as exc:
            raise UsageError(
                f"item {number} of the import file {_reason(exc)}; nothing was imported"
            ) from None
    return parsed


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "value"
        return f'has a bad "{where}": {err["msg"].lower()}'
    if isinstance(exc, KeyError):
        return f"lacks {exc.args[0]!r}"
    return str(exc)


def _kind(value: Any) -> str:
    kind = "free" if value is None else value
    if kind not in KINDS:
        raise ValueError(f"has an unknown kind {str(kind)[:40]!r}")
    return str(kind)


def _str(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f'has a "{name}" that is not text')
    return value


def _tags(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ValueError('has "tags" that are not a list of text')
    return list(value)


def _amends_entry(item: dict[str, Any]) -> Entry:
    entry = Entry.model_validate(item)
    _kind(entry.kind)
    _record_id(entry.id)
    _aware(entry)
    return entry


def _commitment(item: dict[str, Any]) -> Commitment:
    commitment = Commitment.model_validate(item)
    _record_id(commitment.id)
    _aware(commitment)
    return commitment


def _aware(model: Entry | Commitment) -> None:
    for name in ("created_at", "updated_at"):
        setattr(model, name, _showable(getattr(model, name)))


def _showable(when: datetime) -> datetime:
    """``when`` with a zone, if every screen can show it. A timestamp without a zone is
    local time (as in the plain shape): amends sorts by them, and one naive timestamp
    among aware ones breaks every listing for good. One within hours of year 1 or 9999
    may have no UTC or local time (a year 0 or 10000): refused."""
    try:
        when = when.astimezone() if when.tzinfo is None else when
        when.astimezone(UTC), when.astimezone()
    except (ValueError, OverflowError):
        raise ValueError("has a date too near year 1 or 9999 to show") from None
    return when


def _record_id(value: str) -> None:
    """Ids are stored in the clear, so only amends' own random ids are kept."""
    if not RECORD_ID.fullmatch(value):
        raise ValueError('has an "id" that is not 32 hex digits')


# jrnl writes strftime("%Y-%m-%d") and ("%H:%M") (jrnl/plugins/json_exporter.py, 4.6):
# glibc does not pad the year, so a year below 1000 is "999-05-05".
_JRNL_DATE = re.compile(r"(\d{1,4})-(\d{1,2})-(\d{1,2})")
_JRNL_TIME = re.compile(r"(\d{1,2}):(\d{2})")


def _jrnl_entry(item: dict[str, Any]) -> Entry:
    day = _JRNL_DATE.fullmatch(_str(item["date"], "date"))
    clock = _JRNL_TIME.fullmatch(_str(item.get("time", "00:00"), "time"))
    if day is None or clock is None:
        raise ValueError('has a "date" or "time" that jrnl does not write')
    (year, month, mday), (hour, minute) = map(int, day.groups()), map(int, clock.groups())
    created = _wall_clock(datetime(year, month, mday, hour, minute))
    body = _str(item.get("body", ""), "body")
    return Entry(
        kind="free",
        title=_str(item["title"], "title"),
        answers=[Answer(step_id="body", text=body)] if body else [],
        tags=_tags(item.get("tags")),
        starred=bool(item.get("starred", False)),
        created_at=created,
        updated_at=created,
    )


def _wall_clock(when: datetime) -> datetime:
    """A naive local time with this machine's offset, its wall clock kept as written.

    jrnl stores naive times and shows them as written, never resolving a DST gap or
    fold (jrnl/journals/Journal.py parses its file with strptime into naive datetimes).
    amends keeps that wall clock and adds the local offset PEP 495 gives it with
    fold=0: in a fold (01:30 twice) the first, summer time; in a gap (02:30 that never
    was) the offset in force before the change. The offset is kept to the second, so
    a time under local mean time (before 1900) still shows as written.
    """
    aware = _showable(when)
    if aware.replace(tzinfo=None) != when:  # a gap: Python moved the clock
        offset = _showable(when - timedelta(days=1)).utcoffset()
        aware = when.replace(tzinfo=timezone(offset or timedelta(0)))
    return aware


def _dayone_entry(item: dict[str, Any]) -> Entry:
    """A Day One JSON entry: Markdown text, UTC creationDate, its own zone and uuid."""
    uuid = _str(item["uuid"], "uuid").lower()
    created = datetime.fromisoformat(_str(item["creationDate"], "creationDate"))
    zone = item.get("timeZone")
    if isinstance(zone, str):
        # An unknown zone leaves the time in UTC, still the right moment.
        with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            created = created.astimezone(zoneinfo.ZoneInfo(zone))
    created = _showable(created)
    title, _, body = _dayone_unescape(_str(item.get("text", ""), "text")).partition("\n")
    return Entry(
        id=uuid if RECORD_ID.fullmatch(uuid) else new_id(),
        kind="free",
        title=title.removeprefix("# ").strip(),
        answers=[Answer(step_id="body", text=body.strip("\n"))] if body.strip() else [],
        tags=_tags(item.get("tags")),
        starred=bool(item.get("starred", False)),
        created_at=created,
        updated_at=created,
    )


# Day One escapes Markdown's special characters in plain text ("2\. Then", "\#tag").
_DAYONE_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~<=])")


def _dayone_unescape(text: str) -> str:
    return _DAYONE_ESCAPE.sub(r"\1", text)


def _plain_entry(item: dict[str, Any]) -> Entry:
    created = item.get("created_at")
    when = datetime.fromisoformat(_str(created, "created_at")) if created is not None else now()
    when = _showable(when)
    body = _str(item.get("body", ""), "body")
    return Entry(
        kind=_kind(item.get("kind")),
        title=_str(item.get("title", ""), "title"),
        answers=[Answer(step_id="body", text=body)] if body else [],
        tags=_tags(item.get("tags")),
        created_at=when,
        updated_at=when,
    )
