"""A subprocess that works on a real vault until it is killed (or finishes).

Run as ``python worker.py MODE ARGS...``; the hardening tests start it, kill it
with SIGKILL at a random moment, then inspect the file it left. It speaks one
line per event on stdout, flushed at once, so every line the parent reads was
written before the kill:

- ``ready`` once the vault is open and unlocked;
- ``begin <what>`` just before an operation, ``done <what>`` once it returned;
- ``finished`` if it ran out of work.

An operation with a ``done`` line was acknowledged: the test requires it on disk.
One with only ``begin`` was in flight at the kill: it may or may not have landed,
but never in part.

Modes (PASS is the passphrase; the test KDF is always on):

- ``save VAULT PASS SEED``: new entries and edits of earlier ones, forever.
- ``passwd VAULT PASS0 PASS1``: change the passphrase to PASS1, PASS0, PASS1, ...
- ``recode VAULT PASS``: new recovery codes, printed as ``code N CODE`` once committed.
- ``import VAULT PASS FILE...``: import each file (an amends export) in turn.
- ``backup VAULT PASS DIR``: back up to DIR/backup-0.db, DIR/backup-1.db, ...
- ``delete VAULT PASS ID...``: delete each record in turn.
- ``hold VAULT PASS``: keep the vault open and unlocked, idle.
- ``fill VAULT PASS MARGIN``: disk-full trial (see ``fill``).
- ``cli [--fsize N] [--as-nobody] -- ARGV...``: ``journal.cli.main(ARGV)`` with a
  file-size limit (SIGXFSZ ignored, so writes fail with EFBIG) and/or after
  dropping root to uid/gid 65534; exits with main's status.
- ``serve``: a fork server. Starting Python and importing amends takes about half
  a second; the server does it once, then starts each worker above with
  ``os.fork()`` in a few milliseconds (see ``serve``). A forked worker is a process
  of its own: it opens and locks the vault itself, and SIGKILL kills only it.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import resource
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any, NoReturn

from journal.errors import AmendsError
from journal.models import Answer, Entry, new_id
from journal.vault import Vault

NOBODY = 65534
#: Sizes of generated texts, in characters: small, a page, several pages, a long one.
TEXT_SIZES = (40, 900, 5_000, 30_000)


def entry_text(seed: int, number: int) -> str:
    """The deterministic text of save ``number`` of worker ``seed`` (the parent recomputes it)."""
    rng = random.Random(f"{seed}:{number}")
    words = ("sorry", "I", "lied", "to", "her", "amends", "ça", "me", "pèse", "😔", "\n")
    size = rng.choice(TEXT_SIZES)
    head = f"confession {seed}:{number} "
    body = " ".join(rng.choice(words) for _ in range(size // 4))
    return head + body[: max(0, size - len(head))]


def entry_title(seed: int, number: int) -> str:
    return f"trial {seed} #{number}"


def make_entry(seed: int, number: int, record_id: str | None = None) -> Entry:
    """The entry for save ``number`` of worker ``seed``: title and text say which it is."""
    return Entry(
        id=record_id or new_id(),
        title=entry_title(seed, number),
        answers=[Answer(step_id="body", text=entry_text(seed, number))],
        tags=["hardening"],
    )


def say(line: str) -> None:
    print(line, flush=True)


def _unlocked(path: str, passphrase: str) -> Vault:
    vault = Vault.open(Path(path), insecure_kdf_for_tests=True)
    vault.unlock(passphrase)
    return vault


def save(path: str, passphrase: str, seed: str) -> None:
    vault = _unlocked(path, passphrase)
    rng = random.Random(int(seed))
    mine: list[str] = []
    say("ready")
    for number in itertools.count():
        record_id = rng.choice(mine) if mine and rng.random() < 0.3 else new_id()
        say(f"begin {record_id} {number}")
        vault.save_entry(make_entry(int(seed), number, record_id))
        if record_id not in mine:
            mine.append(record_id)
        say(f"done {record_id} {number}")


def passwd(path: str, first: str, second: str) -> None:
    vault = _unlocked(path, first)
    passphrases = (first, second)
    say("ready")
    for number in itertools.count(1):
        say(f"begin {number}")
        vault.change_passphrase(passphrases[number % 2])
        say(f"done {number}")


def recode(path: str, passphrase: str) -> None:
    """New recovery codes, forever: each seals every record again under a fresh key. The
    code is printed once its transaction committed, before ``done``."""
    vault = _unlocked(path, passphrase)
    say("ready")
    for number in itertools.count(1):
        say(f"begin {number}")
        code = vault.new_recovery_code()
        say(f"code {number} {code}")
        say(f"done {number}")


def import_files(path: str, passphrase: str, *files: str) -> None:
    from journal.exchange import import_into

    vault = _unlocked(path, passphrase)
    say("ready")
    for number, name in enumerate(files):
        raw = Path(name).read_bytes()
        say(f"begin {number}")
        import_into(vault, raw)
        say(f"done {number}")
    say("finished")


def backup(path: str, passphrase: str, folder: str) -> None:
    vault = _unlocked(path, passphrase)
    say("ready")
    for number in itertools.count():
        say(f"begin {number}")
        vault.backup(Path(folder) / f"backup-{number}.db")
        say(f"done {number}")


def delete(path: str, passphrase: str, *ids: str) -> None:
    vault = _unlocked(path, passphrase)
    say("ready")
    for record_id in ids:
        say(f"begin {record_id}")
        vault.delete(record_id)
        say(f"done {record_id}")
    say("finished")


def hold(path: str, passphrase: str) -> None:
    try:
        _unlocked(path, passphrase)
    except AmendsError as exc:
        say(f"refused {exc.status} {json.dumps(exc.message)}")
        sys.exit(exc.status)
    say("ready")
    time.sleep(600)


def _largest_file(path: Path) -> int:
    sizes = [p.stat().st_size for p in path.parent.iterdir() if p.name.startswith(path.name)]
    return max(sizes, default=0)


def fill(path: str, passphrase: str, margin: str) -> None:
    """Save until the disk is "full", then free it and save again.

    The file-size limit (RLIMIT_FSIZE) is set just above the largest vault file
    (main, -wal, -shm) plus MARGIN bytes; SIGXFSZ is ignored so write() fails with
    EFBIG instead of killing us. Prints ``refused <status> <json message>`` for the
    AmendsError, then lifts the limit, saves once more (``after <id>``) and closes.
    Any other exception escapes with a traceback: the parent counts that as a failure.
    """
    vault = _unlocked(path, passphrase)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    say("ready")
    for number in range(3):
        entry = make_entry(0, number)
        entry.answers[0].text = entry_text(0, number)[:200]
        vault.save_entry(entry)
        say(f"done {entry.id} {number}")
    _soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    limit = _largest_file(Path(path)) + int(margin)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        for number in range(3, 60):
            entry = make_entry(0, number)
            entry.answers[0].text = entry_text(0, number) * 8
            say(f"begin {entry.id} {number}")
            vault.save_entry(entry)
            say(f"done {entry.id} {number}")
    except AmendsError as exc:
        say(f"refused {exc.status} {json.dumps(exc.message)}")
    resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
    entry = make_entry(0, 1000)
    vault.save_entry(entry)
    say(f"after {entry.id} 1000")
    vault.close()
    say("closed")


def _preload() -> None:
    """Import everything a command may need, before privileges drop (root's home is 0700)."""
    import journal.exchange
    import journal.strength
    from journal.cli import build_parser
    from journal.crypto import TEST_PARAMS, derive_key
    from journal.vault.storage import schema

    build_parser()
    schema()  # vault creation compiles the SQLModel tables with SQLAlchemy
    derive_key("preload", bytes(16), TEST_PARAMS)
    journal.strength.check_passphrase("preload the zxcvbn dictionaries")
    assert journal.exchange


def cli(*argv: str) -> None:
    from journal.cli import main

    args = list(argv)
    fsize = None
    as_nobody = False
    while args and args[0] != "--":
        option = args.pop(0)
        if option == "--fsize":
            fsize = int(args.pop(0))
        elif option == "--as-nobody":
            as_nobody = True
        else:
            raise SystemExit(f"worker cli: unknown option {option}")
    args = args[1:]
    if as_nobody:
        _preload()
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
    if fsize is not None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        _soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, hard))
    sys.exit(main(args, insecure_kdf_for_tests=True))


