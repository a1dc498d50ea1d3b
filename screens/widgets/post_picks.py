"""The answers a post can be made from, each with a tick that reads in a plain capture.

Each row is the answer's first line (his words: what he picks by) with its
question dimmed after it, one line a row. The answer takes the width there is,
less room for its question (so a wide terminal shows more of it), and keeps two
thirds of the row however long the question, which is then cut with "…" at the
edge. The text is
a ``Content`` (never markup: ``[bold]`` in an answer stays ``[bold]``).

Textual's SelectionList draws ``▐X▌`` ticked or not and tells them apart by
colour alone, so an unticked row reads as ticked in a plain capture, a screen
reader or a low-contrast terminal; this one draws ``[✓]`` or ``[ ]``, and the focus
bar before the row its cursor is on while it has focus.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.strip import Strip
from textual.widgets import OptionList, SelectionList
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection

from journal.models import Answer
from screens.focus import FOCUS_BAR
from screens.text import MUTED, one_line, safe

TICKED = "[✓]"
UNTICKED = "[ ]"
#: The answer's words are cut here before the list knows its width (and at most
#: here when its question takes the rest of a narrow row).
ANSWER_CHARS = 48
SKIPPED = "(skipped)"
NEVER_EXPORT = "never export"


def first_line(text: str) -> str:
    """The first line of ``text`` with words in it, on one line ("" if none)."""
    for line in text.splitlines():
        if line.strip():
            return one_line(line)
    return ""


def answer_label(answer: Answer, room: int = 0) -> Content:
    """``I kept texting her after she said no · What happened?``, the question dimmed
    (``· never export`` before it, for an answer kept out of posts),
    in ``room`` cells (0: not known yet, the answer cut at ``ANSWER_CHARS``)."""
    words = first_line(answer.text) or SKIPPED
    question = one_line(answer.prompt or answer.step_id)
    # "never export" before the question: a long question is cut off at the row's end,
    # and it took the only word saying why the row can't be ticked.
    muted = (f" · {NEVER_EXPORT}" if answer.never_export else "") + f" · {question}"
    # His words first: however long the question, they keep two thirds of the row.
    limit = max(room - cell_len(muted), min(ANSWER_CHARS, room * 2 // 3)) if room else ANSWER_CHARS
    if cell_len(words) > limit:
        words = set_cell_size(words, limit - 1).rstrip() + "…"
    return Content.assemble(safe(words), safe(muted, MUTED))


def answer_choices(answers: list[Answer], room: int = 0) -> list[Selection[int]]:
    """One row per answer, by its index; one that is skipped or never exported can't be ticked."""
    return [
        Selection(
            answer_label(answer, room),
            index,
            False,
            disabled=answer.never_export or not answer.text.strip(),
        )
        for index, answer in enumerate(answers)
    ]


class PickList(SelectionList[int]):
    """A SelectionList of an entry's answers whose ticks are ``[✓]`` and ``[ ]``, one row
    per answer, each as wide as the list is."""

    DEFAULT_CSS = """
    PickList {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, answers: list[Answer], *, id: str | None = None) -> None:
        super().__init__(*answer_choices(answers), id=id)
        self._answers = list(answers)
        self._room = 0

    def on_resize(self) -> None:
        """Label the rows again for the width there is now."""
        # Less the tick and its space, and a cell for a scrollbar that may come.
        room = self.scrollable_content_region.width - self._get_left_gutter_width() - 1
        if room <= 0 or room == self._room:
            return
        self._room = room
        for index, answer in enumerate(self._answers):
            self.replace_option_prompt_at_index(index, answer_label(answer, room))

    def _get_left_gutter_width(self) -> int:
        return len(FOCUS_BAR) + len(TICKED) + 1

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)  # the row's text, without Textual's button
        index = self.scroll_offset.y + y  # one line a row (nowrap)
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        base = next(iter(line)).style or self.rich_style
        ticked = selection.value in self._selected
        tick = base + Style(bold=ticked, meta={"option": index})
        # The cursor's row, while the list has focus: the bar every list marks it with.
        bar = FOCUS_BAR if self.has_focus and index == self.highlighted else " "
        return Strip(
            [
                Segment(bar, base + Style(meta={"option": index})),
                Segment(TICKED if ticked else UNTICKED, tick),
                Segment(" ", base),
                *line,
            ]
        )

    def watch_has_focus(self, has_focus: bool) -> None:
        super().watch_has_focus(has_focus)
        self.refresh()
