"""Child processes for the TUI figures; ``benchmarks.tui`` runs and reads them.

``startup``: start a Textual app headless (the bare one-Input app, or
``AmendsApp`` on a vault, both the same way) and write the monotonic time at
which its first frame with a focused Input was drawn, and which storage modules
were loaded by then. ``home``: unlock ``AmendsApp`` with the passphrase, time
Enter → home list painted, record memory, then time keystrokes in the search.

Only the standard library is imported at module level: the apps import the
rest themselves, so the start-up figures count every import they make.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

#: What "the storage stack" means for the first-frame check.
STORAGE_MODULES = ("journal.vault", "journal.tables", "sqlalchemy", "sqlmodel", "pydantic")
SIZE = (120, 40)
#: The search typed on the home screen, one keystroke at a time.
TYPED = "apologised"
WAIT = 120.0


def storage_loaded() -> list[str]:
    """Top-level storage modules present in ``sys.modules`` now."""
    return sorted(name for name in STORAGE_MODULES if name in sys.modules)


def rss_now() -> int:
    """Resident set size now, in bytes (Linux /proc)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


async def until(condition: Any, what: str, timeout: float = WAIT, step: float = 0.0005) -> None:
    """Poll ``condition()`` on the app's event loop until it holds."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(step)


class PaintClock:
    """When frames are drawn: wraps the app's ``_display`` (Textual calls it with each
    composited update; headless, it then writes nothing).

    ``arm(condition)`` then ``await painted()``: the time at the end of the first frame
    drawn while ``condition()`` holds, i.e. the first frame that shows that state.
    """

    def __init__(self, app: Any) -> None:
        self._condition: Any = None
        self._when: float | None = None
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is not None and self._condition is not None and self._condition():
                self._when = time.perf_counter()
                self._condition = None

        app._display = display

    def arm(self, condition: Any) -> None:
        self._condition, self._when = condition, None

    async def painted(self, what: str, timeout: float = WAIT) -> float:
        await until(lambda: self._when is not None, what, timeout)
        assert self._when is not None
        return self._when


# ------------------------------------------------------------------- start-up
def bare_app() -> Any:
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Input(password=True, placeholder="Passphrase")

    return Bare()


def amends_app(args: argparse.Namespace) -> Any:
    from screens.app import AmendsApp

    return AmendsApp(
        Path(args.vault), insecure_kdf_for_tests=args.insecure, config_dir=Path(args.config_dir)
    )


def focused_input_drawn(app: Any) -> bool:
    """An Input has focus and sits in the current screen's drawn layout."""
    from textual.widgets import Input

    focused = app.focused
    if not isinstance(focused, Input) or focused.screen is not app.screen:
        return False
    try:
        app.screen.find_widget(focused)
    except Exception:  # not laid out yet (textual.errors.NoWidget)
        return False
    return True


def startup(args: argparse.Namespace) -> dict[str, Any]:
    app = bare_app() if args.app == "bare" else amends_app(args)
    clock = PaintClock(app)
    clock.arm(lambda: focused_input_drawn(app))
    found: dict[str, Any] = {}

    async def pilot(p: Any) -> None:
        found["ready"] = await clock.painted("a focused Input")
        found["storage"] = storage_loaded()
        p.app.exit()

    app.run(headless=True, size=SIZE, auto_pilot=pilot)
    if "ready" not in found:
        raise SystemExit(f"the {args.app} app exited before its first frame")
    return found


# ----------------------------------------------------------------------- home
def entry_list(app: Any) -> Any | None:
    """The home list widget, when the current screen has one with entries."""
    for widget in app.screen.query("EntryList"):
        if len(widget.entries) > 0:
            return widget
    return None


async def unlock_to_home(
    pilot: Any, clock: PaintClock, kdf: Any, passphrase: str
) -> tuple[float, Any]:
    """Type the passphrase, press Enter; seconds until the home list is painted.

    ``kdf`` (a ``KdfTimer``) is reset at Enter, so it then holds this unlock's Argon2id.
    """
    from textual import events
    from textual.widgets import Input

    app = pilot.app
    await until(lambda: focused_input_drawn(app), "the unlock screen")
    # A person takes seconds to type: let the start-up worker open the vault first.
    await app.workers.wait_for_complete()
    field = app.focused
    assert isinstance(field, Input)
    field.value = passphrase
    await pilot.pause()
    clock.arm(lambda: entry_list(app) is not None)
    kdf.take()
    start = time.perf_counter()
    app.post_message(events.Key("enter", "\r"))
    seconds = await clock.painted("the home list") - start
    return seconds, entry_list(app)


async def keystrokes(pilot: Any, clock: PaintClock, widget: Any) -> tuple[list[float], list[float]]:
    """Per typed character: seconds until a frame shows it in the search field, and
    until a frame shows the list with its new results."""
    from textual import events
    from textual.widgets import Input

    app = pilot.app
    await pilot.press("slash")
    await until(lambda: isinstance(app.focused, Input), "the search field")
    field = app.focused
    echoes, lists = [], []
    for char in TYPED:
        await pilot.pause()
        before, typed = widget.entries, field.value + char
        clock.arm(lambda t=typed: field.value == t)
        start = time.perf_counter()
        app.post_message(events.Key(char, char))
        echoes.append(await clock.painted(f"the echo of {char!r}", 10.0) - start)
        clock.arm(lambda b=before: widget.entries is not b)
        lists.append(await clock.painted(f"the list after {char!r}", 10.0) - start)
    return echoes, lists


def home(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.kdf_timer import KdfTimer

    passphrase = Path(args.passphrase_file).read_text().splitlines()[0]
    app = amends_app(args)
    clock = PaintClock(app)
    kdf = KdfTimer()
    kdf.install()
    found: dict[str, Any] = {}

    async def drive() -> None:
        async with app.run_test(headless=True, size=SIZE) as pilot:
            seconds, widget = await unlock_to_home(pilot, clock, kdf, passphrase)
            found.update(
                enter_to_home=seconds,
                kdf=kdf.take(),
                rows=len(widget.entries),
                peak_rss=peak_rss(),
                rss_after=rss_now(),
            )
            if args.keystrokes:
                found["echoes"], found["keystrokes"] = await keystrokes(pilot, clock, widget)
                found["peak_searched"] = peak_rss()
            app.exit()

    asyncio.run(drive())
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("startup", "home"))
    parser.add_argument("--app", choices=("bare", "amends"), default="amends")
    parser.add_argument("--vault", default="")
    parser.add_argument("--passphrase-file", default="")
    parser.add_argument("--config-dir", default="")
    parser.add_argument("--insecure", action="store_true")
    parser.add_argument("--keystrokes", action="store_true")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    result = startup(args) if args.mode == "startup" else home(args)
    Path(args.out).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
