"""A footer that shows what fits its width, chosen by priority, never cut off at the end.

Textual's Footer draws every shown binding in a row and cuts the row at the
edge, so at 80 columns the last keys (``f1 Help``, ``^l Lock``) are the ones that
go. This one is given the screen's actions in order of priority: it shows as
many as fit, the most important first, in the order the bindings are declared.
A key left out of the footer still works (it is still bound); Help lists it.
Which bindings apply is the screen's ``check_action`` (False hides one), so a
key shows when it applies and ``refresh_bindings()`` redraws the row.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: An action, or actions shown together or not at all (k Kind and t Tag).
Priority = str | tuple[str, ...]


def fit(
    items: Sequence[tuple[str, str, str]], priority: Sequence[Priority], width: int
) -> list[str]:
    """The actions of ``items`` ((action, key shown, description), in footer order) that
    fit in ``width`` cells of a compact footer, taking them in ``priority`` order (an
    action not named there comes last; a group of actions goes in whole or not at all)
    and skipping any that would not fit."""
    cost = {action: cell_len(key) + 1 + cell_len(words) + 1 for action, key, words in items}
    groups = [(p,) if isinstance(p, str) else p for p in priority]
    named = {action for group in groups for action in group}
    groups += [(action,) for action in cost if action not in named]
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
    """A compact footer, without the palette key (Help lists Ctrl+P), fitted to its width."""

    def __init__(self, priority: Sequence[Priority], *, id: str | None = None) -> None:
        super().__init__(id=id, compact=True, show_command_palette=False)
        self.priority = tuple(priority)
        self._drawn_for = 0

    def shown(self) -> list[tuple[Binding, bool, str]]:
        """The screen's bindings for the footer, one per action, in their order."""
        seen: set[str] = set()
        rows: list[tuple[Binding, bool, str]] = []
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                rows.append((binding, enabled, tooltip))
        return rows

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        width = self.size.width or self.app.size.width
        self._drawn_for = width
        rows = self.shown()
        items = [(b.action, self.app.get_key_display(b), b.description) for b, _, _ in rows]
        chosen = set(fit(items, self.priority, width))
        for binding, enabled, tooltip in rows:
            if binding.action in chosen:
                yield FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    disabled=not enabled,
                    tooltip=tooltip,
                ).data_bind(compact=Footer.compact)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._drawn_for and self._bindings_ready:
            self.call_after_refresh(self.recompose)
