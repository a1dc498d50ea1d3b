"""Export (plaintext, only when asked) and import (all or nothing).

Import reads three shapes, told apart by their keys:
- amends' own JSON export: ``{"format": "amends-export", "entries": [...], ...}``
- jrnl's JSON export (``jrnl --format json``): ``{"tags": {...}, "entries": [{"title",
  "body", "date", "time", "tags", "starred"}]}``
- a plain list of objects with ``title``, ``body`` and optional ``created_at``,
  ``tags``, ``kind``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from journal.errors import UsageError
from journal.models import KIND_LABELS, KINDS, Answer, Commitment, Draft, Entry, now
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
        label = KIND_LABELS.get(entry.kind, entry.kind)
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


def parse_import(raw: bytes) -> tuple[list[Entry], list[Commitment]]:
    """Parse a whole file into models, or raise UsageError naming the bad item."""
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
    if isinstance(doc, dict) and doc.get("format") == EXPORT_FORMAT:
        return _items(doc, "entries", _amends_entry), _items(doc, "commitments", _commitment)
    if isinstance(doc, dict) and isinstance(doc.get("entries"), list):
        return _items(doc, "entries", _jrnl_entry), []
    if isinstance(doc, list):
        return _items({"items": doc}, "items", _plain_entry), []
    raise UsageError(
        "the import file is not an amends export, a jrnl JSON export, or a list of entries"
    )


def import_into(vault: Vault, raw: bytes) -> tuple[int, int]:
    """Import in one transaction. Returns (added, already present)."""
    entries, commitments = parse_import(raw)
    fresh: list[Entry | Draft | Commitment] = []
    known = {e.id for e in vault.entries()} | {c.id for c in vault.commitments()}
    items: list[Entry | Commitment] = [*entries, *commitments]
    for item in items:
        if item.id not in known:
            fresh.append(item)
            known.add(item.id)
    vault.save_many(fresh)
    return len(fresh), len(entries) + len(commitments) - len(fresh)


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


def _jrnl_entry(item: dict[str, Any]) -> Entry:
    when = datetime.strptime(f"{item['date']} {item.get('time', '00:00')}", "%Y-%m-%d %H:%M")
    created = _showable(when)
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
