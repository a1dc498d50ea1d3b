"""Group 7 — two processes on one vault: the second is told it is busy; a dead holder
releases it.

What this proves:

- While one process has the vault open, ``amends list``/``add``/``verify``/``passwd``
  in another process (``python -c "from journal.cli import main; ..."``) exits 5 with
  the documented one line, and changes nothing;
- several processes racing to open the same vault: exactly one gets it, the others
  are refused with status 5;
- when the holder is SIGKILLed — idle, or in the middle of saving — the OS releases
  its lock: the next process opens the vault, and it passes ``PRAGMA
  integrity_check`` and ``amends verify``.

Default: 3 races, 7 killed holders. Exhaustive (28 races, 57 killed holders)::

    python -m pytest tests/hardening/test_concurrency.py -m exhaustive
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers import scaled

from journal.errors import AmendsError, VaultBusy

from .summary_plugin import record
from .support import (
    PASSPHRASE,
    Worker,
    Zygote,
    contents,
    create_vault,
    integrity,
    open_vault,
    read_ops,
    run_cli_process,
)
from .worker import make_entry

BUSY = "amends: this vault is open in another amends process; close it there and try again\n"


@dataclass
class Tally:
    refusals_wanted: int = 0
    refused_busy: int = 0
    races: int = 0
    race_winners: int = 0
    kills: int = 0
    released: int = 0
    integrity_failures: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"concurrency trials: second-process attempts {self.refusals_wanted}, refused with "
            f"exit 5 and the busy line: {self.refused_busy}; open races {self.races}, exactly one "
            f"winner: {self.race_winners}; holders SIGKILLed {self.kills}, lock released: "
            f"{self.released}, integrity failures: {self.integrity_failures}"
        )


@pytest.fixture(scope="module")
def tally() -> Iterator[Tally]:
    found = Tally()
    yield found
    if found.refusals_wanted or found.races or found.kills:
        record(found.line())


def _vault(folder: Path) -> tuple[Path, Path, dict[str, str]]:
    path = folder / "vault.db"
    with create_vault(path) as vault:
        for number in range(3):
            vault.save_entry(make_entry(21, number))
        shown = contents(vault)
    secret = folder / "passphrase"
    secret.write_text(PASSPHRASE + "\n" + PASSPHRASE + " but new\n" * 2, encoding="utf-8")
    return path, secret, shown


def _after_release(path: Path, secret: Path, tally: Tally, *, cli: bool = False) -> None:
    """The next process (a fresh ``amends verify``, or this test process) opens the vault,
    and it verifies and passes SQLite's integrity_check."""
    if cli:
        result = run_cli_process(["verify", "--vault", path, "--passphrase-file", secret])
        released = result.status == 0 and result.out.startswith("ok: ")
        why = f"{result.status} {result.err!r}"
    else:
        try:
            with open_vault(path) as vault:
                released, why = vault.verify().ok, "verify failed"
        except AmendsError as exc:
            released, why = False, exc.message
    if released:
        tally.released += 1
    else:
        tally.problems.append(f"after the kill: {why}")
    if integrity(path) != "ok":
        tally.integrity_failures += 1
        tally.problems.append(f"integrity_check: {integrity(path)}")


def test_second_process_is_refused_until_the_holder_dies(
    tmp_path: Path, tally: Tally, zygote: Zygote
) -> None:
    path, secret, shown = _vault(tmp_path)
    holder = Worker(tmp_path, "hold", path, PASSPHRASE, zygote=zygote)
    try:
        holder.wait_for("ready")
        for argv in (["list"], ["add", "while busy"], ["passwd"]):
            tally.refusals_wanted += 1
            result = run_cli_process([*argv, "--vault", path, "--passphrase-file", secret])
            if result.status == 5 and result.err == BUSY and not result.out:
                tally.refused_busy += 1
            else:
                tally.problems.append(f"{argv[0]} while busy: {result.status} {result.err!r}")
    finally:
        tally.kills += 1
        holder.kill()
    _after_release(path, secret, tally, cli=True)
    with open_vault(path) as vault:
        assert contents(vault) == shown, "a refused command changed the vault"
    assert not tally.problems, "\n".join(tally.problems)


def race_trials(tmp_path: Path, tally: Tally, zygote: Zygote, races: int) -> None:
    """Four processes open at once, ``races`` times: exactly one gets the vault."""
    path, secret, _shown = _vault(tmp_path)
    for race in range(races):
        tally.races += 1
        workers = [
            Worker(tmp_path / f"race{race}-{n}", "hold", path, PASSPHRASE, zygote=zygote)
            for n in range(4)
        ]
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                ready = [w for w in workers if "ready" in w.lines()]
                refused = [w for w in workers if w.proc.poll() == 5]
                if len(ready) + len(refused) == len(workers):
                    break
                time.sleep(0.01)
            if len(ready) == 1 and len(refused) == 3:
                tally.race_winners += 1
            else:
                errors = [w.stderr() for w in workers]
                tally.problems.append(
                    f"race {race}: {len(ready)} ready, {len(refused)} refused {errors}"
                )
        finally:
            for worker in workers:
                worker.kill()
        tally.kills += 1
        _after_release(path, secret, tally)
    assert not tally.problems, "\n".join(tally.problems)


def test_racing_openers_get_exactly_one_winner(
    tmp_path: Path, tally: Tally, zygote: Zygote
) -> None:
    race_trials(tmp_path, tally, zygote, races=3)


def mid_save_trials(tmp_path: Path, tally: Tally, zygote: Zygote, trials: int) -> None:
    """A writer SIGKILLed mid-stream: the lock dies with it; acknowledged saves stay."""
    rng = random.Random()
    for trial in range(trials):
        folder = tmp_path / str(trial)
        path, secret, _shown = _vault(folder)
        seed = str(rng.randrange(2**31))
        writer = Worker(folder, "save", path, PASSPHRASE, seed, zygote=zygote)
        writer.wait_for("ready")
        time.sleep(rng.uniform(0.01, 0.2))
        with pytest.raises(VaultBusy):
            open_vault(path)
        tally.kills += 1
        writer.kill()
        ops = read_ops(writer.lines())
        _after_release(path, secret, tally)
        with open_vault(path) as vault:
            shown = {e.id for e in vault.entries()}
        missing = {op.split()[0] for op in ops.done} - shown
        if missing:
            tally.problems.append(f"acknowledged saves missing after the kill: {missing}")
    assert not tally.problems, "\n".join(tally.problems)


def test_lock_released_when_the_holder_dies_mid_save(
    tmp_path: Path, tally: Tally, zygote: Zygote
) -> None:
    mid_save_trials(tmp_path, tally, zygote, trials=3)


@pytest.mark.exhaustive
def test_races_and_kills_many(tmp_path: Path, tally: Tally, zygote: Zygote) -> None:
    race_trials(tmp_path / "races", tally, zygote, races=scaled(25))
    mid_save_trials(tmp_path / "kills", tally, zygote, trials=scaled(25))
