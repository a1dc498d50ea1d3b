"""The vault's SQLite file: its connection, OS lock, transactions and schema.

Nothing here knows a key or a record's format: rows go in and out as bytes.
One connection per vault, shared across threads under one reentrant lock.
"""

from __future__ import annotations

import fcntl
import itertools
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import quote

from journal.errors import AmendsError, VaultBusy, WrongPassphrase
from journal.paths import ensure_private_dir

_PRAGMAS = (
    # 16 KiB pages hold five sealed entries where 4 KiB pages held one: the file is
    # 18% smaller and unlock reads 100,000 entries in 113 ms instead of 199 ms.
    # Takes effect only in a new file (set before WAL; a no-op afterwards).
    "PRAGMA page_size=16384",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA secure_delete=ON",
    "PRAGMA temp_store=MEMORY",
    "PRAGMA foreign_keys=ON",
    # Functions with side effects are never run from the schema (a view, a trigger,
    # an index expression): nothing of the file's choosing runs in amends.
    "PRAGMA trusted_schema=OFF",
)

#: The exact schema this version writes: the tables of ``journal.tables`` as SQLAlchemy
#: compiles them (a test holds the two equal; opening a vault must not import
#: SQLAlchemy), and the index SQLite makes for the records' primary key. At open,
#: ``sqlite_master`` must be exactly this: no trigger, view, index or table more.
RECORDS_SQL = (
    "CREATE TABLE records (\n\tid VARCHAR NOT NULL, \n\tversion INTEGER NOT NULL, "
    "\n\tnonce BLOB NOT NULL, \n\tciphertext BLOB NOT NULL, \n\tPRIMARY KEY (id)\n)"
)
HEADER_SQL = (
    "CREATE TABLE header (\n\tid INTEGER NOT NULL, \n\tdata BLOB NOT NULL, "
    "\n\tmac BLOB NOT NULL, \n\tPRIMARY KEY (id)\n)"
)
TABLES_SQL = (RECORDS_SQL, HEADER_SQL)
SCHEMA = frozenset(
    {
        ("table", "records", "records", RECORDS_SQL),
        ("index", "sqlite_autoindex_records_1", "records", None),
        ("table", "header", "header", HEADER_SQL),
    }
)

#: Every record row; those with the rowids in a JSON array; a page after a rowid. Rows
#: are found by rowid, as unlock read them, not through the id index: a damaged index
#: page must not fail a read that unlock's pass did not need it for.
ROWS = "SELECT rowid, id, version, nonce, ciphertext FROM records"
ROWS_WITH_ROWIDS = (
    "SELECT rowid, id, version, nonce, ciphertext FROM records"
    " WHERE rowid IN (SELECT value FROM json_each(?))"
)
ROWS_AFTER = (
    "SELECT rowid, id, version, nonce, ciphertext FROM records"
    " WHERE rowid > ? ORDER BY rowid LIMIT ?"
)
UPSERT = (
    "INSERT INTO records (id, version, nonce, ciphertext) VALUES (:i, :v, :n, :c)"
    " ON CONFLICT(id) DO UPDATE SET version=:v, nonce=:n, ciphertext=:c"
)


