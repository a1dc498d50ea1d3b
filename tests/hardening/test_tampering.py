"""Group 3 — tampering: every change to the file is refused or reported, never shown.

Starting from one real vault (entries, a draft, a commitment, an entry saved
twice so an older version of its row exists), each trial copies the file, damages
the copy, then opens it:

- **header** (its JSON and its MAC, every byte in turn): never opened; refused with
  the wrong-passphrase status (3) — or, when the flip raises the format or schema
  number, as "made by a newer amends" (status 1), which is checked before the header
  can be authenticated;
- **records** (random bytes of nonce and ciphertext; rows swapped; a version
  changed; an old version restored; a row deleted; a row added; a row from
  another vault): the vault opens, the damaged ids are listed by ``verify`` and are
  absent from what it shows, or the manifest reports the change;
- **raw file** (bytes flipped at random offsets, page-level damage): a clear
  one-line error, or damage reported by ``verify``, or no effect at all.

In every case no record shows text that was never saved (each shown record is one
of the versions genuinely written for its id), and nothing raises anything but an
``AmendsError`` with a one-line, printable message. A sample goes through
``journal.cli.main`` (``verify``, ``list``): statuses 3/4 as documented, stderr one
``amends:`` line, damaged ids on stdout.

Default: every header byte once, 200 record flips, 300 raw-file trials. Exhaustive
(every bit of every header byte, every byte of four records, 5000 raw-file trials)::

    python -m pytest tests/hardening/test_tampering.py -m exhaustive
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers import scaled, stride

from journal.errors import AmendsError, WrongPassphrase
from journal.models import Answer, Commitment, Draft, Entry, Plan, new_id
from journal.vault import Vault

from .support import PASSPHRASE, Trials, contents, create_vault, recorded, run_cli, stderr_problem

#: Characters no one-line message may hold.
_CONTROL = {chr(c) for c in range(32)} | {chr(127)}


# ------------------------------------------------------------------ the base vault
@dataclass
class Base:
    """The untouched vault: its bytes, what it shows, and every genuine version."""

    raw: bytes
    shown: dict[str, str]
    genuine: dict[str, set[str]]
    old_row: tuple[str, int, bytes, bytes]
    ids: list[str]
    foreign: dict[str, tuple[int, bytes, bytes]]
    secret: Path


def _rows(path: Path) -> dict[str, tuple[int, bytes, bytes]]:
    with _db(path) as con:
        found = con.execute("SELECT id, version, nonce, ciphertext FROM records").fetchall()
    return {r[0]: (r[1], bytes(r[2]), bytes(r[3])) for r in found}


@contextlib.contextmanager
def _db(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection, as an attacker's tool would use (ignores amends' lock)."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA synchronous=OFF")  # only speeds up the tampering writes
    try:
        yield con
    finally:
        con.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    folder = tmp_path_factory.mktemp("tamper-base")
    path = folder / "vault.db"
    genuine: dict[str, set[str]] = {}
    vault, _ = Vault.create(path, PASSPHRASE, recovery=True, insecure_kdf_for_tests=True)
    with vault:
        models: list[Entry | Draft | Commitment] = [
            Entry(
                kind="conduct", title="What I did", answers=[Answer(step_id="a", text="I lied.")]
            ),
            Entry(title="", answers=[Answer(step_id="b", text="ça pèse 😔\n" * 200)], tags=["x"]),
            Entry(title="long", answers=[Answer(step_id="c", text="sorry " * 3000)]),
            Draft(flow="conduct", kind="conduct", answers=[Answer(step_id="d", text="unfinished")]),
            Commitment(stop="shouting", start="pausing", plans=[Plan(situation="s", action="a")]),
        ]
        for model in models:
            vault.save_many([model])
        edited = models[0]
        assert isinstance(edited, Entry)
        genuine[edited.id] = {vault.get_entry(edited.id).model_dump_json()}
        old = _rows(path)[edited.id]
        edited.answers[0].text = "I lied, and then I lied about lying."
        vault.save_entry(edited)
        shown = contents(vault)
    for record_id, dumped in shown.items():
        genuine.setdefault(record_id, set()).add(dumped)
    other = folder / "other.db"
    with create_vault(other) as stranger:
        for model in models:
            stranger.save_many([model])  # same ids, sealed under another vault's key
    secret = folder / "passphrase"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return Base(
        raw=path.read_bytes(),
        shown=shown,
        genuine=genuine,
        old_row=(edited.id, *old),
        ids=sorted(shown),
        foreign=_rows(other),
        secret=secret,
    )


# ------------------------------------------------------------------ outcomes
@dataclass
class Outcome:
    """What opening a damaged copy gave."""

    refused: AmendsError | None = None
    shown: dict[str, str] = field(default_factory=dict)
    damaged: list[str] = field(default_factory=list)
    manifest_ok: bool = True


def _open(path: Path) -> Outcome:
    """Open and unlock; an AmendsError is an outcome, anything else propagates."""
    try:
        vault = Vault.open(path, insecure_kdf_for_tests=True)
    except AmendsError as exc:
        return Outcome(refused=exc)
    with vault:
        try:
            vault.unlock(PASSPHRASE)
        except AmendsError as exc:
            return Outcome(refused=exc)
        report = vault.verify()
        return Outcome(
            shown=contents(vault), damaged=report.damaged, manifest_ok=report.manifest_ok
        )


@dataclass
class Tally(Trials):
    refused: int = 0
    reported: int = 0
    no_effect: int = 0
    wrong_text: int = 0
    tracebacks: int = 0
    cli_runs: int = 0

    def line(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in self.trials.items())
        return (
            f"tamper trials: {self.trials.total()} ({kinds}), refused at unlock: {self.refused}, "
            f"reported by verify: {self.reported}, no effect: {self.no_effect}, wrong plaintext "
            f"shown: {self.wrong_text}, tracebacks: {self.tracebacks}, CLI runs checked: "
            f"{self.cli_runs}"
        )


@pytest.fixture(scope="module")
def tally() -> Iterator[Tally]:
    yield from recorded(Tally())


def _judge(
    kind: str, path: Path, base: Base, tally: Tally, *, want_refused: bool = False
) -> Outcome | None:
    """Open ``path``; count the outcome; note any breach of the rules above."""
    tally.trials[kind] += 1
    try:
        outcome = _open(path)
    except Exception as exc:
        tally.tracebacks += 1
        tally.problem(kind, f"raised {exc!r}")
        return None
    if outcome.refused is not None:
        message = outcome.refused.message
        if set(message) & _CONTROL or not message.isprintable():
            tally.problem(kind, f"message not one printable line: {message!r}")
        tally.refused += 1
        return outcome
    if want_refused:
        tally.problem(kind, "opened although the header was changed")
    for record_id, dumped in outcome.shown.items():
        if dumped not in base.genuine.get(record_id, set()):
            tally.wrong_text += 1
            tally.problem(kind, f"record {record_id} shows text that was never saved")
    for record_id in outcome.damaged:
        if record_id in outcome.shown:
            tally.problem(kind, f"damaged record {record_id} is shown anyway")
    if outcome.damaged or not outcome.manifest_ok:
        tally.reported += 1
    elif outcome.shown == base.shown:
        tally.no_effect += 1
    else:
        tally.problem(kind, "records changed and nothing reported it")
    return outcome


def _fresh(folder: Path, base: Base) -> Path:
    path = folder / "trial.db"
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    path.write_bytes(base.raw)
    return path


def _assert_clean(tally: Tally, before: int) -> None:
    found = tally.problems[before:]
    assert not found, f"{len(found)} problems:\n" + "\n".join(found[:40])


# ------------------------------------------------------------------ header
def _header(path: Path) -> tuple[bytes, bytes]:
    with _db(path) as con:
        data, mac = con.execute("SELECT data, mac FROM header WHERE id = 1").fetchone()
    return bytes(data), bytes(mac)


def _header_refusal(exc: AmendsError) -> bool:
    """Status 3 (damaged header), or a format/schema number turned higher than this
    amends knows: that is refused as "made by a newer amends" (status 1) before the
    header can be authenticated."""
    return isinstance(exc, WrongPassphrase) or "made by a newer amends" in exc.message


def header_trials(
    folder: Path, base: Base, tally: Tally, masks: Callable[[int], list[int]]
) -> None:
    """Flip each byte of the header's JSON and of its MAC; every one must be refused."""
    path = _fresh(folder, base)
    data, mac = _header(path)
    for column, blob in (("data", data), ("mac", mac)):
        for index in range(len(blob)):
            for mask in masks(index):
                changed = bytearray(blob)
                changed[index] ^= mask
                path = _fresh(folder, base)
                with _db(path) as con:
                    con.execute(f"UPDATE header SET {column} = ? WHERE id = 1", (bytes(changed),))
                outcome = _judge(f"header {column}", path, base, tally, want_refused=True)
                if outcome and outcome.refused and not _header_refusal(outcome.refused):
                    tally.problem(
                        f"header {column}",
                        f"byte {index}: refused with status {outcome.refused.status}, not 3",
                    )


