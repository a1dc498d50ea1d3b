"""Every key binding, by where it works (built from ``screens.keys``)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from screens import keys, styles

NOTES = (
    "Tab and Shift+Tab move between fields; Space ticks a box such as "
    "“Never export this answer”. Ctrl+P searches every action by name."
)


def key_table() -> Content:
    """The sections of ``keys.SECTIONS`` as aligned text."""
    parts: list[str | tuple[str, str]] = []
    for number, (title, bindings) in enumerate(keys.SECTIONS):
        parts.append((("\n" if number else "") + title + "\n", "bold"))
        for binding in keys.listed(bindings):
            parts.append((f"  {keys.key_label(binding):<12}", "$accent"))
            parts.append(f"{binding.description}\n")
    return Content.assemble(*parts)


class HelpScreen(Screen[None]):
    CSS_PATH = styles.SCREENS
    BINDINGS = keys.CLOSE

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static("Keys", classes="title")
            yield Static(key_table(), id="key-table")
            yield Static(NOTES, markup=False, classes="note")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss()
