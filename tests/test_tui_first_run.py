"""First run: privacy explained, a passphrase chosen, the recovery code shown once."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Static
from tui_helpers import PASSPHRASE, SIZE, cli_list, make_app, screen_text, settle, type_text

from screens.first_run import FirstRunScreen, RecoveryCodeScreen
from screens.home import HomeScreen


async def _choose(pilot, first: str, second: str) -> None:  # type: ignore[no-untyped-def]
    await type_text(pilot, first)
    await pilot.press("enter")
    await type_text(pilot, second)
    await pilot.press("enter")
    await settle(pilot)


async def test_first_run_walks_to_home(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "vault.db"
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        text = screen_text(app)
        assert "encrypted file on this computer" in text
        assert "never uses the network" in text
        await _choose(pilot, PASSPHRASE, PASSPHRASE)
        assert isinstance(app.screen, RecoveryCodeScreen)
        code = str(app.screen.query_one("#recovery-code", Static).render())
        assert len(code.replace("-", "")) == 32
        # Said once, plainly, before he writes anything (visible at 80x24).
        shown = " ".join(screen_text(app).split())
        assert "amends is not therapy or legal advice" in shown
        assert "may be hard to write" in shown
        assert "a device can be seized, or you can be made to give up a passphrase" in shown
        await pilot.click("#saved")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Nothing here yet" in screen_text(app)
    assert path.exists()
    assert cli_list(path, tmp_path, capsys) == []


async def test_weak_passphrase_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _choose(pilot, "password1", "password1")
        assert isinstance(app.screen, FirstRunScreen)
        text = screen_text(app)
        assert "Very weak" in text
        assert "Too easy to guess" in text
    assert not path.exists()


async def test_passphrases_must_match(tmp_path: Path) -> None:
    app = make_app(tmp_path / "vault.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _choose(pilot, PASSPHRASE, PASSPHRASE + "x")
        assert isinstance(app.screen, FirstRunScreen)
        assert "don't match" in screen_text(app)


async def test_skipping_the_recovery_code_asks_twice(tmp_path: Path) -> None:
    app = make_app(tmp_path / "vault.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _choose(pilot, PASSPHRASE, PASSPHRASE)
        await pilot.click("#skip")
        await settle(pilot)
        assert "nobody can open this journal" in screen_text(app)
        await pilot.click("#no")
        await settle(pilot)
        assert isinstance(app.screen, RecoveryCodeScreen)
        await pilot.click("#skip")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_long_passphrase_is_judged_without_error(tmp_path: Path) -> None:
    """zxcvbn refuses more than 72 characters; the app judges the first 72."""
    long = "copper lantern " * 8
    app = make_app(tmp_path / "vault.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _choose(pilot, long, long)
        assert isinstance(app.screen, RecoveryCodeScreen)
        assert app.screen.query_one("#saved", Button)
