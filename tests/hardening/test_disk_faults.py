"""Group 2 — disk and file faults: a full disk, a read-only folder, a file that is
deleted, replaced, truncated, empty or a folder.

What this proves:

- **Disk full** (``RLIMIT_FSIZE`` in a worker, SIGXFSZ ignored so ``write()`` fails
  with EFBIG at several points of a save): the save fails with one clear
  ``AmendsError`` line, not a traceback; earlier saves are intact; the failed one
  is not there; once space is back the same open vault saves again and the file
  verifies (memory and file stayed in step). Through the CLI (``add``, ``import``,
  ``backup``): exit 1, one ``amends:`` line, nothing half-written.
- **Read-only folder / read-only file**: one clear line, exit 1, the file untouched.
  We run as root in CI, and root ignores permission bits, so the CLI then runs in a
  worker that drops to uid/gid 65534 (the files are chowned to it first).
- **The vault file deleted, moved or replaced while open**: a save afterwards is
  refused with one clear line (it would otherwise land in an unlinked inode and be
  lost at close); the file put in its place is left byte-for-byte alone; a vault
  moved aside keeps every save acknowledged before the move.
- **Truncated, empty, a folder**: ``amends list``/``verify`` say so in one line with
  the documented status (3 unreadable, 4 damaged records, 1 a folder or missing),
  and leave the file as it was.

Default: 5 disk-full points and 13 truncation lengths. Exhaustive (40 random
disk-full points, a truncation every 256 bytes)::

    python -m pytest tests/hardening/test_disk_faults.py -m exhaustive
"""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import scaled, stride

from journal.errors import AmendsError

from .support import (
    OTHER_PASSPHRASE,
    PASSPHRASE,
    CliResult,
    Trials,
    Worker,
    Zygote,
    contents,
    create_vault,
    integrity,
    open_vault,
    recorded,
    run_cli,
    run_worker_cli,
    stderr_problem,
)
from .worker import NOBODY, make_entry

DEFAULT_MARGINS = (0, 700, 4_096, 40_000, 150_000)


@dataclass
class Tally(Trials):
    refusals: int = 0
    tracebacks: int = 0
    lost: int = 0
    altered: int = 0

    def line(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in self.trials.items())
        return (
            f"disk and file fault trials: {self.trials.total()} ({kinds}), clear one-line "
            f"refusals: {self.refusals}, tracebacks: {self.tracebacks}, acknowledged saves lost: "
            f"{self.lost}, files altered by a refused command: {self.altered}"
        )


@pytest.fixture(scope="module")
def tally() -> Iterator[Tally]:
    yield from recorded(Tally())


def _assert_clean(tally: Tally, before: int) -> None:
    found = tally.problems[before:]
    assert not found, "\n".join(found)


def _cli_refusal(tally: Tally, kind: str, result: CliResult, statuses: set[int]) -> None:
    """Count a CLI refusal; note a problem unless it is one clear line with a right status."""
    problem = stderr_problem(result)
    if "Traceback" in result.err:
        tally.tracebacks += 1
    if problem:
        tally.problem(kind, problem)
    elif result.status not in statuses:
        tally.problem(kind, f"status {result.status} (wanted {sorted(statuses)}): {result.err!r}")
    else:
        tally.refusals += 1


# ------------------------------------------------------------------ disk full
def disk_full_trial(folder: Path, margin: int, tally: Tally, zygote: Zygote) -> None:
    """A worker saves until EFBIG, then gets its space back and saves again."""
    path = folder / "vault.db"
    create_vault(path).close()
    worker = Worker(folder, "fill", path, PASSPHRASE, str(margin), zygote=zygote)
    status = worker.finish()
    lines = worker.lines()
    tally.trials["disk full (API)"] += 1
    if status != 0:
        tally.tracebacks += "Traceback" in worker.stderr()
        tally.problem("disk full", f"margin {margin}: worker exit {status}:\n{worker.stderr()}")
        return
    done = [line.split()[1] for line in lines if line.startswith("done ")]
    refused = [line for line in lines if line.startswith("refused ")]
    in_flight = [line.split()[1] for line in lines if line.startswith("begin ")]
    after = [line.split()[1] for line in lines if line.startswith("after ")]
    if not refused:
        tally.problem("disk full", f"margin {margin}: no save was refused")
        return
    _, status_text, message_json = refused[0].split(" ", 2)
    message = json.loads(message_json)
    if status_text != "1" or "\n" in message or "disk full" not in message:
        tally.problem("disk full", f"margin {margin}: unclear refusal {status_text} {message!r}")
    else:
        tally.refusals += 1
    if integrity(path) != "ok":
        tally.problem("disk full", f"margin {margin}: integrity {integrity(path)}")
    with open_vault(path) as vault:
        shown = contents(vault)
        if not vault.verify().ok:
            tally.problem("disk full", f"margin {margin}: verify fails after the refusal")
    missing = [i for i in done + after if i not in shown]
    tally.lost += len(missing)
    if missing:
        tally.problem("disk full", f"margin {margin}: acknowledged saves lost: {missing}")
    refused_id = in_flight[-1] if in_flight else None
    if refused_id and refused_id not in done and refused_id in shown:
        tally.problem("disk full", f"margin {margin}: the refused save is in the file anyway")


