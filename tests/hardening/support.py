"""Shared helpers for the hardening suite: real vault files, workers, CLI runs, checks.

Nothing is mocked: vaults are real SQLite files sealed with real cryptography;
only the Argon2id cost is the cheap ``insecure_kdf_for_tests`` setting.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from journal.cli import main
from journal.models import Commitment, Draft, Entry
from journal.vault import Vault

from .summary_plugin import record

T = TypeVar("T", bound="Trials")

#: Strong enough for zxcvbn, so ``init`` and ``passwd`` accept them.
PASSPHRASE = "hardening trial: violet kettle drums 41"
OTHER_PASSPHRASE = "second wrap: paper moon over a quiet harbour 17"
HERE = Path(__file__).resolve().parent
WORKER = HERE / "worker.py"
#: The CLI as a separate process, with the test KDF switched on.
CLI_SNIPPET = (
    "from journal.cli import main; import sys; "
    "sys.exit(main(sys.argv[1:], insecure_kdf_for_tests=True))"
)
#: Lines the CLI prints to stderr that are information, not errors.
INFO_LINES = (
    "Measuring this machine to set the key-derivation cost…",
    "No entries.",
    "Exported to ",
)
#: Generous ceiling for any one subprocess step; a hang fails the test, it is not timing.
STEP_TIMEOUT = 120.0


# ------------------------------------------------------------------- vaults
def create_vault(path: Path, passphrase: str = PASSPHRASE, *, recovery: bool = False) -> Vault:
    """A new, unlocked vault at ``path`` (test KDF)."""
    return Vault.create(path, passphrase, recovery=recovery, insecure_kdf_for_tests=True)[0]


def open_vault(path: Path, passphrase: str = PASSPHRASE) -> Vault:
    """Open and unlock ``path``; the vault is closed again if unlocking fails."""
    vault = Vault.open(path, insecure_kdf_for_tests=True)
    try:
        vault.unlock(passphrase)
    except BaseException:
        vault.close()
        raise
    return vault


def contents(vault: Vault) -> dict[str, str]:
    """Every record the unlocked vault shows, id -> its JSON (what a user could see)."""
    models: list[Entry | Draft | Commitment] = [
        *vault.full_entries(),
        *vault.drafts(),
        *vault.commitments(),
    ]
    return {m.id: m.model_dump_json() for m in models}


def integrity(path: Path) -> str:
    """SQLite's own verdict on the file: 'ok' or its complaints joined by '; '."""
    with contextlib.closing(sqlite3.connect(path)) as con:
        rows = con.execute("PRAGMA integrity_check").fetchall()
    return "; ".join(str(r[0]) for r in rows)


def copy_file(source: Path, dest: Path) -> None:
    dest.write_bytes(source.read_bytes())


# ------------------------------------------------------------------- workers
class Zygote:
    """``worker.py serve``: forks workers from a process that imported amends once."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )

    def ask(self, *request: object) -> object:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        reply = self.proc.stdout.readline()
        assert reply, f"the fork server died ({self.proc.poll()})"
        return json.loads(reply)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=STEP_TIMEOUT)


class _Forked:
    """The part of Popen's interface ``Worker`` uses, for a child of the fork server."""

    def __init__(self, zygote: Zygote, pid: int) -> None:
        self.zygote, self.pid = zygote, pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            status = self.zygote.ask("poll", self.pid)
            self.returncode = status if isinstance(status, int) else None
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            status = self.zygote.ask("wait", self.pid)
            assert isinstance(status, int)
            self.returncode = status
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:
            os.kill(self.pid, sig)


class Worker:
    """``worker.py MODE ARGS...`` in its own process; stdout and stderr go to files.

    Files, not pipes: a write never blocks, and after a SIGKILL every line that
    was flushed is still there to read. With a ``zygote`` the process is forked
    from it (milliseconds); without, it is a fresh interpreter (half a second).
    """

    def __init__(
        self, folder: Path, mode: str, *args: str | os.PathLike[str], zygote: Zygote | None = None
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.out_path = folder / f"worker-{mode}.out"
        self.err_path = folder / f"worker-{mode}.err"
        argv = [os.fspath(a) for a in args]
        self.proc: subprocess.Popen[bytes] | _Forked
        if zygote is not None:
            pid = zygote.ask("spawn", mode, argv, str(self.out_path), str(self.err_path))
            assert isinstance(pid, int)
            self.proc = _Forked(zygote, pid)
            return
        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, str(WORKER), mode, *argv],
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
            )

    def lines(self) -> list[str]:
        """Complete lines written so far (a line being written is not yet one)."""
        if not self.out_path.exists():
            return []
        text = self.out_path.read_text(encoding="utf-8", errors="replace")
        return text.split("\n")[:-1]

    def stderr(self) -> str:
        if not self.err_path.exists():
            return ""
        return self.err_path.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, line: str, timeout: float = STEP_TIMEOUT) -> None:
        """Poll until ``line`` was printed; fail with the worker's stderr if it died first."""
        deadline = time.monotonic() + timeout
        while line not in self.lines():
            if self.proc.poll() is not None and line not in self.lines():
                raise AssertionError(
                    f"worker exited ({self.proc.returncode}) before {line!r}:\n{self.stderr()}"
                )
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"worker never printed {line!r}:\n{self.stderr()}")
            time.sleep(0.002)

    def kill(self) -> int | None:
        """SIGKILL (if still running) and reap; the exit status, negative for a signal."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        return self.proc.wait(timeout=STEP_TIMEOUT)

    def finish(self) -> int:
        return self.proc.wait(timeout=STEP_TIMEOUT)


@dataclass
class Ops:
    """What a worker's log says: acknowledged operations and the one in flight."""

    done: list[str]
    in_flight: str | None
    finished: bool


