"""TUI figures, each run in a fresh child process (``benchmarks.tui_child``).

- Start-up: process spawn → first frame with a focused Input, for a bare
  Textual app with one Input and for ``AmendsApp``'s unlock screen, measured
  the same way (headless ``App.run`` with an autopilot that exits at once).
- Home: Enter on the unlock screen → home list painted, memory with the home
  list up, and keystroke → list repainted in the home search.
- ``python -X importtime -c "import screens.app"``: the heaviest imports, and
  whether any storage module is among them.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.build import BuiltVault, Workspace
from benchmarks.measure import LessKdf, Stat, run_process
from benchmarks.tui_child import STORAGE_MODULES

_CHILD = [sys.executable, "-m", "benchmarks.tui_child"]
_REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class StartupResults:
    bare: Stat
    amends: Stat
    #: Storage modules loaded (by any thread) when the unlock screen's first frame was drawn.
    storage_modules: list[str]


@dataclass(frozen=True)
class HomeResults:
    enter_to_home: LessKdf
    peak_rss: Stat
    rss_after: Stat
    keystroke: Stat | None
    echo: Stat | None
    #: Peak resident size through the search keystrokes (the index built), when typed.
    peak_searched: Stat | None
    rows: int


def unavailable() -> str:
    """Why the TUI can't be measured, or '' when it can."""
    try:
        found = importlib.util.find_spec("screens.app")
    except ImportError:
        found = None
    return "" if found is not None else "screens.app not available: SKIP"


def _child(mode: str, ws: Workspace, *args: str) -> tuple[float, dict[str, Any]]:
    """Run one child; returns (the monotonic time it was spawned, what it wrote)."""
    with tempfile.TemporaryDirectory(prefix="amends-bench-") as tmp:
        out = Path(tmp) / "result.json"
        cmd = [*_CHILD, mode, "--out", str(out), "--config-dir", str(Path(tmp) / "config"), *args]
        if ws.insecure:
            cmd.append("--insecure")
        run = run_process(cmd, cwd=_REPO)
        return run.started, json.loads(out.read_text())


def startup(built: BuiltVault, ws: Workspace, runs: int) -> StartupResults:
    """Alternate bare and amends runs, so drift in the machine hits both alike."""
    bare: list[float] = []
    amends: list[float] = []
    storage: set[str] = set()
    for _ in range(runs):
        start, found = _child("startup", ws, "--app", "bare")
        bare.append(found["ready"] - start)
        start, found = _child("startup", ws, "--app", "amends", "--vault", str(built.path))
        amends.append(found["ready"] - start)
        storage.update(found["storage"])
    return StartupResults(Stat(tuple(bare)), Stat(tuple(amends)), sorted(storage))


def home(built: BuiltVault, ws: Workspace, runs: int, keystrokes: bool) -> HomeResults:
    """Unlock → home painted (and memory, and keystrokes when asked), ``runs`` times."""
    args = ["--vault", str(built.path), "--passphrase-file", str(ws.passphrase_file)]
    if keystrokes:
        args.append("--keystrokes")
    results = [_child("home", ws, *args)[1] for _ in range(runs)]
    for found in results:
        if found["rows"] != built.n:
            raise RuntimeError(f"the home list showed {found['rows']} of {built.n} entries")
    typed = [s for found in results for s in found.get("keystrokes", [])]
    echoed = [s for found in results for s in found.get("echoes", [])]
    return HomeResults(
        enter_to_home=LessKdf(
            Stat(tuple(f["enter_to_home"] for f in results)), Stat(tuple(f["kdf"] for f in results))
        ),
        peak_rss=Stat(tuple(float(f["peak_rss"]) for f in results)),
        rss_after=Stat(tuple(float(f["rss_after"]) for f in results)),
        keystroke=Stat(tuple(typed)) if typed else None,
        echo=Stat(tuple(echoed)) if echoed else None,
        peak_searched=Stat(tuple(float(f["peak_searched"]) for f in results)) if echoed else None,
        rows=results[0]["rows"],
    )


_IMPORTTIME = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


@dataclass(frozen=True)
class ImportTime:
    #: (cumulative µs, self µs, module) for every module ``import MODULE`` brought in.
    modules: list[tuple[int, int, str]]
    storage: list[str]

    @property
    def total_us(self) -> int:
        return sum(own for _, own, _ in self.modules)


def importtime(module: str = "screens.app") -> ImportTime:
    """``python -X importtime -c "import MODULE"``: what that import loads, and its cost."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        cwd=_REPO,
        check=True,
    )
    rows = [m.groups() for m in map(_IMPORTTIME.match, proc.stderr.splitlines()) if m]
    # Post-order: MODULE's subtree is the block of lines that ends with MODULE at depth 1,
    # after the interpreter's own start-up imports (also at depth 1).
    end = next(
        i for i, (_, _, indent, name) in enumerate(rows) if name == module and len(indent) == 1
    )
    start = max((i + 1 for i, r in enumerate(rows[:end]) if len(r[2]) == 1), default=0)
    modules = [(int(cum), int(own), name) for own, cum, _, name in rows[start : end + 1]]
    storage = sorted(name for _, _, name in modules if name in STORAGE_MODULES)
    return ImportTime(modules=modules, storage=storage)


def importtime_lines(found: ImportTime, limit: int = 12) -> list[str]:
    """The heaviest imports by cumulative time (nested ones included, as importtime shows)."""
    lines = [f"python -X importtime -c 'import screens.app': {found.total_us / 1000:.0f} ms in all"]
    lines += [
        f"  {cum / 1000:7.1f} ms cumulative  {own / 1000:6.1f} ms self  {name}"
        for cum, own, name in sorted(found.modules, reverse=True)[:limit]
    ]
    return lines
