"""One entry, read-only: every answer as plain, neutralised text.

Each answer has a "never export" switch: such an answer is left out of
exports and can't be put into a post. Edit reopens the flow on the same entry.
The screen dismisses with the entry's id (None once deleted).

The entry is read (decrypted) in a worker, never on the UI thread, and read
again after an edit; the answers are replaced inside the body, which keeps
the focus, so no key is ever left with a removed widget.
"""

from __future__ import annotations

import threading

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, Static
from textual.worker import get_current_worker

from journal.errors import AmendsError
from journal.flow_state import FlowState
from journal.flows import flow_title, load_flows
from journal.models import Entry
from journal.vault import Vault
from screens import keys
from screens.base import JournalScreen, Result
from screens.confirm import delete_entry_dialog
from screens.flow import EditOpened, FlowScreen, open_edit
from screens.text import one_line, safe, sentence, when
from screens.widgets.fitted_footer import FittedFooter
from screens.widgets.tick_box import TickBox

NEVER_EXPORT = "Never export this answer"
READING = "Opening…"


class EntryRead(Result):
    """The entry, decrypted in a worker (``source``: see ``EntryViewScreen.source_of``)."""

    def __init__(self, entry: Entry, source: str | None) -> None:
        super().__init__()
        self.entry = entry
        self.source = source


class EntryUnreadable(Result):
    def __init__(self, error: AmendsError) -> None:
        super().__init__()
        self.reason = sentence(error.message)


class DeleteAsked(Result):
    """Before deleting the entry: how many post drafts go with it."""

    def __init__(self, post_drafts: int) -> None:
        super().__init__()
        self.post_drafts = post_drafts


class EntryDeleted(Result):
    pass


