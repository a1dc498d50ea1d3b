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
from textual.message import Message
from textual.widgets import Footer, Input, Select, Static

from journal.checkins import checkin_context, checkin_state, commitment_state, offers_commitment
from journal.commitments import due_commitments, today
from journal.errors import AmendsError, UsageError
from journal.flow_state import FlowState
from journal.flows import Flow, load_flows
from journal.models import KIND_LABELS, KINDS, Commitment, Draft, EntrySummary
from screens import keys
from screens.base import JournalScreen
from screens.checkin_view import entry_screen
from screens.commitment_dialogs import OfferCommitmentModal
from screens.confirm import ConfirmModal
from screens.flow import FlowScreen
from screens.flow_picker import FlowPicker
from screens.text import one_line, sentence, when
from screens.widgets.entry_list import EntryList

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
        self._request = 0
        self._damaged = False
        self._looked_back = False

    def compose(self) -> ComposeResult:
        yield Static(id="home-title", markup=False)
        yield Static(id="notice", markup=False)
        yield Static(id="looking-back-line", markup=False)
        with Horizontal(id="filters"):
            yield Input(placeholder="Search everything  ( / )", id="search")
            yield Select(_kind_options(), prompt="All kinds", id="kind")
            yield Select[str]([], prompt="Any tag", id="tag")
        yield EntryList(id="entries")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#notice").display = False
        self.query_one("#looking-back-line").display = False
        self.query_one(EntryList).focus()
        if self._first is None:
            self.refresh_journal()
        else:
            self._apply(self._first, self._next_request(), None)
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
        query, kind, tag = self._criteria()
        vault = self.vault
        request = self._next_request()

        keep = select or self._selected_id()
        self.run_thread(
            lambda: read_overview(vault, query, kind, tag),
            lambda o: self._apply(o, request, keep),
            group="refresh",
        )

    def _search(self) -> None:
        query, kind, tag = self._criteria()
        vault = self.vault
        request = self._next_request()
        self.run_thread(
            lambda: vault.search(query, kind=kind, tag=tag),
            lambda found: self._show(found, request),
            group="search",
            exclusive=True,
        )

    def _next_request(self) -> int:
        self._request += 1
        return self._request

    def _apply(self, overview: Overview, request: int, select: str | None) -> None:
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
        self._show(overview.found, request, select)
        self.refresh_bindings()
        # Once the list is painted, build the search index in the background, so the
        # first keystroke in the search box does not pay for it.
        vault = self.vault
        # A failure is left to the first search to report (the journal may also have
        # locked meanwhile, which stops the build).
        self.call_after_refresh(
            self.run_thread,
            vault.prepare_search,
            self._indexed,
            lambda _: None,
            group="index",
            exclusive=True,
        )

        if not self._looked_back:  # once, after the first paint: from summaries in memory
            self._looked_back = True
            self.call_after_refresh(self._look_back, vault)

    # Looking back ----------------------------------------------------------------------
    class LookedBack(Message):
        def __init__(self, line: str) -> None:
            super().__init__()
            self.line = line

    @work(thread=True, exclusive=True, group="looking-back", exit_on_error=False)
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

    def _indexed(self, _: object) -> None:
        """The index decrypted every entry's answers: say so if some did not open."""
        if self.vault.found_damage and not self._damaged:
            self.refresh_journal()

    def _show(self, found: Sequence[EntrySummary], request: int, select: str | None = None) -> None:
        if request != self._request:
            return
        entries = self.entries
        entries.empty_text = EMPTY if self._total == 0 else NO_MATCH
        query, vault = self._criteria()[0], self.vault
        # While searching, each hit shows where it matched: from text the search index
        # already decrypted (vault.snippet never decrypts), read as rows are drawn.
        snippets = (lambda e: vault.snippet(e.id, query)) if query.split() else None
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
            label = _flow_title(draft.flow, draft.kind)
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

    def action_clear(self) -> None:
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
        self.entries.focus()

    def action_cycle_kind(self) -> None:
        select = self.query_one("#kind", Select)
        order: list[str | None] = [None, *KINDS]
        current = select.value if isinstance(select.value, str) else None
        following = order[(order.index(current) + 1) % len(order)]
        if following is None:
            select.clear()
        else:
            select.value = following

    def action_tags(self) -> None:
        select = self.query_one("#tag", Select)
        select.focus()
        select.expanded = True

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
        try:
            whole = self.vault.get_entry(entry.id)
        except AmendsError as error:
            self.app.notify(sentence(error.message), severity="error", markup=False)
            return
        self._write(FlowState.from_entry(whole, load_flows()))

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
        try:
            title = one_line(self.vault.get_entry(source_entry_id).display_title())
        except AmendsError:
            title = ""
        context = f"Growing out of: {title}" if title else ""
        self._write(commitment_state(source_entry_id), intro=True, context=context)

    def action_delete(self) -> None:
        entry = self.entries.selected
        if entry is None:
            return
        question = "Delete this entry for good? It can't be undone."
        self.app.push_screen(
            ConfirmModal(question, yes="Delete", no="Keep it"),
            lambda yes: self._delete(entry.id) if yes else None,
        )

    def _delete(self, record_id: str) -> None:
        vault = self.vault
        self.run_thread(lambda: vault.delete(record_id), lambda _: self.refresh_journal())

    # Drafts ----------------------------------------------------------------------------
    def action_resume(self) -> None:
        if not self._drafts:
            return
        draft = self._drafts[0]
        entry = None
        if draft.entry_id:
            try:
                entry = self.vault.get_entry(draft.entry_id)
            except AmendsError:
                entry = None
        context = ""
        if draft.commitment_id:
            try:
                context = checkin_context(self.vault.get_commitment(draft.commitment_id))
            except AmendsError:
                context = ""
        self._write(FlowState.from_draft(draft, load_flows(), entry), context=context)

    def action_discard(self) -> None:
        if not self._drafts:
            return
        draft_id = self._drafts[0].id
        question = "Throw away the unfinished entry? What it holds can't be brought back."
        self.app.push_screen(
            ConfirmModal(question, yes="Throw it away", no="Keep it"),
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


def _flow_title(flow_id: str, kind: str) -> str:
    flow = load_flows().get(flow_id)
    return flow.title if flow else KIND_LABELS.get(kind, kind)
