"""Writing an entry: one question per screen, then a review, then save.

Generic and data-driven: whatever steps the flow has, each shows its
question, the "why we ask" note and an example, with a text editor, or a
set of choices when the step has ``choices``. Every change is autosaved as an
encrypted draft a couple of seconds after the typing stops (a worker writes
it); leaving, locking or quitting saves it at once.

The screen dismisses with the saved entry's id, or None when left unsaved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import (
    Button,
    ContentSwitcher,
    Input,
    RadioSet,
    Static,
    TextArea,
)

from journal.checkins import records_for, review_notes, saved_note
from journal.commitments import today
from journal.errors import AmendsError
from journal.flow_state import FlowState, NotAsked, parse_tags
from journal.flows import load_flows
from screens import keys
from screens.autosave import Autosaver
from screens.base import DraftWritten, JournalScreen, Result, WorkFailed
from screens.confirm import Choice, ChoiceModal
from screens.text import one_line, safe, sentence, when
from screens.widgets.choices import Choices
from screens.widgets.fitted_footer import FittedFooter
from screens.widgets.hanging import Hanging
from screens.widgets.inert_text_area import InertTextArea
from screens.widgets.page import Page
from screens.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from journal.flows import Step
    from journal.models import Draft, Entry
    from journal.vault import Vault

NEEDS_ANSWER = "This one needs an answer before you go on. A few rough words will do."
NEEDS_CHOICE = "This one needs an answer before you go on: pick the one closest to true."


def needs(step: Step) -> str:
    """What to say when a required step is left empty: a choice is picked, not written."""
    return NEEDS_CHOICE if step.choices else NEEDS_ANSWER


NO_PLANS = (
    "You haven't made any if-then plans yet. For now: put distance between you and the "
    "situation, and press F2 for someone to talk to."
)


def own_plans(vault: Vault) -> list[str]:
    """His active commitments' if-then plans, one a line, for the "in the moment" flow."""
    return [
        f"If {plan.situation}, then {plan.action}"
        for commitment in vault.commitments()
        if commitment.status == "active"
        for plan in commitment.plans
    ]


RESUME_EDIT = (
    "You have an unfinished edit of this entry (saved {when}). Pick up where you left off?"
)
#: Leaving an edit with changes: the entry view shows the saved text, so say where the
#: changes went.
EDIT_KEPT = "Your changes are kept as an encrypted draft, not yet in the entry: e offers them back."
RESUME_EDIT_CHOICES: tuple[Choice, ...] = (
    ("resume", "Resume it"),
    ("saved", "Start from the saved entry", "s"),  # out of the Tab order: its key or a click
)
RESUME_EDIT_NOTE = (
    "Starting from the saved entry replaces the unfinished edit once you change something."
)


class EditOpened(Result):
    """An entry decrypted for editing, and an unfinished edit of it if one is kept."""

    def __init__(self, state: FlowState, draft: Draft | None) -> None:
        super().__init__()
        self.state = state
        self.draft = draft


def open_edit(
    screen: JournalScreen[Any],
    saved: FlowState,
    draft: Draft | None,
    write: Callable[[FlowState], None],
) -> None:
    """Edit an entry: at once, or, when an unfinished edit of it is kept, after asking
    whether to resume that (Resume has focus; Escape opens nothing, and loses nothing)."""
    if draft is None:
        write(saved)
        return

    def chosen(choice: str | None) -> None:
        if choice == "resume":
            write(FlowState.from_draft(draft, load_flows(), saved.entry))
        elif choice == "saved":
            write(saved)

    question = RESUME_EDIT.format(when=when(draft.updated_at))
    screen.app.push_screen(
        ChoiceModal(
            question, RESUME_EDIT_CHOICES, focus="resume", escape="close", note=RESUME_EDIT_NOTE
        ),
        chosen,
    )


#: Heads the answers the review lists apart: to questions his choices no longer ask.
NOT_SAVED = "Not saved with this entry"


