"""A footer that shows what fits its width, chosen by priority, never cut off at the end.

Textual's Footer draws every shown binding in a row and cuts the row at the
edge, so at 80 columns the last keys (``f1 Help``, ``^l Lock``) are the ones that
go. This one is given the screen's actions in order of priority: it shows as
many as fit, the most important first, in the order the bindings are declared.
A key left out of the footer still works (it is still bound); Help lists it.
Which bindings apply is the screen's ``check_action`` (False hides one), so a
key shows when it applies and ``refresh_bindings()`` redraws the row.

Every screen and dialog of amends uses it, with its priorities in screens/keys.py.
The command palette's key (``^p``) comes last: it shows, on the right as in
Textual's footer, only where everything else has left room for it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from screens import keys

#: An action, or actions shown together or not at all (k Kind and t Tag).
Priority = str | tuple[str, ...]

#: The palette's action in ``fit``: it is drawn apart, after a one-cell border.
PALETTE = "command_palette"

#: A row as drawn: its width, and each key's binding, key shown, enabled and tooltip.
Plan = tuple[int, tuple[tuple[Binding, str, bool, str], ...]]


def fit(
    items: Sequence[tuple[str, str, str]], priority: Sequence[Priority], width: int
) -> list[str]:
    """The actions of ``items`` ((action, key shown, description), in footer order) that
    fit in ``width`` cells of a compact footer, taking them in ``priority`` order (an
    action not named there comes after those named, and the palette's last; a group of
    actions goes in whole or not at all) and skipping any that would not fit."""
    cost = {action: cell_len(key) + 1 + cell_len(words) + 1 for action, key, words in items}
    if PALETTE in cost:
        cost[PALETTE] += 1  # its border
    groups = [(p,) if isinstance(p, str) else p for p in priority]
    named = {action for group in groups for action in group}
    groups += [(action,) for action in cost if action not in named and action != PALETTE]
    groups.append((PALETTE,))
    chosen: set[str] = set()
    room = width + 1  # the last key's margin may fall past the edge
    for group in groups:
        present = [action for action in group if action in cost]
        need = sum(cost[action] for action in present)
        if present and need <= room:
            chosen.update(present)
            room -= need
    return [action for action, _, _ in items if action in chosen]


class FittedFooter(Footer):
    """A compact footer fitted to its width: the screen's keys by ``priority``, then the
    palette's where there is room (Help lists Ctrl+P always)."""

    def __init__(self, priority: Sequence[Priority], *, id: str | None = None) -> None:
        super().__init__(id=id, compact=True, show_command_palette=False)
        self.priority = tuple(priority)
        #: What the row shows now (``_plan``): Textual's footer recomposes on every
        #: bindings refresh (each focus change), mounting and styling every key again.
        self._drawn: Plan | None = None

    def shown(self) -> list[tuple[Binding, bool, str]]:
        """The bindings the footer may show, one per action, in their order; the
        palette's last."""
        seen: set[str] = set()
        rows: list[tuple[Binding, bool, str]] = []
        for binding, enabled, tooltip in self._candidates():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                rows.append((binding, enabled, tooltip))
        return rows

    def _candidates(self) -> Iterator[tuple[Binding, bool, str]]:
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            yield binding, enabled, tooltip
        if self.screen.is_modal:
            # Textual's bindings end at a dialog, but the app's priority ones (Ctrl+L)
            # still work there: the dialog's footer shows them too.
            yield from self._app_priority()
        if self.app.ENABLE_COMMAND_PALETTE:
            palette = keys.palette_footer(self.app.COMMAND_PALETTE_BINDING)
            if self.app.check_action(palette.action, ()) is not False:
                yield palette, True, palette.tooltip

    def _app_priority(self) -> Iterator[tuple[Binding, bool, str]]:
        for binding in Binding.make_bindings(type(self.app).BINDINGS):
            state = self.app.check_action(binding.action, ())
            if binding.priority and state is not False:
                yield binding, bool(state), binding.tooltip

    def _plan(self) -> Plan:
        """The keys the row shows at its width: (binding, key shown, enabled, tooltip)."""
        width = self.size.width or self.app.size.width
        rows = self.shown()
        items = [(b.action, self.app.get_key_display(b), b.description) for b, _, _ in rows]
        chosen = set(fit(items, self.priority, width))
        keys = tuple(
            (binding, self.app.get_key_display(binding), enabled, tooltip)
            for binding, enabled, tooltip in rows
            if binding.action in chosen
        )
        return width, keys

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._redraw)

    async def _redraw(self) -> None:
        # Only on the screen on top: one going away (locking) no longer has what its
        # check_action looks at; one coming back refreshes its bindings, and so this.
        if self.is_attached and self.screen.is_current and self._plan() != self._drawn:
            await self.recompose()

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._drawn = self._plan()
        for binding, shown, enabled, tooltip in self._drawn[1]:
            yield FooterKey(
                binding.key,
                shown,
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
                classes="-command-palette" if binding.action == PALETTE else "",
            ).data_bind(compact=Footer.compact)

    def on_resize(self, event: events.Resize) -> None:
        drawn_for = self._drawn[0] if self._drawn else 0
        if event.size.width != drawn_for and self._bindings_ready:
            self.call_after_refresh(self.recompose)
