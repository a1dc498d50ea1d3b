"""Journal text kept out of argv and core dumps (issue 13 §4, §5).

Each test runs the real CLI in its own process, as a second local user or the
kernel would see it: ``/proc/PID/cmdline``, ``/proc/PID/limits`` and a core file.
"""

from __future__ import annotations

import os
import pty
import resource
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .support import PASSPHRASE, STEP_TIMEOUT, create_vault, open_vault

SECRET = "kept-out-of-argv confession 7f3a"
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _cli(harden: bool = True) -> list[str]:
    code = (
        "from journal.cli import main; import sys; "
        f"sys.exit(main(sys.argv[1:], insecure_kdf_for_tests=True, harden={harden}))"
    )
    return [sys.executable, "-c", code]


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    path = tmp_path / "vault.db"
    create_vault(path).close()
    return path


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A passphrase "file" that blocks the CLI until the test writes to it."""
    path = tmp_path / "passphrase.fifo"
    os.mkfifo(path)
    yield path


class Blocked:
    """The CLI waiting on the passphrase FIFO: it has read all its other input."""

    def __init__(self, fifo: Path) -> None:
        # A non-blocking open for writing succeeds only once a reader has the FIFO open.
        deadline = time.monotonic() + STEP_TIMEOUT
        while True:
            try:
                self.fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError("the CLI never reached the passphrase") from None
                time.sleep(0.01)  # polling another process, not timing anything

    def give(self, passphrase: str = PASSPHRASE) -> None:
        os.write(self.fd, (passphrase + "\n").encode())
        os.close(self.fd)


def _cmdline(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def _core_limit(pid: int) -> str:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max core file size"):
            return " ".join(line.split()[4:6])
    raise AssertionError("no core limit listed")


def test_piped_entry_stays_out_of_argv_and_core_dumps_are_off(vault_path: Path, fifo: Path) -> None:
    child = subprocess.Popen(
        [
            *_cli(),
            "add",
            "--vault",
            str(vault_path),
            "--passphrase-file",
            str(fifo),
            "--title",
            "-",
            "--tag",
            "-",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdin is not None
    child.stdin.write(f"A title\nwork, #health\n{SECRET}\nsecond line".encode())
    child.stdin.close()
    child.stdin = None  # closed: communicate() must not flush it
    blocked = Blocked(fifo)
    # What another user (or `ps`) can read while the key is being derived:
    assert SECRET not in _cmdline(child.pid) and "A title" not in _cmdline(child.pid)
    assert _core_limit(child.pid) == "0 0"
    blocked.give()
    _, err = child.communicate(timeout=STEP_TIMEOUT)
    assert child.returncode == 0, err
    with open_vault(vault_path) as vault:
        (saved,) = vault.full_entries()
    assert saved.title == "A title"
    assert saved.tags == ["work", "health"]
    assert saved.answers[0].text == f"{SECRET}\nsecond line"


def test_text_given_as_an_argument_is_visible_as_help_warns(vault_path: Path, fifo: Path) -> None:
    """The channel the warning names: TEXT on the command line is in /proc/PID/cmdline."""
    child = subprocess.Popen(
        [*_cli(), "add", "--vault", str(vault_path), "--passphrase-file", str(fifo), SECRET],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    blocked = Blocked(fifo)
    assert SECRET in _cmdline(child.pid)
    blocked.give()
    child.communicate(timeout=STEP_TIMEOUT)
    helped = subprocess.run(
        [*_cli(), "add", "--help"], capture_output=True, text=True, timeout=STEP_TIMEOUT
    )
    flat = " ".join(helped.stdout.split())
    assert "saved in your shell's history" in flat and "process list" in flat


def test_search_query_from_stdin(vault_path: Path, fifo: Path) -> None:
    with open_vault(vault_path) as vault:
        from journal.models import Answer, Entry

        vault.save_entry(Entry(title="t", answers=[Answer(step_id="b", text=SECRET)]))
    child = subprocess.Popen(
        [*_cli(), "search", "--json", "--vault", str(vault_path), "--passphrase-file", str(fifo)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdin is not None
    child.stdin.write(b"confession\n")
    child.stdin.close()
    child.stdin = None  # closed: communicate() must not flush it
    blocked = Blocked(fifo)
    assert "confession" not in _cmdline(child.pid)
    blocked.give()
    out, err = child.communicate(timeout=STEP_TIMEOUT)
    assert child.returncode == 0, err
    assert b'"title": "t"' in out


def _interactive_add(vault_path: Path, tmp_path: Path, harden: bool) -> tuple[int, int]:
    """`amends add` typed at a terminal (a pty); returns (pid, pty master) once the text is
    in the process's memory and it waits for the title."""
    passphrase = tmp_path / "pass.txt"
    passphrase.write_text(PASSPHRASE + "\n")
    master, slave = pty.openpty()

    def unlimited_core() -> None:  # as `ulimit -c unlimited` in the user's shell
        resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY,) * 2)
        # A background job inherits SIGQUIT ignored; a terminal's foreground one does not.
        signal.signal(signal.SIGQUIT, signal.SIG_DFL)

    child = subprocess.Popen(
        [*_cli(harden), "add", "--vault", str(vault_path), "--passphrase-file", str(passphrase)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=tmp_path,
        preexec_fn=unlimited_core,
        start_new_session=True,  # the pty becomes its controlling terminal, as in a shell
    )
    os.close(slave)
    try:
        _read_until(master, b"Ctrl-D")
        os.write(master, f"{SECRET}\nline two\n".encode() + b"\x04")
        _read_until(master, b"Title")
    except BaseException:
        child.kill()  # never leave it waiting on the terminal
        raise
    return child.pid, master


def _wait_or_kill(pid: int) -> int:
    """The child's wait status; one still running after STEP_TIMEOUT is killed (a failure)."""
    deadline = time.monotonic() + STEP_TIMEOUT
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.05)  # polling another process, not timing anything
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError("the CLI did not end after SIGQUIT")