@pytest.mark.parametrize("margin", DEFAULT_MARGINS)
def test_disk_full_refuses_cleanly_and_keeps_earlier_saves(
    margin: int, tmp_path: Path, tally: Tally, zygote: Zygote
) -> None:
    before = len(tally.problems)
    disk_full_trial(tmp_path, margin, tally, zygote)
    _assert_clean(tally, before)


@pytest.mark.exhaustive
def test_disk_full_at_many_points(tmp_path: Path, tally: Tally, zygote: Zygote) -> None:
    before = len(tally.problems)
    rng = random.Random()
    for trial in range(scaled(40)):
        disk_full_trial(tmp_path / str(trial), rng.randrange(0, 400_000), tally, zygote)
    _assert_clean(tally, before)


def _vault_with_entries(folder: Path, count: int = 3) -> tuple[Path, Path, dict[str, str]]:
    """A closed vault with ``count`` entries, its passphrase file, and its contents."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "vault.db"
    with create_vault(path) as vault:
        for number in range(count):
            vault.save_entry(make_entry(9, number))
        shown = contents(vault)
    secret = folder / "passphrase"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path, secret, shown


def _unchanged(path: Path, shown: dict[str, str], tally: Tally, kind: str) -> None:
    with open_vault(path) as vault:
        if contents(vault) != shown or not vault.verify().ok:
            tally.lost += 1
            tally.problem(kind, "the vault's records changed")


def test_disk_full_through_the_cli(tmp_path: Path, tally: Tally, zygote: Zygote) -> None:
    """add, import, backup under a 96 KiB file-size limit: exit 1, one line, nothing half-done."""
    before = len(tally.problems)
    path, secret, shown = _vault_with_entries(tmp_path)
    common = ["--vault", path, "--passphrase-file", secret]
    limit = ("--fsize", str(96 * 1024))
    logs = tmp_path / "logs"
    result = run_worker_cli(zygote, logs, ["add", "x" * 2_000_000, *common], *limit)
    tally.trials["disk full (CLI add)"] += 1
    _cli_refusal(tally, "cli add", result, {1})
    entries = [make_entry(10, n).model_dump(mode="json") for n in range(40)]
    for item in entries:
        item["answers"][0]["text"] *= 20
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"format": "amends-export", "entries": entries}), encoding="utf-8")
    result = run_worker_cli(zygote, logs, ["import", export, *common], *limit)
    tally.trials["disk full (CLI import)"] += 1
    _cli_refusal(tally, "cli import", result, {1})
    with open_vault(path) as vault:  # make the vault bigger than the limit allows a copy
        for number in range(30):
            entry = make_entry(11, number)
            entry.answers[0].text *= 30
            vault.save_entry(entry)
        shown = contents(vault)
    dest = tmp_path / "copies" / "backup.db"
    result = run_worker_cli(zygote, logs, ["backup", dest, *common], *limit)
    tally.trials["disk full (CLI backup)"] += 1
    _cli_refusal(tally, "cli backup", result, {1})
    if dest.exists() or list(dest.parent.glob(".backup.db.partial*")):
        tally.problem("cli backup", f"left files: {sorted(p.name for p in dest.parent.iterdir())}")
    _unchanged(path, shown, tally, "disk full (CLI)")
    _assert_clean(tally, before)


# ------------------------------------------------------------------ read-only
@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder outside pytest's private tmp tree, owned by uid 65534 when we are root."""
    folder = Path(tempfile.mkdtemp(prefix="amends-hardening-"))
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir():
                path.chmod(0o700)
        shutil.rmtree(folder, ignore_errors=True)


def _as_user(
    zygote: Zygote, logs: Path, folder: Path, argv: list[str | os.PathLike[str]]
) -> CliResult:
    """The CLI as a user permission bits apply to: ourselves, or uid 65534 if we are root."""
    if os.geteuid() != 0:
        return run_cli(argv)
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, NOBODY, NOBODY)
    return run_worker_cli(zygote, logs, argv, "--as-nobody")


