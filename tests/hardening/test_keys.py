"""Group 6 — keys and passphrases: nothing secret stays reachable or leaks out.

What this proves:

- After ``vault.lock()`` and after ``vault.close()`` nothing reachable from the
  vault object holds the data key, a subkey (records, header MAC, manifest), an
  AES-GCM object, or any decrypted text: the object graph is walked from the
  vault (``gc.get_referents``, not into classes, modules or functions' globals)
  and every ``bytes``/``str`` in it is searched. ``_keys`` is None and every read
  raises "locked"; unlocking again works.
- A passphrase never appears in a log record (root logger at DEBUG), on stdout or
  stderr, in an exception message, its args, or a formatted traceback — following
  ``__cause__`` and ``__context__`` (even a suppressed context) — for wrong
  passphrases, bad passphrase files (not UTF-8, too few lines, a folder), passwd
  mismatches and weak new passphrases, recovery with a wrong or malformed code,
  and a passphrase that is not valid Unicode.
- Typed at a real terminal (a pty): getpass does not echo it; a wrong one, one that
  is not UTF-8, and Ctrl-D at the prompt each end in one ``amends:`` line, never a
  traceback.
- The same holds for random passphrases (hypothesis: any Unicode; lone surrogates
  and NUL through the API).

Default: 25 random passphrases. Exhaustive (400)::

    python -m pytest tests/hardening/test_keys.py -m exhaustive
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import logging
import os
import pty
import select
import subprocess
import sys
import time
import traceback
import types
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from helpers import scaled
from hypothesis import given, settings
from hypothesis import strategies as st

from journal import crypto
from journal.cli import Context, build_parser
from journal.errors import AmendsError
from journal.models import Answer, Commitment, Draft, Entry
from journal.vault import Vault

from .summary_plugin import record
from .support import STEP_TIMEOUT, open_vault, run_cli

CANARY_TEXT = "canary-text-5e0c7b: what I never told anyone"
PASSPHRASE = "canary-passphrase-Q7x orbit lantern 91"
WRONG = "wrong-canary-Z3k meadow copper 55"
NEW_ONE = "newcanary-one V8m harbour quartz 12"
NEW_TWO = "newcanary-two J4p willow ember 68"
SECRETS = (PASSPHRASE, WRONG, NEW_ONE, NEW_TWO)


@dataclass
class Tally:
    objects_walked: int = 0
    walks: int = 0
    secret_objects: int = 0
    scenarios: Counter[str] = field(default_factory=Counter)
    leaks: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"key trials: {self.walks} object-graph walks after lock/close "
            f"({self.objects_walked} objects), keys or text left reachable: {self.secret_objects}; "
            f"passphrase-leak scenarios: {self.scenarios.total()} "
            f"({', '.join(f'{k} {n}' for k, n in self.scenarios.items())}), "
            f"passphrases found in logs, output, exceptions or tracebacks: {self.leaks}"
        )


@pytest.fixture(scope="module")
def tally() -> Iterator[Tally]:
    found = Tally()
    yield found
    if found.walks or found.scenarios:
        record(found.line())


# ------------------------------------------------------------------ object graph
def _module_dicts() -> set[int]:
    return {id(vars(m)) for m in list(sys.modules.values()) if m is not None}


def reachable(root: object, limit: int = 400_000) -> Iterator[object]:
    """Every object reachable from ``root``, not descending into classes, modules,
    code or functions' globals (those are shared program state, not the vault's)."""
    skip = _module_dicts()
    seen: set[int] = set()
    stack: list[object] = [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or id(obj) in skip:
            continue
        seen.add(id(obj))
        assert len(seen) < limit, "the object graph is larger than expected"
        yield obj
        if isinstance(obj, type | types.ModuleType | types.CodeType | types.FrameType):
            continue
        if isinstance(obj, types.FunctionType):
            stack.extend(c.cell_contents for c in obj.__closure__ or () if _filled(c))
            stack.extend(obj.__defaults__ or ())
            continue
        stack.extend(gc.get_referents(obj))


def _filled(cell: Any) -> bool:
    try:
        cell.cell_contents  # noqa: B018 - raises ValueError when empty
    except ValueError:
        return False
    return True


def _secrets_in(root: object, keys: list[bytes], texts: list[str], tally: Tally) -> list[str]:
    found = []
    tally.walks += 1
    for obj in reachable(root):
        tally.objects_walked += 1
        if isinstance(obj, bytes | bytearray | memoryview):
            data = bytes(obj)
            found += [f"key bytes in {type(obj).__name__}" for k in keys if k in data]
        elif isinstance(obj, str):
            found += [f"text {t!r} in a str" for t in texts if t in obj]
        elif isinstance(obj, AESGCM):
            found.append("an AESGCM object")
    tally.secret_objects += len(found)
    return found


def _filled_vault(path: Path) -> Vault:
    vault, _code = Vault.create(path, PASSPHRASE, recovery=True, insecure_kdf_for_tests=True)
    vault.save_many(
        [
            Entry(title=CANARY_TEXT, answers=[Answer(step_id="a", text=CANARY_TEXT)], tags=["t"]),
            Draft(flow="conduct", kind="conduct", answers=[Answer(step_id="b", text=CANARY_TEXT)]),
            Commitment(stop=CANARY_TEXT, start="s"),
        ]
    )
    return vault


def _use(vault: Vault) -> None:
    """Touch every read path, so every cache is filled before the lock."""
    assert vault.entries() and vault.drafts() and vault.commitments()
    assert vault.search("canary") and vault.tags() and vault.counts()
    vault.get_entry(vault.entries()[0].id[:8])


READS: dict[str, Callable[[Vault], object]] = {
    "entries": Vault.entries,
    "drafts": Vault.drafts,
    "commitments": Vault.commitments,
    "search": lambda v: v.search("canary"),
    "tags": Vault.tags,
    "counts": Vault.counts,
    "verify": Vault.verify,
    "get_entry": lambda v: v.get_entry("0000"),
    "save_entry": lambda v: v.save_entry(Entry(title="x")),
    "delete": lambda v: v.delete("0" * 32),
    "change_passphrase": lambda v: v.change_passphrase(NEW_ONE),
    "new_recovery_code": Vault.new_recovery_code,
}


def test_lock_and_close_leave_no_key_or_text_reachable(tmp_path: Path, tally: Tally) -> None:
    vault = _filled_vault(tmp_path / "vault.db")
    try:
        _use(vault)
        assert vault._state is not None
        data_key = vault._state.keys.data_key
        keys = [
            data_key,
            vault._state.keys.header_mac,
            vault._state.keys.manifest,
            crypto.hkdf(data_key, "amends records v1"),
        ]
        assert _secrets_in(vault, keys, [CANARY_TEXT], Tally()), "the walk must see the keys"
        walked = {id(o) for o in reachable(vault)}
        assert id(vault._db) in walked and id(vault.header.wrapped_key) in walked
        for stage in ("lock", "lock again after a second unlock", "close"):
            if stage == "close":
                vault.close()
            else:
                vault.lock()
            found = _secrets_in(vault, keys, [CANARY_TEXT, PASSPHRASE], tally)
            assert not found, f"after {stage}: {found}"
            assert vault._state is None
            for name, read in READS.items():
                with pytest.raises(AmendsError, match="locked"):
                    read(vault)
                    pytest.fail(f"{name} worked on a locked vault")
            if stage == "lock":
                vault.unlock(PASSPHRASE)
                _use(vault)
    finally:
        vault.close()


# ------------------------------------------------------------------ passphrases
def _chain(exc: BaseException) -> Iterator[BaseException]:
    """An exception, its causes and contexts (also a suppressed context), each once."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        stack += [e for e in (item.__cause__, item.__context__) if e is not None]


