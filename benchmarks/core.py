"""Core (non-TUI) measurements: key derivation, unlock, search, save, import, ``amends list``."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from benchmarks import amends_cli, corpus
from benchmarks.build import PASSPHRASE, BuiltVault, Workspace, copy_of
from benchmarks.kdf_timer import timing_kdf
from benchmarks.measure import LessKdf, Stat, repeat, run_process, timed
from journal import crypto
from journal.crypto import KdfParams
from journal.exchange import import_into
from journal.vault import FREEZE, Vault

REPO = Path(__file__).resolve().parent.parent


def kdf(params: KdfParams, runs: int) -> Stat:
    """Argon2id with the vault's parameters, as unlock runs it."""
    salt = os.urandom(crypto.SALT_BYTES)
    return repeat(lambda: timed(lambda: crypto.derive_key(PASSPHRASE, salt, params)), runs)


def _open_unlocked(built: BuiltVault, insecure: bool) -> Vault:
    vault = Vault.open(built.path, insecure_kdf_for_tests=insecure, gc=FREEZE)
    vault.unlock(PASSPHRASE)
    return vault


def unlock(built: BuiltVault, insecure: bool) -> LessKdf:
    """One ``Vault.open`` + ``unlock`` in process, and the Argon2id time inside it."""
    with timing_kdf() as kdf_timer:
        kdf_timer.take()
        start = time.perf_counter()
        vault = _open_unlocked(built, insecure)
        total = time.perf_counter() - start
        kdf = kdf_timer.take()
        vault.close()
    return LessKdf(Stat((total,)), Stat((kdf,)))


@dataclass(frozen=True)
class SearchResult:
    #: Each query's samples, after the first search (which builds the index).
    per_query: dict[str, Stat]
    hits: dict[str, int]
    #: Seconds of the first search after unlock, including any index it builds.
    first: float

    @property
    def pooled(self) -> Stat:
        """All queries' samples as one figure."""
        return Stat(tuple(s for stat in self.per_query.values() for s in stat.samples))


def searches(
    vaults: dict[int, BuiltVault], runs: dict[int, int], rounds: int, insecure: bool
) -> dict[int, SearchResult]:
    """Each query of ``corpus.QUERIES`` timed ``runs[n]`` times at each size ``n``, after a
    first search, in ``rounds``: every round times every size, so drift in the machine
    over the run touches all sizes alike (their ratios are the growth rows)."""
    with ExitStack() as stack:
        opened, first = {}, {}
        for n, built in vaults.items():
            opened[n] = vault = stack.enter_context(_open_unlocked(built, insecure))
            vault.entries()  # the home list sorts the entries before anyone types
            first[n] = _timed_search(vault, corpus.QUERIES[0][1])
        samples: dict[int, dict[str, list[float]]] = {
            n: {q: [] for _, q in corpus.QUERIES} for n in vaults
        }
        for _ in range(rounds):
            for n, vault in opened.items():
                for _, query in corpus.QUERIES:
                    per_round = max(1, runs[n] // rounds)
                    samples[n][query] += repeat(
                        partial(_timed_search, vault, query), per_round
                    ).samples
        return {
            n: SearchResult(
                {q: Stat(tuple(s)) for q, s in samples[n].items()},
                {q: len(vault.search(q)) for _, q in corpus.QUERIES},
                first[n],
            )
            for n, vault in opened.items()
        }


def _timed_search(vault: Vault, query: str) -> float:
    return timed(partial(vault.search, query))


def save(built: BuiltVault, saves: int, insecure: bool, seed: int) -> Stat:
    """``save_entry`` of new entries into a copy of the vault (seal + durable commit)."""
    with tempfile.TemporaryDirectory(prefix="amends-bench-") as tmp:
        path = copy_of(built, Path(tmp) / "vault.db")
        fresh = list(corpus.entries(saves, seed + 1))
        vault = Vault.open(path, insecure_kdf_for_tests=insecure, gc=FREEZE)
        try:
            vault.unlock(PASSPHRASE)
            samples = tuple(timed(partial(vault.save_entry, entry)) for entry in fresh)
        finally:
            vault.close()
    return Stat(samples)


@dataclass(frozen=True)
class Rotation:
    """One passphrase change: every record sealed again under a fresh data key."""

    time: LessKdf
    records: int


def rotate(built: BuiltVault, insecure: bool) -> Rotation:
    """``change_passphrase`` on a copy of the vault: its Argon2id for the new passphrase
    and the one transaction that seals every record again (the KDF is subtracted)."""
    with tempfile.TemporaryDirectory(prefix="amends-bench-") as tmp:
        path = copy_of(built, Path(tmp) / "vault.db")
        vault = _open_unlocked(BuiltVault(path, built.n, built.params, None), insecure)
        reported: list[int] = []
        try:
            with timing_kdf() as kdf_timer:
                kdf_timer.take()
                start = time.perf_counter()
                vault.change_passphrase(
                    PASSPHRASE + " rotated", progress=lambda _done, total: reported.append(total)
                )
                total = time.perf_counter() - start
                kdf = kdf_timer.take()
        finally:
            vault.close()
    return Rotation(LessKdf(Stat((total,)), Stat((kdf,))), reported[0] if reported else 0)


def import_entries(raw: bytes, params: KdfParams, runs: int, insecure: bool) -> Stat:
    """``import_into`` of a whole export file into a new, empty vault (creation not timed)."""

    def once() -> float:
        with tempfile.TemporaryDirectory(prefix="amends-bench-") as tmp:
            made, _ = Vault.create(
                Path(tmp) / "vault.db", PASSPHRASE, params=params, insecure_kdf_for_tests=insecure
            )
            with made:
                return timed(lambda: import_into(made, raw))

    return repeat(once, runs)


def list_command(built: BuiltVault, ws: Workspace) -> list[str]:
    """``amends list`` on a vault, through ``benchmarks.amends_cli`` (``main`` as the
    console script runs it, with the key derivation timed)."""
    insecure = [amends_cli.INSECURE] if ws.insecure else []
    args = ["list", "--vault", str(built.path), "--passphrase-file", str(ws.passphrase_file)]
    return [sys.executable, "-m", "benchmarks.amends_cli", *insecure, *args]


@dataclass(frozen=True)
class ListResult:
    time: LessKdf
    peak_rss: Stat

    @staticmethod
    def merged(parts: Sequence[ListResult]) -> ListResult:
        return ListResult(
            LessKdf.merged([p.time for p in parts]), Stat.merged([p.peak_rss for p in parts])
        )


def list_process(built: BuiltVault, ws: Workspace) -> ListResult:
    """``amends list`` timed once as a whole process, checked to list every entry."""
    with tempfile.TemporaryDirectory(prefix="amends-bench-") as tmp:
        kdf_file = Path(tmp) / "kdf"
        env = {**os.environ, "AMENDS_BENCH_KDF_FILE": str(kdf_file)}
        run = run_process(list_command(built, ws), env=env, cwd=REPO)
        listed = run.stdout.count("\n")
        if listed != built.n:
            raise RuntimeError(f"amends list printed {listed} lines for {built.n} entries")
        kdf = float(kdf_file.read_text())
    return ListResult(LessKdf(Stat((run.seconds,)), Stat((kdf,))), Stat((float(run.peak_rss),)))