def _read_until(fd: int, marker: bytes) -> bytes:
    """Read the terminal until ``marker`` shows; a hang fails after STEP_TIMEOUT."""
    seen = b""
    deadline = time.monotonic() + STEP_TIMEOUT
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1.0)
        if ready:
            try:
                seen += os.read(fd, 1024)
            except OSError:  # EIO: the child closed the terminal
                break
    assert marker in seen, seen
    return seen


def test_entry_typed_at_the_terminal_with_title_and_tags_after(
    vault_path: Path, tmp_path: Path
) -> None:
    pid, master = _interactive_add(vault_path, tmp_path, harden=True)
    os.write(master, b"Typed title\n")
    _read_until(master, b"Tags")
    os.write(master, b"one, two\n")
    _read_until(master, b"Added")
    assert _wait_or_kill(pid) == 0
    os.close(master)
    with open_vault(vault_path) as vault:
        (saved,) = vault.full_entries()
    assert (saved.title, saved.tags) == ("Typed title", ["one", "two"])
    assert saved.answers[0].text == f"{SECRET}\nline two"


@pytest.mark.parametrize("harden", [False, True], ids=["unhardened", "hardened"])
def test_sigquit_leaves_no_core_with_journal_text(
    vault_path: Path, tmp_path: Path, harden: bool
) -> None:
    """The attack: SIGQUIT to a process holding journal text, the shell's core limit
    raised. Unhardened (the control) the kernel writes the text into a core file."""
    pid, master = _interactive_add(vault_path, tmp_path, harden=harden)
    os.kill(pid, signal.SIGQUIT)
    status = _wait_or_kill(pid)
    os.close(master)
    cores = [p for p in tmp_path.iterdir() if p.name.startswith("core")]
    leaked = [p for p in cores if SECRET.encode() in p.read_bytes()]
    for core in cores:
        core.unlink()
    if harden:
        assert not os.WCOREDUMP(status) and leaked == []
    else:
        if not os.WCOREDUMP(status):
            pytest.skip("this kernel writes no core files here (core_pattern); control void")
        assert leaked, "the control should show the text in the core file"