def test_every_header_byte_flipped_is_refused(tmp_path: Path, base: Base, tally: Tally) -> None:
    before = len(tally.problems)
    rng = random.Random()
    header_trials(tmp_path, base, tally, lambda _i: [rng.randrange(1, 256)])
    _assert_clean(tally, before)


@pytest.mark.exhaustive
def test_every_bit_of_every_header_byte_is_refused(
    tmp_path: Path, base: Base, tally: Tally
) -> None:
    before = len(tally.problems)
    header_trials(tmp_path, base, tally, lambda _i: [1 << bit for bit in range(8)] + [0xFF])
    _assert_clean(tally, before)


# ------------------------------------------------------------------ records
def _set_row(path: Path, record_id: str, row: tuple[int, bytes, bytes]) -> None:
    with _db(path) as con:
        con.execute(
            "UPDATE records SET version = ?, nonce = ?, ciphertext = ? WHERE id = ?",
            (*row, record_id),
        )


def record_flip_trial(
    folder: Path, base: Base, tally: Tally, record_id: str, index: int, mask: int
) -> None:
    """Flip byte ``index`` of nonce||ciphertext: exactly that record is damaged (and the
    manifest fails too when the byte is one of the GCM tags or the length it binds)."""
    path = _fresh(folder, base)
    version, nonce, ciphertext = _rows(path)[record_id]
    joined = bytearray(nonce + ciphertext)
    joined[index % len(joined)] ^= mask
    cut = len(nonce)
    _set_row(path, record_id, (version, bytes(joined[:cut]), bytes(joined[cut:])))
    outcome = _judge("record byte", path, base, tally)
    if outcome is None or outcome.refused:
        tally.problem("record byte", f"{record_id}[{index}]: refused instead of reported")
        return
    if outcome.damaged != [record_id]:
        tally.problem(
            "record byte",
            f"{record_id}[{index}]: damaged {outcome.damaged}, manifest {outcome.manifest_ok}",
        )
    if {k: v for k, v in base.shown.items() if k != record_id} != outcome.shown:
        tally.problem("record byte", f"{record_id}[{index}]: other records changed")