@pytest.mark.parametrize("what", ["folder", "file"])
def test_read_only_folder_or_file_is_one_clear_line(
    what: str, shared_dir: Path, tmp_path: Path, tally: Tally, zygote: Zygote
) -> None:
    before = len(tally.problems)
    shared_dir.chmod(0o755)
    path, secret, shown = _vault_with_entries(shared_dir)
    raw = path.read_bytes()
    if what == "folder":
        folder_mode, file_mode = 0o500, 0o600
    else:
        folder_mode, file_mode = 0o700, 0o400
    for argv in (["list"], ["add", "one more line"]):
        path.chmod(file_mode)
        shared_dir.chmod(folder_mode)
        argv = [*argv, "--vault", path, "--passphrase-file", secret]
        result = _as_user(zygote, tmp_path, shared_dir, argv)
        shared_dir.chmod(0o700)
        tally.trials[f"read-only {what}"] += 1
        _cli_refusal(tally, f"read-only {what}", result, {1})
        if "read-only" not in result.err and "permission" not in result.err:
            tally.problem(f"read-only {what}", f"the message does not say why: {result.err!r}")
    shared_dir.chmod(0o700)
    path.chmod(0o600)
    if path.read_bytes() != raw:
        tally.altered += 1
        tally.problem(f"read-only {what}", "the vault file changed")
    _unchanged(path, shown, tally, f"read-only {what}")
    _assert_clean(tally, before)


# ------------------------------------------------- deleted, moved, replaced
def _other_vault(folder: Path) -> tuple[Path, bytes, dict[str, str]]:
    """A second, closed vault (another passphrase): the file swapped in."""
    path = folder / "other.db"
    with create_vault(path, OTHER_PASSPHRASE) as vault:
        vault.save_entry(make_entry(12, 0))
        shown = contents(vault)
    return path, path.read_bytes(), shown


def _delete(path: Path, folder: Path) -> tuple[Path | None, Path | None]:
    path.unlink()
    return None, None


def _replace(path: Path, folder: Path) -> tuple[Path | None, Path | None]:
    other, _, _ = _other_vault(folder)
    os.replace(other, path)
    return None, path


def _move_aside(path: Path, folder: Path) -> tuple[Path | None, Path | None]:
    aside = folder / "moved.db"
    os.rename(path, aside)
    return aside, None


def _move_aside_and_replace(path: Path, folder: Path) -> tuple[Path | None, Path | None]:
    aside = folder / "moved.db"
    os.rename(path, aside)
    other, _, _ = _other_vault(folder)
    os.replace(other, path)
    return aside, path


EVENTS: dict[str, Callable[[Path, Path], tuple[Path | None, Path | None]]] = {
    "deleted": _delete,
    "replaced": _replace,
    "moved aside": _move_aside,
    "moved aside and replaced": _move_aside_and_replace,
}


@pytest.mark.parametrize("event", list(EVENTS))
def test_vault_file_deleted_moved_or_replaced_while_open(
    event: str, tmp_path: Path, tally: Tally
) -> None:
    """Saves after the event are refused (or land where the user can find them)."""
    before = len(tally.problems)
    path = tmp_path / "vault.db"
    vault = create_vault(path)
    acknowledged: dict[str, str] = {}
    for number in range(3):
        entry = vault.save_entry(make_entry(13, number))
        acknowledged[entry.id] = entry.model_dump_json()
    aside, swapped_in = EVENTS[event](path, tmp_path)
    swapped_bytes = swapped_in.read_bytes() if swapped_in else b""
    late: dict[str, str] = {}
    tally.trials[f"file {event} while open"] += 1
    try:
        entry = vault.save_entry(make_entry(13, 99))
        late[entry.id] = entry.model_dump_json()
    except AmendsError as exc:
        if "\n" in exc.message:
            tally.problem(event, f"multi-line message {exc.message!r}")
        else:
            tally.refusals += 1
    except Exception as exc:
        tally.tracebacks += 1
        tally.problem(event, f"save raised {exc!r}")
    try:
        vault.close()
    except Exception as exc:
        tally.problem(event, f"close raised {exc!r}")
    # Saves made before a deletion went with the file; the rest must be findable.
    expected = {**(acknowledged if aside is not None else {}), **late}
    findable: dict[str, str] = {}
    for candidate in (aside, path):
        if candidate is not None and candidate.exists() and candidate != swapped_in:
            with open_vault(candidate) as reopened:
                findable.update(contents(reopened))
    lost = [i for i, dumped in expected.items() if findable.get(i) != dumped]
    if lost:
        tally.lost += len(lost)
        tally.problem(event, f"acknowledged saves nowhere to be found: {lost}")
    if not path.exists():
        # A WAL stranded under the old name must not leak into a new vault there.
        with create_vault(path) as fresh:
            if contents(fresh):
                tally.problem(event, "a new vault at the old path shows the old records")
        with open_vault(path) as fresh:
            if contents(fresh):
                tally.problem(event, "a new vault at the old path shows the old records")
    if swapped_in is not None:
        if swapped_in.read_bytes() != swapped_bytes:
            tally.altered += 1
            tally.problem(event, "the file put in the vault's place was modified")
        if integrity(swapped_in) != "ok":
            tally.problem(event, "the file put in the vault's place fails integrity_check")
        with open_vault(swapped_in, OTHER_PASSPHRASE) as swapped:
            if not swapped.verify().ok:
                tally.problem(event, "the file put in the vault's place no longer verifies")
    _assert_clean(tally, before)


