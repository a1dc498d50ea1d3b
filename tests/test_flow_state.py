"""A flow in progress survives its encrypted autosave whole."""

from __future__ import annotations

from pathlib import Path

from journal.flow_state import FlowState
from journal.flows import get_flow, load_flows
from journal.vault import Vault


def test_a_commitment_draft_keeps_the_entry_it_grew_from(tmp_path: Path) -> None:
    state = FlowState.new(get_flow("commitment"))
    state.source_entry_id = "ab" * 16
    vault, _ = Vault.create(tmp_path / "v.db", "walnut ladder orbit", insecure_kdf_for_tests=True)
    vault.save_draft(state.to_draft())
    vault.close()
    reopened = Vault.open(tmp_path / "v.db", insecure_kdf_for_tests=True)
    reopened.unlock("walnut ladder orbit")
    (draft,) = reopened.drafts()
    reopened.close()
    resumed = FlowState.from_draft(draft, load_flows())
    assert resumed.source_entry_id == "ab" * 16
    assert resumed.flow.id == "commitment"


def test_answers_to_questions_no_longer_asked_are_named_with_the_choice_that_left_them() -> None:
    """Issue 15: an answer written for "partly", kept in the draft, was silently left out
    of the entry once the outcome became "kept". ``not_saved`` names each such answer and
    the choice it went with, the harm question too when the outcome above it changed."""
    state = FlowState.new(get_flow("checkin"), commitment_id="c" * 32)
    state.answers.update(
        outcome="slipped",
        lapse_or_harm="someone got hurt",
        stop_harm="I stop messaging her.",
        in_the_way="The speeches started.",
    )
    assert state.not_saved() == []
    state.answers["outcome"] = "kept"
    found = [(n.step.id, n.choice.id, n.chosen, n.wanted) for n in state.not_saved()]
    assert found == [
        ("lapse_or_harm", "outcome", "kept", ("slipped",)),
        ("stop_harm", "outcome", "kept", ("slipped",)),
        ("in_the_way", "outcome", "kept", ("partly", "slipped")),
    ]
    saved = {a.step_id for a in state.to_entry().answers}
    assert saved.isdisjoint(n.step.id for n in state.not_saved())
    assert state.not_saved()[-1].note() == (
        "Asked after “partly” or “slipped” to “How did it go?”; your answer there is now "
        "“kept”. To keep this, go back (Ctrl+B) and change that answer."
    )
    state.answers.update(outcome="slipped", lapse_or_harm="")
    (harm,) = state.not_saved()
    assert (harm.step.id, harm.choice.id, harm.chosen) == ("stop_harm", "lapse_or_harm", "")
    assert "your answer there is empty now" in harm.note()


def test_the_step_count_counts_only_the_steps_asked() -> None:
    """A check-in is five steps until a choice brings more in: "kept" reads 3 of 5, then
    4 of 5 (found by a walk: "Step 3 of 8", then "Step 7 of 8"); "slipped" makes it 7,
    "someone got hurt" 8, and going back to "kept" makes it 5 again."""
    state = FlowState.new(get_flow("checkin"))
    ids = [step.id for step in state.steps]

    def at(step_id: str) -> tuple[int, int]:
        state.index = ids.index(step_id)
        return state.progress()

    assert at("came_up") == (1, 5)
    assert at("outcome") == (3, 5)
    state.answers["outcome"] = "kept"
    assert (at("outcome"), at("plans"), at("next_checkin")) == ((3, 5), (4, 5), (5, 5))
    state.answers["outcome"] = "slipped"
    assert (at("lapse_or_harm"), at("in_the_way"), at("next_checkin")) == ((4, 7), (5, 7), (7, 7))
    state.answers["lapse_or_harm"] = "someone got hurt"
    assert (at("stop_harm"), at("in_the_way"), at("next_checkin")) == ((5, 8), (6, 8), (8, 8))
    state.answers["outcome"] = "kept"  # what was written for "slipped" stays, not asked
    assert at("plans") == (4, 5)
    state.index = len(state.steps)
    assert state.progress() == (5, 5)
