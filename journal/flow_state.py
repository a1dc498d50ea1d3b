"""A reflection in progress: which flow, which step, what has been written.

Plain data, no widgets: the flow screen edits it, ``to_draft`` snapshots it
for the encrypted autosave, ``to_entry`` makes the entry it saves. It starts
from a flow (new), from a draft (resumed) or from an entry (edited).

Nothing written is ever dropped: answers whose step the flow no longer has
(an edited entry from ``amends add`` or an import, an older flow) become
extra steps at the end, with the prompt they were written under. The one
exception is chosen by him: an answer to a question that no longer applies to
the choice he made (``only_after``) stays in the draft but not in the entry, and
the review lists it apart, saying so and which choice it went with
(``not_saved``), so nothing he typed goes without his knowing. Saving it anyway
would leave a "kept" check-in saying what got in the way, or a lapse saying
what harm he will stop.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from journal.flows import Flow, Step, asked
from journal.models import KIND_LABELS, Answer, Draft, Entry, new_id, now

#: The question shown for an answer that was stored without one.
UNTITLED_PROMPT = "What you wrote"


@dataclass
class FlowState:
    flow: Flow
    steps: list[Step]
    answers: dict[str, str] = field(default_factory=dict)
    index: int = 0
    title: str = ""
    tags: list[str] = field(default_factory=list)
    draft_id: str = field(default_factory=new_id)
    #: The entry being edited (None for a new one).
    entry: Entry | None = None
    #: For a check-in: the commitment it is about.
    commitment_id: str | None = None
    #: For a commitment: the entry it grows out of (kept in its draft too).
    source_entry_id: str | None = None
    #: When the draft was first made (kept through every autosave).
    created_at: datetime = field(default_factory=now)

    # Starting points ---------------------------------------------------------------
    @classmethod
    def new(cls, flow: Flow, *, commitment_id: str | None = None) -> FlowState:
        return cls(flow=flow, steps=list(flow.steps), commitment_id=commitment_id)

    @classmethod
    def from_entry(cls, entry: Entry, flows: Mapping[str, Flow]) -> FlowState:
        flow = _flow_for(entry.flow, entry.kind, flows)
        answers = [(a.step_id, a.prompt, a.text) for a in entry.answers]
        return cls(
            flow=flow,
            steps=_steps(flow, answers),
            answers={step_id: text for step_id, _, text in answers},
            title=entry.title,
            tags=list(entry.tags),
            entry=entry,
            commitment_id=entry.commitment_id,
        )

    @classmethod
    def for_editing(
        cls, entry: Entry, drafts: Iterable[Draft], flows: Mapping[str, Flow]
    ) -> tuple[FlowState, Draft | None]:
        """Editing ``entry`` from what is saved, and the first of ``drafts`` (newest
        first) that is an unfinished edit of it, if any. The state keeps that draft's id,
        so his first change replaces it and saving the entry deletes it: one entry never
        gathers several unfinished edits."""
        draft = next((d for d in drafts if d.entry_id == entry.id), None)
        saved = cls.from_entry(entry, flows)
        if draft is not None:
            saved.draft_id = draft.id
        return saved, draft

    @classmethod
    def from_draft(
        cls, draft: Draft, flows: Mapping[str, Flow], entry: Entry | None = None
    ) -> FlowState:
        flow = _flow_for(draft.flow or None, draft.kind, flows)
        answers = [(a.step_id, a.prompt, a.text) for a in draft.answers]
        steps = _steps(flow, answers)
        return cls(
            flow=flow,
            steps=steps,
            answers={step_id: text for step_id, _, text in answers},
            index=max(0, min(draft.step_index, len(steps))),
            title=draft.title,
            tags=list(draft.tags),
            draft_id=draft.id,
            entry=entry,
            commitment_id=draft.commitment_id,
            source_entry_id=draft.source_entry_id,
            created_at=draft.created_at,
        )

    # Where we are ------------------------------------------------------------------
    @property
    def in_review(self) -> bool:
        """Past the last step: the review of every answer, title and tags."""
        return self.index >= len(self.steps)

    @property
    def step(self) -> Step | None:
        return None if self.in_review else self.steps[self.index]

    def answer(self, step: Step) -> str:
        return self.answers.get(step.id, "")

    def asked_steps(self) -> list[Step]:
        """The steps asked given the answers so far (what the review lists)."""
        return [step for step in self.steps if asked(step, self.answers, self.steps)]

    def not_saved(self) -> list[NotAsked]:
        """Answers in the draft to questions his choices no longer ask, in order: the
        entry leaves them out (``to_entry``), and the review says so."""
        asked_ids = {step.id for step in self.asked_steps()}
        return [
            _not_asked(step, self.answers, self.steps)
            for step in self.steps
            if step.id not in asked_ids and self.answer(step).strip()
        ]

    def progress(self) -> tuple[int, int]:
        """(the current step's number, how many steps are asked), counting only the steps
        asked given the answers so far: "Step 3 of 5" on a check-in's outcome, and the
        total grows when "slipped" brings its questions in. Past the last: (total, total)."""
        numbers = [
            index for index, step in enumerate(self.steps) if asked(step, self.answers, self.steps)
        ]
        done = sum(index <= self.index for index in numbers)
        return max(1, min(done, len(numbers))), len(numbers)

    def missing(self) -> int | None:
        """The index of the first step that needs an answer and has none."""
        for index, step in enumerate(self.steps):
            if not step.skippable and not self.answer(step).strip():
                return index
        return None

    @property
    def label(self) -> str:
        """The flow's name, as the screen shows it."""
        return self.flow.title or KIND_LABELS.get(self.flow.kind, self.flow.kind)

    # What gets saved ---------------------------------------------------------------
    def to_draft(self) -> Draft:
        """The encrypted autosave of this state (same id every time)."""
        return Draft(
            id=self.draft_id,
            flow=self.flow.id,
            kind=self.flow.kind,
            step_index=self.index,
            title=self.title,
            answers=self._answers(),
            tags=list(self.tags),
            entry_id=self.entry.id if self.entry else None,
            commitment_id=self.commitment_id,
            source_entry_id=self.source_entry_id,
            created_at=self.created_at,
            updated_at=now(),
        )

    def to_entry(self) -> Entry:
        """The entry to save: a new one, or the edited one with the same id."""
        if self.entry is None:
            return Entry(
                kind=self.flow.kind,
                flow=self.flow.id or None,
                title=self.title.strip(),
                answers=self._answers(self.asked_steps()),
                tags=list(self.tags),
                commitment_id=self.commitment_id,
            )
        entry = self.entry.model_copy(deep=True)
        entry.title = self.title.strip()
        entry.answers = self._answers(self.asked_steps())
        entry.tags = list(self.tags)
        entry.updated_at = now()
        return entry

    def unchanged(self, entry: Entry) -> bool:
        """True when ``entry`` (``to_entry``, after ``records_for``) says all the edited
        entry already says: saving it would only stamp an edit time. A prompt the flow
        now words differently is no change of his."""
        if self.entry is None:
            return False
        return _said(entry) == _said(self.entry)

    def _answers(self, steps: list[Step] | None = None) -> list[Answer]:
        """Answered ``steps`` (all of them by default) in order; "never export" kept from
        the edited entry. The draft keeps every answer, so going back to a choice brings
        back what was written for it; the entry keeps only the questions asked (an
        answer to "What got in the way?" is not saved with "kept")."""
        private = {a.step_id for a in self.entry.answers if a.never_export} if self.entry else set()
        return [
            Answer(
                step_id=step.id,
                prompt=step.question,
                text=self.answer(step),
                never_export=step.id in private,
            )
            for step in (self.steps if steps is None else steps)
            if self.answer(step).strip()
        ]


@dataclass(frozen=True)
class NotAsked:
    """An answer to ``step``, written after a choice since changed: ``choice`` (the
    question it follows) was answered ``chosen``, not one of ``step.only_after``."""

    step: Step
    choice: Step
    chosen: str
    #: The answers to ``choice`` that would ask it (or ask the question it follows).
    wanted: tuple[str, ...]

    def note(self) -> str:
        """What the review says under it: why it is not saved, and how to keep it."""
        wanted = " or ".join(f"“{answer}”" for answer in self.wanted)
        now = f"is now “{self.chosen}”" if self.chosen else "is empty now"
        return (
            f"Asked after {wanted} to “{self.choice.question}”; your answer there {now}. "
            "To keep this, go back (Ctrl+B) and change that answer."
        )


def _not_asked(step: Step, answers: Mapping[str, str], steps: list[Step]) -> NotAsked:
    """Which choice leaves ``step`` unasked: its own, or one its choice follows (the
    harm question after "slipped" goes when the outcome becomes "kept")."""
    by_id = {s.id: s for s in steps}
    link = step
    while link.follows is not None:
        choice = by_id[link.follows]
        chosen = answers.get(choice.id, "").strip()
        if chosen not in link.only_after:
            return NotAsked(step, choice, chosen, link.only_after)
        link = choice
    raise ValueError(f"{step.id} is asked")  # not reached: called for unasked steps only


def _said(entry: Entry) -> tuple[object, ...]:
    """What an entry says, as far as an edit can change it (not when it was edited)."""
    fields = entry.model_dump(exclude={"answers", "updated_at"})
    answers = [(a.step_id, a.text, a.never_export) for a in entry.answers]
    return (fields, answers)


def parse_tags(text: str) -> list[str]:
    """Tags typed as 'work, family' or '#work #family': distinct, in order."""
    tags: list[str] = []
    for raw in text.replace(",", " ").split():
        tag = raw.lstrip("#").strip()
        if tag and tag.casefold() not in (t.casefold() for t in tags):
            tags.append(tag)
    return tags


def _flow_for(flow_id: str | None, kind: str, flows: Mapping[str, Flow]) -> Flow:
    """The flow by id, or an empty stand-in that keeps the id and kind as they were."""
    if flow_id and flow_id in flows:
        return flows[flow_id]
    title = KIND_LABELS.get(kind, kind)
    return Flow(id=flow_id or "", kind=kind, title=title, intro="", steps=())


def _steps(flow: Flow, answers: list[tuple[str, str, str]]) -> list[Step]:
    """The flow's steps, then one step for each answer the flow has no step for."""
    steps = list(flow.steps)
    known = {step.id for step in steps}
    for step_id, prompt, _ in answers:
        if step_id not in known:
            known.add(step_id)
            steps.append(Step(id=step_id, question=prompt or UNTITLED_PROMPT, why=""))
    return steps