# ------------------------------------------------- truncated, empty, folder
def _base_file(folder: Path) -> tuple[Path, bytes]:
    path, _, _ = _vault_with_entries(folder, count=12)
    with open_vault(path) as vault:
        for number in range(12, 20):
            entry = make_entry(9, number)
            entry.answers[0].text *= 3
            vault.save_entry(entry)
    return path, path.read_bytes()


def truncation_trial(folder: Path, raw: bytes, size: int, secret: Path, tally: Tally) -> None:
    path = folder / f"truncated-{size}.db"
    path.write_bytes(raw[:size])
    tally.trials["truncated"] += 1
    # Cutting only zeros (free space at the end of the last page) loses nothing:
    # SQLite reads the missing bytes as zeros, so the vault must open as whole.
    lossless = not raw[size:].strip(b"\0")
    for command, statuses in (("list", {0, 3}), ("verify", {3, 4})):
        result = run_cli([command, "--vault", path, "--passphrase-file", secret])
        if lossless:
            if result.status != 0 or result.err:
                tally.problem("truncated", f"{size} bytes, zeros only: {command} refused")
            continue
        if result.status == 0 and command == "verify":
            tally.problem("truncated", f"{size} bytes: verify says ok")
        _cli_refusal(tally, f"truncated to {size} ({command})", result, statuses)
        # list reads only the entries' summaries: damage to their answers is verify's
        # (and opening's, and export's) to find.
        if result.status == 0 and command == "verify" and "damaged" not in result.err:
            tally.problem("truncated", f"{size} bytes: {command} ok without a damage warning")
    if path.read_bytes() != raw[:size]:
        tally.altered += 1
        tally.problem("truncated", f"{size} bytes: the file was changed by the attempt")
    path.unlink()


def _truncation_sizes(length: int) -> list[int]:
    return [1, 50, 99, 100, 512, 4095, 4096, 4097, 8192, length // 2, length - 4096, length - 1]


def test_truncated_empty_and_folder_via_the_cli(tmp_path: Path, tally: Tally) -> None:
    before = len(tally.problems)
    _path, raw = _base_file(tmp_path / "base")
    secret = tmp_path / "base" / "passphrase"
    for size in _truncation_sizes(len(raw)):
        truncation_trial(tmp_path, raw, size, secret, tally)
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    folder = tmp_path / "folder.db"
    folder.mkdir()
    missing = tmp_path / "missing.db"
    for kind, target, status in (
        ("empty", empty, 3),
        ("folder", folder, 1),
        ("missing", missing, 1),
    ):
        for command in ("list", "verify", "add"):
            argv = [command, "--vault", target, "--passphrase-file", secret]
            result = run_cli(argv + (["text"] if command == "add" else []))
            tally.trials[kind] += 1
            _cli_refusal(tally, f"{kind} ({command})", result, {status})
    if (
        empty.read_bytes() != b""
        or not folder.is_dir()
        or any(folder.iterdir())
        or missing.exists()
    ):
        tally.altered += 1
        tally.problem("empty/folder/missing", "a refused command changed the file system")
    _assert_clean(tally, before)


@pytest.mark.exhaustive
def test_truncated_every_256_bytes(tmp_path: Path, tally: Tally) -> None:
    before = len(tally.problems)
    _, raw = _base_file(tmp_path / "base")
    secret = tmp_path / "base" / "passphrase"
    for size in range(1, len(raw), stride(256)):
        truncation_trial(tmp_path, raw, size, secret, tally)
    _assert_clean(tally, before)
