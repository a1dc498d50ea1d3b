"""The ``draft`` and ``review`` subcommands: argparse wiring and output only.

The logic lives in ``journal.posts``; this module reads input, calls it and
prints. Findings never block: both commands exit 0 whatever they find.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from journal.errors import UsageError

if TYPE_CHECKING:
    from journal.models import Entry, Preferences
    from journal.posts import PostDraft, Review

# Every command builds the parser; journal.posts (and pydantic) load only when a
# draft or a review runs. So platform names are checked by get_platform, not argparse.
PLATFORM_HELP = "x, bluesky, mastodon, threads, linkedin, facebook or plain"
HASHTAG_HELP = "a hashtag to add at the end (repeatable), e.g. #HimThough #IDidThat"


class _Vault(Protocol):
    def __enter__(self) -> _Vault: ...

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def get_entry(self, id_prefix: str) -> Entry: ...

    def preferences(self) -> Preferences: ...


class _Context(Protocol):
    def open_vault_unlocked(self, args: argparse.Namespace) -> _Vault: ...


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser | None = None,
) -> None:
    """Add the ``draft`` and ``review`` subcommands.

    ``common`` holds the vault options (--vault, --passphrase-file); only
    ``draft ID`` opens the vault, so only ``draft`` takes them.
    """
    draft = subparsers.add_parser(
        "draft",
        parents=[common] if common else [],
        help="turn an entry or a text into draft posts for a platform",
        description="Compose a draft post, split into a numbered thread if it is over the "
        "platform's limit, with the safety review. Identifying details are replaced with "
        "neutral stand-ins unless --keep-details is given. Nothing is posted.",
    )
    draft.add_argument("entry", nargs="?", metavar="ID", help="the entry to draft from")
    draft.add_argument(
        "--text", metavar="PATH", help="draft from a UTF-8 text file instead ('-' for stdin)"
    )
    draft.add_argument("--platform", required=True, metavar="PLATFORM", help=PLATFORM_HELP)
    draft.add_argument("--hashtag", action="append", default=[], metavar="TAG", help=HASHTAG_HELP)
    draft.add_argument(
        "--answers", metavar="STEP_ID,...", help="the answers to include, by step id, in order"
    )
    draft.add_argument(
        "--limit", type=int, metavar="N", help="another limit (a Mastodon instance's, say)"
    )
    draft.add_argument("--out", metavar="PATH", help="also write the parts to a file (mode 0600)")
    draft.add_argument(
        "--keep-details",
        action="store_true",
        help="keep names and other identifying details as written",
    )
    draft.add_argument("--json", action="store_true", help="print JSON")
    draft.add_argument(
        "--quiet",
        action="store_true",
        help="don't print the checklist and waiting reminder to standard error",
    )
    draft.set_defaults(func=draft_command)

    rev = subparsers.add_parser(
        "review",
        help="check a text for identifying details and responsibility-shifting language",
        description="Print what the safety review finds in a text. It never blocks anything.",
    )
    rev.add_argument("path", nargs="?", default="-", metavar="PATH", help="text file, or - (stdin)")
    rev.add_argument("--json", action="store_true", help="print JSON")
    rev.set_defaults(func=review_command)


# --- handlers --------------------------------------------------------------------


def draft_command(args: argparse.Namespace, ctx: _Context) -> int:
    from journal.posts import build_draft, get_platform, pick_answers, write_draft

    if args.entry and args.text:
        raise UsageError("give an entry ID or --text, not both")
    if not args.entry and not args.text:
        raise UsageError("give an entry ID, or --text PATH ('-' reads standard input)")
    if args.answers and not args.entry:
        raise UsageError("--answers picks answers of an entry; give its ID")
    platform = get_platform(args.platform, args.limit)
    edited = None
    wait_hours = None
    if args.entry:
        step_ids = _split_ids(args.answers) if args.answers else None
        with ctx.open_vault_unlocked(args) as vault:
            entry = vault.get_entry(args.entry)
            wait_hours = vault.preferences().wait_hours  # set in the app's Settings
        texts = [a.text for a in pick_answers(entry, step_ids)]
        edited = entry.updated_at
    else:
        texts = [read_text(args.text)]
    if not any(t.strip() for t in texts):
        raise UsageError("there is no text to draft from")
    draft = build_draft(texts, platform, args.hashtag, keep_details=args.keep_details)
    if args.out:
        write_draft(Path(args.out).expanduser(), draft.thread.as_text())
    if args.json:
        _print_json(_draft_json(draft))
    else:
        print(_draft_human(draft, args.out))
    if not args.quiet:
        print(f"\n{_checklist(edited, wait_hours)}", file=sys.stderr)
    return 0


def _checklist(edited: datetime | None, wait_hours: float | None = None) -> str:
    """The post checklist, with the waiting reminder when the entry was edited less than
    the vault's stored wait (default 72 hours) ago."""
    from datetime import timedelta

    from journal.models import now
    from journal.post_checklist import DEFAULT_WAIT, checklist_text, is_fresh, waiting_reminder

    wait = timedelta(hours=wait_hours) if wait_hours else DEFAULT_WAIT
    fresh = edited is not None and is_fresh(edited, now(), wait)
    return checklist_text(waiting_reminder(wait) if fresh else None)


