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