def serve() -> None:
    """Answer one JSON request per stdin line with one JSON line on stdout.

    ``["spawn", mode, args, out, err]`` forks a worker running ``mode`` with its
    stdout/stderr in the files ``out``/``err`` and answers its pid;
    ``["poll", pid]`` answers its exit status or null while it runs;
    ``["wait", pid]`` waits for it. Statuses are negative for a signal, as Popen's.
    """
    _preload()
    for line in sys.stdin:
        request = json.loads(line)
        reply: Any
        if request[0] == "spawn":
            sys.stdout.flush()
            pid = os.fork()
            if pid == 0:
                _forked(*request[1:])
            reply = pid
        else:
            done, status = os.waitpid(request[1], os.WNOHANG if request[0] == "poll" else 0)
            reply = os.waitstatus_to_exitcode(status) if done else None
        print(json.dumps(reply), flush=True)


def _forked(mode: str, args: list[str], out: str, err: str) -> NoReturn:
    """The child of ``serve``: become the worker, then exit without running the server's cleanup."""
    code = 0
    try:
        for fd, name, flags in (
            (0, os.devnull, os.O_RDONLY),
            (1, out, os.O_WRONLY),
            (2, err, os.O_WRONLY),
        ):
            os.dup2(os.open(name, flags | (os.O_CREAT | os.O_TRUNC if fd else 0), 0o644), fd)
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as we do
        MODES[mode](*args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


MODES = {
    "save": save,
    "passwd": passwd,
    "recode": recode,
    "import": import_files,
    "backup": backup,
    "delete": delete,
    "hold": hold,
    "fill": fill,
    "cli": cli,
    "serve": serve,
}

if __name__ == "__main__":
    MODES[sys.argv[1]](*sys.argv[2:])
