"""An unexpected error in the app ends it with one line and nothing of the journal
(issue 13 §7): Textual's own crash screen prints each frame's local variables."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tui_helpers import entry, make_vault

TESTS = Path(__file__).parent
REPO = TESTS.parent
SECRET = "crash-time confession 91c2"
CHILD = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
from pathlib import Path
from tui_helpers import settle, unlock
from screens import app as app_module
from screens.entry_view import EntryViewScreen

def broken_action(self):
    confession = {SECRET!r}  # a local variable, as decrypted text would be
    raise RuntimeError("an unexpected bug")

EntryViewScreen.action_draft_post = broken_action

async def walk(pilot):
    await unlock(pilot)
    await pilot.press("enter")  # open the entry
    await settle(pilot)
    assert isinstance(pilot.app.screen, EntryViewScreen)
    await pilot.press("p")  # the injected crash
    await settle(pilot)

real_run = app_module.AmendsApp.run
app_module.AmendsApp.run = lambda self: real_run(
    self, headless=True, size=(80, 24), auto_pilot=walk
)
debug = "--debug" in sys.argv
sys.exit(app_module.run(Path(sys.argv[1]), insecure_kdf_for_tests=True, debug=debug))
"""


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_a_crash_prints_one_line_and_no_journal_text(tmp_path: Path, debug: bool) -> None:
    path = make_vault(tmp_path / "vault.db", [entry("An entry", f"I wrote {SECRET} here")])
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), *(["--debug"] if debug else [])],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert SECRET not in done.stderr and SECRET not in done.stdout
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith("amends: something went wrong inside amends (RuntimeError)")
    if debug:  # a traceback follows, naming the code, with no local variables
        assert "Traceback (most recent call last)" in done.stderr
        assert "broken_action" in done.stderr and "confession =" not in done.stderr
    else:
        assert len(lines) == 1, done.stderr
