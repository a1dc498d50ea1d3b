"""The printed table: one row per figure, median with min and max, budget and verdict."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from benchmarks.measure import Stat

Unit = Literal["s", "bytes", "x", "text"]
Verdict = Literal["PASS", "FAIL", "INFO", "SKIP", "ERROR"]

MIB = 1024 * 1024


@dataclass(frozen=True)
class Row:
    key: str
    name: str
    n: str = ""
    stat: Stat | None = None
    unit: Unit = "s"
    budget: str = ""
    measured: str = ""
    verdict: Verdict = "INFO"


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)

    def note(self, line: str) -> None:
        self.details.append(line)

    @property
    def errors(self) -> list[Row]:
        return [r for r in self.rows if r.verdict == "ERROR"]


def verdict(ok: bool) -> Verdict:
    return "PASS" if ok else "FAIL"


def count(n: int) -> str:
    return f"{n:,}"


def fmt(value: float, unit: Unit) -> str:
    """One value in its unit: milliseconds below 10 s, MiB for memory, × for ratios."""
    if math.isnan(value):
        return "n/a"
    if unit == "bytes":
        return f"{value / MIB:.1f} MiB"
    if unit == "x":
        return f"{value:.2f}×"
    if abs(value) >= 10:
        return f"{value:.1f} s"
    ms = value * 1000
    return f"{ms:.2f} ms" if abs(ms) < 10 else f"{ms:.0f} ms"


_COLUMNS = ("#", "figure", "n", "median", "min", "max", "budget", "measured", "result")


def _cells(row: Row) -> tuple[str, ...]:
    stat = row.stat
    if stat is None or row.unit == "text":
        numbers = ("", "", "")
    else:
        numbers = (fmt(stat.median, row.unit), fmt(stat.min, row.unit), fmt(stat.max, row.unit))
    return (row.key, row.name, row.n, *numbers, row.budget, row.measured, row.verdict)


def render(report: Report, *, title: str) -> str:
    """The table as aligned plain text, then the details."""
    table = [_COLUMNS, *(_cells(r) for r in report.rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(_COLUMNS))]
    right = {3, 4, 5}
    lines = [title, ""]
    for cells in table:
        padded = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        lines.append("  ".join(padded).rstrip())
        if cells is _COLUMNS:
            lines.append("  ".join("-" * w for w in widths))
    if report.details:
        lines += ["", "Details", "-------", *report.details]
    return "\n".join(lines)
