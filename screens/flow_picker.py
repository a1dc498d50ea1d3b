"""Choosing what to write about: one of the guided flows, or a free page.

"In the moment" is for an urge or a risky situation right now: it is one key
away (``m``), said above the list, so it is never a row scrolled out of sight
at 80x24 (the list shows six rows there).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from journal.flows import Flow, load_flows
from screens import keys
from screens.base import JournalModal
from screens.widgets.cursor_bar import CursorBar

#: Flows started from elsewhere, not from "New": a check-in belongs to a commitment.
NOT_PICKED = frozenset({"checkin"})
#: The flow for right now: one key away in the picker.
MOMENT = "moment"
MOMENT_HINT = "An urge or a risky situation right now? Press m: In the moment."


def pickable_flows() -> list[Flow]:
    return [flow for flow in load_flows().values() if flow.kind not in NOT_PICKED]


class FlowPicker(JournalModal[Flow | None]):
    BINDINGS = keys.FLOW_PICKER

    def __init__(self) -> None:
        super().__init__()
        self._flows = pickable_flows()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static("What do you want to write about?", classes="title")
            if any(flow.id == MOMENT for flow in self._flows):
                yield Static(MOMENT_HINT, id="moment-hint", markup=False)
            yield CursorBar(
                *(Option(Content(flow.title), id=flow.id) for flow in self._flows), id="flows"
            )
            yield Static(id="flow-intro", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        flow = self._flows[event.option_index]
        self.query_one("#flow-intro", Static).update(flow.intro)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._flows[event.option_index])

    def action_moment(self) -> None:
        """Straight to "In the moment", wherever the list is scrolled."""
        for flow in self._flows:
            if flow.id == MOMENT:
                self.dismiss(flow)
                return

    def action_cancel(self) -> None:
        self.dismiss(None)
