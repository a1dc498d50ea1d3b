"""The unlock screen is drawn before the storage stack is imported.

Checked in fresh interpreters, since this test process has imported everything.
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from textual.screen import Screen
from tui_helpers import SIZE, make_app, make_vault, settle, unlock

import screens
from screens import styles
from screens.app import AmendsApp
from screens.base import JournalScreen
from screens.unlock import UnlockScreen

REPO = Path(__file__).resolve().parents[1]
STORAGE = ("journal.vault", "journal.models", "sqlmodel", "sqlalchemy", "pydantic")
#: amends' own modules loaded when the unlock screen is first drawn: each one is paid
#: for before the passphrase field takes keys, so one more should be a choice.
FIRST_FRAME_OWN = [
    "journal",
    "journal.errors",
    "journal.hardening",
    "screens",
    "screens.app",
    "screens.base",
    "screens.config",
    "screens.focus",
    "screens.keys",
    "screens.session",
    "screens.styles",
    "screens.themes",
    "screens.typeahead",
    "screens.unlock",
    "screens.widgets",
    "screens.widgets.fitted_footer",
]


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def imported(importtime_log: str) -> set[str]:
    """Module names from ``-X importtime`` lines: 'import time: self | total | name'."""
    names = set()
    for line in importtime_log.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


@pytest.mark.parametrize("module", ["screens.app", "screens.unlock", "screens.first_run"])
def test_first_frame_modules_import_no_storage(module: str) -> None:
    done = run_python(f"import {module}")
    assert done.returncode == 0, done.stderr
    names = imported(done.stderr)
    assert module in names
    assert "textual.app" in names
    assert sorted(names & set(STORAGE)) == []


FIRST_FRAME = """
import asyncio, sys, threading
from pathlib import Path
from screens import session
from screens.app import AmendsApp

gate = threading.Event()
open_vault = session.Session.open

def held_open(self):
    gate.wait(20)
    return open_vault(self)

session.Session.open = held_open
STORAGE = {storage!r}

async def main():
    app = AmendsApp(Path({path!r}), insecure_kdf_for_tests=True, config_dir=Path({config!r}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "UnlockScreen", app.screen
        assert app.screen.query_one("#passphrase").has_focus
        early = sorted(m for m in STORAGE if m in sys.modules)
        assert early == [], early
        own = sorted(m for m in sys.modules if m.split(".")[0] in ("journal", "screens"))
        assert own == {own!r}, own
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        # Opening a vault needs the vault and its models; SQLAlchemy and SQLModel
        # only compile the schema when a vault is created, so they stay out.
        late = sorted(m for m in STORAGE if m in sys.modules)
        assert late == ["journal.models", "journal.vault", "pydantic"], late
    print("ok")

asyncio.run(main())
"""


def test_unlock_screen_is_up_before_the_vault_is_imported(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db")
    code = FIRST_FRAME.format(
        storage=STORAGE, own=FIRST_FRAME_OWN, path=str(path), config=str(tmp_path / "config")
    )
    done = run_python(code)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "ok"


async def test_journal_stylesheets_load_with_the_first_journal_screen(tmp_path: Path) -> None:
    """The unlock screen's first frame does not wait for the journal screens' CSS; the
    home screen has it, rules and all."""
    app = make_app(make_vault(tmp_path / "vault.db"))
    journal_css = [str(path) for path in JournalScreen.CSS_PATH]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not any(app.stylesheet.has_source(path, "") for path in journal_css)
        await unlock(pilot)
        assert all(app.stylesheet.has_source(path, "") for path in journal_css)
        assert app.screen.query_one("#home-title").styles.text_style.bold  # journal.tcss


def _screen_classes() -> list[type[Screen[object]]]:
    for module in pkgutil.walk_packages(screens.__path__, "screens."):
        importlib.import_module(module.name)
    found, todo = [], [Screen]
    while todo:
        for cls in todo.pop().__subclasses__():
            todo.append(cls)
            if cls.__module__.startswith("screens."):
                found.append(cls)
    return found


def test_every_screen_but_the_unlock_screen_names_the_shared_stylesheet() -> None:
    """The app's own CSS is only the unlock screen's (so its first frame parses little);
    any other screen that forgot ``styles.SCREENS`` would show unstyled when reached
    before a journal screen (first run, recovery, help and support while locked)."""
    classes = _screen_classes()
    assert UnlockScreen in classes and len(classes) > 10
    missing = [
        cls.__name__
        for cls in classes
        if cls is not UnlockScreen and not set(styles.SCREENS) <= set(cls.CSS_PATH or [])
    ]
    assert missing == []
    assert AmendsApp.CSS_PATH == styles.UNLOCK


async def test_the_shared_stylesheet_loads_with_the_first_other_screen(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    shared = str(styles.SCREENS[0])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.stylesheet.has_source(shared, "")
        await pilot.press("ctrl+r")  # the recovery screen, still locked
        await settle(pilot)
        assert app.stylesheet.has_source(shared, "")
        assert app.screen.query_one("#recovery-message").styles.min_height is not None


def test_a_bare_launch_skips_the_cli_parser() -> None:
    """`amends` and `amends --vault PATH` go straight to the app; anything else (a
    command, --help, a mistake) goes through the CLI as before."""
    from screens.launch import _NotJustTheApp, app_vault

    assert app_vault([]) is None
    assert app_vault(["--vault", "/tmp/v.db"]) == "/tmp/v.db"
    assert app_vault(["--vault=/tmp/v.db"]) == "/tmp/v.db"
    others = (["list"], ["--help"], ["--vault"], ["--vault", "--help"], ["-x"], ["checkin", "a"])
    for argv in others:
        with pytest.raises(_NotJustTheApp):
            app_vault(argv)


async def test_the_unlock_screen_is_the_first_screen(tmp_path: Path) -> None:
    """One screen composed before the passphrase field takes keys, not a blank one and
    the unlock screen over it; after unlocking and locking it is the same screen."""
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.screen
        assert isinstance(first, UnlockScreen) and app.screen_stack == [first]
        await unlock(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.screen_stack == [first]
        assert app.focused is first.query_one("#passphrase")
