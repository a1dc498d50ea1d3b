"""The flow picker at 80x24: "In the moment" is never a row out of sight."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import SIZE, make_app, make_vault, screen_text, settle, unlock

from screens.flow import FlowScreen
from screens.flow_picker import FlowPicker


async def test_in_the_moment_is_on_screen_and_one_key_away_at_80x24(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FlowPicker)
        assert "Press m: In the moment" in screen_text(app)  # read from the rendered screen
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        assert "In the moment" in screen_text(app).splitlines()[0]
