"""Start-up as users meet it: the installed ``amends`` console script in a pseudo-terminal.

Row 1b starts ``AmendsApp`` headless inside a child; a user types ``amends`` in a
terminal, which also pays for the console script, argument parsing, the imports
before the app and Textual's real terminal driver. Here each run spawns a process
on a fresh pseudo-terminal (80×24, TERM=xterm-256color), waits until its output
shows the passphrase field's placeholder, types one character, and stops the clock
when the masked character ("•") comes back: spawn → a screen that takes typing.
The bare one-Input Textual app (``benchmarks/pty_bare.py``, the same placeholder,
password=True) is started the same way in the same kind of terminal: through a
console script of its own, written like the one pip writes for ``amends`` (its
``#!`` line, so the same interpreter and virtual environment, and the same body),
beside a copy of ``pty_bare.py``. Runs alternate so a loaded machine weighs on
both alike; besides the ratio of the two medians, the median of each pair's ratio
is reported, which drifting load sways less.

"Installed" means what ``pip install amends`` gives a user: a wheel of this
checkout, built and installed into a scratch virtual environment, where pip
compiles every module to bytecode. A development checkout installed with
``pip install -e .`` under ``PYTHONDONTWRITEBYTECODE=1`` (as on this project's
machines) has no bytecode at all, so every launch compiles amends' modules from
source before the first frame, and the start-up worker compiles the storage stack
while holding the GIL; ``--editable`` times that console script instead.

    python -m benchmarks.pty_startup --runs 15       # the installed wheel
    python -m benchmarks.pty_startup --editable      # this checkout's own script
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
import venv
from dataclasses import dataclass
from pathlib import Path

from benchmarks.measure import Stat

HERE = Path(__file__).resolve().parent
#: The placeholder, less its first letter: the cursor draws that one with its own style.
PLACEHOLDER = b"assphrase"
MASK = "•".encode()
TIMEOUT = 30.0
SIZE = (24, 80)


@dataclass(frozen=True)
class PtyStartup:
    #: Runs in pairs: bare.samples[i] was taken just before amends.samples[i].
    bare: Stat
    amends: Stat
    #: 1-minute load average before and after the runs.
    load: tuple[float, float]

    @property
    def ratio(self) -> float:
        """The issue's figure: amends' median over the bare app's."""
        return self.amends.median / self.bare.median

    @property
    def pair_ratios(self) -> Stat:
        """Each pair's amends ÷ bare: its median is steadier than ``ratio`` when the
        load changes during the runs."""
        pairs = zip(self.amends.samples, self.bare.samples, strict=True)
        return Stat(tuple(amends / bare for amends, bare in pairs))


def console_script() -> str | None:
    """The installed ``amends`` beside this interpreter (a venv's bin), else on PATH."""
    beside = Path(sys.executable).with_name("amends")
    return str(beside) if beside.exists() else shutil.which("amends")


def install_wheel(scratch: Path) -> str:
    """Build a wheel of this checkout, install it into a new virtual environment under
    ``scratch`` (sharing this interpreter's packages, so only amends is new), and
    return that environment's ``amends`` script: the launch as pip installs it."""
    if scratch.resolve().is_relative_to(HERE.parent):
        raise ValueError("the wheel's scratch folder must be outside the checkout it copies")
    source, wheels, env = scratch / "source", scratch / "wheel", scratch / "venv"
    # A copy, so setuptools' build/ and egg-info never land in (or come from) the checkout.
    skip = shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "build", "*.egg-info", ".*cache*"
    )
    shutil.copytree(HERE.parent, source, ignore=skip)
    _pip("wheel", "-q", "--no-deps", "-w", str(wheels), str(source))
    venv.create(env, system_site_packages=True, with_pip=False)
    python = env / "bin" / "python"
    _pip("--python", str(python), "install", "-q", "--no-deps", str(next(wheels.glob("*.whl"))))
    return str(env / "bin" / "amends")


