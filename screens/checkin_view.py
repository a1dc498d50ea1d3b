"""A check-in, read-only, with the entry that led to its commitment one key away."""

from __future__ import annotations

from journal.errors import AmendsError
from journal.models import EntrySummary
from screens import keys
from screens.entry_view import EntryViewScreen


def entry_screen(entry: EntrySummary) -> EntryViewScreen:
    """The screen that shows ``entry``: a check-in gets the way back to its source."""
    return CheckinViewScreen(entry.id) if entry.kind == "checkin" else EntryViewScreen(entry.id)


class CheckinViewScreen(EntryViewScreen):
    BINDINGS = keys.CHECKIN_VIEW

    def source_id(self) -> str | None:
        """The entry its commitment came from, if both are still there."""
        try:
            commitment_id = self.entry.commitment_id
            if not commitment_id:
                return None
            source = self.vault.get_commitment(commitment_id).source_entry_id
            return self.vault.get_entry(source).id if source else None
        except AmendsError:
            return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "source":
            return self.source_id() is not None
        return super().check_action(action, parameters)

    def action_source(self) -> None:
        source = self.source_id()
        if source is not None:
            self.app.push_screen(EntryViewScreen(source))