def review_command(args: argparse.Namespace, ctx: object) -> int:
    from journal.posts import check

    text = read_text(args.path)
    result = check(text)
    if args.json:
        _print_json(result.as_dict())
    else:
        print(_findings_human(text, result))
    return 0


# --- input -----------------------------------------------------------------------


def read_text(path: str) -> str:
    """A UTF-8 text file's contents, or standard input's for ``-``."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"can't read {path}: {exc.strerror or 'read error'}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"the input is not valid UTF-8 (at byte {exc.start}); save it as UTF-8 and try again"
        ) from None
    return text.removeprefix("\ufeff")


def _split_ids(value: str) -> list[str]:
    ids = [s.strip() for s in value.split(",") if s.strip()]
    if not ids:
        raise UsageError("--answers needs at least one step id")
    return ids


# --- output ----------------------------------------------------------------------


def _print_json(value: object) -> None:
    from journal.sanitize import terminal_json

    print(terminal_json(value))


def _draft_json(draft: PostDraft) -> dict[str, Any]:
    from journal.posts import LEGAL_NOTE

    return {
        "platform": draft.platform.name,
        "limit": draft.platform.limit,
        "parts": [{"text": p.text, "length": p.length} for p in draft.thread.parts],
        "findings": [f.as_dict() for f in draft.findings],
        "text": draft.text,
        "replaced": [f.as_dict() for f in draft.replaced],
        "oversized": list(draft.thread.oversized),
        "refused": list(draft.thread.refusals),
        "fold": draft.fold,
        "languages": list(draft.review.languages) if draft.review else [],
        "not_reviewed": list(draft.review.not_reviewed) if draft.review else [],
        "invisible_removed": draft.invisible_removed,
        "notes": [*(draft.review.notes if draft.review else ()), LEGAL_NOTE],
    }


def _draft_human(draft: PostDraft, out: str | None) -> str:
    from journal.posts import LEGAL_NOTE, position, strip_controls

    platform, parts = draft.platform, draft.thread.parts
    limit = f"limit {platform.limit}" if platform.limit else "no limit"
    lines = [f"{platform.label} · {limit} · {len(parts)} part{'s' * (len(parts) != 1)}", ""]
    for i, part in enumerate(parts, 1):
        size = f"{part.length}/{platform.limit}" if platform.limit else str(part.length)
        over = "  (over the limit)" if platform.limit and part.length > platform.limit else ""
        lines += [f"[{i}/{len(parts)}] {size}{over}", strip_controls(part.text), ""]
    lines += [f"{reason}." for reason in draft.thread.refusals]
    if draft.thread.oversized:
        lines.append(
            "A link, hashtag or mention is longer than a whole post; it was kept whole in a "
            "part of its own."
        )
    if draft.fold is not None:
        line, column = position(draft.text, draft.fold)
        lines.append(
            f'{platform.label} shows "See more" from about character {draft.fold} '
            f"(line {line}, column {column}); what comes before it is what most people read."
        )
    if draft.replaced:
        n = len(draft.replaced)
        lines.append(
            f"Replaced {n} identifying detail{'s' * (n != 1)} with neutral stand-ins "
            "(--keep-details keeps them as written)."
        )
    if draft.invisible_removed:
        n = draft.invisible_removed
        lines.append(
            f"Removed {n} invisible character{'s' * (n != 1)} (zero-width, line-separator or "
            "tag characters), which can carry hidden text."
        )
    if out:
        lines.append(f"Wrote the parts to {out}.")
    if draft.review is not None:
        lines += ["", _findings_human(draft.text, draft.review)]
    lines += ["", LEGAL_NOTE]
    return "\n".join(lines)


def _findings_human(text: str, result: Review) -> str:
    from journal.posts import CARE, position, strip_controls

    lines = [] if result.findings else ["The review found nothing to point out."]
    for f in result.findings:
        line, column = position(text, f.start)
        shown = " ".join(strip_controls(f.text).split())
        lines.append(f"line {line}, column {column} · {f.check} · {f.category}: “{shown}”")
        lines.append(f"  {f.message}")
        if f.check == CARE:
            lines.append(f"  Support: {_first_resource(f.category)}")
        elif f.suggestion:
            lines.append(f"  Suggestion: {strip_controls(f.suggestion)}")
        elif f.check == "identifying" or f.message.startswith("This"):
            lines.append("  Suggestion: (leave it out)")
    if result.findings:
        n = len(result.findings)
        lines.append(
            f"{n} finding{'s' * (n != 1)}. Nothing is blocked: keep, change or leave out each one."
        )
    lines += list(result.notes)
    return "\n".join(lines)


def _first_resource(category: str) -> str:
    """The support list's first line for a care finding (a crisis line for self-harm)."""
    from journal.posts import SELF_HARM
    from journal.resources import load_resources

    items = load_resources().items
    if category == SELF_HARM:
        crisis = [i for i in items if i.kind == "crisis"]
        items = tuple(crisis) + items
    if not items:
        return "the app's Support screen lists people to talk to."
    first = items[0]
    return f"{first.name} ({first.region}): {first.contact}. The app's Support screen lists more."
