"""The comparison: an equal encrypted jrnl 4.6 journal, and ``jrnl -n 10`` on it.

jrnl is not a dependency of amends (its pins can clash with ours), so it lives
in its own virtual environment::

    python -m venv bench-out/jrnl-venv && bench-out/jrnl-venv/bin/pip install jrnl==4.6

The benchmark looks for ``$AMENDS_BENCH_JRNL``, then that venv (under the
repository and under ``--out``), then ``jrnl`` on PATH.

The journal is written in jrnl's plain-text format and encrypted by jrnl itself
(``jrnl --encrypt``; jrnl 4.6 writes its v3 format: Fernet under a
PBKDF2-HMAC-SHA256 key of 100,000 iterations), then checked with ``jrnl -n 2``.
jrnl reads the password from stdin: it runs without a controlling terminal.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from benchmarks import corpus
from benchmarks.build import PASSPHRASE, Workspace
from benchmarks.measure import ProcessRun, Stat, repeat, run_process, timed

REPO = Path(__file__).resolve().parent.parent
JRNL_ITERATIONS = 100_000
_VENV_JRNL = Path("jrnl-venv") / "bin" / "jrnl"


@dataclass(frozen=True)
class JrnlJournal:
    exe: Path
    config: Path
    env: dict[str, str]
    n: int
    build_seconds: float | None

    def command(self, *args: str) -> list[str]:
        return [str(self.exe), "--config-file", str(self.config), *args]


def find(ws: Workspace) -> Path | None:
    """jrnl's executable, or None when it is not installed."""
    candidates = [
        os.environ.get("AMENDS_BENCH_JRNL"),
        str(REPO / "bench-out" / _VENV_JRNL),
        str(ws.out / _VENV_JRNL),
        shutil.which("jrnl"),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def version(exe: Path) -> str:
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=False)
    return out.stdout.strip().splitlines()[0] if out.stdout.strip() else "unknown"


def _env(home: Path) -> dict[str, str]:
    """No keyring (the password comes on stdin) and a private config home."""
    return {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "NO_COLOR": "1",
    }


def _config(journal: Path) -> str:
    """jrnl's YAML config (jrnl takes a JSON config for a pre-2.0 one and "upgrades" it)."""
    return f"""\
colors:
  body: none
  date: none
  tags: none
  title: none
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default:
    journal: {json.dumps(str(journal))}
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%Y-%m-%d %H:%M'
version: v4.6
"""


def journal(ws: Workspace, exe: Path, n: int) -> JrnlJournal:
    """The ``n``-entry encrypted journal, built unless a matching one is cached."""
    folder = ws.out / "jrnl" / f"jrnl-{n}-seed{ws.seed}-v{corpus.CORPUS_VERSION}"
    done = folder / "built.json"
    built = JrnlJournal(exe, folder / "config.yaml", _env(folder / "home"), n, None)
    if done.exists() and json.loads(done.read_text()).get("exe") == str(exe):
        return built
    seconds = timed(lambda: _build(built, folder, ws.seed))
    done.write_text(json.dumps({"exe": str(exe), "n": n}))
    return JrnlJournal(exe, built.config, built.env, n, seconds)


def _build(built: JrnlJournal, folder: Path, seed: int) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    text = folder / "journal.txt"
    text.write_text(corpus.jrnl_text(list(corpus.entries(built.n, seed))))
    built.config.write_text(_config(text))
    answers = f"{PASSPHRASE}\n{PASSPHRASE}\nn\n".encode()
    run_process(built.command("--encrypt"), stdin=answers, env=built.env)
    if not text.read_bytes().startswith(b"JRNL"):
        raise RuntimeError("jrnl --encrypt did not encrypt the journal")
    check = run_process(built.command("-n", "2"), stdin=f"{PASSPHRASE}\n".encode(), env=built.env)
    if check.stdout.count("\n") < 2:
        raise RuntimeError("the encrypted jrnl journal does not open with jrnl -n 2")


def last_ten(built: JrnlJournal) -> ProcessRun:
    """One whole ``jrnl -n 10`` process: read the password, derive, decrypt, parse, print."""
    run = run_process(built.command("-n", "10"), stdin=f"{PASSPHRASE}\n".encode(), env=built.env)
    if run.stdout.count("\n") < 10:
        raise RuntimeError("jrnl -n 10 printed less than ten lines")
    return run


def kdf(runs: int) -> Stat:
    """jrnl's key derivation: PBKDF2-HMAC-SHA256, 100,000 iterations, 16-byte salt."""
    salt = os.urandom(16)
    secret = PASSPHRASE.encode()
    return repeat(
        lambda: timed(lambda: hashlib.pbkdf2_hmac("sha256", secret, salt, JRNL_ITERATIONS, 32)),
        runs,
    )