class Storage:
    """An open, locked vault file."""

    def __init__(self, path: Path, db: sqlite3.Connection, lock_fd: int) -> None:
        self.path = path
        self.db = db
        self._lock_fd = lock_fd
        #: Orders every use of the connection (and the vault's state) across threads.
        self.mutex = threading.RLock()

    @classmethod
    def create(cls, path: Path) -> Storage:
        """A new, empty file at ``path`` (refused if one is there), locked."""
        if path.is_dir():
            raise AmendsError(f"{path} is a folder; give the path of a vault file")
        if path.exists() and not path.is_file():
            # A pipe, a device, a socket: never opened (a FIFO would block or be written
            # into) and never deleted.
            raise AmendsError(f"{path} is not a regular file; choose another path")
        if path.exists() and path.stat().st_size > 0:
            raise AmendsError(f"a file already exists at {path}; choose another path")
        try:
            ensure_private_dir(path.parent)
        except OSError as exc:
            raise AmendsError(f"cannot create the folder {path.parent}: {exc.strerror}") from exc
        fd = _lock_file(path, create=True)
        try:
            return cls(path, connect(path), fd)
        except BaseException:
            os.close(fd)
            path.unlink(missing_ok=True)
            raise

    @classmethod
    def open(cls, path: Path) -> Storage:
        check_vault_file(path)
        fd = _lock_file(path, create=False)
        try:
            _private(fd, path)
            db = connect(path)
        except BaseException:
            os.close(fd)
            raise
        try:
            check_schema(db, path)
        except BaseException:
            db.close()
            os.close(fd)
            raise
        return cls(path, db, fd)

    @property
    def is_open(self) -> bool:
        return self._lock_fd >= 0

    def close(self) -> None:
        """Release SQLite and the file lock. Safe to call twice."""
        with self.mutex:
            if self._lock_fd >= 0:
                if self.moved():
                    # SQLite neither checkpoints nor removes the WAL of a moved file on
                    # close: fold it into the file now, or its saves stay stranded in a
                    # WAL named after the old path (and next to whatever file is there).
                    with suppress(AmendsError, sqlite3.Error):
                        self.checkpoint()
                self.db.close()
                os.close(self._lock_fd)
                self._lock_fd = -1

    def discard(self) -> None:
        """Close and delete a file ``create`` made (its creation failed)."""
        self.close()
        self.path.unlink(missing_ok=True)

    def read_header(self) -> tuple[bytes, bytes]:
        return read_header_row(self.db, self.path)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One durable transaction (BEGIN IMMEDIATE ... COMMIT), errors made human."""
        try:
            with self.mutex:
                if self.moved():
                    # SQLite would write on into the unlinked or renamed file, and this
                    # save would be lost at close or sit in a WAL beside another file.
                    raise AmendsError(
                        f"the vault file {self.path} was moved, deleted or replaced while "
                        "open; nothing was saved: quit amends and open the vault where it is now"
                    )
                with _transaction(self.db) as conn:
                    yield conn
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            raise storage_error(exc, self.path) from None

    def rows(self, query: str = ROWS, args: Sequence[object] = ()) -> Iterator[tuple[Any, ...]]:
        """Record rows (rowid, id, version, nonce, ciphertext) of one of the ``ROWS``
        queries, a batch at a time, so the ciphertexts are never all in memory."""
        db = self.db
        text_factory = db.text_factory
        # An id that is not UTF-8 (damage) must cost that record, not the vault.
        db.text_factory = _lenient_text
        try:
            cursor = db.execute(query, args)
            while batch := cursor.fetchmany(512):
                yield from batch
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            raise storage_error(exc, self.path) from None
        finally:
            db.text_factory = text_factory

    def moved(self) -> bool:
        """Whether the path no longer names the file this vault has open (and locked)."""
        try:
            here, mine = os.stat(self.path), os.fstat(self._lock_fd)
        except OSError:
            return True
        return (here.st_dev, here.st_ino) != (mine.st_dev, mine.st_ino)

    def checkpoint(self) -> None:
        """Fold the WAL back and truncate it, so deleted ciphertext does not linger."""
        try:
            with self.mutex:
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            raise storage_error(exc, self.path) from None

    def _copy_into(self, target: sqlite3.Connection) -> None:
        """The known tables' rows, into a new file made with the known schema: nothing
        else in this file (were anything there) is copied."""
        target.execute("PRAGMA page_size=16384")
        target.execute("PRAGMA journal_mode=DELETE")
        target.execute("PRAGMA secure_delete=ON")
        with _transaction(target):
            for statement in TABLES_SQL:
                target.execute(statement)
            with self.mutex:
                data, mac = self.read_header()
                target.execute("INSERT INTO header (id, data, mac) VALUES (1, ?, ?)", (data, mac))
                rows = self.rows()
                while batch := list(itertools.islice(rows, 512)):
                    target.executemany(
                        "INSERT INTO records (rowid, id, version, nonce, ciphertext)"
                        " VALUES (?, ?, ?, ?, ?)",
                        batch,
                    )

    def quick_check(self) -> list[str]:
        """What SQLite's quick check finds wrong with the file (nothing: [])."""
        try:
            with self.mutex:
                found = [str(row[0]) for row in self.db.execute("PRAGMA quick_check")]
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            return [storage_error(exc, self.path).message]
        return [_shown(line) for line in found if line != "ok"]

    def backup(self, dest: Path) -> None:
        """An encrypted copy through SQLite's online backup API; itself a vault."""
        if dest.exists():
            raise AmendsError(f"{dest} already exists; choose a new file for the backup")
        tmp = dest.with_name(f".{dest.name}.partial")
        try:
            ensure_private_dir(dest.parent)
            # A backup killed midway leaves its temp file and SQLite's journal for it;
            # they hold nothing the next attempt needs, and must not block it.
            for stale in (tmp, sidecar(tmp, "-journal")):
                stale.unlink(missing_ok=True)
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
        except OSError as exc:
            raise AmendsError(f"cannot write the backup to {dest}: {exc.strerror}") from exc
        try:
            target = sqlite3.connect(tmp, isolation_level=None)
            try:
                self._copy_into(target)
            finally:
                target.close()
            fsync_path(tmp)
            os.replace(tmp, dest)
            fsync_path(dest.parent)
        except (OSError, sqlite3.Error) as exc:
            tmp.unlink(missing_ok=True)
            sidecar(tmp, "-journal").unlink(missing_ok=True)
            raise AmendsError(f"the backup to {dest} failed: {exc}") from exc


