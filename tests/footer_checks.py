"""Footers read as drawn (export_screenshot), at 80 and 120 columns: every screen and
dialog shows f1 Help and, while the journal is open, ^l Lock, cut off nowhere, and only
keys that work there."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import Footer
from tui_helpers import SIZE, screen_text, settle

from screens import keys
from screens.widgets.fitted_footer import FittedFooter


def footer(app: Any) -> str:
    return screen_text(app).splitlines()[-1]


#: Each screen is read at 80x24, then at 120x40 (the terminal resized).
WIDE = (120, 40)
#: The palette's key, drawn on the right after a border, where everything else left room.
PALETTE = "^p Commands"


def footer_keys(app: Any) -> list[Any]:
    """The keys the screen's own footer draws (none on Textual's command palette). Every
    dialog has one of its own: the footer beneath shows keys that stop at the dialog."""
    footers = app.screen.query(Footer)
    if isinstance(app.screen, CommandPalette):
        return []
    assert len(footers) == 1 and isinstance(footers.first(), FittedFooter), app.screen
    return list(footers.first().query("FooterKey"))


def works(app: Any, key: str, action: str) -> bool:
    """Pressing ``key`` here runs ``action``: it is bound where Textual looks (the focused
    widget up to the screen, or the app's priority bindings, which pass a dialog) and the
    node's check_action allows it."""
    active = app.screen.active_bindings.get(key)
    if active is not None and active.binding.action == action:
        return bool(active.enabled)
    for binding in Binding.make_bindings([*type(app).BINDINGS, *keys.PALETTE]):
        if binding.key == key and binding.action == action:
            priority = binding.priority or binding.action == "command_palette"
            return priority and app.check_action(action, ()) is True
    return False


async def check_footers(pilot: Any) -> list[str]:
    """``check_footer`` at 80 columns, then with the terminal resized to 120."""
    narrow = await check_footer(pilot, SIZE[0])
    await pilot.resize_terminal(*WIDE)
    await settle(pilot)
    return [narrow, await check_footer(pilot, WIDE[0])]


async def check_footer(pilot: Any, width: int) -> str:
    """The footer of the screen shown, read as drawn; its line ("" on the palette)."""
    app = pilot.app
    assert app.size.width == width
    drawn = footer_keys(app)
    if not drawn:
        return ""
    line = footer(app)
    labels = [f"{k.key_display} {k.description}" for k in drawn]
    left = [label for label in labels if label != PALETTE]
    # Read as drawn: every key whole, one space apart, the palette's last on the right.
    assert line.split("▏")[0].rstrip() == " ".join(left), (line, labels)
    assert (PALETTE in labels) == line.endswith("▏" + PALETTE), line
    for key in drawn:  # nothing past the edge
        assert key.region.right <= width, (key.key_display, key.region, line)
        assert not key.has_class("-disabled") and works(app, key.key, key.action), key.key
    assert "f1 Help" in labels, line
    if app.session.is_unlocked:
        assert "^l Lock" in labels, line
    if width >= 120 and PALETTE not in labels:  # left out only when there is no room
        assert len(line) + len(PALETTE) + 2 > width, line
    return line
