"""Help (F1): the keys of the screen it was opened from, and the app's.

Built from the real bindings: the screen's, those of its widgets that declare
keys of their own (the list of entries, the editor), and the app's, each under
a heading. One row per action: of the bindings that share a key (Ctrl+S is
"Review & save" on a step and "Save" on the review) the one that works there
now is listed, and keys that do the same thing share a row. Keys that work in
one part of a screen only (the post's f and F, on its Review tab) have a
heading of their own that says where. A dialog's destructive choice, out of the
Tab order, is listed by its own key ("d  Delete").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from textual.actions import parse
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Static

from screens import keys, styles
from screens.widgets.danger_button import DangerButton
from screens.widgets.fitted_footer import FittedFooter

NOTES = (
    "Tab and Shift+Tab move between fields; Space ticks a box such as "
    "“Never export this answer”. In any text box Ctrl+A selects all of it, and Home "
    "and End go to the start and end of the line; in a longer text Ctrl+Home and "
    "Ctrl+End go to the start and end of the text. Ctrl+P searches every action by name."
)
#: Space between the key column and the text, so a key never runs into it.
GAP = 2


@dataclass(frozen=True)
class Row:
    keys: str
    text: str


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[Row, ...]


def help_sections(origin: Screen[Any]) -> list[Section]:
    """The keys that work on ``origin``: its own, its widgets', then the app's."""
    app = origin.app
    widgets = [w for w in origin.query("*") if keys.title_of(type(w).BINDINGS)]
    # A key goes to the first node that binds it, focused widget first (as Textual
    # looks it up), except that a priority binding (the app's Ctrl+L) always wins.
    order: list[DOMNode] = [*widgets, origin, app]
    claimed: dict[str, DOMNode] = {}
    for priority in (True, False):
        for node in order if not priority else reversed(order):
            for binding in _declared(node, app):
                if binding.priority == priority:
                    claimed.setdefault(binding.key, node)
    sections: dict[str, Section] = {}
    for node in [origin, *widgets, app]:
        title = "Everywhere" if node is app else keys.title_of(type(node).BINDINGS) or ""
        chosen = [b for b in _one_per_key(node, app) if claimed.get(b.key) is node]
        if node is origin and origin.is_modal:
            # A dialog's keys work there or not for as long as it is open (a thread's
            # parts are copied or saved, never both): list only those that work.
            chosen = [b for b in chosen if _works(node, app, b)]
        for heading, bindings in _by_place(title, type(node).BINDINGS, chosen):
            rows = _rows(bindings)
            if node is origin and heading == title:
                rows = _danger_rows(origin) + rows
            if rows and heading not in sections:
                sections[heading] = Section(heading, rows)
    return list(sections.values())


def _danger_rows(origin: Screen[Any]) -> tuple[Row, ...]:
    """A dialog's destructive choice: out of the Tab order, chosen by its own key."""
    return tuple(
        Row(button.key, button.choice) for button in origin.query(DangerButton) if button.display
    )


def _by_place(
    title: str, declared: list[BindingType], chosen: list[Binding]
) -> list[tuple[str, list[Binding]]]:
    """The keys that work all over the screen under its title; those that work in one
    part of it only (``keys.PLACES``) after them, under a heading that says where."""
    parts = keys.places_in(declared)
    placed = {action for actions, _ in parts for action in actions}
    found = [(title, [b for b in chosen if b.action not in placed])]
    for actions, where in parts:
        found.append((f"{title}, {where}", [b for b in chosen if b.action in actions]))
    return found


def _declared(node: DOMNode, app: App[Any]) -> list[Binding]:
    """The bindings Help names that ``node`` declares, one per key (as Textual splits
    "F,shift+f"): those with a description; the app's include the command palette."""
    declared: list[BindingType] = list(type(node).BINDINGS)
    if node is app:
        declared += keys.PALETTE
    return [b for b in Binding.make_bindings(declared) if b.description]


def _one_per_key(node: DOMNode, app: App[Any]) -> list[Binding]:
    """Of the bindings ``node`` has for a key, the one that works now (or the first)."""
    by_key: dict[str, list[Binding]] = {}
    for binding in _declared(node, app):
        by_key.setdefault(binding.key, []).append(binding)
    return [next((b for b in group if _works(node, app, b)), group[0]) for group in by_key.values()]


def _works(node: DOMNode, app: App[Any], binding: Binding) -> bool:
    namespace, name, parameters = parse(binding.action)
    target: DOMNode = app if namespace == "app" else node
    return target.check_action(name, parameters) is not False


def _rows(bindings: Iterable[Binding]) -> tuple[Row, ...]:
    """One row per action: keys doing the same thing share it."""
    labels: dict[tuple[str, str], dict[str, None]] = {}
    for binding in bindings:
        text = binding.tooltip or binding.description
        # A dict as an ordered set: "F" and "shift+f" are one key, read once.
        labels.setdefault((binding.action, text), {})[keys.key_label(binding)] = None
    return tuple(Row(" or ".join(found), text) for (_, text), found in labels.items())


class HelpScreen(Screen[None]):
    CSS_PATH = styles.SCREENS
    BINDINGS = keys.CLOSE

    def __init__(self, origin: Screen[Any]) -> None:
        super().__init__()
        self._sections = help_sections(origin)

    def compose(self) -> ComposeResult:
        width = GAP + max((len(r.keys) for s in self._sections for r in s.rows), default=0)
        with VerticalScroll(id="help"):
            yield Static("Keys", classes="title")
            for section in self._sections:
                yield Static(section.title, classes="help-heading", markup=False)
                for row in section.rows:
                    with Horizontal(classes="help-row"):
                        key = Static(row.keys, classes="help-key", markup=False)
                        key.styles.width = width
                        yield key
                        yield Static(row.text, classes="help-text", markup=False)
            yield Static(NOTES, markup=False, classes="note")
        yield FittedFooter(keys.CLOSE_FOOTER)

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss()