def read_ops(lines: Sequence[str]) -> Ops:
    """Parse ``begin X`` / ``done X`` pairs; checks they alternate properly."""
    done: list[str] = []
    in_flight: str | None = None
    finished = False
    for line in lines:
        word, _, what = line.partition(" ")
        if word == "begin":
            assert in_flight is None, f"begin without done before {line!r}"
            in_flight = what
        elif word == "done":
            assert in_flight == what, f"done {what!r} does not match begin {in_flight!r}"
            done.append(what)
            in_flight = None
        elif word == "finished":
            finished = True
    return Ops(done, in_flight, finished)


# ------------------------------------------------------------------- the CLI
@dataclass
class CliResult:
    status: int
    out: str
    err: str


def run_cli(argv: Sequence[str | os.PathLike[str]], stdin: bytes = b"") -> CliResult:
    """``journal.cli.main(argv)`` in this process, stdout/stderr captured, stdin given.

    Whatever main lets escape (other than SystemExit from --help/--version)
    propagates to the caller: that is a traceback a user would see.
    """
    out, err = io.StringIO(), io.StringIO()
    fake_stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    old_stdin = sys.stdin
    sys.stdin = fake_stdin
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main([os.fspath(a) for a in argv], insecure_kdf_for_tests=True)
            except SystemExit as exc:
                status = exc.code if isinstance(exc.code, int) else 0
    finally:
        sys.stdin = old_stdin
    return CliResult(status, out.getvalue(), err.getvalue())


def run_cli_process(
    argv: Sequence[str | os.PathLike[str]], *, cwd: Path | None = None, stdin: bytes = b""
) -> CliResult:
    """The CLI in a fresh ``python -c`` process (the way a second user would run it)."""
    done = subprocess.run(
        [sys.executable, "-c", CLI_SNIPPET, *map(os.fspath, argv)],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=STEP_TIMEOUT,
        check=False,
    )
    return CliResult(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def run_worker_cli(
    zygote: Zygote, logs: Path, argv: Sequence[str | os.PathLike[str]], *options: str
) -> CliResult:
    """The CLI in a worker forked from ``zygote``: ``worker.py cli OPTIONS -- ARGV``
    (a file-size limit, or root dropped to uid 65534). Its output files go in ``logs``."""
    worker = Worker(logs, "cli", *options, "--", *argv, zygote=zygote)
    status = worker.finish()
    out = worker.out_path.read_text(encoding="utf-8", errors="replace")
    return CliResult(status, out, worker.stderr())


def stderr_problem(result: CliResult) -> str | None:
    """Why stderr breaks the CLI's rule, or None.

    The rule: no traceback; a failure is exactly one line starting ``amends:``
    (warnings, also ``amends:``, may precede it); the only other lines allowed
    are the CLI's few informational ones.
    """
    if "Traceback" in result.err:
        return f"traceback on stderr:\n{result.err}"
    lines = [line for line in result.err.split("\n") if line]
    strange = [
        line
        for line in lines
        if not line.startswith("amends: ") and not line.startswith(INFO_LINES)
    ]
    if strange:
        return f"stderr lines not starting 'amends:': {strange!r}"
    errors = [
        line
        for line in lines
        if line.startswith("amends: ") and not line.startswith("amends: warning:")
    ]
    if result.status != 0 and len(errors) != 1:
        return f"status {result.status} with {len(errors)} error lines: {lines!r}"
    if result.status == 0 and errors:
        return f"status 0 but error lines: {errors!r}"
    return None


@contextlib.contextmanager
def chdir(folder: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(old)


@dataclass
class Trials:
    """What a group tried, by kind, and what went wrong; a group adds its counters
    and ``line()``, its one summary line."""

    trials: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def problem(self, kind: str, text: str) -> None:
        self.problems.append(f"[{kind}] {text}")

    def line(self) -> str:
        raise NotImplementedError


def recorded(tally: T) -> Iterator[T]:
    """Hand ``tally`` to a group's tests; then record its summary line if it tried anything."""
    yield tally
    if tally.trials:
        record(tally.line())
