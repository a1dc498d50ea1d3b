"""Support services, from the dated offline list (``journal.resources``).

Shown with the list's own note: this is not therapy or legal advice. The list
holds no journal text, so it is reachable when the journal is locked too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from journal.errors import AmendsError
from screens import keys
from screens.base import Background
from screens.text import safe, sentence

if TYPE_CHECKING:
    from journal.resources import Resources

NOT_ADVICE = "amends is not therapy and gives no legal advice."


def load() -> Resources:
    from journal.resources import load_resources

    return load_resources()


def describe(resources: Resources) -> Content:
    note = resources.note
    if "therapy" not in note.casefold():
        note = f"{note} {NOT_ADVICE}"
    parts: list[Content] = [safe(f"As published in {resources.updated}. {note}\n")]
    for item in resources.items:
        parts.append(safe(f"\n{item.name}\n", "bold"))
        parts.append(safe(f"{item.region} · {item.contact}\n", "$accent"))
        parts.append(safe(f"{item.about}\n"))
    return Content("").join(parts)


class ResourcesScreen(Background, Screen[None]):
    BINDINGS = keys.CLOSE

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="resources"):
            yield Static("Support", classes="title")
            yield Static("Loading…", id="resource-list", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#resources").focus()
        self.run_thread(load, self._loaded, self._failed)

    def _loaded(self, resources: Resources) -> None:
        self.query_one("#resource-list", Static).update(describe(resources))

    def _failed(self, error: AmendsError) -> None:
        message = f"The support list couldn't be loaded: {sentence(error.message)}"
        self.query_one("#resource-list", Static).update(message)

    def action_close(self) -> None:
        self.dismiss()
