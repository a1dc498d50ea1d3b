"""The journal: every entry, newest first, with search and filters.

Searching runs ``vault.search`` (in memory) in a worker as you type, a moment
after the last key, so a 100,000-entry journal never stalls the keyboard; the
list widget draws only the rows on screen. An unfinished draft is offered
quietly (one key), and damaged records get one calm line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from journal.checkins import checkin_context, checkin_state, commitment_state, offers_commitment
from journal.commitments import due_commitments, today
from journal.errors import AmendsError, UsageError
from journal.flow_state import FlowState
from journal.flows import Flow, flow_title, load_flows
from journal.models import KIND_LABELS, KINDS, Commitment, Draft, Entry, EntrySummary
from screens import keys
from screens.base import JournalScreen, Result, WorkFailed
from screens.checkin_view import entry_screen
from screens.commitment_dialogs import OfferCommitmentModal
from screens.confirm import ConfirmModal, delete_entry_dialog
from screens.flow import EditOpened, FlowScreen, open_edit
from screens.flow_picker import FlowPicker
from screens.text import one_line, sentence, when
from screens.widgets.dropdown import Dropdown
from screens.widgets.entry_list import EntryList
from screens.widgets.fitted_footer import FittedFooter

if TYPE_CHECKING:
    from journal.vault import Vault

DAMAGED = (
    "Some records couldn't be opened, or may be missing. Everything else is here; "
    "`amends verify` lists what is affected."
)
EMPTY = "Nothing here yet. Press n to write your first entry."
NO_MATCH = "No entries match."
#: How much of a commitment's words the due notice shows.
DUE_WORDS = 60


@dataclass(frozen=True)
class Overview:
    """What a refresh reads from the vault (in a worker)."""

    found: Sequence[EntrySummary]
    total: int
    #: None when not read (the first paint does without: 78 ms at 100,000 entries).
    tags: list[str] | None
    drafts: list[Draft]
    damaged: bool
    #: Commitments with a check-in due, the longest-waiting first.
    due: list[Commitment] = field(default_factory=list)


def read_overview(
    vault: Vault,
    query: str = "",
    kind: str | None = None,
    tag: str | None = None,
    *,
    with_tags: bool = True,
) -> Overview:
    """Everything the home screen shows (call it in a worker)."""
    return Overview(
        found=vault.search(query, kind=kind, tag=tag),
        total=len(vault.entries()),
        tags=vault.tags() if with_tags else None,
        drafts=vault.drafts(),
        damaged=vault.found_damage,
        due=due_commitments(vault.commitments(), today()),
    )


class Read(Result):
    """A refresh or a search, read in a worker; the latest one wins (``Result``)."""

    def __init__(self, overview: Overview, select: str | None) -> None:
        super().__init__()
        self.overview = overview
        self.select = select


class Indexed(Result):
    pass


class DeleteAsked(Result):
    """Before deleting an entry: how many post drafts go with it."""

    def __init__(self, entry_id: str, post_drafts: int) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.post_drafts = post_drafts


class Deleted(Result):
    pass


class Opened(Result):
    """An entry decrypted for editing, or the pieces a resumed draft needs."""

    def __init__(self, state: FlowState, context: str = "") -> None:
        super().__init__()
        self.state = state
        self.context = context


class SourceTitled(Result):
    def __init__(self, source_entry_id: str, title: str) -> None:
        super().__init__()
        self.source_entry_id = source_entry_id
        self.title = title


NOTHING_DUE = "No check-in is due. Press m to see your commitments and when the next one is."


class HomeScreen(JournalScreen[None]):
    BINDINGS = keys.HOME

    def __init__(self, *, checkin: str | None = None, overview: Overview | None = None) -> None:
        """``overview``: read already (by the unlock worker), so the first paint needs
        no trip to a worker of its own."""
        super().__init__()
        self._checkin = checkin
        self._first = overview
        self._drafts: list[Draft] = []
        self._due: list[Commitment] = []
        self._tags: list[str] = []
        self._total = 0
        self._damaged = False
        self._looked_back = False
        #: What had focus when k or t opened a dropdown, to go back to once it closes.
        self._return_focus: Widget | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="home-title", markup=False)
        yield Static(id="notice", markup=False)
        yield Static(id="looking-back-line", markup=False)
        with Horizontal(id="filters"):
            yield Input(placeholder="Search everything  ( / )", id="search")
            yield Dropdown(_kind_options(), prompt="All kinds", id="kind")
            yield Dropdown[str]([], prompt="Any tag", id="tag")
        yield EntryList(id="entries")
        # Compact, Ctrl+P only in Help, and fitted to the width (keys.HOME_FOOTER): at 80
        # columns quitting, the filters, Settings and Support beside f1 Help and ^l Lock.
        yield FittedFooter(keys.HOME_FOOTER)

    def on_mount(self) -> None:
        self.query_one("#notice").display = False
        self.query_one("#looking-back-line").display = False
        self.query_one(EntryList).focus()
        for select in self.query(Select):
            self.watch(select, "expanded", self._dropdown_toggled, init=False)
        if self._first is None:
            self.refresh_journal()
        else:
            self._apply(self._first, None)
            if self._first.tags is None:  # read the rest once the list is painted
                self.call_after_refresh(self.refresh_journal)
            self._first = None
        if self._checkin:
            self._start_checkin(self._checkin)

    @property
    def entries(self) -> EntryList:
        return self.query_one(EntryList)

    # Reading the vault ---------------------------------------------------------------
    def _criteria(self) -> tuple[str, str | None, str | None]:
        query = self.query_one("#search", Input).value
        kind = self.query_one("#kind", Select).value
        tag = self.query_one("#tag", Select).value
        return (
            query,
            kind if isinstance(kind, str) else None,
            tag if isinstance(tag, str) else None,
        )

    def refresh_journal(self, select: str | None = None) -> None:
        """Read everything again (after a save or delete); keep the cursor on ``select``."""
        self._read(self.vault, *self._criteria(), select or self._selected_id())

    def _search(self) -> None:
        self._read(self.vault, *self._criteria(), None)

    # One group for refreshes and searches: a newer read cancels the older, whose
    # result is then dropped (see ``Result``). The description holds no search words.
    @work(thread=True, exclusive=True, group="read", exit_on_error=False, description="read")
    def _read(
        self, vault: Vault, query: str, kind: str | None, tag: str | None, select: str | None
    ) -> None:
        self.post_message(Read(read_overview(vault, query, kind, tag), select))

    def holds_keys(self) -> bool:
        """Keys typed after a search wait for its results: Down and Enter are meant for
        the rows it finds, not the rows shown before it."""
        return any(
            worker.node is self and worker.group == "read" and not worker.is_finished
            for worker in self.workers
        )

    @on(Read)
    def _read_done(self, event: Read) -> None:
        self._apply(event.overview, event.select)

    def _apply(self, overview: Overview, select: str | None) -> None:
        self._total = overview.total
        self._drafts = overview.drafts
        self._due = overview.due
        if overview.tags is not None and overview.tags != self._tags:
            self._tags = overview.tags
            tag_select = self.query_one("#tag", Select)
            current = tag_select.value
            tag_select.set_options((Content(one_line(t)), t) for t in overview.tags)
            if isinstance(current, str) and current in overview.tags:
                tag_select.value = current
        self._damaged = overview.damaged
        self._show_notice(overview.damaged)
        self._show(overview.found, select)
        self.refresh_bindings()
        # Once the list is painted, build the search index in the background, so the
        # first keystroke in the search box does not pay for it.
        vault = self.vault
        self.call_after_refresh(self._index, vault)
        if not self._looked_back:  # once, after the first paint: from summaries in memory
            self._looked_back = True
            self.call_after_refresh(self._look_back, vault)

    @work(thread=True, exclusive=True, group="index", exit_on_error=False, description="index")
    def _index(self, vault: Vault) -> None:
        try:
            vault.prepare_search()
        except Exception:  # left to the first search to report (or locked meanwhile)
            return
        self.post_message(Indexed())

    # Looking back ----------------------------------------------------------------------
    class LookedBack(Message):
        def __init__(self, line: str) -> None:
            super().__init__()
            self.line = line

    @work(
        thread=True,
        exclusive=True,
        group="looking-back",
        exit_on_error=False,
        description="looking-back",
    )
    def _look_back(self, vault: Vault) -> None:
        """Anniversaries from the summaries unlock holds (no decrypting, a few parsed)."""
        from journal.looking_back import anniversaries, looking_back_line

        try:
            found = anniversaries(vault.entries().summaries, vault.commitments(), today())
        except AmendsError:  # locked meanwhile
            return
        self.post_message(self.LookedBack(looking_back_line(found)))

    @on(LookedBack)
    def _show_looked_back(self, event: LookedBack) -> None:
        line = self.query_one("#looking-back-line", Static)
        line.update(event.line)
        line.display = bool(event.line)

    def action_look_back(self) -> None:
        from screens.looking_back import LookingBackScreen

        self.app.push_screen(LookingBackScreen())

    @on(Indexed)
    def _indexed(self) -> None:
        """The index decrypted every entry's answers: say so if some did not open."""
        if self.vault.found_damage and not self._damaged:
            self.refresh_journal()

    def _show(self, found: Sequence[EntrySummary], select: str | None = None) -> None:
        entries = self.entries
        entries.empty_text = EMPTY if self._total == 0 else NO_MATCH
        query, vault = self._criteria()[0], self.vault
        # While searching, each hit shows where it matched: from text the search index
        # already decrypted (vault.snippet never decrypts), read as rows are drawn.
        snippets = (lambda e, width: vault.snippet(e.id, query, width)) if query.split() else None
        entries.show(found, select, snippets=snippets)
        counted = f"{self._total} entr{'y' if self._total == 1 else 'ies'}"
        shown = counted if len(found) == self._total else f"{len(found)} of {counted}"
        self.query_one("#home-title", Static).update(f"Your journal · {shown}")

    def _show_notice(self, damaged: bool) -> None:
        lines = [DAMAGED] if damaged else []
        if self._due:
            lines.insert(0, _due_line(self._due))
        if self._drafts:
            draft = self._drafts[0]
            more = len(self._drafts) - 1
            label = flow_title(draft.flow, draft.kind)
            lines.append(
                f"Unfinished: “{label}”, last changed {when(draft.updated_at)}"
                + (f" (and {more} more)" if more else "")
                + ". Press r to pick it up."
            )
        notice = self.query_one("#notice", Static)
        notice.update("\n".join(lines))
        notice.display = bool(lines)

    def _selected_id(self) -> str | None:
        entry = self.entries.selected
        return entry.id if entry else None

    # Search and filters --------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        # No debounce: a search takes milliseconds in a worker, and each keystroke's
        # search cancels the one before it (an exclusive worker group).
        self._search()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.entries.focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._search()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_results(self) -> None:
        """Down in the search box goes to what it found (the list takes Down itself)."""
        self.entries.focus()

    def action_clear(self) -> None:
        """Esc: the whole journal again, without the search words or the filters."""
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
        for select in self.query(Select):  # the kind and tag filters
            if isinstance(select.value, str):
                select.clear()
        self.entries.focus()

    def action_kinds(self) -> None:
        self._open_dropdown("#kind")

    def action_tags(self) -> None:
        self._open_dropdown("#tag")

    def _open_dropdown(self, selector: str) -> None:
        """k and t alike: the filter's list opens, to pick from with arrows and Enter;
        once it closes (a pick or Esc), focus goes back where it was."""
        select = self.query_one(selector, Select)
        if self.focused is not None and select not in (self.focused, *self.focused.ancestors):
            self._return_focus = self.focused
        select.focus()
        select.expanded = True

    def _dropdown_toggled(self, expanded: bool) -> None:
        if not expanded and self._return_focus is not None:
            # After the Select's own refocus of itself (it runs once this returns).
            self.call_after_refresh(self._refocus_after_dropdown)

    def _refocus_after_dropdown(self) -> None:
        """Focus back to the list (or the search box) that ``k``/``t`` was pressed in,
        unless the dropdown lost focus to something else meanwhile (a click, Tab)."""
        target, self._return_focus = self._return_focus, None
        focused = self.focused
        if target is None or not target.is_attached or focused is None:
            return
        try:
            select = focused if isinstance(focused, Select) else focused.query_ancestor(Select)
        except NoMatches:  # focus went elsewhere: leave it there
            return
        if not select.expanded:
            target.focus()

    # Entries -------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("resume", "discard"):
            return bool(self._drafts)
        if action == "checkin":
            return bool(self._due)
        if action in ("open", "edit", "delete"):
            return self.entries.selected is not None
        return True

    def on_entry_list_chosen(self, event: EntryList.Chosen) -> None:
        event.stop()
        self._open(event.entry)

    def action_open(self) -> None:
        entry = self.entries.selected
        if entry is not None:
            self._open(entry)

    def _open(self, entry: EntrySummary) -> None:
        self.app.push_screen(entry_screen(entry), self._back_from)

    def action_new(self) -> None:
        self.app.push_screen(FlowPicker(), self._picked)

    def _picked(self, flow: Flow | None) -> None:
        if flow is not None:
            self._write(FlowState.new(flow))

    def action_edit(self) -> None:
        entry = self.entries.selected
        if entry is None:
            return
        self._open_to_edit(self.vault, entry.id)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False, description="edit")
    def _open_to_edit(self, vault: Vault, entry_id: str) -> None:
        """Decrypt the entry off the UI thread; the flow opens on it when it is read."""
        try:
            entry = vault.get_entry(entry_id)
        except AmendsError as error:
            self.post_message(WorkFailed(error))
            return
        self.post_message(EditOpened(*FlowState.for_editing(entry, vault.drafts(), load_flows())))

    @on(EditOpened)
    def _edit_opened(self, event: EditOpened) -> None:
        open_edit(self, event.state, event.draft, self._write)

    @on(Opened)
    def _opened(self, event: Opened) -> None:
        self._write(event.state, context=event.context)

    @on(WorkFailed)
    def _failed(self, event: WorkFailed) -> None:
        self.app.notify(sentence(event.error.message), severity="error", markup=False)

    def _write(self, state: FlowState, *, intro: bool = False, context: str = "") -> None:
        def written(entry_id: str | None) -> None:
            self._back_from(entry_id)
            if entry_id is not None and offers_commitment(state):
                self.app.push_screen(
                    OfferCommitmentModal(), lambda yes: self._commit(entry_id) if yes else None
                )

        self.app.push_screen(FlowScreen(state, intro=intro, context=context), written)

    def _back_from(self, entry_id: str | None) -> None:
        self.refresh_journal(select=entry_id)

    def _commit(self, source_entry_id: str) -> None:
        """The commitment flow, growing out of the entry just saved."""
        self._title_of(self.vault, source_entry_id)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False, description="commit")
    def _title_of(self, vault: Vault, source_entry_id: str) -> None:
        try:
            title = one_line(vault.get_entry(source_entry_id).display_title())
        except AmendsError:
            title = ""
        self.post_message(SourceTitled(source_entry_id, title))

    @on(SourceTitled)
    def _commit_from(self, event: SourceTitled) -> None:
        context = f"Growing out of: {event.title}" if event.title else ""
        self._write(commitment_state(event.source_entry_id), intro=True, context=context)

    def action_delete(self) -> None:
        entry = self.entries.selected
        if entry is not None:
            self._ask_delete(self.vault, entry.id)

    @work(thread=True, exclusive=True, group="delete", exit_on_error=False, description="delete")
    def _ask_delete(self, vault: Vault, entry_id: str) -> None:
        self.post_message(DeleteAsked(entry_id, len(vault.post_drafts(entry_id))))

    @on(DeleteAsked)
    def _confirm_delete(self, event: DeleteAsked) -> None:
        entry_id = event.entry_id
        self.app.push_screen(
            delete_entry_dialog(event.post_drafts),
            lambda yes: self._delete(entry_id) if yes else None,
        )

    def _delete(self, record_id: str) -> None:
        self._delete_record(self.vault, record_id)

    @work(thread=True, exclusive=True, group="delete", exit_on_error=False, description="delete")
    def _delete_record(self, vault: Vault, record_id: str) -> None:
        vault.delete(record_id)  # a failure: one line, from the base's worker handler
        self.post_message(Deleted())

    @on(Deleted)
    def _deleted(self) -> None:
        self.refresh_journal()

    # Drafts ----------------------------------------------------------------------------
    def action_resume(self) -> None:
        if not self._drafts:
            return
        self._resume(self.vault, self._drafts[0])

    @work(thread=True, exclusive=True, group="open", exit_on_error=False, description="resume")
    def _resume(self, vault: Vault, draft: Draft) -> None:
        """The draft with the entry it edits (decrypted here) and its check-in's line."""
        entry: Entry | None = None
        if draft.entry_id:
            try:
                entry = vault.get_entry(draft.entry_id)
            except AmendsError:
                entry = None
        context = ""
        if draft.commitment_id:
            try:
                context = checkin_context(vault.get_commitment(draft.commitment_id))
            except AmendsError:
                context = ""
        self.post_message(Opened(FlowState.from_draft(draft, load_flows(), entry), context))

    def action_discard(self) -> None:
        if not self._drafts:
            return
        draft_id = self._drafts[0].id
        question = "Throw away the unfinished entry? What it holds can't be brought back."
        self.app.push_screen(
            ConfirmModal(question, yes="Throw it away", key="t", no="Keep it"),
            lambda yes: self._delete(draft_id) if yes else None,
        )

    # Commitments ---------------------------------------------------------------------
    def _start_checkin(self, prefix: str) -> None:
        """``amends checkin ID``: the check-in on that commitment, or one calm line."""
        try:
            commitment = self.vault.get_commitment(prefix)
        except UsageError as error:
            self.app.notify(sentence(error.message), severity="warning", markup=False)
            return
        except AmendsError:
            self.app.notify(
                f"No commitment has an id starting “{one_line(prefix)[:32]}”; "
                "`amends commitments` lists them.",
                severity="warning",
                markup=False,
            )
            return
        self._checkin_on(commitment)

    def _checkin_on(self, commitment: Commitment) -> None:
        self._write(checkin_state(commitment), intro=True, context=checkin_context(commitment))

    def action_checkin(self) -> None:
        if self._due:
            self._checkin_on(self._due[0])

    def action_nothing_due(self) -> None:
        self.hint(NOTHING_DUE)

    def action_commitments(self) -> None:
        self.amends.action_commitments()

    # Elsewhere -------------------------------------------------------------------------
    def action_settings(self) -> None:
        self.amends.action_settings()

    def action_resources(self) -> None:
        self.amends.action_resources()

    def action_help(self) -> None:
        self.amends.action_help()

    def forget(self) -> None:
        self.entries.clear()
        self._drafts = []
        self._due = []

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "New entry", "Start a guided reflection or a free page", self.action_new
        )
        yield SystemCommand("Search", "Search everything you wrote", self.action_search)
        yield SystemCommand(
            "Looking back",
            "When you wrote and checked in, and this day in past years (y)",
            self.action_look_back,
        )
        if self._drafts:
            yield SystemCommand("Resume draft", "Pick up the unfinished entry", self.action_resume)
        if self._due:
            yield SystemCommand("Check in", "Start the check-in that is due", self.action_checkin)


def _kind_options() -> list[tuple[Any, str]]:
    return [(Content(KIND_LABELS[kind]), kind) for kind in KINDS]


def _due_line(due: list[Commitment]) -> str:
    """'A check-in on <its words> is due. Press c to start it.'"""
    first = due[0]
    words = one_line(first.start or first.stop) or "a commitment"
    if len(words) > DUE_WORDS:
        words = words[: DUE_WORDS - 1].rstrip() + "…"
    more = len(due) - 1
    others = f" ({more} more after it)" if more else ""
    return f"A check-in on “{words}” is due{others}. Press c to start it."