def check_schema(db: sqlite3.Connection, path: Path) -> None:
    """Refuse a file whose schema is not exactly ``SCHEMA``, naming what is there."""
    try:
        found = set(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise storage_error(exc, path) from None
    if found == SCHEMA:
        return
    expected = {row[1]: row for row in SCHEMA}
    odd = [
        f"{'an altered' if row[1] in expected else 'a'} {_shown(row[0])} {_shown(row[1])}"
        for row in sorted(found - SCHEMA, key=str)
    ]
    names = {row[1] for row in found}
    if "header" not in names:
        raise WrongPassphrase(
            f"{path} is not an amends vault or is damaged; restore it from a backup"
        )
    odd += [f"no {row[0]} {name}" for name, row in sorted(expected.items()) if name not in names]
    raise WrongPassphrase(
        f"{path} is damaged or was changed outside amends ({', '.join(odd[:3])}"
        f"{', ...' if len(odd) > 3 else ''}); it was not opened: restore it from a backup"
    )


def _shown(name: object) -> str:
    """A name from the file, safe to print on one line."""
    text = str(name)
    return "".join(c if c.isprintable() else "?" for c in text)[:40]


def _private(fd: int, path: Path) -> None:
    """Tighten a vault found readable by others (copied in at 0644) to 0600, and its
    -wal and -shm with it."""
    if os.fstat(fd).st_mode & 0o077:
        os.fchmod(fd, 0o600)
    for suffix in ("-wal", "-shm"):
        with suppress(FileNotFoundError):
            side = sidecar(path, suffix)
            if side.stat().st_mode & 0o077:
                side.chmod(0o600)


def schema() -> list[str]:
    """CREATE TABLE statements for the SQLModel tables in journal.tables, compiled by
    SQLAlchemy: what ``TABLES_SQL`` must equal (a test checks). Only that test and
    tools import SQLAlchemy: it costs ~0.2 s of start-up."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateTable

    from journal.tables import HeaderRow, RecordRow

    dialect = sqlite.dialect()
    tables = RecordRow.metadata.tables
    return [
        str(CreateTable(tables[name]).compile(dialect=dialect))
        for name in (RecordRow.__tablename__, HeaderRow.__tablename__)
    ]


def sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def check_vault_file(path: Path) -> None:
    if path.is_dir():
        raise AmendsError(f"{path} is a folder, not a vault; give the path of the vault file")
    if not path.exists():
        raise AmendsError(f"no vault at {path}; create one with amends init")
    if not path.is_file():
        raise AmendsError(f"{path} is not a regular file, so not a vault; give the vault's path")
    size = path.stat().st_size
    if size == 0:
        raise WrongPassphrase(f"{path} is empty, not an amends vault; restore it from a backup")
    if size < 512:
        # Smaller than any SQLite page, so not a vault; and SQLite takes a 1-byte file
        # for a new database and writes one over it.
        raise WrongPassphrase(
            f"{path} is not an amends vault or is damaged; restore it from a backup"
        )


def _lock_file(path: Path, *, create: bool) -> int:
    """Open the vault file (0600) and take an exclusive OS lock on it."""
    flags = os.O_RDWR | (os.O_CREAT if create else 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o600)
    except PermissionError as exc:
        raise AmendsError(f"cannot open {path}: permission denied") from exc
    except OSError as exc:
        raise AmendsError(f"cannot open {path}: {exc.strerror}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise VaultBusy() from None
    return fd


def connect(path: Path, *, writable: bool = True) -> sqlite3.Connection:
    """One SQLite connection per vault, shared across threads under the vault's mutex.

    Autocommit mode: transactions are ours (``_transaction``), BEGIN IMMEDIATE.
    """
    try:
        if writable:
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        else:
            uri = f"file:{quote(str(path))}?mode=ro"
            db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        # Never switch another program's database to WAL or a new page size.
        pragmas = _PRAGMAS if writable and _empty_or_vault(db) else _PRAGMAS[2:]
        for pragma in pragmas:
            db.execute(pragma)
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise storage_error(exc, path) from None
    return db


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.execute("COMMIT")  # may fail too (disk full, a constraint): roll back then
    except BaseException:
        if db.in_transaction:
            with suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise


def _lenient_text(raw: bytes) -> str:
    """TEXT as str; bytes that are not UTF-8 (damage) become U+FFFD instead of an error."""
    return raw.decode("utf-8", "replace")


def _empty_or_vault(conn: sqlite3.Connection) -> bool:
    """Whether this database is new or an amends vault: never switch another
    program's SQLite file to WAL just because it was given as --vault."""
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return not names or "header" in names


def read_header_row(db: sqlite3.Connection, path: Path) -> tuple[bytes, bytes]:
    """The header row's (data, mac), as stored."""
    try:
        row = db.execute("SELECT data, mac FROM header WHERE id = 1").fetchone()
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise storage_error(exc, path) from None
    if row is None or not isinstance(row[0], bytes) or not isinstance(row[1], bytes):
        raise WrongPassphrase()
    return bytes(row[0]), bytes(row[1])


def storage_error(exc: Exception, path: Path) -> AmendsError:
    """One human line for what SQLite said; never the SQL, never the data."""
    if isinstance(exc, UnicodeDecodeError):
        # SQLite's own message quoted undecodable names from a damaged file.
        return WrongPassphrase(
            f"{path} is not an amends vault or is damaged; restore it from a backup"
        )
    message = str(getattr(exc, "orig", exc)).lower()
    if "readonly" in message or "read-only" in message:
        return AmendsError(f"cannot write to {path}: it or its folder is read-only")
    if "locked" in message or "busy" in message:
        return VaultBusy()
    if "unable to open" in message:
        return AmendsError(
            f"cannot open {path}: its folder must be writable (SQLite keeps a -wal file beside it)"
        )
    if "disk is full" in message or "disk i/o" in message or "full" in message:
        return AmendsError(
            f"could not write to {path} (disk full or failing); free some space and try again"
        )
    damage = ("no such table", "not a database", "malformed", "could not decode")
    if any(m in message for m in damage):
        return WrongPassphrase(
            f"{path} is not an amends vault or is damaged; restore it from a backup"
        )
    # SQLite may quote bytes of a damaged file: keep the line one printable line.
    shown = "".join(c if c.isprintable() else "?" for c in message)[:200]
    return AmendsError(f"the vault at {path} could not be read or written ({shown})")


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
