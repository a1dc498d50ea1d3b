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
