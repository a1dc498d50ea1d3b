"""Journal text reaches the system clipboard only when he asks, and is cleared after
(issue 13 §6). Textual's editors would send every copy and cut to the terminal as
OSC 52, where any program can read it."""

from __future__ import annotations

import base64
from pathlib import Path

from textual.widgets import TextArea
from tui_helpers import SIZE, make_app, make_vault, notices, settle, start_flow, type_text, unlock

OSC52 = "\x1b]52;c;"
TEXT = "what I did at the party"


def _record_writes(app: object) -> list[str]:
    """What the app sends to the terminal from now on."""
    driver = app._driver  # type: ignore[attr-defined]
    real = driver.write
    sent: list[str] = []

    def write(data: str) -> None:
        sent.append(data)
        real(data)

    driver.write = write
    return sent


async def test_editor_copy_and_cut_stay_inside_the_app(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await start_flow(pilot, "free")
        await type_text(pilot, TEXT)
        editor = app.focused
        assert isinstance(editor, TextArea)
        sent = _record_writes(app)
        editor.select_all()
        await pilot.press("ctrl+c")
        assert app.clipboard == TEXT
        await pilot.press("ctrl+x")
        assert editor.text == ""
        await pilot.press("ctrl+v")  # pasting within the app still works
        assert editor.text == TEXT
        assert not any(OSC52 in data for data in sent), "journal text went to the terminal"


async def test_an_explicit_copy_warns_once_and_is_cleared_on_lock(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        sent = _record_writes(app)
        app.copy_to_system_clipboard(TEXT)
        app.copy_to_system_clipboard(TEXT + " again")
        await settle(pilot)
        encoded = base64.b64encode(TEXT.encode()).decode()
        assert f"{OSC52}{encoded}\a" in sent
        assert notices(app).count("Other programs can read the system clipboard") == 1
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert f"{OSC52}\a" in sent  # the terminal was asked to clear it
        assert app.clipboard == ""


async def test_nothing_is_cleared_that_amends_did_not_put_there(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        sent = _record_writes(app)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert not any(OSC52 in data for data in sent)