def _exception_text(exc: BaseException) -> str:
    """Everything an exception could show: message, args (and a Unicode error's
    object), and every formatted traceback along the chain."""
    parts = []
    for item in _chain(exc):
        parts.append("".join(traceback.format_exception(item)))
        parts.append(repr(item.args))
        parts.append(repr(getattr(item, "object", "")))
    return "\n".join(parts)


def _leaks(text: str) -> list[str]:
    found = []
    for secret in SECRETS:
        for form in (secret, repr(secret.encode())[2:-1], secret.encode().hex()):
            if form in text:
                found.append(secret)
    return found


@dataclass
class Scenario:
    vault: Path
    folder: Path


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    folder = tmp_path_factory.mktemp("keys")
    _filled_vault(folder / "vault.db").close()
    return Scenario(folder / "vault.db", folder)


def _passfile(scenario: Scenario, name: str, content: bytes) -> Path:
    path = scenario.folder / name
    path.write_bytes(content)
    return path


def _run_handler(argv: list[str]) -> BaseException | None:
    """Run the command's handler as main does, but keep what it raises to inspect."""
    args: argparse.Namespace = build_parser().parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args.func(args, Context(insecure_kdf_for_tests=True))
    except BaseException as exc:
        return exc
    return None


def _cli_cases(scenario: Scenario) -> dict[str, tuple[list[str], bytes]]:
    """Commands that fail because of a passphrase, and the passphrase file each gets."""
    lines = [s.encode() for s in SECRETS]
    v = str(scenario.vault)
    new = str(scenario.folder / "new.db")
    return {
        "wrong passphrase": (["list", "--vault", v], lines[1] + b"\n"),
        "passphrase file not UTF-8": (["list", "--vault", v], lines[1] + b"\xff\xfe\n"),
        "passwd, too few lines": (["passwd", "--vault", v], lines[0] + b"\n"),
        "passwd, new ones differ": (["passwd", "--vault", v], b"\n".join([lines[0], *lines[2:4]])),
        "passwd, wrong old one": (["passwd", "--vault", v], b"\n".join(lines[1:3] + lines[2:3])),
        "passwd, weak new one": (["passwd", "--vault", v], lines[0] + b"\ncanary1\ncanary1"),
        "recover, malformed code": (["recover", "--vault", v], b"\n".join(lines[1:4])),
        "recover, wrong code": (
            ["recover", "--vault", v],
            b"0000-0000-0000-0000-0000-0000-0000-0000\n" + lines[2] + b"\n" + lines[2],
        ),
        "init, new ones differ": (["init", "--vault", new], b"\n".join(lines[2:4])),
    }  # fmt: skip


