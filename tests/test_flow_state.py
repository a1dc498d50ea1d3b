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