def test_random_record_bytes_flipped_are_reported(tmp_path: Path, base: Base, tally: Tally) -> None:
    before = len(tally.problems)
    rng = random.Random()
    for _ in range(200):
        record_flip_trial(
            tmp_path,
            base,
            tally,
            rng.choice(base.ids),
            rng.randrange(1 << 20),
            rng.randrange(1, 256),
        )
    _assert_clean(tally, before)


@pytest.mark.exhaustive
def test_every_byte_of_records_flipped_is_reported(
    tmp_path: Path, base: Base, tally: Tally
) -> None:
    before = len(tally.problems)
    rng = random.Random()
    path = _fresh(tmp_path, base)
    rows = _rows(path)
    small = sorted(base.ids, key=lambda i: len(rows[i][2]))[:4]
    for record_id in small:
        _version, nonce, ciphertext = rows[record_id]
        for index in range(0, len(nonce) + len(ciphertext), stride(1)):
            record_flip_trial(tmp_path, base, tally, record_id, index, rng.randrange(1, 256))
    _assert_clean(tally, before)


# ------------------------------------------------------------------ rows
def _swap(path: Path, base: Base, rng: random.Random) -> tuple[list[str], bool]:
    first, second = rng.sample(base.ids, 2)
    rows = _rows(path)
    _set_row(path, first, (rows[first][0], *rows[second][1:]))
    _set_row(path, second, (rows[second][0], *rows[first][1:]))
    return sorted([first, second]), False  # the manifest binds each row's ciphertext


def _bump_version(path: Path, base: Base, rng: random.Random) -> tuple[list[str], bool]:
    record_id = rng.choice(base.ids)
    version, nonce, ciphertext = _rows(path)[record_id]
    _set_row(path, record_id, (version + rng.choice([1, -1, 7]), nonce, ciphertext))
    return [record_id], False


def _restore_old(path: Path, base: Base, rng: random.Random) -> tuple[list[str], bool]:
    record_id, *old = base.old_row
    _set_row(path, record_id, (old[0], old[1], old[2]))
    return [], False


