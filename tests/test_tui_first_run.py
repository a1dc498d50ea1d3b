"""First run: privacy explained, a passphrase chosen, the recovery code shown once."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static
from tui_helpers import (
    PASSPHRASE,
    SIZE,
    cli_list,
    make_app,
    notices,
    screen_text,
    settle,
    type_text,
    unlock,
)

from journal.vault import Vault
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
        await type_text(pilot, code.rsplit("-", 1)[-1].lower())  # its last group
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Nothing here yet" in screen_text(app)
        assert "recovery code was not confirmed" not in notices(app)
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
        await pilot.press("c")  # "Continue without it (c)"
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
        assert app.screen.query_one("#last-group", Input).has_focus


async def _code_shown(pilot) -> str:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await _choose(pilot, PASSPHRASE, PASSPHRASE)
    assert isinstance(pilot.app.screen, RecoveryCodeScreen)
    return str(pilot.app.screen.query_one("#recovery-code", Static).render())


async def test_going_on_from_the_code_is_deliberate(tmp_path: Path) -> None:
    """Found by a walk: "I have written it down" had focus, so a stray Enter dismissed the
    code shown only once. Focus starts in a box for the code's last group: Enter there,
    empty or wrong, only says what to do; Tab, Enter asks before going on without it."""
    app = make_app(tmp_path / "vault.db")
    async with app.run_test(size=SIZE) as pilot:
        code = await _code_shown(pilot)
        for stray in (("enter",), ("tab", "enter", "enter"), ("shift+tab", "enter", "enter")):
            await pilot.press(*stray)
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, RecoveryCodeScreen), stray
            assert code in screen_text(app)
            screen.query_one("#last-group", Input).focus()
            await pilot.pause()
        assert "Type the last four characters of the code" in screen_text(app)
        wrong = "0000" if not code.endswith("0000") else "1111"
        await type_text(pilot, wrong)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RecoveryCodeScreen)
        assert "Those are not the code's last four characters" in screen_text(app)
        app.screen.query_one("#last-group", Input).value = ""
        await type_text(pilot, code[-4:])
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_locking_on_the_code_is_told_once_after_unlocking(tmp_path: Path) -> None:
    """Found by a walk: Ctrl+L on the new journal's code dropped it for good, and after
    unlocking he landed on the journal, never told. The vault's sealed preferences keep a
    flag (never the code); the next unlock says so once, and how to make a new one."""
    path = tmp_path / "vault.db"
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        code = await _code_shown(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert code not in screen_text(app)
        assert not any(isinstance(s, RecoveryCodeScreen) for s in app.screen_stack)
        await unlock(pilot)
        told = notices(app)
        assert "recovery code was not confirmed as written down" in told
        assert "Settings (s) → “Make a new recovery code” makes a new one." in told
        await pilot.press("ctrl+l")
        await settle(pilot)
        app.clear_notifications()
        await unlock(pilot)
        assert "recovery code" not in notices(app)  # once
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        preferences = vault.preferences()
        assert not preferences.recovery_code_unconfirmed
        assert code not in preferences.model_dump_json()


async def test_a_new_code_from_settings_clears_the_flag(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await _code_shown(pilot)
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)  # the app ended on the code: the flag is there
        assert vault.preferences().recovery_code_unconfirmed
        code = vault.new_recovery_code()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one("#new-code").press()  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("m")  # "Make a new code (m)"
        await settle(pilot)
        assert code not in screen_text(app)
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        assert not vault.preferences().recovery_code_unconfirmed
