"""``amends commitments`` and ``amends checkin``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from journal.cli import Context
    from journal.models import Commitment, EntrySummary


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "commitments",
        help="list commitments with their next check-in",
        description="List commitments, with their status and next check-in date.",
        parents=[common],
    )
    p.add_argument("--due", action="store_true", help="only those with a check-in due")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_commitments)
    p = sub.add_parser(
        "checkin",
        help="start a check-in on a commitment in the app",
        description="Open the app at the check-in flow for commitment ID.",
        parents=[common],
    )
    p.add_argument("id", metavar="ID", help="commitment id or a unique prefix")
    p.set_defaults(func=cmd_checkin)


def _as_json(c: Commitment, entries: Sequence[EntrySummary], due: bool) -> dict[str, Any]:
    from journal.commitments import history, next_checkin

    upcoming = next_checkin(c)
    return {
        "id": c.id,
        "short_id": c.short_id,
        "status": c.status,
        "stop": c.stop,
        "start": c.start,
        "plans": [{"situation": p.situation, "action": p.action} for p in c.plans],
        "next_checkin": upcoming.isoformat() if upcoming else None,
        "checkin_dates": [d.isoformat() for d in c.checkin_dates],
        "due": due,
        "source_entry_id": c.source_entry_id,
        "checkins": [
            {
                "id": p.entry_id,
                "done_on": p.done_on.isoformat(),
                "due_on": p.due_on.isoformat() if p.due_on else None,
                "outcome": p.outcome,
                "on_time": p.on_time,
            }
            for p in history(c, entries)
        ],
    }


def cmd_commitments(args: argparse.Namespace, ctx: Context) -> int:
    from journal.commitments import is_due, next_checkin, today
    from journal.sanitize import strip_controls, terminal_json

    on = today()
    with ctx.open_vault_unlocked(args) as vault:
        commitments = vault.commitments()
        entries = vault.entries()
    rows = [(c, is_due(c, on)) for c in commitments]
    if args.due:
        rows = [(c, due) for c, due in rows if due]
    if args.json:
        print(terminal_json([_as_json(c, entries, due) for c, due in rows]))
        return 0
    for c, due in rows:
        upcoming = next_checkin(c)
        when = upcoming.isoformat() if upcoming else "none planned"
        mark = "  due" if due else ""
        what = strip_controls(c.start or c.stop).replace("\n", " ")[:50]
        print(f"{c.short_id}  {c.status:<7}  next: {when:<12}{mark}  {what}")
    if not rows:
        print("No commitments" + (" due." if args.due else "."))
    return 0


def cmd_checkin(args: argparse.Namespace, ctx: Context) -> int:
    return ctx.open_app(args, checkin=args.id)