def _not_saved_first(not_saved: list[NotAsked]) -> Content:
    """The review's first line when some answers are not saved (the question, if one)."""
    if len(not_saved) == 1:
        said = f"What you wrote for “{one_line(not_saved[0].step.question)}” is"
    else:
        said = f"{len(not_saved)} answers you wrote are"
    return safe(f"{said} not saved with this entry; the end of this review says why.")


NO_SUPPORT = (
    "Support (F2) lists lines where you live for men worried about their own behaviour, "
    "and crisis lines."
)
#: What a step that shows support lists, in this order.
SUPPORT_KINDS = ("behaviour", "crisis")


def own_support(vault: Vault) -> list[str]:
    """Worker: the lines for his own behaviour and the crisis lines where he lives."""
    from journal.resources import load_resources

    return load_resources().contacts(vault.preferences().region, SUPPORT_KINDS)


class SupportRead(Result):
    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines


class PlansRead(Result):
    def __init__(self, plans: list[str]) -> None:
        super().__init__()
        self.plans = plans


class DraftKept(Result):
    """Leaving: the draft is in the vault."""


class EntrySaved(Result):
    """Saved; ``note``: what else to say ("Next check-in: …"), if anything."""

    def __init__(self, entry_id: str, note: str = "") -> None:
        super().__init__()
        self.entry_id = entry_id
        self.note = note


