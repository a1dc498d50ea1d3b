"""Commitments and their check-ins: schedule arithmetic, due dates, history.

Dates are local calendar dates: a check-in due today is due all day. The
schedule lives in the Commitment record (pending dates) and in the check-in
entries (each remembers the date it answered), so it survives a passphrase
change, a backup and restore, and an export and import.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from journal.flows import Flow, Offset, parse_checkin_offsets, parse_plans
from journal.models import Commitment, Entry, EntrySummary

OUTCOMES: tuple[str, ...] = ("kept", "partly", "slipped", "did not come up")
#: A check-in done within this many days after its date counts as on time.
ON_TIME_GRACE_DAYS = 3


def today() -> date:
    """The local date now. Tests freeze the clock rather than patch this."""
    return datetime.now().astimezone().date()


def schedule(start: date, offsets: Iterable[Offset]) -> list[date]:
    """Check-in dates ``offsets`` after ``start`` (calendar months, then days),
    ascending, no repeats."""
    return sorted({offset.after(start) for offset in offsets})


def next_checkin(commitment: Commitment) -> date | None:
    return commitment.checkin_dates[0] if commitment.checkin_dates else None


def is_due(commitment: Commitment, on: date) -> bool:
    """Active, with a check-in date that has come (today included)."""
    upcoming = next_checkin(commitment)
    return commitment.status == "active" and upcoming is not None and upcoming <= on


def due_commitments(commitments: Iterable[Commitment], on: date) -> list[Commitment]:
    """The due ones, the longest-waiting first."""
    found = [c for c in commitments if is_due(c, on)]
    return sorted(found, key=lambda c: (next_checkin(c) or on, c.created_at))


def _answers_by_field(entry: Entry, flow: Flow) -> dict[str, str]:
    fields = {step.id: step.field for step in flow.steps if step.field}
    return {fields[a.step_id]: a.text for a in entry.answers if a.step_id in fields}


#: Fields whose answers hold names: marked "never export" on the entry too.
PRIVATE_FIELDS = frozenset({"supporter"})


def commitment_from_entry(entry: Entry, flow: Flow, start: date) -> Commitment:
    """A commitment from the answers of a commitment flow (or a last step).

    Marks the entry's private answers (who could hold him to it) never-export.
    Raises AmendsError (from the parsers) if the check-in schedule is unreadable;
    plan lines that cannot be read are skipped here and reported by the UI.
    """
    private = {s.id for s in flow.steps if s.field in PRIVATE_FIELDS}
    for answer in entry.answers:
        if answer.step_id in private:
            answer.never_export = True
    fields = _answers_by_field(entry, flow)
    offsets = parse_checkin_offsets(fields.get("checkins", ""))
    return Commitment(
        stop=fields.get("stop", "").strip(),
        start=fields.get("start", "").strip(),
        high_risk=fields.get("high_risk", "").strip(),
        plans=parse_plans(fields.get("plans", "")).plans,
        supporter=fields.get("supporter", "").strip(),
        checkin_dates=schedule(start, offsets),
        source_entry_id=entry.id,
    )


def record_checkin(
    commitment: Commitment, checkin: Entry, flow: Flow, on: date
) -> tuple[Commitment, Entry]:
    """Apply a finished check-in: it answers the earliest pending date (if any
    has come), may replace the plans, and may set the next check-in.

    "When will you check in next?" is the next check-in: its date goes first and
    any pending date before it gives way (checking in a day early and answering
    "1 month" moves the next check-in a month on, not behind tomorrow's date);
    pending dates after it stay. Left blank, the schedule stays as it was."""
    fields = _answers_by_field(checkin, flow)
    outcome = fields.get("outcome", "").strip().lower()
    checkin.kind = "checkin"
    checkin.commitment_id = commitment.id
    checkin.outcome = outcome if outcome in OUTCOMES else None
    pending = list(commitment.checkin_dates)
    if pending and pending[0] <= on:
        checkin.due_on = pending.pop(0)
    new_plans = parse_plans(fields.get("plans", "")).plans
    if new_plans:
        commitment.plans = new_plans
    next_text = fields.get("next_checkin", "").strip()
    if next_text:
        chosen = parse_checkin_offsets(next_text)[0].after(on)
        pending = [chosen, *(day for day in pending if day > chosen)]
    commitment.checkin_dates = pending
    return commitment, checkin


@dataclass(frozen=True)
class CheckinPoint:
    """One check-in on a commitment's timeline."""

    entry_id: str
    done_on: date
    due_on: date | None
    outcome: str | None

    @property
    def on_time(self) -> bool:
        """Done by its date plus the grace days (unscheduled ones count as on time)."""
        if self.due_on is None:
            return True
        return (self.done_on - self.due_on).days <= ON_TIME_GRACE_DAYS


def history(commitment: Commitment, entries: Iterable[Entry | EntrySummary]) -> list[CheckinPoint]:
    """Check-ins on ``commitment``, oldest first."""
    points = [
        CheckinPoint(e.id, e.created_at.astimezone().date(), e.due_on, e.outcome)
        for e in entries
        if e.kind == "checkin" and e.commitment_id == commitment.id
    ]
    return sorted(points, key=lambda p: p.done_on)


def on_time_share(points: Sequence[CheckinPoint]) -> tuple[int, int]:
    """(on time, all) among scheduled check-ins."""
    scheduled = [p for p in points if p.due_on is not None]
    return sum(p.on_time for p in scheduled), len(scheduled)
