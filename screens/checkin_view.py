"""A check-in, read-only, with the entry that led to its commitment one key away."""

from __future__ import annotations

from journal.errors import AmendsError
from journal.models import Entry, EntrySummary
from journal.vault import Vault
from screens import keys
from screens.entry_view import EntryViewScreen


def entry_screen(entry: EntrySummary) -> EntryViewScreen:
    """The screen that shows ``entry``: a check-in gets the way back to its source."""
    return CheckinViewScreen(entry.id) if entry.kind == "checkin" else EntryViewScreen(entry.id)


class CheckinViewScreen(EntryViewScreen):
    BINDINGS = keys.CHECKIN_VIEW

    def source_of(self, vault: Vault, entry: Entry) -> str | None:
        """Worker: the entry its commitment came from, if both are still there."""
        try:
            if not entry.commitment_id:
                return None
            source = vault.get_commitment(entry.commitment_id).source_entry_id
            return vault.get_entry(source).id if source else None
        except AmendsError:
            return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "source":
            return self._source is not None
        return super().check_action(action, parameters)

    def action_source(self) -> None:
        if self._source is not None:
            self.app.push_screen(EntryViewScreen(self._source))
