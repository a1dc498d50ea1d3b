"""Before a post leaves amends: what it means to publish it, then where to save it.

``PostChecklist`` shows the points of ``journal.post_checklist`` (her
experience first), each with its own tick; Tab goes tick to tick (the scrolling
area is no stop of its own, and scrolls to the focused tick). "Go on" goes on
once every point is ticked; before that it says, in one line, which point is
left. "Go back", the safe choice, has focus (last, so Tab from it wraps to the
first point, never to "Go on"), and has it again after "Go on" said what is left.
A draft from an entry edited less than the waiting period ago carries a reminder
to wait, never a block.
Before copying, it says the clipboard can be read by other programs.

``SavePathModal`` asks for the file to write (the only place amends ever
writes the post in the clear) and dismisses with its path, or None.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Literal

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Static

from journal.post_checklist import CHECKLIST, DEFAULT_WAIT, waiting_reminder
from screens import keys
from screens.base import JournalModal
from screens.confirm import ConfirmModal
from screens.text import fit
from screens.widgets.tick_box import TickBox

Purpose = Literal["save", "copy"]

CLIPBOARD = (
    "Copying puts the post on the clipboard, where other programs on this computer can read it."
)
DEFAULT_PATH = "~/amends-post.txt"
SAVE_NOTE = (
    "Plain text that only you can read (mode 0600). It is the only copy of the post "
    "amends writes outside the journal."
)
TICK_EACH = "Tick each point once you've weighed it."


def left_unticked(numbers: list[int], texts: list[str], width: int) -> str:
    """One line of ``width`` cells naming the points not ticked yet (numbered from 1):
    ``Point 3 isn't ticked yet: “It is not a way to reach the person…”``, the one point
    left quoted as far as the line holds, enough to recognise it."""
    if len(numbers) == 1:
        said = f"Point {numbers[0]} isn't ticked yet: “"
        return f"{said}{fit(texts[0], width - len(said) - 1)}”"
    *first, last = (str(n) for n in numbers)
    return f"Points {', '.join(first)} and {last} aren't ticked yet."


class CheckItems(VerticalScroll, can_focus=False):
    """The points: Tab goes from tick to tick, and the area scrolls to the focused one."""


class PostChecklist(JournalModal[bool]):
    """Dismisses with True to go on, False to go back."""

    BINDINGS = keys.POST_DIALOG

    def __init__(self, purpose: Purpose, *, fresh: bool, wait: timedelta = DEFAULT_WAIT) -> None:
        super().__init__()
        self._purpose: Purpose = purpose
        self._fresh = fresh
        self._wait = wait

    def compose(self) -> ComposeResult:
        verb = "save" if self._purpose == "save" else "copy"
        with Vertical(classes="dialog wide", id="checklist"):
            yield Static(f"Before you {verb} this post", classes="title", markup=False)
            if self._fresh:
                yield Static(waiting_reminder(self._wait), markup=False, id="sleep-on-it")
            if self._purpose == "copy":
                yield Static(CLIPBOARD, markup=False, id="clipboard-note")
            with CheckItems(id="check-items"):
                for point in CHECKLIST:
                    # A tick beside the point, whose text wraps (a label is cut to one line).
                    with Horizontal(classes="check-point"):
                        yield TickBox(compact=True, id=f"check-{point.key}")
                        yield Static(point.text, markup=False, classes="check-text")
            yield Static(TICK_EACH, markup=False, id="tick-each", classes="hint")
            # "Go back" last, where focus starts: Tab from it wraps to the first point, so
            # a stray Tab then Enter ticks a point at most, never "Go on".
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"Go on and {verb}", id="yes", compact=True)
                yield Button("Go back", id="no", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()  # the safe choice

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        ticked = all(box.value for box in self.query(Checkbox))
        line = self.query_one("#tick-each", Static)
        line.display = not ticked
        line.update(TICK_EACH)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id != "yes":
            self.dismiss(False)
            return
        boxes = list(self.query(Checkbox))
        left = [i for i, box in enumerate(boxes) if not box.value]
        if not left:
            self.dismiss(True)
            return
        line = self.query_one("#tick-each", Static)
        # The dialog's width inside its border and padding: the line's own, laid out or not.
        width = self.query_one("#checklist").content_region.width
        texts = [CHECKLIST[i].text for i in left]
        line.update(left_unticked([i + 1 for i in left], texts, width))
        boxes[left[0]].scroll_visible(animate=False)  # the first point left, in sight
        self.query_one("#no", Button).focus()  # the safe choice, again

    def action_close(self) -> None:
        self.dismiss(False)


class SavePathModal(JournalModal[Path | None]):
    """Where to write the post; asks before replacing a file that is there."""

    BINDINGS = keys.POST_DIALOG

    def __init__(self, default: str = DEFAULT_PATH) -> None:
        super().__init__()
        self._default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="save-as"):
            yield Static("Save the post as a file", classes="title", markup=False)
            yield Input(self._default, placeholder="Path of the file", id="save-path")
            yield Static(id="save-problem", markup=False)
            yield Static(SAVE_NOTE, markup=False, classes="hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", id="save-file", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#save-problem").display = False
        self.query_one("#save-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._chosen()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save-file":
            self._chosen()
        else:
            self.dismiss(None)

    def _chosen(self) -> None:
        value = self.query_one("#save-path", Input).value.strip()
        if not value:
            self._problem("Type where to save it, e.g. ~/post.txt.")
            return
        path = Path(value).expanduser()
        if path.is_dir():
            self._problem("That is a folder; add a file name to it.")
        elif not path.parent.is_dir():
            self._problem("That folder doesn't exist.")
        elif path.exists() or path.is_symlink():
            question = "A file is already there. Replace it with the post?"
            self.app.push_screen(
                ConfirmModal(question, yes="Replace it", key="r"),
                lambda yes: self._replace(path, yes),
            )
        else:
            self.dismiss(path)

    def _replace(self, path: Path, yes: bool | None) -> None:
        if yes:
            self.dismiss(path)

    def _problem(self, message: str) -> None:
        problem = self.query_one("#save-problem", Static)
        problem.display = True
        problem.update(message)

    def action_close(self) -> None:
        self.dismiss(None)
