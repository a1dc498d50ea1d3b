"""Crashes: a writer SIGKILLed mid-stream loses no acknowledged save and leaves a
sound file; the OS lock dies with its holder."""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

import pytest
from helpers import PASSPHRASE, open_vault, python, raw_db, scaled

from journal.errors import VaultBusy
from journal.vault import Vault

#: Saves new entries and updates earlier ones, forever. Before each save it
#: prints "begin <id> <title>", after save_entry returns "done <id>".
WRITER = """
import random, sys
from pathlib import Path
from journal.models import Answer, Entry
from journal.vault import Vault

vault = Vault.open(Path(sys.argv[1]), insecure_kdf_for_tests=True)
vault.unlock(sys.argv[2])
rng = random.Random(int(sys.argv[3]))
mine = []
print("ready", flush=True)
for i in range(100_000):
    if mine and rng.random() < 0.3:
        entry = rng.choice(mine)
        entry.title = f"update {i}"
    else:
        entry = Entry(title=f"new {i}")
        mine.append(entry)
    entry.answers = [Answer(step_id="b", text="w" * rng.randrange(2000))]
    print("begin", entry.id, entry.title, flush=True)
    vault.save_entry(entry)
    print("done", entry.id, flush=True)
"""

TRIALS = 5


def _kill_trial(path: Path, rng: random.Random) -> tuple[int, int, int]:
    """One writer killed after a random number of acknowledged saves.

    Returns (acknowledged, lost, integrity failures)."""
    child = python(WRITER, str(path), PASSPHRASE, str(rng.randrange(2**32)))
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    acknowledged: dict[str, str] = {}  # id -> last acknowledged title
    in_flight: list[tuple[str, str] | None] = [None]

    def follow(line: str) -> None:
        words = line.rstrip("\n").split(maxsplit=2)
        if words[0] == "begin":
            in_flight[0] = (words[1], words[2])
        else:
            begun = in_flight[0]
            assert begun is not None and words == ["done", begun[0]]
            acknowledged[begun[0]] = begun[1]
            in_flight[0] = None

    target = rng.randint(1, 40)
    while len(acknowledged) < target or in_flight[0] is None:
        line = child.stdout.readline()
        if not line:
            pytest.fail(f"the writer died on its own: {child.communicate()[1]}")
        follow(line)
    # Somewhere inside the next save (or just before or after it): a random pause,
    # whose length nothing asserts on.
    time.sleep(rng.random() * 0.004)
    child.send_signal(signal.SIGKILL)
    # Read on through the same buffered reader (communicate() would skip what it holds).
    rest = child.stdout.read()
    child.wait(timeout=60)
    child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL
    # Whatever the writer printed before it died counts too (the pipe kept it);
    # a line cut off by the kill is not an acknowledgement.
    for line in rest.splitlines(keepends=True):
        if line.endswith("\n"):
            follow(line)

    vault = open_vault(path)  # the lock died with the writer
    lost = 0
    try:
        report = vault.verify()
        assert report.damaged == [] and report.manifest_ok
        titles = {e.id: e.title for e in vault.entries()}
        for record_id, title in acknowledged.items():
            # The one save in flight at the kill may or may not have landed.
            landed = in_flight[0] == (record_id, titles.get(record_id))
            if titles.get(record_id) != title and not landed:
                lost += 1
    finally:
        vault.close()
    with raw_db(path) as con:
        integrity = con.execute("PRAGMA integrity_check").fetchall()
    return len(acknowledged), lost, int(integrity != [("ok",)])


def _run_trials(path: Path, trials: int, seed: int) -> None:
    Vault.create(path, PASSPHRASE, insecure_kdf_for_tests=True)[0].close()
    rng = random.Random(seed)
    total_acknowledged = total_lost = total_failures = 0
    for _ in range(trials):
        acknowledged, lost, failures = _kill_trial(path, rng)
        total_acknowledged += acknowledged
        total_lost += lost
        total_failures += failures
    print(
        f"\nkill trials: {trials}, acknowledged saves: {total_acknowledged}, "
        f"acknowledged saves lost: {total_lost}, integrity failures: {total_failures}"
    )
    assert total_acknowledged >= trials
    assert total_lost == 0
    assert total_failures == 0


def test_sigkill_mid_stream_loses_no_acknowledged_save(vault_path: Path) -> None:
    _run_trials(vault_path, TRIALS, seed=random.randrange(2**32))


@pytest.mark.exhaustive
def test_sigkill_mid_stream_many_trials(vault_path: Path) -> None:
    _run_trials(vault_path, scaled(100), seed=random.randrange(2**32))


HOLDER = """
import sys, time
from pathlib import Path
from journal.vault import Vault

vault = Vault.open(Path(sys.argv[1]), insecure_kdf_for_tests=True)
vault.unlock(sys.argv[2])
print("holding", flush=True)
time.sleep(300)
"""


def test_the_lock_is_released_when_its_holder_is_killed(vault_path: Path) -> None:
    Vault.create(vault_path, PASSPHRASE, insecure_kdf_for_tests=True)[0].close()
    holder = python(HOLDER, str(vault_path), PASSPHRASE)
    assert holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(VaultBusy):
            Vault.open(vault_path, insecure_kdf_for_tests=True)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate(timeout=60)
    assert holder.returncode == -signal.SIGKILL
    vault = open_vault(vault_path)
    assert vault.verify().ok
    vault.close()