@pytest.mark.parametrize(
    "case",
    [
        "wrong passphrase",
        "passphrase file not UTF-8",
        "passwd, too few lines",
        "passwd, new ones differ",
        "passwd, wrong old one",
        "passwd, weak new one",
        "recover, malformed code",
        "recover, wrong code",
        "init, new ones differ",
    ],
)
def test_no_passphrase_in_cli_failures(
    case: str,
    scenario: Scenario,
    tally: Tally,
    caplog: pytest.LogCaptureFixture,
) -> None:
    argv, content = _cli_cases(scenario)[case]
    secret = _passfile(scenario, "pass", content)
    argv += ["--passphrase-file", str(secret)]
    caplog.set_level(logging.DEBUG)
    tally.scenarios["CLI"] += 1
    result = run_cli(argv)
    exc = _run_handler(argv)
    assert result.status in (2, 3), (result.status, result.err)
    assert isinstance(exc, AmendsError), repr(exc)
    found = _leaks(result.out + result.err) + _leaks(caplog.text) + _leaks(_exception_text(exc))
    tally.leaks += len(found)
    assert not found, f"{case}: {found} in output, logs or the exception"
    assert result.err.count("\n") == 1 and result.err.startswith("amends: ")


def test_passphrase_file_that_is_a_folder_or_missing(scenario: Scenario, tally: Tally) -> None:
    for source in (scenario.folder, scenario.folder / "missing"):
        tally.scenarios["CLI"] += 1
        result = run_cli(["list", "--vault", scenario.vault, "--passphrase-file", source])
        assert result.status == 2 and result.err.count("\n") == 1, result.err


API_CASES: dict[str, Callable[[Path], object]] = {
    "unlock, wrong": lambda p: _unlock(p, WRONG),
    "unlock, not valid Unicode": lambda p: _unlock(p, WRONG + "\udcff"),
    "unlock, NUL inside": lambda p: _unlock(p, WRONG + "\0"),
    "recovery, malformed": lambda p: _recover(p, WRONG),
    "recovery, wrong": lambda p: _recover(p, "0000-0000-0000-0000-0000-0000-0000-0000"),
    "create, empty": lambda p: Vault.create(p.with_name("x.db"), "", insecure_kdf_for_tests=True),
    "create, not valid Unicode": lambda p: Vault.create(
        p.with_name("y.db"), NEW_ONE + "\ud800", insecure_kdf_for_tests=True
    ),
    "change to empty": lambda p: _change(p, ""),
    "change to not valid Unicode": lambda p: _change(p, NEW_TWO + "\udc80"),
}


def _unlock(path: Path, passphrase: str) -> None:
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(passphrase)


def _recover(path: Path, code: str) -> None:
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock_with_recovery(code)


def _change(path: Path, new: str) -> None:
    with open_vault(path, PASSPHRASE) as vault:
        vault.change_passphrase(new)


@pytest.mark.parametrize("case", list(API_CASES))
def test_no_passphrase_in_api_failures(
    case: str, scenario: Scenario, tally: Tally, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    tally.scenarios["API"] += 1
    try:
        API_CASES[case](scenario.vault)
    except BaseException as exc:
        raised: BaseException = exc
    else:
        pytest.fail(f"{case}: nothing was refused")
    found = _leaks(caplog.text) + _leaks(_exception_text(raised))
    tally.leaks += len(found)
    assert not found, f"{case}: {found} in the logs or the exception"
    assert isinstance(raised, AmendsError), f"{case}: {raised!r} is not an AmendsError"
    with open_vault(scenario.vault, PASSPHRASE) as vault:  # nothing was changed
        assert vault.verify().ok


# ------------------------------------------------------------------ a real terminal
def _tty_run(argv: list[str], answers: list[bytes]) -> tuple[int, bytes]:
    """Run the CLI on a pty that is its controlling terminal; answer each prompt."""
    code = (
        "import fcntl, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
        "from journal.cli import main; sys.exit(main(sys.argv[1:], insecure_kdf_for_tests=True))"
    )
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *argv],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    output = b""
    pending = list(answers)
    deadline = time.monotonic() + STEP_TIMEOUT
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break  # the child closed the terminal
                if not chunk:
                    break
                output += chunk
            if pending and output.rstrip().endswith((b":", b"]")):
                output += b"<answered>"
                os.write(master, pending.pop(0))
            elif proc.poll() is not None and not ready:
                break
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    return proc.wait(timeout=STEP_TIMEOUT), output


