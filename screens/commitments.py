"""Commitments: each one's words, plans, status and check-ins, with the picture on top.

The picture (``Timeline``) is also the list: up and down choose a commitment,
and the pane below shows it in full, with its check-ins (Enter opens one).
From here a commitment can be checked in on, paused, resumed or closed with a
note; the entry it came from is one key away. Reading runs in a worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from journal.checkins import checkin_context, checkin_state, commitment_state
from journal.commitments import OUTCOMES, CheckinPoint, history, next_checkin, today
from journal.flow_state import FlowState
from journal.flows import format_plans
from screens import keys
from screens.base import JournalScreen, Result
from screens.checkin_view import CheckinViewScreen
from screens.commitment_dialogs import CloseCommitmentModal
from screens.entry_view import EntryViewScreen
from screens.flow import FlowScreen
from screens.text import MUTED, one_line, safe
from screens.widgets.cursor_bar import CursorBar
from screens.widgets.fitted_footer import FittedFooter
from screens.widgets.hanging import Hanging
from screens.widgets.page import Page
from screens.widgets.timeline import GLYPH_STYLES, OTHER, OUTCOME_GLYPHS, Timeline, Track

if TYPE_CHECKING:
    from journal.models import Commitment, CommitmentStatus
    from journal.vault import Vault

EMPTY = (
    "No commitments yet. Press n to make one: one thing to stop, one to start, "
    "and if-then plans for the moments that matter."
)
#: Until the first read is in: the empty text only once the list is known to be empty.
READING = "Reading…"
NO_CHECKINS = "No check-ins yet."
STATUS_ORDER = {"active": 0, "paused": 1, "closed": 2}

NO_OUTCOME = "no outcome"


@dataclass(frozen=True)
class Board:
    """What a refresh reads from the vault (in a worker)."""

    today: date
    commitments: list[Commitment]
    tracks: list[Track]
    points: dict[str, list[CheckinPoint]]
    #: Commitment id -> the title of the entry it came from (when it is still there).
    sources: dict[str, str] = field(default_factory=dict)


def read_board(vault: Vault, on: date) -> Board:
    """Worker: every commitment, active first, each oldest first, with its check-ins."""
    entries = vault.entries()
    by_id = {e.id: e for e in entries}
    commitments = sorted(
        vault.commitments(), key=lambda c: (STATUS_ORDER.get(c.status, 3), c.created_at)
    )
    points = {c.id: history(c, entries) for c in commitments}
    # Made on its own (n here, not from an entry), a commitment's source is its own
    # entry, the commitment flow's answers: not where it began, so none is shown.
    sources = {
        c.id: by_id[c.source_entry_id].display_title()
        for c in commitments
        if c.source_entry_id in by_id and by_id[c.source_entry_id].commitment_id != c.id
    }
    tracks = [
        Track(
            commitment_id=c.id,
            label=c.start or c.stop,
            status=c.status,
            began=c.created_at.astimezone().date(),
            points=tuple(points[c.id]),
            pending=tuple(c.checkin_dates),
        )
        for c in commitments
    ]
    return Board(on, commitments, tracks, points, sources)


class BoardRead(Result):
    def __init__(self, board: Board, select: str | None) -> None:
        super().__init__()
        self.board = board
        self.select = select


class CommitmentSaved(Result):
    def __init__(self, commitment_id: str) -> None:
        super().__init__()
        self.commitment_id = commitment_id


class CommitmentsScreen(JournalScreen[None]):
    BINDINGS = keys.COMMITMENTS

    def __init__(self, select: str | None = None) -> None:
        """``select``: the commitment to show first (Looking back opens one)."""
        super().__init__()
        self._board: Board | None = None
        self._selected: str | None = select

    def compose(self) -> ComposeResult:
        yield Static("Commitments", id="commitments-title", markup=False)
        yield Timeline(id="timeline", empty_text=READING)
        with Page(id="commitment-detail"):
            yield Vertical(id="commitment-words")
            yield Static("Plans:", id="plans-label", markup=False)
            yield Vertical(id="commitment-plans")
            yield Vertical(id="commitment-more")
            yield Static("Check-ins", id="checkins-label", classes="label")
            yield CursorBar(id="checkins")
        yield FittedFooter(keys.COMMITMENTS_FOOTER)

    def on_mount(self) -> None:
        self.query_one("#commitment-detail").display = False
        self.timeline.focus()
        self.refresh_board()

    @property
    def timeline(self) -> Timeline:
        return self.query_one(Timeline)

    @property
    def selected(self) -> Commitment | None:
        if self._board is None:
            return None
        return next((c for c in self._board.commitments if c.id == self._selected), None)

    # Reading -----------------------------------------------------------------------------
    def refresh_board(self, select: str | None = None) -> None:
        self._read(self.vault, select or self._selected)

    @work(thread=True, exclusive=True, group="read", exit_on_error=False, description="read")
    def _read(self, vault: Vault, select: str | None) -> None:
        self.post_message(BoardRead(read_board(vault, today()), select))

    @on(BoardRead)
    def _read_done(self, event: BoardRead) -> None:
        self._apply(event.board, event.select)

    def _apply(self, board: Board, select: str | None) -> None:
        self._board = board
        self.query_one("#commitments-title", Static).update(_title(board.commitments))
        self.timeline.empty_text = EMPTY
        self.timeline.show(board.tracks, board.today, select)
        self._show_selected()

    def _show_plans(self, lines: list[Content]) -> None:
        """Each plan as a bullet and its text, so a wrapped line stays indented."""
        self.query_one("#plans-label").display = bool(lines)
        plans = self.query_one("#commitment-plans", Vertical)
        plans.remove_children()
        plans.mount_all(
            Horizontal(Static("  •", classes="bullet"), Static(line, markup=False), classes="plan")
            for line in lines
        )

    def _show_rows(self, selector: str, rows: list[Widget]) -> None:
        box = self.query_one(selector, Vertical)
        box.remove_children()
        box.display = bool(rows)
        if rows:
            box.mount_all(rows)

    def on_timeline_highlighted(self, event: Timeline.Highlighted) -> None:
        event.stop()
        if event.commitment_id != self._selected:
            self._selected = event.commitment_id
            self._show_selected()

    def _show_selected(self) -> None:
        track = self.timeline.selected
        self._selected = track.commitment_id if track else None
        commitment = self.selected
        detail = self.query_one("#commitment-detail", VerticalScroll)
        detail.display = commitment is not None
        if commitment is None or self._board is None:
            self.refresh_bindings()
            return
        board = self._board
        self._show_rows("#commitment-words", describe(commitment, board.today))
        self._show_plans(plan_lines(commitment))
        self._show_rows(
            "#commitment-more", describe_more(commitment, board.sources.get(commitment.id))
        )
        checkins = self.query_one("#checkins", OptionList)
        checkins.clear_options()
        points = board.points.get(commitment.id, [])
        if points:
            checkins.add_options(Option(checkin_row(p), id=p.entry_id) for p in reversed(points))
            checkins.highlighted = 0
        else:
            checkins.add_option(Option(NO_CHECKINS, disabled=True))
        detail.scroll_home(animate=False)
        self.refresh_bindings()

    # Actions ------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        commitment = self.selected
        status = commitment.status if commitment else None
        if action == "checkin":
            return status in ("active", "paused")
        if action == "pause":
            return status == "active"
        if action == "resume":
            return status in ("paused", "closed")
        if action == "close":
            return status in ("active", "paused")
        if action == "source":
            return commitment is not None and self._source_id(commitment) is not None
        return True

    def _source_id(self, commitment: Commitment) -> str | None:
        if self._board is None or commitment.id not in self._board.sources:
            return None
        return commitment.source_entry_id

    def action_checkin(self) -> None:
        commitment = self.selected
        if commitment is not None and commitment.status != "closed":
            self._write(checkin_state(commitment), checkin_context(commitment))

    def action_new(self) -> None:
        self._write(commitment_state())

    def _write(self, state: FlowState, context: str = "") -> None:
        self.app.push_screen(FlowScreen(state, intro=True, context=context), self._back_from)

    def _back_from(self, _: str | None) -> None:
        self.refresh_board()

    def action_pause(self) -> None:
        self._set_status("paused")

    def action_resume(self) -> None:
        self._set_status("active")

    def action_close(self) -> None:
        commitment = self.selected
        if commitment is None or commitment.status == "closed":
            return
        commitment_id = commitment.id

        def closed(note: str | None) -> None:
            if note is not None:
                self._set_status("closed", note, commitment_id=commitment_id)

        self.app.push_screen(CloseCommitmentModal(), closed)

    def _set_status(
        self,
        status: CommitmentStatus,
        note: str | None = None,
        *,
        commitment_id: str | None = None,
    ) -> None:
        commitment = self.selected
        if commitment_id is not None and self._board is not None:
            commitment = next((c for c in self._board.commitments if c.id == commitment_id), None)
        if commitment is None:
            return
        updated = commitment.model_copy(deep=True)
        updated.status = status
        if note is not None:
            updated.closing_note = note
        self._save(self.vault, updated)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False, description="save")
    def _save(self, vault: Vault, commitment: Commitment) -> None:
        """A failure is one line (the base's worker handler); the board stays as it was."""
        self.post_message(CommitmentSaved(vault.save_commitment(commitment).id))

    @on(CommitmentSaved)
    def _saved(self, event: CommitmentSaved) -> None:
        self.refresh_board(event.commitment_id)

    def action_source(self) -> None:
        commitment = self.selected
        source = self._source_id(commitment) if commitment else None
        if source is not None:
            self.app.push_screen(EntryViewScreen(source), self._back_from)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.app.push_screen(CheckinViewScreen(event.option.id), self._back_from)

    def action_back(self) -> None:
        self.dismiss(None)

    def forget(self) -> None:
        self._board = None
        self._selected = None
        self.timeline.clear()

    def palette_commands(self) -> Iterable[SystemCommand]:
        commitment = self.selected
        yield SystemCommand("New commitment", "One thing to stop, one to start", self.action_new)
        if commitment is None:
            return
        if self.check_action("checkin", ()):
            yield SystemCommand(
                "Check in now", "A check-in on this commitment", self.action_checkin
            )
        if commitment.status == "active":
            yield SystemCommand("Pause commitment", "No check-ins come due", self.action_pause)
        else:
            yield SystemCommand("Resume commitment", "Check-ins come due again", self.action_resume)
        if commitment.status != "closed":
            yield SystemCommand("Close commitment", "With a closing note", self.action_close)
        if self._source_id(commitment):
            yield SystemCommand("Where it began", "The entry it came from", self.action_source)


# --- Words -----------------------------------------------------------------------------


def _title(commitments: list[Commitment]) -> str:
    counts = {s: sum(c.status == s for c in commitments) for s in STATUS_ORDER}
    parts = [f"{n} {s}" for s, n in counts.items() if n]
    return "Commitments" + (" · " + ", ".join(parts) if parts else "")


def _dated(day: date) -> str:
    return f"{day:%Y-%m-%d}"


def schedule_line(commitment: Commitment, on: date) -> str:
    """Status and the check-ins to come, as one line."""
    if commitment.status == "closed":
        return "Closed."
    upcoming = next_checkin(commitment)
    if commitment.status == "paused":
        return "Paused: no check-ins come due until you resume it."
    if upcoming is None:
        return "Active · no check-in planned; a check-in can set the next one."
    due = " (due)" if upcoming <= on else ""
    line = f"Active · next check-in {_dated(upcoming)}{due}"
    later = commitment.checkin_dates[1:]
    if later:
        line += " · then " + ", ".join(_dated(d) for d in later)
    return line


def _fields(*pairs: tuple[str, str]) -> list[Widget]:
    """Each label with its text beside it (a wrapped line stays under the text), user
    text neutralised; a field left empty is not shown."""
    return [
        Hanging(Content.styled(label, "bold"), safe(text.strip()))
        for label, text in pairs
        if text.strip()
    ]


def describe(commitment: Commitment, on: date) -> list[Widget]:
    """What the commitment is and where it stands (its plans follow)."""
    rows = _fields(("Stop:", commitment.stop), ("Start:", commitment.start))
    rows.append(Static(Content.styled(schedule_line(commitment, on), MUTED)))
    if commitment.status == "closed":
        rows += _fields(("Closing note:", commitment.closing_note))
    return rows


def plan_lines(commitment: Commitment) -> list[Content]:
    """One line of text per if-then plan (each drawn with a hanging indent)."""
    if not commitment.plans:
        return []
    return [safe(line) for line in format_plans(commitment.plans).splitlines()]


def describe_more(commitment: Commitment, source_title: str | None) -> list[Widget]:
    """What follows the plans: the hardest moments, who could help, where it began."""
    rows = _fields(
        ("When it's hardest:", commitment.high_risk), ("Who could help:", commitment.supporter)
    )
    if source_title is not None:
        began = Content.assemble(safe(one_line(source_title)), (" (o to read it)", MUTED))
        rows.append(Hanging(Content.styled("Where it began:", "bold"), began))
    return rows


#: The outcome column: the longest outcome word, and a two-space gap before "when".
OUTCOME_WIDTH = max(len(word) for word in (*OUTCOMES, NO_OUTCOME)) + 2


def checkin_row(point: CheckinPoint) -> Content:
    """One check-in: when, its outcome (glyph and word), and its date."""
    glyph, role = OUTCOME_GLYPHS.get(point.outcome or "", OTHER)
    outcome = point.outcome or NO_OUTCOME
    if point.due_on is None:
        when = "an extra check-in"
    elif point.done_on <= point.due_on:
        when = f"for {_dated(point.due_on)}"
    else:
        late = (point.done_on - point.due_on).days
        when = f"for {_dated(point.due_on)}, {late} day{'s' if late != 1 else ''} after"
    return Content.assemble(
        (_dated(point.done_on), MUTED),
        "  ",
        (glyph, GLYPH_STYLES[role]),
        f" {outcome:<{OUTCOME_WIDTH}}",
        when,
    )
