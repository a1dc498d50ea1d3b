"""``python -m benchmarks.run [--quick] [--out DIR]``: measure every budget of issue #6.

Full mode builds (or reuses) vaults of 1,000, 10,000 and 100,000 entries with
production key derivation, an equal jrnl journal when jrnl is installed, runs
each figure several times and prints median, min and max with each budget as a
ratio measured in the same run. ``--quick`` runs everything on tiny vaults with
the test KDF, once: its PASS/FAIL are informative only, and it exits 0 unless
a measurement crashed.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar

from benchmarks import against_jrnl, build, core, pty_startup, tui
from benchmarks import review as review_bench
from benchmarks.build import BuiltVault, Workspace
from benchmarks.measure import LessKdf, ProcessRun, Stat, cpu_snapshot, others_share
from benchmarks.report import count, render
from benchmarks.results import Bench, Plan, Results
from benchmarks.rows import add_rows
from journal.crypto import KdfParams

R = TypeVar("R")

FULL_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (200, 1_000, 2_000)


# ----------------------------------------------------------------- measuring
def measure(bench: Bench) -> Results:
    plan, ws, runs = bench.plan, bench.ws, bench.plan.runs
    params = build.kdf_params(ws)
    vaults = {n: _built(bench, n, params) for n in plan.sizes}
    res = Results(vaults=vaults)
    res.kdf = bench.attempt("kdf", partial(core.kdf, params, max(runs, 3)))
    # Sizes are measured round by round, not one after another: the growth rows (8a-8f)
    # divide one size's median by another's, and this machine drifts over minutes.
    res.lists = _rounds(
        bench, "list", vaults, runs, lambda v: core.list_process(v, ws), core.ListResult.merged
    )
    res.unlocks = _rounds(
        bench, "unlock", vaults, runs, lambda v: core.unlock(v, ws.insecure), LessKdf.merged
    )
    # A query takes ~1 ms at 1,000 entries: more samples at smaller sizes give every size
    # the same sampling time, so 8c and 8d compare medians equally steady.
    samples = {n: runs * (plan.sizes[-1] // n) for n in plan.sizes}
    found = bench.attempt("search", partial(core.searches, vaults, samples, runs, ws.insecure))
    res.searches = {n: (found or {}).get(n) for n in plan.sizes}
    medium = vaults[plan.medium]
    res.save = bench.attempt("save", partial(core.save, medium, plan.saves, ws.insecure, ws.seed))
    largest = vaults[plan.sizes[-1]]
    res.save_largest = bench.attempt(
        "save", partial(core.save, largest, plan.saves, ws.insecure, ws.seed)
    )
    res.rotations = {
        n: bench.attempt(f"rotate@{n}", partial(core.rotate, vaults[n], ws.insecure))
        for n in (plan.medium, plan.sizes[-1])
    }
    res.imports = bench.attempt("import", partial(_imports, bench, params))
    res.review = bench.attempt("review", partial(review_bench.measure, runs))
    _measure_jrnl(bench, res)
    _measure_tui(bench, res)
    return res


def _rounds(
    bench: Bench,
    label: str,
    vaults: dict[int, BuiltVault],
    runs: int,
    once: Callable[[BuiltVault], R],
    merged: Callable[[list[R]], R],
) -> dict[int, R | None]:
    """``once`` for every vault, ``runs`` rounds of it; a size that fails once is an error."""
    found: dict[int, list[R] | None] = {n: [] for n in vaults}
    for _ in range(runs):
        for n, built in vaults.items():
            parts = found[n]
            if parts is not None:
                part = bench.attempt(f"{label}@{n}", partial(once, built))
                found[n] = None if part is None else [*parts, part]
    return {n: None if parts is None else merged(parts) for n, parts in found.items()}


def _built(bench: Bench, n: int, params: KdfParams) -> BuiltVault:
    built = build.vault(bench.ws, n, params)
    if built.build_seconds is None:
        bench.report.note(f"vault {count(n)}: reused {built.path}")
    else:
        rate = n / built.build_seconds
        bench.report.note(
            f"vault {count(n)}: built in {built.build_seconds:.1f} s"
            f" ({rate:,.0f} entries/s sealed and inserted in batches of {build.BATCH:,})"
        )
    return built


def _imports(bench: Bench, params: KdfParams) -> Stat:
    raw = build.import_file(bench.ws, bench.plan.medium).read_bytes()
    return core.import_entries(raw, params, bench.plan.runs, bench.ws.insecure)


def _measure_jrnl(bench: Bench, res: Results) -> None:
    if not bench.plan.jrnl:
        res.jrnl_skip = "jrnl skipped (--no-jrnl)"
        return
    exe = against_jrnl.find(bench.ws)
    if exe is None:
        res.jrnl_skip = "jrnl not installed: SKIP"
        return
    bench.report.note(f"jrnl: {exe} ({against_jrnl.version(exe)})")
    journal = bench.attempt("jrnl", partial(against_jrnl.journal, bench.ws, exe, bench.plan.medium))
    if journal is None:
        return
    if journal.build_seconds is not None:
        bench.report.note(
            f"jrnl journal {count(journal.n)}: built in {journal.build_seconds:.1f} s"
        )
    res.jrnl_runs = bench.attempt("jrnl", partial(_jrnl_runs, journal, bench.plan.runs))
    res.jrnl_kdf = against_jrnl.kdf(max(bench.plan.runs, 3))


def _jrnl_runs(journal: against_jrnl.JrnlJournal, runs: int) -> list[ProcessRun]:
    return [against_jrnl.last_ten(journal) for _ in range(runs)]


def _measure_tui(bench: Bench, res: Results) -> None:
    plan = bench.plan
    if not plan.tui:
        res.tui_skip = "TUI skipped (--no-tui)"
        return
    missing = tui.unavailable()
    if missing:
        res.tui_skip = missing
        return
    medium = res.vaults[plan.medium]
    res.startup = bench.attempt("startup", partial(tui.startup, medium, bench.ws, plan.runs))
    # Alternating pairs, twice the runs: a pty launch is noisier than the headless child.
    pty_runs = max(plan.runs * 2, 3)
    config = bench.ws.out / "pty-config"
    # Outside the checkout: install_wheel copies it (bench-out is often inside it).
    with tempfile.TemporaryDirectory(prefix="amends-wheel-") as scratch:
        installed = bench.attempt("wheel", partial(pty_startup.install_wheel, Path(scratch)))
        if installed is not None:
            res.pty_startup = bench.attempt(
                "pty start-up",
                partial(pty_startup.measure, medium.path, pty_runs, config, installed),
            )
    res.pty_editable = bench.attempt(
        "pty start-up (editable)", partial(pty_startup.measure, medium.path, pty_runs, config)
    )
    res.homes = {
        n: bench.attempt(
            f"tui@{n}", partial(tui.home, res.vaults[n], bench.ws, plan.runs, n == plan.medium)
        )
        for n in (plan.medium, plan.large)
    }
    res.importtime = bench.attempt("importtime", tui.importtime)
    if res.importtime is not None:
        for line in tui.importtime_lines(res.importtime):
            bench.report.note(line)


# ----------------------------------------------------------------------- CLI
def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="tiny vaults, test KDF, one run (CI)")
    parser.add_argument("--out", type=Path, help="cache and scratch folder (default: bench-out/)")
    parser.add_argument("--runs", type=int, help="runs per figure (default: 5; quick: 1)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default: 1)")
    parser.add_argument("--sizes", help="three vault sizes, e.g. 1000,10000,100000")
    parser.add_argument("--no-jrnl", action="store_true", help="skip the jrnl comparison")
    parser.add_argument("--no-tui", action="store_true", help="skip the TUI figures")
    return parser.parse_args(argv)


def make_plan(args: argparse.Namespace) -> Plan:
    sizes = _sizes(args.sizes) if args.sizes else QUICK_SIZES if args.quick else FULL_SIZES
    runs = args.runs or (1 if args.quick else 5)
    return Plan(
        quick=args.quick,
        runs=runs,
        saves=5 if args.quick else 30,
        sizes=sizes,
        jrnl=not args.no_jrnl,
        tui=not args.no_tui,
    )


def _sizes(text: str) -> tuple[int, int, int]:
    parsed = [int(s) for s in text.split(",")]
    if len(parsed) != 3 or not parsed[0] < parsed[1] < parsed[2]:
        raise SystemExit("--sizes takes three increasing numbers, e.g. 1000,10000,100000")
    return parsed[0], parsed[1], parsed[2]


def _title(plan: Plan) -> str:
    if plan.quick:
        return (
            f"amends benchmark, QUICK mode (test KDF, sizes {', '.join(map(count, plan.sizes))},"
            f" {plan.runs} run): PASS/FAIL are informative only"
        )
    return (
        f"amends benchmark (sizes {', '.join(map(count, plan.sizes))}, {plan.runs} runs each;"
        " median with min and max)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    plan = make_plan(args)
    out = (args.out or Path("bench-out") / ("quick" if plan.quick else "")).resolve()
    ws = Workspace(out=out, seed=args.seed, insecure=plan.quick)
    out.mkdir(parents=True, exist_ok=True)
    lock = _lock_out(out)
    if lock is None:
        print(f"another benchmark run is using {out}; wait for it, or give --out", file=sys.stderr)
        return 2
    start = time.perf_counter()
    version = _code_version()
    before = cpu_snapshot()
    bench = Bench(plan, ws)
    res = measure(bench)
    add_rows(bench, res)
    _note_load(bench, others_share(before, cpu_snapshot(), _cpus()))
    params = next(iter(res.vaults.values())).params
    bench.report.note(
        "“− KDF”: each run less the Argon2id time measured inside that same run"
        " (journal.crypto.derive_key timed in process); 2a is a separate measurement"
    )
    bench.report.note(
        f"KDF: Argon2id m={params.memory_kib:,} KiB t={params.iterations} p={params.lanes}"
        f"{' (test parameters)' if ws.insecure else ' (calibrated on this machine, cached)'}"
    )
    bench.report.note(_version_line(version, _code_version()))
    bench.report.note(
        f"Python {platform.python_version()} on {platform.machine()}, {_cpus()} CPUs;"
        f" total {time.perf_counter() - start:.0f} s; cache {out}"
    )
    text = render(bench.report, title=_title(plan))
    print(text)
    (out / "last-report.txt").write_text(text + "\n")
    failed = any(r.verdict == "FAIL" for r in bench.report.rows)
    return 1 if bench.report.errors or (failed and not plan.quick) else 0


def _lock_out(out: Path) -> int | None:
    """An exclusive lock on the output folder: two runs would share (and lock) its vaults."""
    fd = os.open(out / ".lock", os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _cpus() -> int:
    return os.cpu_count() or 1


def _code_version() -> str:
    """The commit, and a fingerprint of journal/ and screens/ as they are on disk (read-only git).

    The fingerprint hashes those folders' committed trees and any uncommitted changes, so
    commits elsewhere (tests, docs) do not count as a change of the measured code.
    """
    repo = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown commit"
    changed = git("diff", "HEAD", "--", "journal", "screens") + git(
        "status", "--porcelain", "--untracked-files=all", "--", "journal", "screens"
    )
    trees = git("rev-parse", "HEAD:journal", "HEAD:screens")
    fingerprint = hashlib.sha256((trees + changed).encode()).hexdigest()[:8]
    dirty = " + uncommitted changes" if changed else ""
    return f"{commit}{dirty} (journal/ and screens/ {fingerprint})"


def _version_line(start: str, end: str) -> str:
    if start.split("(")[-1] == end.split("(")[-1]:
        return f"code measured: {end}"
    return f"WARNING: the code changed during the run ({start} → {end}); figures mix versions"


def _note_load(bench: Bench, share: float) -> None:
    """Other processes' CPU use during the run: a busy machine makes every figure noisy."""
    line = f"other processes used {share:.0%} of the machine's CPU during the run"
    if share > 0.1:
        line = f"WARNING: {line}; the figures are noisy, run again on a quiet machine"
    bench.report.note(line)


if __name__ == "__main__":
    sys.exit(main())