TTY_CASES: dict[str, tuple[list[str], list[bytes], int]] = {
    "right passphrase": (["list"], [PASSPHRASE.encode() + b"\n"], 0),
    "wrong passphrase": (["list"], [WRONG.encode() + b"\n"], 3),
    "typed bytes not UTF-8": (["list"], [WRONG.encode() + b"\xff\xfe\n"], 2),
    "ctrl-d at the prompt": (["list"], [b"\x04"], 2),
    "ctrl-d at the delete question": (["delete", "ID"], [PASSPHRASE.encode() + b"\n", b"\x04"], 2),
}


@pytest.mark.parametrize("case", list(TTY_CASES))
def test_passphrase_typed_at_a_terminal(case: str, scenario: Scenario, tally: Tally) -> None:
    argv, answers, status = TTY_CASES[case]
    with open_vault(scenario.vault, PASSPHRASE) as vault:
        first = vault.entries()[0].id
    argv = [first if a == "ID" else a for a in argv] + ["--vault", str(scenario.vault)]
    tally.scenarios["terminal"] += 1
    code, output = _tty_run(argv, answers)
    text = output.decode("utf-8", "replace")
    found = _leaks(text)
    tally.leaks += len(found)
    assert not found, f"{case}: the passphrase was echoed or shown: {text!r}"
    assert "Traceback" not in text, text
    assert code == status, (code, text)
    if status:
        errors = [line for line in text.splitlines() if line.startswith("amends: ")]
        assert len(errors) == 1, text


# ------------------------------------------------------------------ any passphrase
_NOT_LINE_BREAKS = st.characters(
    blacklist_categories=("Cs",),
    # str.splitlines() breaks a passphrase file's lines at these, so a passphrase
    # holding one cannot come from --passphrase-file whole.
    blacklist_characters="\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
)


def _random_passphrase_trials(scenario: Scenario, tally: Tally, examples: int) -> None:
    """Random passphrases (any Unicode, and lone surrogates through the API), wrong at
    unlock and mismatched at passwd: none of them shows up anywhere."""
    handler = logging.getLogger()
    records = _Records()
    handler.addHandler(records)
    level = handler.level
    handler.setLevel(logging.DEBUG)
    try:

        @settings(max_examples=examples, deadline=None, database=None)
        @given(
            body=st.text(_NOT_LINE_BREAKS, min_size=6, max_size=40),
            odd=st.sampled_from(["\udcff", "\ud800x", "\x00", "\u2028", "é"]),
        )
        def run(body: str, odd: str) -> None:
            wrong, new = f"canary<{body}>", f"canary<{body}>-new"
            secret = scenario.folder / "random-pass"
            secret.write_bytes(wrong.encode() + b"\n")
            tally.scenarios["random passphrases"] += 1
            texts = []
            result = run_cli(["list", "--vault", scenario.vault, "--passphrase-file", secret])
            assert result.status == 3, result.err
            texts.append(result.out + result.err)
            lines = "\n".join([PASSPHRASE, new, new + "2"])
            secret.write_bytes(lines.encode())
            result = run_cli(["passwd", "--vault", scenario.vault, "--passphrase-file", secret])
            assert result.status == 2, result.err
            texts.append(result.out + result.err)
            for attempt in (wrong, wrong + odd):
                try:
                    _unlock(scenario.vault, attempt)
                except AmendsError as exc:
                    texts.append(_exception_text(exc))
                else:
                    pytest.fail("a wrong passphrase unlocked the vault")
            texts.append(records.text())
            found = [s for s in (wrong, new) if any(s in t for t in texts)]
            tally.leaks += len(found)
            assert not found, f"{found} shown: {texts}"

        run()
    finally:
        handler.removeHandler(records)
        handler.setLevel(level)


class _Records(logging.Handler):
    """Every log record's message and arguments, as text."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.getMessage()} {record.args!r}")

    def text(self) -> str:
        return "\n".join(self.lines)


def test_random_passphrases_never_leak(scenario: Scenario, tally: Tally) -> None:
    _random_passphrase_trials(scenario, tally, 25)


@pytest.mark.exhaustive
def test_random_passphrases_never_leak_exhaustive(scenario: Scenario, tally: Tally) -> None:
    _random_passphrase_trials(scenario, tally, scaled(400))
