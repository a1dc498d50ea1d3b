"""Shared pieces of the TUI tests: real vaults in tmp_path, the app factory, waiting.

Vaults are real files made with cheap key derivation (``insecure_kdf_for_tests``);
nothing of the vault or the crypto is mocked.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from textual.worker import WorkerCancelled

from journal import cli
from journal.models import Answer, Entry
from journal.vault import Vault
from screens.app import AmendsApp

PASSPHRASE = "quiet harbour lantern thistle"
SIZE = (80, 24)
#: A fixed moment, so that snapshots don't change from day to day.
FIXED = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


def entry(
    title: str,
    text: str = "",
    *,
    kind: str = "free",
    tags: Iterable[str] = (),
    minutes_ago: int = 0,
) -> Entry:
    created = FIXED - timedelta(minutes=minutes_ago)
    return Entry(
        kind=kind,
        title=title,
        answers=[Answer(step_id="write", prompt="What's on your mind?", text=text)] if text else [],
        tags=list(tags),
        created_at=created,
        updated_at=created,
    )


def make_vault(
    path: Path,
    entries: Iterable[Entry] = (),
    *,
    passphrase: str = PASSPHRASE,
    recovery: bool = True,
) -> Path:
    """A closed vault at ``path`` holding ``entries`` (``recovery``: with a recovery code)."""
    vault, _ = Vault.create(path, passphrase, recovery=recovery, insecure_kdf_for_tests=True)
    try:
        items = list(entries)
        if items:
            vault.save_many(items)
    finally:
        vault.close()
    return path


class FakeClock:
    """Monotonic seconds that move only when a test says so (``make_app(clock=...)``)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_app(path: Path, **options: Any) -> AmendsApp:
    options.setdefault("config_dir", path.parent / "config")
    return AmendsApp(path, insecure_kdf_for_tests=True, **options)


#: Rounds ``settle`` waits at most before it says the app never settled.
SETTLE_ROUNDS = 500


async def settle(pilot: Pilot[Any], pause: float = 0.0) -> None:
    """Let timers, workers and the messages they post run out."""
    await pilot.pause(pause)
    # Rounds, not time: on a loaded machine a key that mounts a tab can take many. A
    # settle that gave up after a few rounds let a test look before its key had landed.
    for _ in range(SETTLE_ROUNDS):
        # A worker cancelled (replaced by a newer one, or the app ending) is done too.
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers) and _keys_idle(pilot.app):
            break
        if pilot.app.return_code is not None or not pilot.app.is_running:
            return  # the app is ending (quit, or a crash): nothing more will settle
    else:
        running = [w.name for w in pilot.app.workers if w.is_running]
        raise AssertionError(
            f"the app never settled: workers {running}, keys {_keys_idle(pilot.app)}"
        )
    await pilot.pause()


def _keys_idle(app: App[Any]) -> bool:
    """Every key typed ahead has been handled (screens/typeahead.py)."""
    return not isinstance(app, AmendsApp) or app.key_gate.idle


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type into the focused Input or TextArea (in one go: key by key is slow)."""
    focused = pilot.app.focused
    if isinstance(focused, Input):
        focused.insert_text_at_cursor(text)
    elif isinstance(focused, TextArea):
        focused.insert(text)
    else:
        raise AssertionError(f"nothing to type into: {focused!r}")
    await pilot.pause()


async def unlock(pilot: Pilot[Any], passphrase: str = PASSPHRASE, *, home: bool = True) -> None:
    from screens.home import HomeScreen

    await settle(pilot)
    await type_text(pilot, passphrase)
    await pilot.press("enter")
    await settle(pilot)
    if home:
        assert isinstance(pilot.app.screen, HomeScreen), pilot.app.screen


_CELL = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>'
)


def screen_text(app: App[Any]) -> str:
    """What the terminal shows (the active screen, with any screen a dialog covers), as
    plain text: read from Textual's public ``export_screenshot``, one line a row."""
    rows: dict[int, dict[int, str]] = {}
    for x, line, text in _CELL.findall(app.export_screenshot()):
        column = round(float(x) / 12.2)
        for offset, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            if char != "\n":
                rows.setdefault(int(line), {})[column + offset] = char
    return "\n".join(
        "".join(cells.get(i, " ") for i in range(max(cells) + 1)).rstrip() if cells else ""
        for _, cells in sorted(rows.items())
    )


def notices(app: AmendsApp) -> str:
    """Every notification the app has shown (toasts), one a line."""
    return "\n".join(n.message for n in app._notifications)


def cli_list(path: Path, tmp_path: Path, capsys: Any, *extra: str) -> list[dict[str, Any]]:
    """``amends list --json`` on the vault: what the CLI sees."""
    passphrase_file = tmp_path / "passphrase.txt"
    passphrase_file.write_text(PASSPHRASE + "\n")
    capsys.readouterr()
    status = cli.main(
        ["list", "--json", "--vault", str(path), "--passphrase-file", str(passphrase_file), *extra],
        insecure_kdf_for_tests=True,
    )
    captured = capsys.readouterr()
    assert status == 0, captured.err
    result: list[dict[str, Any]] = json.loads(captured.out)
    return result


async def start_flow(pilot: Pilot[Any], flow_id: str) -> None:
    """From the journal: "New", then the flow ``flow_id`` from the list."""
    from textual.widgets import OptionList

    from screens.flow import FlowScreen
    from screens.flow_picker import FlowPicker

    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FlowPicker)
    options = pilot.app.screen.query_one(OptionList)
    options.highlighted = options.get_option_index(flow_id)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FlowScreen)


async def save_with_title(pilot: Pilot[Any], title: str, tags: str = "") -> None:
    """From a step: on to the review, give a title (and tags), save."""
    await pilot.press("ctrl+s")
    await settle(pilot)
    await type_text(pilot, title)
    if tags:
        await pilot.press("enter")
        await type_text(pilot, tags)
    await pilot.press("ctrl+s")
    await settle(pilot)


def stored_entries(path: Path) -> list[Entry]:
    """The entries in the (closed) vault at ``path``, newest first."""
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        return vault.full_entries()


def assert_locked(app: AmendsApp, *secrets: str) -> None:
    """Locked: only the unlock screen, no key, and none of ``secrets`` drawn anywhere."""
    from screens.unlock import UnlockScreen

    assert isinstance(app.screen, UnlockScreen)
    assert not app.session.is_unlocked
    assert not app.session.vault.is_unlocked
    others = [s for s in app.screen_stack if not isinstance(s, UnlockScreen) and s.id != "_default"]
    assert others == []
    drawn = screen_text(app)
    for secret in secrets:
        assert secret not in drawn
