"""The live preview of a post: one box per part, each with its own counter.

A part past its platform's limit gets the CSS class ``over`` (red) and says
"over by N" in its counter, so it is plain without colour too. On a platform
that folds long posts (Facebook), a line marks where "See more" falls.
Every part's text is shown through ``safe``: never markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from journal.posts.state import Analysis, counter_label, over_by, thread_summary
from screens.text import MUTED, safe

FOLD_MARK = "╌╌╌ “See more” ╌╌╌"
EMPTY = "The preview shows here once there is some text."


def part_body(text: str, fold: int | None) -> Content:
    """A part's text, with the "See more" line where the platform folds it."""
    if fold is None:
        return safe(text)
    before, after = text[:fold].rstrip(), text[fold:].lstrip()
    mark = Content.styled(f"\n{FOLD_MARK}\n", f"italic {MUTED}")
    return Content("").join([safe(before), mark, safe(after)])


class PartView(Vertical):
    """One part: its counter line, then its text."""

    def __init__(self, counter: str, body: Content, *, over: bool) -> None:
        super().__init__(classes="part")
        self._counter = Static(counter, markup=False, classes="part-counter")
        self._body = Static(body, classes="part-text")
        self.set_class(over, "over")

    def compose(self) -> ComposeResult:
        yield self._counter
        yield self._body

    def show(self, counter: str, body: Content, *, over: bool) -> None:
        self._counter.update(counter)
        self._body.update(body)
        self.set_class(over, "over")

    @property
    def counter(self) -> str:
        return str(self._counter.visual)

    @property
    def text(self) -> str:
        """The part as shown, with the "See more" line if there is one."""
        return str(self._body.visual)

    @property
    def over(self) -> bool:
        return self.has_class("over")


class PostPreview(VerticalScroll):
    """The parts of a post as they would be posted."""

    def compose(self) -> ComposeResult:
        yield Static(EMPTY, id="preview-summary", markup=False)
        yield Static(id="preview-notes", markup=False)

    def on_mount(self) -> None:
        self.query_one("#preview-notes").display = False

    @property
    def parts(self) -> list[PartView]:
        return list(self.query(PartView))

    def show(self, analysis: Analysis) -> None:
        summary = self.query_one("#preview-summary", Static)
        views = self.parts
        if analysis.empty:
            summary.update(EMPTY)
            self._notes("")
            self.remove_children(views)
            return
        summary.update(thread_summary(analysis))
        thread = analysis.thread
        platform, parts = thread.platform, thread.parts
        fresh: list[PartView] = []
        for i, (part, fold) in enumerate(zip(parts, analysis.folds, strict=True)):
            counter = counter_label(i + 1, len(parts), part.length, platform)
            body = part_body(part.text, fold)
            over = over_by(part.length, platform) > 0
            if i < len(views):
                views[i].show(counter, body, over=over)
            else:
                fresh.append(PartView(counter, body, over=over))
        if len(views) > len(parts):
            self.remove_children(views[len(parts) :])
        if fresh:
            self.mount_all(fresh)
        self._notes(_notes(analysis))

    def _notes(self, text: str) -> None:
        notes = self.query_one("#preview-notes", Static)
        notes.display = bool(text)
        notes.update(text)


def _notes(analysis: Analysis) -> str:
    notes = []
    if analysis.thread.oversized:
        notes.append(
            "A link, hashtag or mention is longer than a whole post; it was kept whole "
            "in a part of its own."
        )
    if any(fold is not None for fold in analysis.folds):
        label = analysis.thread.platform.label
        notes.append(
            f"{label} hides the rest behind “See more” where the line shows: "
            "what comes before it is what most people read."
        )
    return " ".join(notes)
