"""The table's rows, from what was measured: values, budgets and verdicts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from benchmarks import corpus
from benchmarks import review as review_bench
from benchmarks.measure import ProcessRun, Stat, growth_per_10x
from benchmarks.report import MIB, Row, Verdict, count, fmt, verdict
from benchmarks.results import Bench, Results

#: Growth budget per 10× entries: linear (10×) plus 20% for noise.
GROWTH_LIMIT = 12.0


def _secs(runs: list[ProcessRun]) -> Stat:
    return Stat(tuple(r.seconds for r in runs))


def _peaks(runs: list[ProcessRun]) -> Stat:
    return Stat(tuple(float(r.peak_rss) for r in runs))


def _timed(key: str, name: str, n: str, stat: Stat, limit: float, budget: str) -> Row:
    """A row whose budget is a median time of at most ``limit`` seconds."""
    measured, ok = fmt(stat.median, "s"), verdict(stat.median <= limit)
    return Row(key, name, n, stat=stat, budget=budget, measured=measured, verdict=ok)


def add_rows(bench: Bench, res: Results) -> None:
    for section in (
        _startup_rows,
        _list_rows,
        _unlock_rows,
        _search_rows,
        _write_rows,
        _review_rows,
        _memory_rows,
        _growth_rows,
    ):
        section(bench, res)
    bench.report.rows.sort(key=lambda r: r.key)


def _skip(key: str, name: str, reason: str, n: str = "") -> Row:
    return Row(key, name, n, measured=reason, verdict="SKIP")


def _modules(names: list[str]) -> str:
    return ", ".join(names[:3]) + (" …" if len(names) > 3 else "") if names else "none"


def _startup_rows(bench: Bench, res: Results) -> None:
    add = bench.report.add
    names = (
        ("1a", "start-up to focused Input: bare Textual app"),
        ("1b", "start-up to focused Input: amends unlock screen"),
        ("1c", "storage modules imported by `import screens.app`"),
        ("1d", "storage modules loaded at the first frame"),
    )
    if res.tui_skip:
        for key, name in names:
            add(_skip(key, name, res.tui_skip))
        return
    if res.importtime is None:
        add(bench.error_row(*names[2], "importtime"))
    else:
        loaded = res.importtime.storage
        add(
            Row(
                *names[2],
                unit="text",
                budget="none",
                measured=_modules(loaded),
                verdict=verdict(not loaded),
            )
        )
    if res.startup is None:
        for key, name in (names[0], names[1], names[3]):
            add(bench.error_row(key, name, "startup"))
        return
    bare, amends, loaded = res.startup.bare, res.startup.amends, res.startup.storage_modules
    ratio = amends.median / bare.median
    add(Row(*names[0], stat=bare))
    add(
        Row(
            *names[1],
            stat=amends,
            budget="≤ 1.20× bare",
            measured=f"{ratio:.2f}×",
            verdict=verdict(ratio <= 1.2),
        )
    )
    add(
        Row(
            *names[3],
            unit="text",
            budget="none",
            measured=_modules(loaded),
            verdict=verdict(not loaded),
        )
    )
    _pty_rows(bench, res)


def _pty_rows(bench: Bench, res: Results) -> None:
    """1e–1g: spawn → a typeable passphrase field, in a pseudo-terminal, as users launch
    it (the console script of an installed wheel) against the bare app launched the same
    way (a console script of its own on the same interpreter); 1g is this checkout's
    editable script, which may have no bytecode. 1e is the bare app beside 1f."""
    bare = ("1e", "pty: spawn → typeable, bare Textual app")
    runs = (
        ("1f", "pty: spawn → typeable, `amends` installed from a wheel", res.pty_startup),
        ("1g", "pty: spawn → typeable, `amends` editable checkout", res.pty_editable),
    )
    first = res.pty_startup or res.pty_editable
    if first is None:
        bench.report.add(bench.error_row(*bare, "pty start-up"))
    else:
        bench.report.add(Row(*bare, stat=first.bare))
    for key, name, found in runs:
        if found is None:
            bench.report.add(bench.error_row(key, name, "pty start-up"))
            continue
        bench.report.add(
            Row(
                key,
                name,
                stat=found.amends,
                budget="≤ 1.20× bare" if key == "1f" else "",
                measured=f"{found.ratio:.2f}×",
                verdict=verdict(found.ratio <= 1.2) if key == "1f" else "INFO",
            )
        )
        pairs = found.pair_ratios
        bench.report.note(
            f"pty start-up {key}: load average {found.load[0]:.2f} before, "
            f"{found.load[1]:.2f} after; bare median {found.bare.median * 1000:.0f} ms "
            f"({found.bare.min * 1000:.0f}–{found.bare.max * 1000:.0f}), amends "
            f"{found.amends.median * 1000:.0f} ms ({found.amends.min * 1000:.0f}–"
            f"{found.amends.max * 1000:.0f}); each pair's amends ÷ bare: median "
            f"{pairs.median:.2f}× ({pairs.min:.2f}–{pairs.max:.2f}×)"
        )


def _list_rows(bench: Bench, res: Results) -> None:
    add, plan = bench.report.add, bench.plan
    n = count(plan.medium)
    found = res.lists.get(plan.medium) if res.lists else None
    kdf_name = "Argon2id key derivation (vault's parameters)"
    add(
        bench.error_row("2a", kdf_name, "kdf")
        if res.kdf is None
        else Row("2a", kdf_name, stat=res.kdf)
    )
    if found is None:
        add(bench.error_row("2b", "amends list, whole process", f"list@{plan.medium}", n))
    else:
        add(Row("2b", "amends list, whole process", n, stat=found.time.total))
    if res.jrnl_skip or res.jrnl_runs is None or res.jrnl_kdf is None:
        reason = res.jrnl_skip or bench.failures.get("jrnl", "not measured")
        verdict_: Verdict = "SKIP" if res.jrnl_skip else "ERROR"
        add(Row("2c", "jrnl -n 10, whole process", n, measured=reason[:60], verdict=verdict_))
        add(
            Row(
                "2d",
                "PBKDF2-HMAC-SHA256 ×100k (jrnl's KDF)",
                measured=reason[:60],
                verdict=verdict_,
            )
        )
        ours = found.time.net if found else None
        add(
            Row(
                "2e",
                "list − KDF: amends ÷ jrnl",
                n,
                stat=ours,
                budget="≤ 0.50× jrnl − KDF",
                measured=reason[:60],
                verdict=verdict_,
            )
        )
        return
    jrnl = _secs(res.jrnl_runs)
    add(Row("2c", "jrnl -n 10, whole process", n, stat=jrnl))
    add(Row("2d", "PBKDF2-HMAC-SHA256 ×100k (jrnl's KDF)", stat=res.jrnl_kdf))
    if found is None:
        add(bench.error_row("2e", "list − KDF: amends ÷ jrnl", f"list@{plan.medium}", n))
        return
    ours = found.time.net
    theirs = jrnl.median - res.jrnl_kdf.median
    ratio = ours.median / theirs
    add(
        Row(
            "2e",
            "list − KDF: amends ÷ jrnl",
            n,
            stat=ours,
            budget="≤ 0.50× jrnl − KDF",
            measured=f"{ratio:.2f}× of {fmt(theirs, 's')}",
            verdict=verdict(ratio <= 0.5),
        )
    )


def _unlock_rows(bench: Bench, res: Results) -> None:
    add, plan = bench.report.add, bench.plan
    budgets = ((plan.medium, 0.3, "KDF + ≤ 300 ms"), (plan.large, 1.5, "KDF + ≤ 1.5 s"))
    for (n, limit, budget), key in zip(budgets, ("3a", "3b"), strict=True):
        name = "unlock, core: open + unlock − KDF"
        found = res.unlocks.get(n) if res.unlocks else None
        if found is None:
            add(bench.error_row(key, name, f"unlock@{n}", count(n)))
            continue
        add(_timed(key, name, count(n), found.net, limit, budget))
    for (n, limit, budget), key in zip(budgets, ("3c", "3d"), strict=True):
        name = "TUI: Enter → home list painted − KDF"
        home = res.homes.get(n) if res.homes else None
        if res.tui_skip:
            add(_skip(key, name, res.tui_skip, count(n)))
        elif home is None:
            add(bench.error_row(key, name, f"tui@{n}", count(n)))
        else:
            add(_timed(key, name, count(n), home.enter_to_home.net, limit, budget))


def _search_rows(bench: Bench, res: Results) -> None:
    add, plan = bench.report.add, bench.plan
    name = f"search, per query ({len(corpus.QUERIES)} queries)"
    for n, limit, key in ((plan.medium, 0.02, "4a"), (plan.large, 0.2, "4b")):
        found = res.searches.get(n) if res.searches else None
        if found is None:
            add(bench.error_row(key, name, "search", count(n)))
            continue
        add(_timed(key, name, count(n), found.pooled, limit, f"≤ {limit * 1000:.0f} ms"))
    for n, found in (res.searches or {}).items():
        if found is not None:
            per_query = ", ".join(
                f"{q!r} {fmt(s.median, 's')} ({found.hits[q]:,} hits)"
                for q, s in found.per_query.items()
            )
            bench.report.note(
                f"search @{count(n)}: first after unlock {fmt(found.first, 's')} (builds any"
                f" index); then {per_query}"
            )
    _keystroke_rows(bench, res)


def _keystroke_rows(bench: Bench, res: Results) -> None:
    add, n = bench.report.add, count(bench.plan.medium)
    names = (("4c", "TUI: keystroke → list repainted"), ("4d", "TUI: keystroke → echoed in search"))
    home = res.homes.get(bench.plan.medium) if res.homes else None
    for (key, name), stat in zip(
        names, (home.keystroke, home.echo) if home else (None, None), strict=True
    ):
        if res.tui_skip:
            add(_skip(key, name, res.tui_skip, n))
        elif stat is None:
            add(bench.error_row(key, name, f"tui@{bench.plan.medium}", n))
        elif key == "4c":
            add(_timed(key, name, n, stat, 0.05, "< 50 ms"))
        else:
            add(Row(key, name, n, stat=stat))


def _write_rows(bench: Bench, res: Results) -> None:
    add, n = bench.report.add, count(bench.plan.medium)
    if res.save is None:
        add(bench.error_row("5", "save_entry: seal + durable commit", "save", n))
    else:
        add(_timed("5", "save_entry: seal + durable commit", n, res.save, 0.02, "≤ 20 ms"))
    largest = count(bench.plan.sizes[-1])
    if res.save_largest is None:
        add(bench.error_row("5b", "save_entry: seal + durable commit", "save", largest))
    else:
        stat = res.save_largest
        add(_timed("5b", "save_entry: seal + durable commit", largest, stat, 0.02, "≤ 20 ms"))
    for key, size in (("9a", bench.plan.medium), ("9b", bench.plan.sizes[-1])):
        name = "passphrase change: every record sealed again − KDF"
        rotation = (res.rotations or {}).get(size)
        if rotation is None:
            add(bench.error_row(key, name, f"rotate@{size}", count(size)))
            continue
        add(Row(key, name, count(size), stat=rotation.time.net))
        bench.report.note(
            f"rotation @{count(size)}: {rotation.records:,} records, "
            f"{fmt(rotation.time.total.median, 's')} with its Argon2id "
            f"({fmt(rotation.time.kdf.median, 's')})"
        )
    if res.imports is None:
        add(bench.error_row("6", "import_into: amends JSON export", "import", n))
    else:
        add(_timed("6", "import_into: amends JSON export", n, res.imports, 5.0, "≤ 5 s"))


def _review_rows(bench: Bench, res: Results) -> None:
    add, words = bench.report.add, f"{review_bench.WORDS:,} words"
    if res.review is None:
        add(bench.error_row("9a", "review of an entry, warm", "review", words))
        return
    add(_timed("9a", "review of an entry, warm", words, res.review.warm, 0.15, "≤ 150 ms"))
    add(Row("9b", "first review in a fresh process (loads its data)", words, stat=res.review.first))
    size = review_bench.install_size()
    add(Row("9c", "install size of the review's dependencies", measured=fmt(size, "bytes")))


def _memory_rows(bench: Bench, res: Results) -> None:
    add, plan = bench.report.add, bench.plan
    n, name = count(plan.medium), "peak RSS: amends list"
    found = res.lists.get(plan.medium) if res.lists else None
    jrnl = _peaks(res.jrnl_runs) if res.jrnl_runs else None
    if found is None:
        add(bench.error_row("7a", name, f"list@{plan.medium}", n))
    elif jrnl is None:
        reason = (res.jrnl_skip or "jrnl not measured")[:60]
        add(
            Row(
                "7a",
                name,
                n,
                stat=found.peak_rss,
                unit="bytes",
                budget="≤ jrnl's peak",
                measured=reason,
                verdict="SKIP",
            )
        )
    else:
        ratio = found.peak_rss.median / jrnl.median
        add(
            Row(
                "7a",
                name,
                n,
                stat=found.peak_rss,
                unit="bytes",
                budget="≤ jrnl's peak",
                measured=f"{ratio:.2f}× jrnl",
                verdict=verdict(ratio <= 1.0),
            )
        )
    if jrnl is None:
        add(_skip("7b", "peak RSS: jrnl -n 10", res.jrnl_skip or "jrnl not measured", n))
    else:
        add(Row("7b", "peak RSS: jrnl -n 10", n, stat=jrnl, unit="bytes"))
    _tui_memory_rows(bench, res)


def _tui_memory_rows(bench: Bench, res: Results) -> None:
    add, n = bench.report.add, count(bench.plan.medium)
    peak = "peak RSS: TUI unlocked, home painted"
    after = "RSS after home painted (KDF memory freed)"
    searched = "peak RSS: TUI unlocked, after searching"
    names = (("7c", peak), ("7d", after), ("7e", searched))
    home = res.homes.get(bench.plan.medium) if res.homes else None
    if res.tui_skip:
        for key, name in names:
            add(_skip(key, name, res.tui_skip, n))
        return
    if home is None or home.peak_searched is None:
        for key, name in names:
            add(bench.error_row(key, name, f"tui@{bench.plan.medium}", n))
        return
    add(_tui_peak_row("7c", peak, n, home.peak_rss))
    add(Row("7d", after, n, stat=home.rss_after, unit="bytes"))
    add(_tui_peak_row("7e", searched, n, home.peak_searched))


def _tui_peak_row(key: str, name: str, n: str, peak: Stat) -> Row:
    return Row(
        key,
        name,
        n,
        stat=peak,
        unit="bytes",
        budget="≤ 150 MiB",
        measured=fmt(peak.median, "bytes"),
        verdict=verdict(peak.median <= 150 * MIB),
    )


def _growth_rows(bench: Bench, res: Results) -> None:
    lists = _medians(res.lists, lambda r: r.time.net.median)
    searches = _medians(res.searches, lambda s: s.pooled.median)
    unlocks = _medians(res.unlocks, lambda s: s.net.median)
    series = (
        ("8a", "growth per 10×: amends list − KDF", lists),
        ("8c", "growth per 10×: search per query", searches),
        ("8e", "growth per 10×: unlock − KDF", unlocks),
    )
    small, medium, large = bench.plan.sizes
    for key, name, values in series:
        for suffix, (n1, n2) in zip(
            (key, _next_key(key)), ((small, medium), (medium, large)), strict=True
        ):
            _growth_row(bench, suffix, name, n1, n2, values)


def _next_key(key: str) -> str:
    return key[0] + chr(ord(key[1]) + 1)


M = TypeVar("M")


def _medians(found: dict[int, M | None] | None, value: Callable[[M], float]) -> dict[int, float]:
    return {n: value(m) for n, m in (found or {}).items() if m is not None}


def _growth_row(
    bench: Bench, key: str, name: str, n1: int, n2: int, values: dict[int, float]
) -> None:
    sizes = f"{count(n1)}→{count(n2)}"
    if n1 not in values or n2 not in values:
        bench.report.add(Row(key, name, sizes, measured="not measured", verdict="ERROR"))
        return
    t1, t2 = values[n1], values[n2]
    ratio = growth_per_10x(n1, t1, n2, t2)
    shown = f"{ratio:.1f}× ({fmt(t1, 's')} → {fmt(t2, 's')})"
    bench.report.add(
        Row(
            key,
            name,
            sizes,
            budget=f"≤ {GROWTH_LIMIT:.0f}× per 10×",
            measured=shown,
            verdict=verdict(ratio <= GROWTH_LIMIT),
        )
    )
