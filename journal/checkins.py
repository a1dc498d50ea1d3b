"""Commitments and check-ins as the writing screens see them.

No widgets here: starting states for the commitment and check-in flows, the
records a finished flow saves together (``records_for``, called in the save
worker), the notes the review shows under plans and check-in times, and when
to offer turning an entry into a commitment.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from journal.commitments import (
    OUTCOMES,
    commitment_from_entry,
    next_checkin,
    record_checkin,
    schedule,
)
from journal.errors import AmendsError
from journal.flow_state import FlowState
from journal.flows import format_plans, get_flow, parse_checkin_offsets, parse_plans
from journal.models import Commitment, now
from journal.text import one_line, sentence

if TYPE_CHECKING:
    from journal.flows import Step
    from journal.models import Entry
    from journal.vault import Model, Vault

#: Kinds whose last step may turn into a commitment ("what will you do differently").
OFFER_KINDS = frozenset({"conduct", "bystander", "influence"})
PLANS_KEPT_OUT = (
    "Lines that can't be read stay in what you wrote, but not in the plans. "
    "Go back (Ctrl+B) to change them, or save as it is."
)


# --- Starting a flow --------------------------------------------------------------------


def checkin_state(commitment: Commitment) -> FlowState:
    """A check-in on ``commitment``, its plans written out ready to change."""
    flow = get_flow("checkin")
    state = FlowState.new(flow, commitment_id=commitment.id)
    for step in flow.steps:
        if step.field == "plans" and commitment.plans:
            state.answers[step.id] = format_plans(commitment.plans)
    return state


def checkin_context(commitment: Commitment) -> str:
    """The line shown above each question of a check-in: what it is about."""
    about = " · ".join(
        f"{label}: {one_line(text)}"
        for label, text in (("Stop", commitment.stop), ("Start", commitment.start))
        if text.strip()
    )
    return f"Your commitment. {about}" if about else ""


def commitment_state(source_entry_id: str | None = None) -> FlowState:
    """The commitment flow; ``source_entry_id``: the entry it grows out of."""
    state = FlowState.new(get_flow("commitment"))
    state.source_entry_id = source_entry_id
    return state


def offers_commitment(state: FlowState) -> bool:
    """A new conduct, bystander or influence entry whose last question was answered."""
    steps = state.flow.steps
    return (
        state.entry is None
        and state.flow.kind in OFFER_KINDS
        and bool(steps)
        and bool(state.answer(steps[-1]).strip())
    )


# --- Saving -----------------------------------------------------------------------------


def records_for(state: FlowState, entry: Entry, vault: Vault, on: date) -> list[Model]:
    """Worker: what a finished flow saves, in one transaction (the entry first).

    A new commitment entry makes its Commitment; a new check-in answers its
    commitment's due date (``record_checkin``). An edit changes the entry only,
    so editing an old check-in never answers another date. Raises AmendsError
    when check-in times can't be read (the review says so before saving).
    """
    kind = state.flow.kind
    if state.entry is not None:
        if kind == "checkin":
            entry.outcome = _outcome(state)
        return [entry]
    if kind == "commitment":
        commitment = commitment_from_entry(entry, state.flow, on)
        if state.source_entry_id:
            commitment.source_entry_id = state.source_entry_id
        entry.commitment_id = commitment.id
        return [entry, commitment]
    if kind == "checkin" and state.commitment_id:
        try:
            current = vault.get_commitment(state.commitment_id)
        except AmendsError:  # deleted meanwhile: keep what was written
            entry.outcome = _outcome(state)
            return [entry]
        commitment, entry = record_checkin(current.model_copy(deep=True), entry, state.flow, on)
        commitment.updated_at = now()
        return [entry, commitment]
    return [entry]


SAVED = "Saved, encrypted."
EDIT_SAVED = "Your changes are saved, encrypted."
UNCHANGED = "Nothing had changed: the entry is as it was."


def saved_note(state: FlowState, records: list[Model]) -> str:
    """What to say once ``records`` are saved: for a new check-in, when the next one is
    (its answer may have moved it); else that it is saved (the screen closing said
    nothing of it)."""
    if state.entry is not None:
        return EDIT_SAVED if records else UNCHANGED  # nothing written when nothing changed
    commitment = next((r for r in records if isinstance(r, Commitment)), None)
    if state.flow.kind != "checkin" or commitment is None:
        return SAVED
    upcoming = next_checkin(commitment)
    if upcoming is None:
        return "Check-in saved. No next check-in is planned."
    return f"Check-in saved. Next check-in: {upcoming:%Y-%m-%d}."


def _outcome(state: FlowState) -> str | None:
    for step in state.steps:
        if step.field == "outcome":
            answer = state.answer(step).strip().lower()
            return answer if answer in OUTCOMES else None
    return None


# --- The review -------------------------------------------------------------------------


def review_notes(step: Step, text: str, on: date) -> list[str]:
    """What the review says under an answer: unreadable plan lines, check-in dates."""
    if step.field == "plans":
        errors = parse_plans(text).errors
        if not errors:
            return []
        lines = [f"Line {e.line} isn't read as a plan: {e.reason}." for e in errors]
        return [*lines, PLANS_KEPT_OUT]
    if step.field in ("checkins", "next_checkin"):
        if step.field == "next_checkin" and not text.strip():
            return []
        try:
            offsets = parse_checkin_offsets(text)
        except AmendsError as error:
            return [
                sentence(error.message),
                "Saving needs check-in times it can read: go back (Ctrl+B) to change them.",
            ]
        if step.field == "next_checkin":
            return [f"Next check-in: {offsets[0].after(on):%Y-%m-%d}."]
        dates = [f"{day:%Y-%m-%d}" for day in schedule(on, offsets)]
        return [f"Check-in{'s' if len(dates) > 1 else ''} on {_and(dates)}."]
    return []


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
