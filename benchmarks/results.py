"""What a benchmark run plans, measures and keeps: shared by ``run`` and ``rows``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from benchmarks import core, pty_startup, tui
from benchmarks import review as review_bench
from benchmarks.build import BuiltVault, Workspace
from benchmarks.measure import LessKdf, ProcessRun, Stat
from benchmarks.pty_startup import PtyStartup
from benchmarks.report import Report, Row

T = TypeVar("T")


@dataclass(frozen=True)
class Plan:
    quick: bool
    runs: int
    saves: int
    sizes: tuple[int, int, int]
    jrnl: bool
    tui: bool

    @property
    def small(self) -> int:
        return self.sizes[0]

    @property
    def medium(self) -> int:
        return self.sizes[1]

    @property
    def large(self) -> int:
        return self.sizes[2]


class Bench:
    """Runs the measurements, keeping each one's result or the error that stopped it."""

    def __init__(self, plan: Plan, ws: Workspace) -> None:
        self.plan = plan
        self.ws = ws
        self.report = Report()
        self.failures: dict[str, str] = {}

    def attempt(self, label: str, func: Callable[[], T]) -> T | None:
        try:
            return func()
        except Exception as exc:
            self.failures[label] = f"{type(exc).__name__}: {exc}"
            self.report.note(f"ERROR in {label}: {self.failures[label]}")
            return None

    def error_row(self, key: str, name: str, label: str, n: str = "") -> Row:
        reason = self.failures.get(label, "not measured")
        return Row(key, name, n, measured=reason[:60], verdict="ERROR")


@dataclass
class Results:
    """Everything measured; None where a measurement failed or was skipped."""

    vaults: dict[int, BuiltVault]
    kdf: Stat | None = None
    lists: dict[int, core.ListResult | None] | None = None
    unlocks: dict[int, LessKdf | None] | None = None
    searches: dict[int, core.SearchResult | None] | None = None
    save: Stat | None = None
    #: save_entry into the largest vault, and passphrase rotations by size.
    save_largest: Stat | None = None
    rotations: dict[int, core.Rotation | None] | None = None
    imports: Stat | None = None
    jrnl_runs: list[ProcessRun] | None = None
    jrnl_kdf: Stat | None = None
    jrnl_skip: str = ""
    startup: tui.StartupResults | None = None
    pty_startup: pty_startup.PtyStartup | None = None
    #: The same against this checkout's editable console script (no bytecode here).
    pty_editable: PtyStartup | None = None
    importtime: tui.ImportTime | None = None
    homes: dict[int, tui.HomeResults | None] | None = None
    tui_skip: str = ""
    review: review_bench.ReviewResult | None = None
