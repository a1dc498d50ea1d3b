"""Timing helpers: repeated samples, and child processes timed with their peak memory."""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

#: A child process that runs longer than this is killed and reported as an error.
PROCESS_TIMEOUT = 600.0


@dataclass(frozen=True)
class Stat:
    """Samples of one figure, in its unit (seconds, or bytes for memory)."""

    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def min(self) -> float:
        return min(self.samples)

    @property
    def max(self) -> float:
        return max(self.samples)

    @staticmethod
    def merged(parts: Sequence[Stat]) -> Stat:
        return Stat(tuple(s for part in parts for s in part.samples))

    def minus(self, offset: float) -> Stat:
        """Every sample less a constant (a separately measured KDF time)."""
        return Stat(tuple(s - offset for s in self.samples))


@dataclass(frozen=True)
class LessKdf:
    """Per-run totals, and the seconds of key derivation inside each of those runs."""

    total: Stat
    kdf: Stat

    @property
    def net(self) -> Stat:
        """Each run less its own key derivation."""
        pairs = zip(self.total.samples, self.kdf.samples, strict=True)
        return Stat(tuple(total - kdf for total, kdf in pairs))

    @staticmethod
    def merged(parts: Sequence[LessKdf]) -> LessKdf:
        """The runs of every part, as one figure."""
        return LessKdf(Stat.merged([p.total for p in parts]), Stat.merged([p.kdf for p in parts]))


def repeat(sample: Callable[[], float], runs: int) -> Stat:
    """Call ``sample`` ``runs`` times; each call returns one measured value."""
    return Stat(tuple(sample() for _ in range(runs)))


def timed(func: Callable[[], object]) -> float:
    """Seconds that one call of ``func`` takes."""
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


@dataclass(frozen=True)
class ProcessRun:
    #: Monotonic (``time.perf_counter``) time just before the command was spawned.
    started: float
    seconds: float
    #: The command's own peak resident set (``ru_maxrss`` from wait4), in bytes.
    peak_rss: int
    stdout: str


class ProcessFailed(RuntimeError):
    """A measured child process exited non-zero."""


_SPAWN = Path(__file__).with_name("spawn.py")


def run_process(
    cmd: Sequence[str],
    *,
    stdin: bytes = b"",
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> ProcessRun:
    """Run ``cmd`` once: wall time from spawn to exit, and its own peak RSS.

    The command is started by ``benchmarks/spawn.py``, a small fresh process,
    so its peak RSS is its own and not inherited from this (large) process.
    It gets its own session (no controlling terminal), so a password prompt
    reads ``stdin`` instead of the terminal.
    """
    with tempfile.TemporaryDirectory(prefix="amends-bench-") as tmp:
        folder = Path(tmp)
        (folder / "stdin").write_bytes(stdin)
        spec = {
            "cmd": list(cmd),
            "timeout": PROCESS_TIMEOUT,
            **{name: str(folder / name) for name in ("stdin", "stdout", "stderr")},
        }
        (folder / "spec.json").write_text(json.dumps(spec))
        launcher = subprocess.run(
            [sys.executable, str(_SPAWN), str(folder / "spec.json")],
            capture_output=True,
            text=True,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            check=True,
        )
        found = json.loads(launcher.stdout)
        out = (folder / "stdout").read_text("utf-8", "replace")
        if found["returncode"] != 0:
            err = (folder / "stderr").read_text("utf-8", "replace").strip().splitlines()
            raise ProcessFailed(f"{cmd[0]} exited {found['returncode']}: {' | '.join(err[-3:])}")
    return ProcessRun(found["started"], found["seconds"], found["peak_rss"], out)


def growth_per_10x(n1: int, t1: float, n2: int, t2: float) -> float:
    """How many times ``t`` grows per 10× more entries, from two sizes (power law fit)."""
    if t1 <= 0 or t2 <= 0:
        return math.nan
    exponent = math.log(t2 / t1) / math.log(n2 / n1)
    return float(10**exponent)


@dataclass(frozen=True)
class CpuSnapshot:
    """Machine-wide busy CPU time and this process tree's CPU time, in seconds."""

    machine_busy: float
    ours: float
    wall: float


def cpu_snapshot() -> CpuSnapshot:
    """From /proc/stat (Linux) and ``os.times`` (ours, with waited-for children)."""
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    ticks = os.sysconf("SC_CLK_TCK")
    mine = os.times()
    ours = mine.user + mine.system + mine.children_user + mine.children_system
    return CpuSnapshot((sum(fields[:8]) - idle) / ticks, ours, time.perf_counter())


def others_share(before: CpuSnapshot, after: CpuSnapshot, cpus: int) -> float:
    """Fraction of the machine's CPU capacity used by other processes between two snapshots."""
    others = (after.machine_busy - before.machine_busy) - (after.ours - before.ours)
    capacity = (after.wall - before.wall) * cpus
    return max(0.0, others / capacity) if capacity > 0 else 0.0