def bare_script(like: str, folder: Path) -> str:
    """A console script for the bare app in ``folder``, written like ``like`` (the
    ``amends`` script pip wrote): its ``#!`` line and pip's body, importing ``main``
    from a copy of ``pty_bare.py`` beside it (the script's folder is on sys.path, as
    the bin folder is for ``amends``)."""
    shebang = Path(like).read_text(encoding="utf-8").splitlines()[0]
    if not shebang.startswith("#!"):
        raise ValueError(f"{like} is not a script with a #! line")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HERE / "pty_bare.py", folder / "pty_bare.py")
    script = folder / "bare"
    script.write_text(f"{shebang}\n{_PIP_BODY.format(module='pty_bare')}", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


#: What pip (its vendored distlib) writes below the #! line of a console script.
_PIP_BODY = """# -*- coding: utf-8 -*-
import re
import sys
from {module} import main
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit(main())
"""


def _pip(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"pip {args[0]} failed: {done.stderr.strip()[-500:]}")


def typeable(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from spawn until a typed character shows, masked, on the screen."""
    pid, fd = _spawn(argv, env)
    try:
        start = time.perf_counter()
        _read_until(fd, PLACEHOLDER, start)
        os.write(fd, b"x")
        _read_until(fd, MASK, start)
        return time.perf_counter() - start
    finally:
        _stop(pid, fd)


def _spawn(argv: list[str], env: dict[str, str]) -> tuple[int, int]:
    pid, fd = os.forkpty()
    if pid == 0:  # the child: its terminal is the pty, sized like the tmux
        try:
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", *SIZE, 0, 0))
    os.kill(pid, signal.SIGWINCH)
    return pid, fd


def _read_until(fd: int, marker: bytes, start: float) -> bytes:
    """Read the child's output until ``marker`` appears in what it writes from now."""
    out = bytearray()
    while marker not in out:
        if time.perf_counter() - start > TIMEOUT:
            raise TimeoutError(f"no {marker!r} on the screen after {TIMEOUT:.0f} s")
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                out += os.read(fd, 65536)
            except OSError:  # the child exited: its side of the pty is gone
                tail = bytes(out)[-300:]
                raise RuntimeError(f"exited before showing {marker!r}: {tail!r}") from None
    return bytes(out)


def _stop(pid: int, fd: int) -> None:
    os.kill(pid, signal.SIGTERM)
    deadline = time.perf_counter() + 5
    while time.perf_counter() < deadline:
        # Keep draining, or a child blocked writing its last frames never exits.
        if select.select([fd], [], [], 0.02)[0]:
            with contextlib.suppress(OSError):
                os.read(fd, 65536)
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    os.close(fd)


def measure(vault: Path, runs: int, config_dir: Path, script: str | None = None) -> PtyStartup:
    """``runs`` alternating spawns of the bare app and of ``SCRIPT --vault VAULT``
    (by default the console script this interpreter has installed)."""
    script = script or console_script()
    if script is None:
        raise RuntimeError("the amends console script is not installed (pip install -e .)")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "NO_COLOR"))}
    env.update(TERM="xterm-256color", COLUMNS="80", LINES="24")
    env["XDG_CONFIG_HOME"] = str(config_dir)  # the settings file, not the user's
    with tempfile.TemporaryDirectory(prefix="amends-bare-") as folder:
        bare_argv = [bare_script(script, Path(folder))]
        amends_argv = [script, "--vault", str(vault)]
        load_before = os.getloadavg()[0]
        typeable(bare_argv, env)  # warm the page cache for both, untimed
        typeable(amends_argv, env)
        bare, amends = [], []
        for _ in range(runs):
            bare.append(typeable(bare_argv, env))
            amends.append(typeable(amends_argv, env))
    return PtyStartup(Stat(tuple(bare)), Stat(tuple(amends)), (load_before, os.getloadavg()[0]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--vault", type=Path, help="an existing vault (default: a new one)")
    parser.add_argument(
        "--editable",
        action="store_true",
        help="time the console script installed beside this interpreter, not a wheel",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        scratch = Path(name)
        script = None if args.editable else install_wheel(scratch)
        vault = args.vault or _new_vault(scratch / "vault.db")
        found = measure(vault, args.runs, scratch / "config", script)
    print(f"amends: {'the editable console script' if args.editable else 'an installed wheel'}")
    for name, stat in (("bare", found.bare), ("amends", found.amends)):
        print(
            f"{name:>6}: median {stat.median * 1000:.0f} ms, "
            f"range {stat.min * 1000:.0f}–{stat.max * 1000:.0f} ms"
        )
    pairs = found.pair_ratios
    print(f"ratio: {found.ratio:.2f}×  (load {found.load[0]:.2f} → {found.load[1]:.2f})")
    print(f"pairs: median {pairs.median:.2f}×, range {pairs.min:.2f}–{pairs.max:.2f}×")
    return 0


def _new_vault(path: Path) -> Path:
    from journal.vault import Vault

    vault, _ = Vault.create(path, "benchmark start-up phrase", insecure_kdf_for_tests=True)
    vault.close()
    return path


if __name__ == "__main__":
    raise SystemExit(main())