class EntryViewScreen(JournalScreen[str | None]):
    BINDINGS = keys.ENTRY_VIEW

    def __init__(self, entry_id: str) -> None:
        super().__init__()
        self._entry_id = entry_id
        self._entry: Entry | None = None
        #: The entry this one's commitment grew out of, when there is one.
        self._source: str | None = None
        #: Why the entry's answers could not be read (damage), if so.
        self._unreadable: str | None = None
        #: Switch changes are written one at a time, the newest last.
        self._store_lock = threading.Lock()

    @property
    def entry(self) -> Entry | None:
        """The entry once read (None before, or when it can't be)."""
        return self._entry

    def compose(self) -> ComposeResult:
        yield Static(READING, id="entry-title", markup=False)
        yield Static(id="entry-meta", markup=False)
        yield VerticalScroll(id="entry-body")
        # Fitted: a check-in's footer (with o) cut off ^l Lock and f1 Help at 80 columns.
        yield FittedFooter(keys.ENTRY_VIEW_FOOTER)

    def on_mount(self) -> None:
        self.query_one("#entry-body").focus()
        self._read(self.vault, self._entry_id)

    # Reading ---------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="read", exit_on_error=False, description="read")
    def _read(self, vault: Vault, entry_id: str) -> None:
        try:
            entry = vault.get_entry(entry_id)
        except AmendsError as error:
            self.post_message(EntryUnreadable(error))
            return
        self.post_message(EntryRead(entry, self.source_of(vault, entry)))

    def source_of(self, vault: Vault, entry: Entry) -> str | None:
        """Worker: the entry to offer with "Where it began" (a check-in's)."""
        return None

    @on(EntryRead)
    async def _show(self, event: EntryRead) -> None:
        self._entry, self._source, self._unreadable = event.entry, event.source, None
        entry = event.entry
        self.query_one("#entry-title", Static).update(safe(one_line(entry.display_title()), "bold"))
        self.query_one("#entry-meta", Static).update(safe(_meta(entry)))
        await self._fill(list(_answers(entry)))

    @on(EntryUnreadable)
    async def _show_unreadable(self, event: EntryUnreadable) -> None:
        self._entry, self._unreadable = None, event.reason
        self.query_one("#entry-title", Static).update(
            f"{event.reason} You can delete it (d), or go back (Escape)."
        )
        await self._fill([])

    async def _fill(self, widgets: list[Widget]) -> None:
        """Put ``widgets`` in the body; a focused answer switch hands focus to the body."""
        body = self.query_one("#entry-body", VerticalScroll)
        if self.focused is not None and body in self.focused.ancestors:
            self.set_focus(body)
        await body.remove_children()
        await body.mount_all(widgets)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "draft_post"):
            return self._entry is not None
        if action == "delete":
            return self._entry is not None or self._unreadable is not None
        return True

    # The never-export switches ---------------------------------------------------------
    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        if self._entry is None:
            return
        index = int((event.checkbox.id or "never-0").removeprefix("never-"))
        if self._entry.answers[index].never_export == event.value:
            return
        updated = self._entry.model_copy(deep=True)
        updated.answers[index].never_export = event.value
        self._entry = updated
        self._store(self.vault, updated)

    @work(thread=True, exclusive=True, group="store", exit_on_error=False, description="store")
    def _store(self, vault: Vault, entry: Entry) -> None:
        """Worker: save the entry unless a later switch change replaced this one."""
        with self._store_lock:
            if not get_current_worker().is_cancelled:
                vault.save_entry(entry)

    # Actions ---------------------------------------------------------------------------
    def action_edit(self) -> None:
        if self._entry is not None:
            self._open_to_edit(self.vault, self._entry)

    @work(thread=True, exclusive=True, group="edit", exit_on_error=False, description="edit")
    def _open_to_edit(self, vault: Vault, entry: Entry) -> None:
        """Worker: the entry's state for editing, and an unfinished edit of it if kept."""
        self.post_message(EditOpened(*FlowState.for_editing(entry, vault.drafts(), load_flows())))

    @on(EditOpened)
    def _edit_opened(self, event: EditOpened) -> None:
        open_edit(self, event.state, event.draft, self._edit)

    def _edit(self, state: FlowState) -> None:
        self.app.push_screen(FlowScreen(state), self._edited)

    def _edited(self, entry_id: str | None) -> None:
        if entry_id is not None:
            self._read(self.vault, self._entry_id)

    def action_draft_post(self) -> None:
        from screens.post_draft import PostDraftScreen

        if self._entry is not None:
            self.app.push_screen(PostDraftScreen(self._entry))

    def action_delete(self) -> None:
        self._ask_delete(self.vault, self._entry_id)

    @work(thread=True, exclusive=True, group="delete", exit_on_error=False, description="delete")
    def _ask_delete(self, vault: Vault, entry_id: str) -> None:
        self.post_message(DeleteAsked(len(vault.post_drafts(entry_id))))

    @on(DeleteAsked)
    def _confirm_delete(self, event: DeleteAsked) -> None:
        self.app.push_screen(delete_entry_dialog(event.post_drafts), self._answered)

    def _answered(self, yes: bool | None) -> None:
        if yes:
            self._delete(self.vault, self._entry_id)

    @work(thread=True, exclusive=True, group="delete", exit_on_error=False, description="delete")
    def _delete(self, vault: Vault, entry_id: str) -> None:
        vault.delete(entry_id)
        self.post_message(EntryDeleted())

    @on(EntryDeleted)
    def _deleted(self) -> None:
        self.dismiss(None)

    def action_back(self) -> None:
        self.dismiss(self._entry_id)

    def forget(self) -> None:
        self._entry = None


def _answers(entry: Entry) -> list[Widget]:
    widgets: list[Widget] = []
    for index, answer in enumerate(entry.answers):
        parts: list[Widget] = []
        if answer.prompt:
            parts.append(Static(safe(answer.prompt), classes="answer-prompt"))
        parts.append(Static(safe(answer.text), classes="answer-text"))
        parts.append(TickBox(NEVER_EXPORT, answer.never_export, id=f"never-{index}", compact=True))
        widgets.append(Vertical(*parts, classes="answer"))
    return widgets


def _meta(entry: Entry) -> str:
    parts = [flow_title(entry.flow, entry.kind), when(entry.created_at)]
    if entry.updated_at > entry.created_at and when(entry.updated_at) != when(entry.created_at):
        parts.append(f"edited {when(entry.updated_at)}")
    if entry.tags:
        parts.append(" ".join(f"#{tag}" for tag in entry.tags))
    return " · ".join(one_line(p) for p in parts)
