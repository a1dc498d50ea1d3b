"""One entry, read-only: every answer as plain, neutralised text.

Each answer has a "never export" switch: such an answer is left out of
exports and can't be put into a post. Edit reopens the flow on the same entry.
The screen dismisses with the entry's id (None once deleted).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Checkbox, Footer, Static

from journal.errors import AmendsError
from journal.flows import load_flows
from journal.models import KIND_LABELS, Entry
from screens import keys
from screens.base import JournalScreen
from screens.confirm import ConfirmModal
from screens.flow import FlowScreen
from screens.flow_state import FlowState
from screens.text import one_line, safe, sentence, when

if TYPE_CHECKING:
    from journal.vault import Vault

NEVER_EXPORT = "Never export this answer"


class EntryViewScreen(JournalScreen[str | None]):
    BINDINGS = keys.ENTRY_VIEW

    def __init__(self, entry_id: str) -> None:
        super().__init__()
        self._entry_id = entry_id
        self._entry: Entry | None = None
        #: Why the entry's answers could not be read (damage), if so.
        self._unreadable: str | None = None
        #: Switch changes are written in order: a write never replaces a later one.
        self._version = 0
        self._stored = 0
        self._store_lock = threading.Lock()

    @property
    def entry(self) -> Entry:
        if self._entry is None:
            self._entry = self.vault.get_entry(self._entry_id)
        return self._entry

    def compose(self) -> ComposeResult:
        try:
            entry = self.entry
        except AmendsError as error:
            self._unreadable = sentence(error.message)
            yield Static(
                f"{self._unreadable} You can delete it (d), or go back (Escape).",
                id="entry-title",
                markup=False,
            )
            yield Footer()
            return
        yield Static(safe(one_line(entry.display_title()), "bold"), id="entry-title")
        yield Static(safe(_meta(entry)), id="entry-meta")
        with VerticalScroll(id="entry-body"):
            for index, answer in enumerate(entry.answers):
                with Vertical(classes="answer"):
                    if answer.prompt:
                        yield Static(safe(answer.prompt), classes="answer-prompt")
                    yield Static(safe(answer.text), classes="answer-text")
                    yield Checkbox(
                        NEVER_EXPORT, answer.never_export, id=f"never-{index}", compact=True
                    )
        yield Footer()

    def on_mount(self) -> None:
        if self._unreadable is None:
            self.query_one("#entry-body").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "draft_post"):
            return self._unreadable is None
        return True

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        index = int((event.checkbox.id or "never-0").removeprefix("never-"))
        updated = self.entry.model_copy(deep=True)
        if updated.answers[index].never_export == event.value:
            return
        updated.answers[index].never_export = event.value
        self._entry = updated
        self._version += 1
        vault, version = self.vault, self._version
        self.run_thread(lambda: self._store(vault, updated, version), _ignore)

    def _store(self, vault: Vault, entry: Entry, version: int) -> None:
        """Worker: save the entry unless a later switch change was saved already."""
        with self._store_lock:
            if version > self._stored:
                vault.save_entry(entry)
                self._stored = version

    def action_edit(self) -> None:
        state = FlowState.from_entry(self.entry, load_flows())
        self.app.push_screen(FlowScreen(state), self._edited)

    async def _edited(self, entry_id: str | None) -> None:
        if entry_id is not None:
            self._entry = None
            await self.recompose()

    def action_draft_post(self) -> None:
        from screens.post_draft import PostDraftScreen

        self.app.push_screen(PostDraftScreen(self.entry))

    def action_delete(self) -> None:
        question = "Delete this entry for good? It can't be undone."
        self.app.push_screen(ConfirmModal(question, yes="Delete", no="Keep it"), self._answered)

    def _answered(self, yes: bool | None) -> None:
        if not yes:
            return
        vault, entry_id = self.vault, self._entry_id
        self.run_thread(lambda: vault.delete(entry_id), lambda _: self.dismiss(None))

    def action_back(self) -> None:
        self.dismiss(self._entry_id)

    def forget(self) -> None:
        self._entry = None


def _meta(entry: Entry) -> str:
    parts = [KIND_LABELS.get(entry.kind, entry.kind), when(entry.created_at)]
    if entry.updated_at > entry.created_at and when(entry.updated_at) != when(entry.created_at):
        parts.append(f"edited {when(entry.updated_at)}")
    if entry.tags:
        parts.append(" ".join(f"#{tag}" for tag in entry.tags))
    return " · ".join(one_line(p) for p in parts)


def _ignore(_: object) -> None:
    return None
