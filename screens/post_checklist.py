"""Before a post leaves amends: what it means to publish it, then where to save it.

``PostChecklist`` says, plainly and once, what a public admission means. It
is read, not signed: one "I've read this" goes on. A draft from an entry
written less than a day ago carries a "sleep on it" reminder, never a block.
Before copying, it says the clipboard can be read by other programs.

``SavePathModal`` asks for the file to write (the only place amends ever
writes the post in the clear) and dismisses with its path, or None.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from screens import keys
from screens.base import JournalModal
from screens.confirm import ConfirmModal

Purpose = Literal["save", "copy"]

CHECKLIST: tuple[str, ...] = (
    "Once posted, it is public and permanent: deleting it later doesn't undo "
    "screenshots and shares.",
    "It can be used as evidence, and naming others can bring legal claims. "
    "amends gives no legal advice.",
    "It is not a way to reach the person you harmed, or to ask for forgiveness or praise.",
    "Specific things you will do say more than who you are now: “I will…”, not “I'm an ally now”.",
)
SLEEP_ON_IT = (
    "You wrote this entry less than a day ago. You might sleep on it before you post: "
    "the entry stays in your journal."
)
CLIPBOARD = (
    "Copying puts the post on the clipboard, where other programs on this computer can read it."
)
DEFAULT_PATH = "~/amends-post.txt"
SAVE_NOTE = (
    "Plain text that only you can read (mode 0600). It is the only copy of the post "
    "amends writes outside the journal."
)


class PostChecklist(JournalModal[bool]):
    """Dismisses with True to go on, False to go back."""

    BINDINGS = keys.POST_DIALOG

    def __init__(self, purpose: Purpose, *, fresh: bool) -> None:
        super().__init__()
        self._purpose: Purpose = purpose
        self._fresh = fresh

    def compose(self) -> ComposeResult:
        verb = "save" if self._purpose == "save" else "copy"
        with Vertical(classes="dialog wide", id="checklist"):
            yield Static(f"Before you {verb} this post", classes="title", markup=False)
            for number, item in enumerate(CHECKLIST, 1):
                yield Static(f"{number}. {item}", markup=False, classes="check-item")
            if self._fresh:
                yield Static(SLEEP_ON_IT, markup=False, id="sleep-on-it")
            if self._purpose == "copy":
                yield Static(CLIPBOARD, markup=False, id="clipboard-note")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Go back", id="no", compact=True)
                yield Button("I've read this", id="yes", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

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
                ConfirmModal(question, yes="Replace it"), lambda yes: self._replace(path, yes)
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
