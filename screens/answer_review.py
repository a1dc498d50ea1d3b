"""The safety review of one answer, from the flow: what it finds, and its fixes.

The same review as for a post (``journal.posts.review``): details that could
identify someone, and language that shifts responsibility, each with what it
means and a one-key fix. Nothing blocks; the answer stays the user's. The
modal dismisses with the answer's new text, or None if nothing was changed.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from journal.posts import Finding, Review, apply_fix, check, redact
from journal.posts.state import findings_summary
from screens import keys
from screens.base import JournalModal, Result
from screens.widgets.findings import FindingsList

HINT = "f applies the highlighted suggestion; Esc when you are done."
SUPPORT_HINT = "u opens Support. Esc when you are done."
DONE_HINT = "Esc when you are done."


def hint(findings: tuple[Finding, ...]) -> str:
    """What the keys do here, for these findings only (no fix offered when there is none)."""
    if any(f.fixable for f in findings):
        care = " u opens Support." if any(f.check == "care" for f in findings) else ""
        return HINT + care
    if any(f.check == "care" for f in findings):
        return SUPPORT_HINT
    return DONE_HINT


class Reviewed(Result):
    def __init__(self, review: Review) -> None:
        super().__init__()
        self.review = review


class AnswerReviewModal(JournalModal[str | None]):
    BINDINGS = keys.ANSWER_REVIEW

    def __init__(self, text: str, *, names_excuses: bool = False) -> None:
        super().__init__()
        self._original = text
        self._text = text
        #: The step asked him to name his excuses: acknowledge them, don't flag them.
        self._names_excuses = names_excuses

    @property
    def text(self) -> str:
        return self._text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="answer-review"):
            yield Static("Review of this answer", classes="title", markup=False)
            yield Static("Reviewing…", id="answer-summary", markup=False)
            yield FindingsList(id="answer-findings")
            yield Static(id="answer-notes", markup=False, classes="review-notes")
            yield Static(DONE_HINT, id="answer-hint", markup=False, classes="hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Done", id="done", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one(FindingsList).focus()
        self._review()

    def _review(self) -> None:
        self._check(self._text, self._names_excuses)

    # Exclusive: a fix applied while a review runs cancels it, and only the newest
    # text's review is shown.
    @work(thread=True, exclusive=True, group="review", exit_on_error=False, description="review")
    def _check(self, text: str, names_excuses: bool) -> None:
        self.post_message(Reviewed(check(text, names_excuses=names_excuses)))

    @on(Reviewed)
    def _reviewed(self, event: Reviewed) -> None:
        result = event.review
        self.query_one(FindingsList).show(result.findings)
        self.query_one("#answer-notes", Static).update("\n".join(result.notes))
        self.query_one("#answer-summary", Static).update(findings_summary(result.findings))
        self.query_one("#answer-hint", Static).update(hint(result.findings))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        findings = self.query_one(FindingsList)
        if action == "fix":
            current = findings.current
            return current is not None and (current.fixable or current.check == "care")
        if action == "fix_identifying":
            return any(f.check == "identifying" for f in findings.findings)
        return True

    def action_fix(self) -> None:
        finding = self.query_one(FindingsList).current
        if finding is None or finding.acknowledged:
            return
        if finding.check == "care":
            self.action_resources()
            return
        try:
            self._changed(apply_fix(self._text, finding))
        except ValueError:
            self._review()

    def action_fix_identifying(self) -> None:
        self._changed(redact(self._text))

    def _changed(self, text: str) -> None:
        self._text = text
        self._review()

    def action_resources(self) -> None:
        from screens.resources import ResourcesScreen

        self.app.push_screen(ResourcesScreen())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_done()

    def action_done(self) -> None:
        self.dismiss(self._text if self._text != self._original else None)