def _delete_row(path: Path, base: Base, rng: random.Random) -> tuple[list[str], bool]:
    with _db(path) as con:
        con.execute("DELETE FROM records WHERE id = ?", (rng.choice(base.ids),))
    return [], False


def _add_copy(path: Path, base: Base, rng: random.Random) -> tuple[list[str], bool]:
    new = new_id()
    version, nonce, ciphertext = _rows(path)[rng.choice(base.ids)]
    with _db(path) as con:
        con.execute("INSERT INTO records VALUES (?, ?, ?, ?)", (new, version, nonce, ciphertext))
    return [new], False


def _foreign_row(path: Path, base: Base, rng: random.Random) -> tuple[list[str], bool]:
    record_id = rng.choice(sorted(base.foreign))
    if record_id in base.ids:
        version = _rows(path)[record_id][0]
        _set_row(path, record_id, (version, *base.foreign[record_id][1:]))
    return [record_id], False


def _negative_version(path: Path, base: Base, rng: random.Random) -> tuple[list[str], bool]:
    record_id = rng.choice(base.ids)
    version, nonce, ciphertext = _rows(path)[record_id]
    _set_row(path, record_id, (rng.choice([-1, -version, -(2**63)]), nonce, ciphertext))
    return [record_id], False


def _id_not_utf8(path: Path, base: Base, rng: random.Random) -> tuple[list[str], bool]:
    record_id = rng.choice(base.ids)
    raw = bytearray(record_id.encode())
    raw[rng.randrange(len(raw))] = rng.choice([0x80, 0xC3, 0xFF])
    with _db(path) as con:
        con.execute("UPDATE records SET id = CAST(? AS TEXT) WHERE id = ?", (bytes(raw), record_id))
    return [bytes(raw).decode("utf-8", "replace")], False


def _id_with_escapes(path: Path, base: Base, rng: random.Random) -> tuple[list[str], bool]:
    """An id crafted to write the clipboard (OSC 52) and clear the screen if printed raw."""
    record_id = rng.choice(base.ids)
    crafted = "\x1b]52;c;aGVsbG8=\x07\x1b[2J" + record_id[:8]
    with _db(path) as con:
        con.execute("UPDATE records SET id = ? WHERE id = ?", (crafted, record_id))
    return [crafted], False


def _mistyped(path: Path, base: Base, rng: random.Random) -> tuple[list[str], bool]:
    """One column of one row given a value of the wrong storage class."""
    record_id = rng.choice(base.ids)
    column, value = rng.choice(
        [
            ("version", "two"),
            ("version", 1.5),
            ("version", b"\x01"),
            ("nonce", "a text nonce"),
            ("nonce", 12),
            ("ciphertext", 7),
            ("ciphertext", "text"),
            ("id", record_id.encode()),
        ]
    )
    with _db(path) as con:
        con.execute(f"UPDATE records SET {column} = ? WHERE id = ?", (value, record_id))
    shown_id = str(value) if column == "id" else record_id
    return [shown_id], False  # a row that cannot be tagged is not counted


ROW_CHANGES: dict[str, Callable[[Path, Base, random.Random], tuple[list[str], bool]]] = {
    "rows swapped": _swap,
    "version changed": _bump_version,
    "old version restored": _restore_old,
    "row deleted": _delete_row,
    "row added": _add_copy,
    "row from another vault": _foreign_row,
    "version negative": _negative_version,
    "id not UTF-8": _id_not_utf8,
    "id with terminal escapes": _id_with_escapes,
    "column of the wrong type": _mistyped,
}


@pytest.mark.parametrize("change", list(ROW_CHANGES))
def test_row_level_changes_are_reported(
    change: str, tmp_path: Path, base: Base, tally: Tally
) -> None:
    """Each change: the listed ids damaged, or the manifest mismatched; ``verify`` exits 4."""
    before = len(tally.problems)
    rng = random.Random()
    for trial in range(6):
        path = _fresh(tmp_path, base)
        damaged, manifest_ok = ROW_CHANGES[change](path, base, rng)
        outcome = _judge(change, path, base, tally)
        if outcome is None or outcome.refused:
            tally.problem(change, "refused instead of reported")
            continue
        if outcome.damaged != damaged or outcome.manifest_ok != manifest_ok:
            tally.problem(
                change,
                f"damaged {outcome.damaged} (want {damaged}), manifest {outcome.manifest_ok}",
            )
        if trial < 2:
            _cli_verify(change, path, base, tally, damaged, manifest_ok)
    _assert_clean(tally, before)


