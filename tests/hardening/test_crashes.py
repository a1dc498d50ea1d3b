"""Group 1 — crashes: a process SIGKILLed at a random moment loses nothing it acknowledged.

A worker (``worker.py``) saves entries (new ones and edits), changes the
passphrase back and forth, imports export files, backs up, or deletes records,
printing ``done`` only after each call returned. The test kills it with SIGKILL
after a random delay, then checks the file it left:

- ``PRAGMA integrity_check`` is ok and the vault opens, verifies (no damaged
  record, manifest ok) and shows every record the test put there beforehand;
- every acknowledged save is there with its exact text; the one in flight is
  either fully there or not at all; nothing else appeared;
- after an interrupted passphrase change the vault opens with exactly one of the
  two passphrases, the acknowledged one or the one in flight (the recovery code
  keeps working);
- an interrupted import is all there or not at all;
- an interrupted backup leaves no file at its destination other than a complete,
  opening vault (a stale ``.NAME.partial`` may remain, and must not stop the next
  backup to that name); the source stays intact;
- an interrupted delete leaves the record either there (and opening) or gone.

Default: 30 trials. Exhaustive (220 trials, a few minutes)::

    python -m pytest tests/hardening/test_crashes.py -m exhaustive
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import scaled

from journal.errors import WrongPassphrase
from journal.models import Entry, new_id
from journal.vault import Vault

from .support import (
    OTHER_PASSPHRASE,
    PASSPHRASE,
    Trials,
    Worker,
    Zygote,
    contents,
    create_vault,
    integrity,
    open_vault,
    read_ops,
    recorded,
)
from .worker import entry_text, entry_title, make_entry

DEFAULT_TRIALS = {"save": 8, "passwd": 6, "recode": 4, "import": 6, "backup": 5, "delete": 5}
EXHAUSTIVE_TRIALS = {
    "save": 60,
    "passwd": 40,
    "recode": 30,
    "import": 40,
    "backup": 40,
    "delete": 40,
}
#: Records in the vault whose passphrase changes are killed (each change reseals them all).
ROTATED_ENTRIES = 300
#: Upper bound of the random delay between "ready" and SIGKILL, per mode (seconds).
#: Each operation takes a millisecond or a few, so kills land inside operations,
#: between them, and across SQLite's automatic checkpoints.
MAX_DELAY = {
    "save": 0.4,
    "passwd": 0.3,
    "recode": 0.3,
    "import": 0.3,
    "backup": 0.25,
    "delete": 0.1,
}


@dataclass
class Tally(Trials):
    """What the kill trials tried and what held."""

    acknowledged: int = 0
    in_flight: int = 0
    lost: int = 0
    integrity_failures: int = 0
    unreadable: int = 0
    half_applied: int = 0
    stale_partials: int = 0
    #: Multiplies MAX_DELAY: the exhaustive run also kills later, across autocheckpoints.
    stretch: float = 1.0

    def line(self) -> str:
        modes = ", ".join(f"{k} {n}" for k, n in self.trials.items())
        return (
            f"kill trials: {self.trials.total()} ({modes}), acknowledged operations: "
            f"{self.acknowledged}, killed mid-operation: {self.in_flight}, acknowledged saves "
            f"lost: {self.lost}, integrity failures: {self.integrity_failures}, unreadable after "
            f"kill: {self.unreadable}, half-applied operations: {self.half_applied}, stale backup "
            f".partial files (cleared by the next backup): {self.stale_partials}"
        )


@pytest.fixture(scope="module")
def tally() -> Iterator[Tally]:
    yield from recorded(Tally())


def _kill_at_random(worker: Worker, rng: random.Random, mode: str, tally: Tally) -> list[str]:
    """Wait for ``ready``, sleep a random while, SIGKILL; the lines it printed."""
    worker.wait_for("ready")
    time.sleep(rng.uniform(0, MAX_DELAY[mode] * tally.stretch))
    status = worker.kill()
    lines = worker.lines()
    if status not in (-9, 0):
        raise AssertionError(f"{mode} worker failed by itself ({status}):\n{worker.stderr()}")
    return lines


def _sound(path: Path, tally: Tally, kind: str, passphrase: str = PASSPHRASE) -> Vault | None:
    """Integrity check, then open, unlock and verify; None (and a problem) if any fails."""
    verdict = integrity(path)
    if verdict != "ok":
        tally.integrity_failures += 1
        tally.problem(kind, f"integrity_check: {verdict}")
    try:
        vault = open_vault(path, passphrase)
    except Exception as exc:
        tally.unreadable += 1
        tally.problem(kind, f"does not open after the kill: {exc!r}")
        return None
    report = vault.verify()
    if not report.ok:
        tally.problem(
            kind, f"verify after the kill: damaged {report.damaged}, manifest {report.manifest_ok}"
        )
    return vault


def _base_entries(vault: Vault, count: int, seed: int) -> dict[str, str]:
    for number in range(count):
        vault.save_entry(make_entry(seed, number))
    return contents(vault)


def _check_base(vault: Vault, base: dict[str, str], tally: Tally, kind: str) -> None:
    now = contents(vault)
    for record_id, dumped in base.items():
        if now.get(record_id) != dumped:
            tally.lost += 1
            tally.problem(
                kind, f"record {record_id} saved before the worker started changed or vanished"
            )


def _matches(entry: Entry | None, seed: int, number: int) -> bool:
    return (
        entry is not None
        and entry.title == entry_title(seed, number)
        and [a.text for a in entry.answers] == [entry_text(seed, number)]
    )


# ------------------------------------------------------------------- trials
def save_trial(folder: Path, rng: random.Random, tally: Tally, zygote: Zygote) -> None:
    """New entries and edits, killed mid-stream: acknowledged ones all there, exactly."""
    path = folder / "vault.db"
    with create_vault(path) as vault:
        base = _base_entries(vault, 3, seed=1)
    seed = rng.randrange(2**31)
    ops = read_ops(
        _kill_at_random(
            Worker(folder, "save", path, PASSPHRASE, str(seed), zygote=zygote), rng, "save", tally
        )
    )
    tally.acknowledged += len(ops.done)
    tally.in_flight += ops.in_flight is not None
    vault = _sound(path, tally, "save")
    if vault is None:
        return
    with vault:
        _check_base(vault, base, tally, "save")
        latest: dict[str, int] = {}
        for op in ops.done:
            record_id, number = op.split()
            latest[record_id] = int(number)
        flight_id, flight_number = ops.in_flight.split() if ops.in_flight else ("", "-1")
        shown = {e.id: e for e in vault.full_entries()}
        for record_id, number in latest.items():
            entry = shown.get(record_id)
            if _matches(entry, seed, number):
                continue
            if record_id == flight_id and _matches(entry, seed, int(flight_number)):
                continue
            tally.lost += 1
            tally.problem(
                "save", f"seed {seed}: acknowledged save {record_id} #{number} lost or wrong"
            )
        if flight_id and flight_id not in latest:
            entry = shown.get(flight_id)
            if entry is not None and not _matches(entry, seed, int(flight_number)):
                tally.half_applied += 1
                tally.problem("save", f"seed {seed}: in-flight save {flight_id} landed altered")
        extra = set(shown) - set(base) - set(latest) - {flight_id}
        if extra:
            tally.problem("save", f"seed {seed}: records nobody saved: {sorted(extra)}")


def passwd_trial(folder: Path, rng: random.Random, tally: Tally, zygote: Zygote) -> None:
    """Passphrase changes killed mid-stream: exactly one wrap, the acknowledged or in-flight
    one. Each change seals every record again under a fresh data key (a few tens of
    milliseconds for these 300), so most kills land inside that one transaction."""
    path = folder / "vault.db"
    vault, code = Vault.create(path, PASSPHRASE, recovery=True, insecure_kdf_for_tests=True)
    with vault:
        vault.save_many([make_entry(2, number) for number in range(ROTATED_ENTRIES)])
        base = contents(vault)
    assert code is not None
    passphrases = (PASSPHRASE, OTHER_PASSPHRASE)
    ops = read_ops(
        _kill_at_random(
            Worker(folder, "passwd", path, *passphrases, zygote=zygote), rng, "passwd", tally
        )
    )
    tally.acknowledged += len(ops.done)
    tally.in_flight += ops.in_flight is not None
    last = int(ops.done[-1]) if ops.done else 0
    allowed = {passphrases[last % 2]}
    if ops.in_flight is not None:
        allowed.add(passphrases[int(ops.in_flight) % 2])
    opening = [p for p in passphrases if _opens_with(path, p)]
    if len(opening) != 1 or opening[0] not in allowed:
        tally.lost += 1
        which = ["old" if p == PASSPHRASE else "new" for p in opening]
        tally.problem(
            "passwd", f"after change #{last} (in flight {ops.in_flight}) opens with {which}"
        )
    if not opening:
        tally.unreadable += 1
        return
    vault = _sound(path, tally, "passwd", opening[0])
    if vault is None:
        return
    with vault:
        _check_base(vault, base, tally, "passwd")
    with Vault.open(path, insecure_kdf_for_tests=True) as again:
        try:
            again.unlock_with_recovery(code)
        except WrongPassphrase:
            tally.problem("passwd", "the recovery code stopped working")


def recode_trial(folder: Path, rng: random.Random, tally: Tally, zygote: Zygote) -> None:
    """New recovery codes killed mid-stream (each a full reseal): the passphrase still opens
    everything, no code before the last acknowledged one opens, and that one does unless a
    newer one was in flight (then that unseen one may have replaced it)."""
    path = folder / "vault.db"
    vault, first = Vault.create(path, PASSPHRASE, recovery=True, insecure_kdf_for_tests=True)
    with vault:
        vault.save_many([make_entry(3, number) for number in range(ROTATED_ENTRIES)])
        base = contents(vault)
    assert first is not None
    worker = Worker(folder, "recode", path, PASSPHRASE, zygote=zygote)
    lines = _kill_at_random(worker, rng, "recode", tally)
    ops = read_ops(lines)
    tally.acknowledged += len(ops.done)
    tally.in_flight += ops.in_flight is not None
    codes = [first] + [line.split()[2] for line in lines if line.startswith("code ")]
    printed_in_flight = ops.in_flight is not None and len(codes) - 1 == int(ops.in_flight)
    vault = _sound(path, tally, "recode")
    if vault is None:
        return
    with vault:
        _check_base(vault, base, tally, "recode")
    opening = [code for code in codes if _opens_with_code(path, code)]
    newest = codes[-1]
    if any(code != newest for code in opening):
        tally.lost += 1
        tally.problem("recode", f"an older recovery code still opens ({len(codes)} codes)")
    # The newest code seen must open, unless a newer one, never printed, was in flight.
    newest_must_open = ops.in_flight is None or printed_in_flight
    if newest_must_open and newest not in opening:
        tally.lost += 1
        tally.problem("recode", "the last acknowledged recovery code does not open")


def _opens_with_code(path: Path, code: str) -> bool:
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        try:
            vault.unlock_with_recovery(code)
        except WrongPassphrase:
            return False
    return True


def _opens_with(path: Path, passphrase: str) -> bool:
    try:
        open_vault(path, passphrase).close()
    except WrongPassphrase:
        return False
    return True


def import_trial(folder: Path, rng: random.Random, tally: Tally, zygote: Zygote) -> None:
    """Imports killed mid-stream: every file all there or not at all."""
    path = folder / "vault.db"
    with create_vault(path) as vault:
        base = _base_entries(vault, 2, seed=3)
    seed = rng.randrange(2**31)
    files: list[Path] = []
    expected: list[dict[str, int]] = []
    number = 0
    for index in range(4):
        ids: dict[str, int] = {}
        items = []
        for _ in range(rng.randrange(5, 40)):
            entry = make_entry(seed, number)
            ids[entry.id] = number
            items.append(entry.model_dump(mode="json"))
            number += 1
        doc = {"format": "amends-export", "version": 1, "entries": items, "commitments": []}
        files.append(folder / f"import-{index}.json")
        files[-1].write_text(json.dumps(doc), encoding="utf-8")
        expected.append(ids)
    ops = read_ops(
        _kill_at_random(
            Worker(folder, "import", path, PASSPHRASE, *files, zygote=zygote), rng, "import", tally
        )
    )
    tally.acknowledged += len(ops.done)
    tally.in_flight += ops.in_flight is not None
    vault = _sound(path, tally, "import")
    if vault is None:
        return
    with vault:
        _check_base(vault, base, tally, "import")
        shown = {e.id: e for e in vault.full_entries()}
        for index, ids in enumerate(expected):
            there = [i for i, n in ids.items() if _matches(shown.get(i), seed, n)]
            present = [i for i in ids if i in shown]
            acknowledged = str(index) in ops.done
            if acknowledged and len(there) != len(ids):
                tally.lost += len(ids) - len(there)
                tally.problem(
                    "import", f"acknowledged import {index}: {len(there)}/{len(ids)} there"
                )
            elif (
                not acknowledged
                and present
                and (len(there) != len(ids) or ops.in_flight != str(index))
            ):
                tally.half_applied += 1
                tally.problem(
                    "import", f"unacknowledged import {index}: {len(present)}/{len(ids)} there"
                )


def backup_trial(folder: Path, rng: random.Random, tally: Tally, zygote: Zygote) -> None:
    """Backups killed mid-copy: no partial file at a destination; the next backup works."""
    path = folder / "vault.db"
    with create_vault(path) as vault:
        base = _base_entries(vault, rng.randrange(5, 60), seed=4)
    dest_dir = folder / "backups"
    ops = read_ops(
        _kill_at_random(
            Worker(folder, "backup", path, PASSPHRASE, dest_dir, zygote=zygote),
            rng,
            "backup",
            tally,
        )
    )
    tally.acknowledged += len(ops.done)
    tally.in_flight += ops.in_flight is not None
    source = _sound(path, tally, "backup")
    if source is None:
        return
    with source:
        _check_base(source, base, tally, "backup")
        if ops.in_flight is not None:
            dest = dest_dir / f"backup-{ops.in_flight}.db"
            if dest_dir.joinpath(f".{dest.name}.partial").exists():
                tally.stale_partials += 1
            if not dest.exists():
                try:
                    source.backup(dest)  # the same name again: a stale .partial must not block it
                except Exception as exc:
                    tally.problem("backup", f"retrying the interrupted backup failed: {exc}")
                left = sorted(p.name for p in dest_dir.glob(f".{dest.name}.partial*"))
                if left:
                    tally.problem("backup", f"a finished backup left temp files behind: {left}")
    names = {p.name for p in dest_dir.glob("backup-*.db")}
    for op in ops.done:
        if f"backup-{op}.db" not in names:
            tally.lost += 1
            tally.problem("backup", f"acknowledged backup-{op}.db is missing")
    for name in sorted(names):
        copy = _sound(dest_dir / name, tally, "backup")
        if copy is None:
            tally.half_applied += 1
            continue
        with copy:
            if contents(copy) != base:
                tally.half_applied += 1
                tally.problem("backup", f"{name} does not hold the vault's records")


def delete_trial(folder: Path, rng: random.Random, tally: Tally, zygote: Zygote) -> None:
    """Deletes killed mid-stream: each record gone or there (and opening), never half."""
    path = folder / "vault.db"
    with create_vault(path) as vault:
        base = _base_entries(vault, 30, seed=5)
    order = list(base)
    rng.shuffle(order)
    ops = read_ops(
        _kill_at_random(
            Worker(folder, "delete", path, PASSPHRASE, *order, zygote=zygote), rng, "delete", tally
        )
    )
    tally.acknowledged += len(ops.done)
    tally.in_flight += ops.in_flight is not None
    vault = _sound(path, tally, "delete")
    if vault is None:
        return
    with vault:
        now = contents(vault)
    for record_id, dumped in base.items():
        if record_id in ops.done:
            if record_id in now:
                tally.problem("delete", f"acknowledged delete of {record_id} undone")
        elif record_id in now:
            if now[record_id] != dumped:
                tally.lost += 1
                tally.problem("delete", f"{record_id} changed")
        elif record_id != ops.in_flight:
            tally.lost += 1
            tally.problem("delete", f"{record_id} vanished though nobody deleted it")


TRIALS: dict[str, Callable[[Path, random.Random, Tally, Zygote], None]] = {
    "save": save_trial,
    "passwd": passwd_trial,
    "recode": recode_trial,
    "import": import_trial,
    "backup": backup_trial,
    "delete": delete_trial,
}


def _run(
    mode: str, trials: int, tmp_path: Path, tally: Tally, zygote: Zygote, stretch: float = 1.0
) -> None:
    tally.stretch = stretch
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    before = len(tally.problems)
    for trial in range(trials):
        TRIALS[mode](tmp_path / f"{mode}-{trial}", rng, tally, zygote)
        tally.trials[mode] += 1
    found = tally.problems[before:]
    assert not found, f"{mode} kill trials (seed {seed}) found:\n" + "\n".join(found)


@pytest.mark.parametrize("mode", list(DEFAULT_TRIALS))
def test_kill_trials(mode: str, tmp_path: Path, tally: Tally, zygote: Zygote) -> None:
    _run(mode, DEFAULT_TRIALS[mode], tmp_path, tally, zygote)


@pytest.mark.exhaustive
@pytest.mark.parametrize("mode", list(EXHAUSTIVE_TRIALS))
def test_kill_trials_exhaustive(mode: str, tmp_path: Path, tally: Tally, zygote: Zygote) -> None:
    _run(mode, scaled(EXHAUSTIVE_TRIALS[mode]), tmp_path, tally, zygote, stretch=3.0)


def test_make_entry_is_deterministic() -> None:
    """The parent recomputes what the worker saved: the generator must not drift."""
    assert entry_text(7, 3) == entry_text(7, 3)
    assert entry_text(7, 3) != entry_text(7, 4)
    assert make_entry(1, 2, new_id()).title == entry_title(1, 2)
