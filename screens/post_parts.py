"""A thread, one part at a time: step through its parts and copy or save the one shown.

After the checklist, a post of several parts opens here instead of going out
whole: "Part 2 of 5" with that part's text (numbered as it is posted), ← and →
to step, ``c`` to copy it (through the app's clipboard, which amends clears on
lock and quit) or ``s`` to save it as a file, ``a`` for the whole thread at once.
Nothing leaves until he presses one of them; Escape closes, the safe choice.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from journal.posts import strip_controls
from journal.posts.state import part_file, part_label, save_part
from screens import keys
from screens.base import JournalModal, Result, WorkFailed
from screens.post_checklist import SavePathModal
from screens.text import safe, sentence
from screens.widgets.page import Page

if TYPE_CHECKING:
    from screens.post_checklist import Purpose

#: What the dialog dismisses with: "whole" to send the whole thread as before; "sent"
#: when he copied or saved a part (so leaving the post asks about its draft), else "done".
Outcome = Literal["whole", "done", "sent"]


class PartSaved(Result):
    def __init__(self, index: int, path: Path) -> None:
        super().__init__()
        self.index = index
        self.path = path


class PartNotSaved(WorkFailed):
    pass


class ThreadPartsModal(JournalModal[Outcome]):
    """The parts of a thread, one shown at a time; ``purpose``: copy or save them."""

    BINDINGS = keys.POST_PARTS
    FOOTER = keys.POST_PARTS_FOOTER

    def __init__(self, parts: tuple[str, ...], purpose: Purpose) -> None:
        super().__init__()
        self._parts = parts
        self._purpose: Purpose = purpose
        self.index = 0
        #: Whether a part has been copied or saved.
        self._sent = False

    def compose(self) -> ComposeResult:
        verb = "Copy" if self._purpose == "copy" else "Save"
        with Vertical(classes="dialog wide", id="thread-parts"):
            yield Static(id="part-number", classes="title", markup=False)
            with Page(id="part-box"):
                yield Static(id="part-text")
            yield Static(id="part-status", markup=False, classes="hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{verb} this part", id="this-part", compact=True)
                yield Button("Whole thread", id="whole", compact=True)
                yield Button("Done", id="done", variant="primary", compact=True)

    def on_mount(self) -> None:
        self._show()
        self.query_one("#done", Button).focus()  # nothing leaves on a stray Enter

    @property
    def part(self) -> str:
        return self._parts[self.index]

    def _show(self) -> None:
        total = len(self._parts)
        self.query_one("#part-number", Static).update(part_label(self.index, total))
        self.query_one("#part-text", Static).update(safe(self.part))
        self._status("← and → step through the parts.")

    def _status(self, message: str) -> None:
        self.query_one("#part-status", Static).update(message)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "copy_part":
            return self._purpose == "copy"
        if action == "save_part":
            return self._purpose == "save"
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        pressed = event.button.id
        if pressed == "this-part":
            self.action_copy_part() if self._purpose == "copy" else self.action_save_part()
        elif pressed == "whole":
            self.action_whole()
        else:
            self.action_close()

    def action_step(self, by: int) -> None:
        self.index = max(0, min(len(self._parts) - 1, self.index + by))
        self._show()

    def action_copy_part(self) -> None:
        if self._purpose != "copy":
            return
        self.amends.copy_to_system_clipboard(strip_controls(self.part))
        self._sent = True
        label = part_label(self.index, len(self._parts))
        more = " → for the next." if self.index < len(self._parts) - 1 else ""
        self._status(f"{label} copied.{more}")

    def action_save_part(self) -> None:
        if self._purpose != "save":
            return
        index = self.index
        self.app.push_screen(
            SavePathModal(part_file(index)), lambda path: self._save_to(index, path)
        )

    def _save_to(self, index: int, path: Path | None) -> None:
        if path is not None:
            self._status("Saving…")
            self._write(index, path, self._parts[index])

    @work(thread=True, exclusive=True, group="part", exit_on_error=False,
          description="save a part")  # fmt: skip
    def _write(self, index: int, path: Path, text: str) -> None:
        try:
            save_part(path, text)
        except Exception as error:
            self.post_message(PartNotSaved(error))
            return
        self.post_message(PartSaved(index, path))

    @on(PartSaved)
    def _saved(self, event: PartSaved) -> None:
        self._sent = True
        label = part_label(event.index, len(self._parts))
        self._status(f"{label} saved to {event.path}; only your user account can read it.")

    @on(PartNotSaved)
    def _not_saved(self, event: PartNotSaved) -> None:
        self._status(f"Not saved: {sentence(event.error.message)}")

    def action_whole(self) -> None:
        self.dismiss("whole")

    def action_close(self) -> None:
        self.dismiss("sent" if self._sent else "done")