def _cli_verify(
    kind: str, path: Path, base: Base, tally: Tally, damaged: list[str], manifest_ok: bool
) -> None:
    """``amends verify`` exits 4, lists the damaged ids, says so in one stderr line."""
    result = run_cli(["verify", "--vault", path, "--passphrase-file", base.secret])
    tally.cli_runs += 1
    problem = stderr_problem(result)
    if problem or result.status != 4:
        tally.problem(kind, f"verify: status {result.status}, {problem or result.err!r}")
    if set(result.out.replace("\n", "")) & _CONTROL:
        tally.problem(kind, f"verify printed control characters: {result.out!r}")
    listed = [line for line in result.out.splitlines() if line.startswith("damaged:")]
    if len(listed) != len(damaged) or not all(
        any(_printed_as(d, line) for line in listed) for d in damaged
    ):
        tally.problem(kind, f"verify listed {listed}, want {damaged}")
    if manifest_ok == ("manifest:" in result.out):
        tally.problem(kind, f"verify's manifest line is wrong: {result.out!r}")
    result = run_cli(["list", "--vault", path, "--passphrase-file", base.secret])
    tally.cli_runs += 1
    if stderr_problem(result) or result.status != 0 or "amends: warning:" not in result.err:
        tally.problem(kind, f"list: status {result.status}, stderr {result.err!r}")
    for record_id in damaged:
        if record_id[:8] in result.out:
            tally.problem(kind, f"list shows the damaged record {record_id}")


def _printed_as(record_id: str, line: str) -> bool:
    """Whether ``line`` names ``record_id``: as is, or with its control characters made visible."""
    return line == f"damaged: {record_id}" or (record_id[-8:] in line and not set(line) & _CONTROL)


def test_header_damage_through_the_cli(tmp_path: Path, base: Base, tally: Tally) -> None:
    """A sample of header flips through ``verify`` and ``list``: status 3, one line."""
    before = len(tally.problems)
    rng = random.Random()
    for _ in range(8):
        path = _fresh(tmp_path, base)
        data, _mac = _header(path)
        changed = bytearray(data)
        changed[rng.randrange(len(changed))] ^= rng.randrange(1, 256)
        with _db(path) as con:
            con.execute("UPDATE header SET data = ? WHERE id = 1", (bytes(changed),))
        for command in ("verify", "list"):
            result = run_cli([command, "--vault", path, "--passphrase-file", base.secret])
            tally.cli_runs += 1
            problem = stderr_problem(result)
            if problem or result.status != 3 or result.out:
                tally.problem(
                    "header (CLI)", f"{command}: {result.status} {problem or result.err!r}"
                )
    _assert_clean(tally, before)


# ------------------------------------------------------------------ raw file
def raw_flip_trial(folder: Path, base: Base, tally: Tally, rng: random.Random) -> None:
    """Flip 1 to 16 bytes at random offsets of the file itself."""
    path = _fresh(folder, base)
    damaged = bytearray(base.raw)
    for _ in range(rng.choice([1, 1, 1, 2, 4, 16])):
        damaged[rng.randrange(len(damaged))] ^= rng.randrange(1, 256)
    path.write_bytes(bytes(damaged))
    _judge("raw file bytes", path, base, tally)


def _raw_trials(folder: Path, base: Base, tally: Tally, trials: int, cli_every: int) -> None:
    rng = random.Random()
    for trial in range(trials):
        raw_flip_trial(folder, base, tally, rng)
        if trial % cli_every == 0:
            path = folder / "trial.db"
            result = run_cli(["verify", "--vault", path, "--passphrase-file", base.secret])
            tally.cli_runs += 1
            problem = stderr_problem(result)
            if problem or result.status not in (0, 1, 3, 4):
                tally.problem(
                    "raw file (CLI)", f"verify: {result.status} {problem or result.err!r}"
                )


def test_raw_file_bytes_flipped(tmp_path: Path, base: Base, tally: Tally) -> None:
    before = len(tally.problems)
    _raw_trials(tmp_path, base, tally, 300, cli_every=10)
    _assert_clean(tally, before)


@pytest.mark.exhaustive
def test_raw_file_bytes_flipped_thousands(tmp_path: Path, base: Base, tally: Tally) -> None:
    before = len(tally.problems)
    _raw_trials(tmp_path, base, tally, scaled(5000), cli_every=25)
    _assert_clean(tally, before)