class FlowScreen(JournalScreen[str | None]):
    BINDINGS = keys.FLOW
    #: Seconds after the last change before the draft is autosaved.
    AUTOSAVE_SECONDS = 2.0

    def __init__(
        self,
        state: FlowState,
        *,
        intro: bool = False,
        context: str = "",
        autosave_seconds: float | None = None,
    ) -> None:
        """``intro``: show the flow's introduction above the first question (when the
        flow was not picked from the list, which shows it). ``context``: a line shown
        above every question, such as the commitment a check-in is about."""
        super().__init__()
        self.state = state
        self._intro = intro
        self._about = context
        self._autosave_seconds = autosave_seconds or self.AUTOSAVE_SECONDS
        #: Made on mount, on the app's clock (a fake one in tests).
        self.autosaver = Autosaver(self._autosave_seconds)
        self._timer: Timer | None = None
        self._saving_entry = False
        #: Saving the entry failed, and the line says why: an autosave does not hide it.
        self._why_not_saved = False

    # Layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="flow-head"):
            yield Static(safe(self.state.label), id="flow-name")
            yield Static(id="progress", markup=False)
        with ContentSwitcher(initial="step-view", id="flow-body"):
            with Vertical(id="step-view"):
                with Page(id="step-text"):
                    yield Static(safe(self._about), id="context")
                    yield Static(id="intro", markup=False)
                    yield Static(id="question")
                    yield Vertical(id="shown")
                    yield Static(id="why")
                    yield Static(id="example")
                yield InertTextArea(id="answer", soft_wrap=True, tab_behavior="focus")
                yield Vertical(id="choices")
            with Vertical(id="review-view"):
                with Horizontal(id="review-fields"):
                    yield Input(self.state.title, placeholder="Title (optional)", id="title")
                    yield Input(
                        ", ".join(self.state.tags), placeholder="Tags: work, family", id="tags"
                    )
                yield VerticalScroll(id="review-answers")
        yield StatusLine(id="flow-status")
        with Horizontal(id="flow-buttons"):
            yield Button("Back", id="back", compact=True)
            yield Button("Skip", id="skip", compact=True)
            yield Button("Next", id="next", compact=True, variant="primary")
            yield Button("Review & save", id="finish", compact=True)
        # Fitted: from the second step (^b Back shown) f1 Help was cut off at 80 columns.
        yield FittedFooter(keys.FLOW_FOOTER)

    def on_mount(self) -> None:
        self.query_one("#context").display = bool(self._about)
        self.autosaver = Autosaver(self._autosave_seconds, self.amends.clock)
        self._show()

    # Showing the current step ---------------------------------------------------------
    def _show(self) -> None:
        state = self.state
        number, total = state.progress()
        progress = "Review" if state.in_review else f"Step {number} of {total}"
        self.query_one("#progress", Static).update(progress)
        self.query_one("#back", Button).disabled = state.index == 0
        if state.in_review:
            self._show_review()
        else:
            self._show_step(state.steps[state.index])
        self.refresh_bindings()

    def _show_step(self, step: Step) -> None:
        self.query_one(ContentSwitcher).current = "step-view"
        intro = self.state.flow.intro if self._intro and self.state.index == 0 else ""
        self._text("#intro", intro)
        self.query_one("#question", Static).update(safe(step.question))
        self._text("#why", f"Why we ask: {step.why} ({step.source})" if step.why else "")
        self._show_shown([])
        if step.shows == "plans":
            self._read_plans(self.vault)
        elif step.shows == "support":
            self._read_support(self.vault)
        example = f"For example: {step.example}" if step.example else ""
        self._text("#example", example)
        self.query_one("#skip", Button).display = step.skippable
        self.query_one("#next", Button).display = True
        self.query_one("#finish", Button).label = "Review & save"
        self.query_one("#step-text").scroll_home(animate=False)
        answer = self.query_one("#answer", TextArea)
        choices = self.query_one("#choices", Vertical)
        choices.remove_children()
        if step.choices:
            answer.display = False
            choices.display = True
            current = self.state.answer(step)
            radio = Choices(list(step.choices), current)
            choices.mount(radio)
            self.call_after_refresh(radio.focus)
        else:
            choices.display = False
            answer.display = True
            answer.load_text(self.state.answer(step))
            answer.move_cursor(answer.document.end)
            answer.focus()

    def _show_review(self) -> None:
        self.query_one(ContentSwitcher).current = "review-view"
        self.query_one("#skip", Button).display = False
        self.query_one("#next", Button).display = False
        self.query_one("#finish", Button).label = "Save"
        box = self.query_one("#review-answers", VerticalScroll)
        box.remove_children()
        box.mount_all(self._review_items())
        self.query_one("#title", Input).focus()

    def _review_items(self) -> list[Static]:
        """Every question asked, with its answer or "(skipped)"; then, apart, what was
        written for a choice since changed (What got in the way? after "kept"), which
        is not saved: shown, with why and how to keep it, never dropped unsaid."""
        items: list[Static] = []
        not_saved = self.state.not_saved()
        if not_saved:  # said first too: the list can run past the screen's foot
            items.append(
                Static(_not_saved_first(not_saved), id="not-saved-first", classes="review-note")
            )
        for step in self.state.asked_steps():
            text = self.state.answer(step)
            items.append(Static(safe(step.question), classes="review-question"))
            if text.strip():
                items.append(Static(safe(text), classes="review-answer"))
            else:
                items.append(Static("(skipped)", classes="review-answer skipped"))
            for note in review_notes(step, text, today()):
                items.append(Static(note, markup=False, classes="review-note"))
        if not_saved:
            items.append(Static(NOT_SAVED, markup=False, id="not-saved", classes="title"))
        for item in not_saved:
            items.append(Static(safe(item.step.question), classes="review-question"))
            items.append(Static(safe(self.state.answer(item.step)), classes="review-answer"))
            items.append(Static(safe(item.note()), classes="review-note"))
        return items

    @work(thread=True, exclusive=True, group="shown", exit_on_error=False, description="plans")
    def _read_plans(self, vault: Vault) -> None:
        self.post_message(PlansRead(own_plans(vault)))

    @on(PlansRead)
    def _show_plans(self, event: PlansRead) -> None:
        step = self.state.step
        if step is not None and step.shows == "plans":  # he may have moved on meanwhile
            if event.plans:
                plans = [Hanging("•", safe(plan)) for plan in event.plans]
                self._show_shown([Static("Your plans:", markup=False), *plans])
            else:
                self._show_shown([Static(NO_PLANS, markup=False)])

    @work(thread=True, exclusive=True, group="shown", exit_on_error=False, description="support")
    def _read_support(self, vault: Vault) -> None:
        try:
            lines = own_support(vault)
        except AmendsError:
            lines = []
        self.post_message(SupportRead(lines))

    @on(SupportRead)
    def _show_support(self, event: SupportRead) -> None:
        step = self.state.step
        if step is not None and step.shows == "support":  # he may have moved on meanwhile
            if event.lines:
                lines = [Hanging("•", safe(line)) for line in event.lines]
                where = "Where you live (F2 for the whole list):"
                self._show_shown([Static(where, markup=False), *lines])
            else:
                self._show_shown([Static(NO_SUPPORT, markup=False)])

    def _show_shown(self, widgets: list[Widget]) -> None:
        """What the step shows beside its question (his plans), each plan as a bullet
        with its text beside it, so a wrapped line stays under the text."""
        shown = self.query_one("#shown", Vertical)
        shown.remove_children()
        shown.display = bool(widgets)
        if widgets:
            shown.mount_all(widgets)

    def _text(self, selector: str, value: str) -> None:
        widget = self.query_one(selector, Static)
        widget.display = bool(value)
        widget.update(safe(value))

    # Changes --------------------------------------------------------------------------
    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        step = self.state.step
        if step is not None and not step.choices:
            self._set_answer(step, event.text_area.text)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        step = self.state.step
        if step is not None and step.choices:
            self._set_answer(step, step.choices[event.index])

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id == "title" and event.value != self.state.title:
            self.state.title = event.value
            self._touch()
        elif event.input.id == "tags" and parse_tags(event.value) != self.state.tags:
            self.state.tags = parse_tags(event.value)
            self._touch()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "title":
            self.query_one("#tags", Input).focus()

    def _set_answer(self, step: Step, text: str) -> None:
        if self.state.answer(step) != text:
            self.state.answers[step.id] = text
            self._touch()

    def _touch(self) -> None:
        self.autosaver.changed()
        self._arm()

    def _arm(self) -> None:
        """One timer, for when the autosave is due; a change meanwhile moves it on."""
        wait = self.autosaver.wait()
        if wait is not None and self._timer is None:
            self._timer = self.set_timer(wait, self.autosave)

    # Navigation -----------------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {
            "back": self.action_back,
            "skip": self.action_skip,
            "next": self.action_next,
            "finish": self.action_finish,
        }
        actions[event.button.id or "next"]()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        step = self.state.step
        if action == "skip":
            return step is not None and step.skippable
        if action == "next":
            return step is not None
        if action == "back":
            return self.state.index > 0
        if action == "finish":
            return not self.state.in_review
        if action == "save":
            return self.state.in_review
        if action == "review_answer":
            return step is not None and not step.choices
        return True

    def action_next(self) -> None:
        step = self.state.step
        if step is None:
            return
        if not step.skippable and not self.state.answer(step).strip():
            self._status(needs(step))
            return
        self._go(self._step_after(+1))

    def action_review_answer(self) -> None:
        """The safety review of the answer being written; its fixes come back as edits."""
        from screens.answer_review import AnswerReviewModal

        text = self.query_one("#answer", TextArea).text
        step = self.state.step
        names_excuses = step is not None and step.names_excuses
        self.app.push_screen(
            AnswerReviewModal(text, names_excuses=names_excuses), self._answer_reviewed
        )

    def _answer_reviewed(self, text: str | None) -> None:
        from screens.widgets.post_editor import set_text

        if text is not None and self.state.step is not None:
            set_text(self.query_one("#answer", TextArea), text)  # Ctrl+Z undoes it

    def action_skip(self) -> None:
        step = self.state.step
        if step is not None and step.skippable:
            self._go(self._step_after(+1))

    def action_back(self) -> None:
        if self.state.index > 0:
            self._go(self._step_after(-1))

    def _step_after(self, by: int) -> int:
        """The next (or previous) step that is asked, given the answers so far."""
        from journal.flows import step_after

        state = self.state
        return step_after(state.steps, state.answers, state.index, by)

    def action_finish(self) -> None:
        if self.state.in_review:
            self.action_save()
        else:
            self._go(len(self.state.steps))

    def action_save(self) -> None:
        if self.state.in_review and not self._saving_entry:
            self._save()

    def _go(self, index: int) -> None:
        """Move to another step. Moving alone is not a change worth a draft: the
        position is saved with the next change of text."""
        self.state.index = index
        self._why_not_saved = False
        self._status("")
        self._show()

    # Saving ---------------------------------------------------------------------------
    def autosave(self) -> None:
        """The timer's call: write the draft if the changes have rested long enough, or
        wait for the rest of the delay (tests call it after moving the clock on)."""
        self._timer = None
        version = self.autosaver.start()
        if version is None:
            self._arm()
            return
        self._write_draft(self.vault, self.state.to_draft(), version)

    @work(
        thread=True, exclusive=True, group="autosave", exit_on_error=False, description="autosave"
    )
    def _write_draft(self, vault: Vault, draft: Draft, version: int) -> None:
        try:
            wrote = self.autosaver.write(version, lambda: vault.save_many([draft]))
        except Exception as error:  # shown as one line, and tried again on the next change
            self.post_message(WorkFailed(error))
            return
        self.post_message(DraftWritten(wrote))

    @on(DraftWritten)
    def _draft_written(self, event: DraftWritten) -> None:
        self.autosaver.done()
        if event.wrote and not self._why_not_saved:  # never over why the entry wasn't
            self._status(f"Draft saved, encrypted · {datetime.now():%H:%M}")
        self._arm()

    @on(WorkFailed)
    def _write_failed(self, event: WorkFailed) -> None:
        self.autosaver.done()
        self._why_not_saved = self._saving_entry
        self._saving_entry = False
        self._status(f"Not saved: {sentence(event.error.message)}")

    def _save(self) -> None:
        missing = self.state.missing()
        if missing is not None:
            self._go(missing)
            self._status(needs(self.state.steps[missing]))
            return
        self._saving_entry = True
        self._why_not_saved = False
        self._status("Saving…")
        self._save_entry(self.vault, self.state.to_entry(), self.autosaver.version)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False, description="save")
    def _save_entry(self, vault: Vault, entry: Entry, version: int) -> None:
        draft_id = self.state.draft_id
        try:
            records = records_for(self.state, entry, vault, today())
            if self.state.unchanged(entry):
                # Nothing he wrote changed: no new version and no "edited" time. An
                # unfinished edit of it, if one is kept, still goes (he chose this).
                records = []
            self.autosaver.write(
                version, lambda: vault.save_many(records, delete=(draft_id,)), final=True
            )
        except Exception as error:
            self.post_message(WorkFailed(error))
            return
        self.post_message(EntrySaved(entry.id, saved_note(self.state, records)))

    @on(EntrySaved)
    def _saved(self, event: EntrySaved) -> None:
        if event.note:  # a toast: it outlasts this screen
            self.app.notify(event.note, markup=False)
        self.leave(event.entry_id)

    def action_leave(self) -> None:
        """Back to the journal; what was written stays as an encrypted draft."""
        if not self.autosaver.dirty:
            self.leave(None)
            return
        self._status("Saving the draft…")
        self._keep_draft(self.vault, self.state.to_draft(), self.autosaver.version)

    @work(thread=True, exclusive=True, group="leave", exit_on_error=False, description="leave")
    def _keep_draft(self, vault: Vault, draft: Draft, version: int) -> None:
        try:
            self.autosaver.write(version, lambda: vault.save_many([draft]))
        except Exception as error:
            self.post_message(WorkFailed(error))
            return
        self.post_message(DraftKept())

    @on(DraftKept)
    def _left(self) -> None:
        if self.state.entry is not None:
            self.app.notify(EDIT_KEPT, markup=False)
        self.leave(None)

    def unsaved_draft(self) -> Draft | None:
        """The journal is locking or the app quitting: the draft to save, if changed."""
        return self.state.to_draft() if self.autosaver.seal() else None

    def _status(self, message: str) -> None:
        self.query_one("#flow-status", StatusLine).update(message)
