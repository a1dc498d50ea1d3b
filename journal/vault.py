"""The vault: one SQLite file of sealed records behind an authenticated header.

Life cycle: ``Vault.create`` or ``Vault.open`` (takes the file lock, reads the
header), ``unlock`` (Argon2id, unwrap the data key, check the header MAC and
the manifest, decrypt every record's head once into an in-memory index; an
entry's body, its answers, is decrypted once when first needed), then reads
from the index and writes that seal one record per transaction. ``lock`` drops
the keys and the index; ``close`` releases the file.

See SECURITY.md for the design; ``journal.crypto`` holds the primitives.
"""

from __future__ import annotations

import fcntl
import gc
import json
import os
import re
import sqlite3
import struct
import threading
from bisect import insort
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import TypeAdapter, ValidationError
from pydantic_core import PydanticSerializationError, from_json

from journal import crypto
from journal.crypto import KdfParams
from journal.errors import AmendsError, UsageError, VaultBusy, WrongPassphrase
from journal.models import Answer, Commitment, Draft, Entry, EntrySummary, now
from journal.paths import ensure_private_dir
from journal.search import Hits, SearchIndex, haystack
from journal.summaries import Picked, Summary, SummaryList

MAGIC = "amends-vault"
FORMAT_VERSION = 1
SCHEMA_VERSION = 1
#: The records table (declared in journal.tables); part of every record's AD.
TABLE = "records"
#: Plaintext limit per record (before padding): a 10 MB paste is refused, not stored.
MAX_RECORD_BYTES = 4 * 1024 * 1024
#: Record ids are stored in the clear, so they must be random: what ``new_id`` makes.
RECORD_ID = re.compile(r"[0-9a-f]{32}")

#: Forward migrations: schema version N -> N+1, run on the unlocked vault.
MIGRATIONS: dict[int, Callable[[Vault], None]] = {}

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
)

Model = Entry | Draft | Commitment
#: What an unlocked vault holds of each record: an entry as its summary (its
#: answers are decrypted when first needed).
Held = EntrySummary | Draft | Commitment
M = TypeVar("M", Draft, Commitment)
T = TypeVar("T")
_OTHER_TYPES: dict[str, type[Draft | Commitment]] = {"draft": Draft, "commitment": Commitment}
_ANSWERS = TypeAdapter(list[Answer])
#: Every record row; those with the rowids in a JSON array; a page after a rowid. Rows
#: are found by rowid, as unlock read them, not through the id index: a damaged index
#: page must not fail a read that unlock's pass did not need it for.
_ROWS = "SELECT rowid, id, version, nonce, ciphertext FROM records"
_ROWS_WITH_ROWIDS = (
    "SELECT rowid, id, version, nonce, ciphertext FROM records"
    " WHERE rowid IN (SELECT value FROM json_each(?))"
)
_ROWS_AFTER = (
    "SELECT rowid, id, version, nonce, ciphertext FROM records"
    " WHERE rowid > ? ORDER BY rowid LIMIT ?"
)
#: Entries whose answers the index build decrypts per hold of the vault's lock (~20 ms).
_INDEX_BATCH = 1000
#: The two sealed parts of a record, each bound to its role in the associated data:
#: the head (a type tag and JSON; an entry's summary) and an entry's body (its answers).
_HEAD = crypto.associated_data_part("head")
_BODY = crypto.associated_data_part("body")
#: ciphertext column = u32 length of the head's ciphertext, that ciphertext, then for
#: an entry the body's nonce and ciphertext.
_HEAD_LENGTH = struct.Struct(">I")


@dataclass
class Header:
    """The vault header. Everything here is authenticated by ``mac``."""

    vault_id: str
    kdf: KdfParams
    salt: bytes
    wrapped_key: bytes
    recovery_salt: bytes | None = None
    recovery_wrapped_key: bytes | None = None
    generation: int = 0
    count: int = 0
    digest: bytes = field(default=bytes(crypto.DIGEST_BYTES))
    format: int = FORMAT_VERSION
    schema: int = SCHEMA_VERSION

    def to_bytes(self) -> bytes:
        doc: dict[str, Any] = {
            "magic": MAGIC,
            "format": self.format,
            "schema": self.schema,
            "vault_id": self.vault_id,
            "kdf": self.kdf.as_dict(),
            "salt": crypto.b64(self.salt),
            "wrapped_key": crypto.b64(self.wrapped_key),
            "recovery": None,
            "manifest": {
                "generation": self.generation,
                "count": self.count,
                "digest": crypto.b64(self.digest),
            },
        }
        if self.recovery_salt and self.recovery_wrapped_key:
            doc["recovery"] = {
                "salt": crypto.b64(self.recovery_salt),
                "wrapped_key": crypto.b64(self.recovery_wrapped_key),
            }
        return json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Header:
        """Parse a header; any malformation is reported as a damaged header."""
        try:
            doc = json.loads(data)
            if doc["magic"] != MAGIC:
                raise ValueError("magic")
            kdf = doc["kdf"]
            if kdf["algorithm"] != "argon2id":
                raise ValueError("kdf")
            recovery = doc["recovery"]
            manifest = doc["manifest"]
            return cls(
                vault_id=str(doc["vault_id"]),
                kdf=KdfParams(
                    memory_kib=int(kdf["memory_kib"]),
                    iterations=int(kdf["iterations"]),
                    lanes=int(kdf["lanes"]),
                ),
                salt=crypto.unb64(doc["salt"]),
                wrapped_key=crypto.unb64(doc["wrapped_key"]),
                recovery_salt=crypto.unb64(recovery["salt"]) if recovery else None,
                recovery_wrapped_key=crypto.unb64(recovery["wrapped_key"]) if recovery else None,
                generation=int(manifest["generation"]),
                count=int(manifest["count"]),
                digest=crypto.unb64(manifest["digest"]),
                format=int(doc["format"]),
                schema=int(doc["schema"]),
            )
        except (
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
            OverflowError,
            RecursionError,
        ) as exc:
            raise WrongPassphrase() from exc

    def passphrase_ad(self) -> bytes:
        """What the passphrase-wrapped key is bound to: format, id, KDF and salt."""
        k = self.kdf
        return crypto.associated_data(
            "passphrase", self.format, self.vault_id, k.memory_kib, k.iterations, k.lanes, self.salt
        )

    def recovery_ad(self) -> bytes:
        return crypto.associated_data(
            "recovery", self.format, self.vault_id, self.recovery_salt or b""
        )


@dataclass
class _Keys:
    """Everything derived from the data key. Dropped whole on lock."""

    records: AESGCM
    header_mac: bytes
    manifest: bytes
    data_key: bytes

    @classmethod
    def from_data_key(cls, data_key: bytes) -> _Keys:
        return cls(
            records=AESGCM(crypto.hkdf(data_key, "amends records v1")),
            header_mac=crypto.hkdf(data_key, "amends header mac v1"),
            manifest=crypto.hkdf(data_key, "amends manifest v1"),
            data_key=data_key,
        )


@dataclass
class VerifyReport:
    damaged: list[str]
    manifest_ok: bool
    records: int

    @property
    def ok(self) -> bool:
        return self.manifest_ok and not self.damaged


class Vault:
    """An open vault file. Thread-safe: the TUI unlocks and saves in workers."""

    def __init__(
        self,
        path: Path,
        db: sqlite3.Connection,
        lock_fd: int,
        header: Header,
        *,
        insecure_kdf_for_tests: bool = False,
    ) -> None:
        self.path = path
        self._db = db
        self._lock_fd = lock_fd
        self.header = header
        self._insecure = insecure_kdf_for_tests
        self._mutex = threading.RLock()
        self._ad_prefix: bytes | None = None
        self._keys: _Keys | None = None
        self._versions: dict[str, int] = {}
        #: Every entry's summary, parsed when first read (``journal.summaries``).
        self._entries: dict[str, Summary] = {}
        #: Entries' answers as decrypted JSON: each body is decrypted the first time it
        #: is needed (opening the entry, the search index, verify), kept until opened ...
        self._answers: dict[str, bytes] = {}
        #: ... and the entries opened so far (parsed once, then kept).
        self._opened: dict[str, Entry] = {}
        #: Where unlock found each entry's row, to read its body from later.
        self._rowids: dict[str, int] = {}
        #: The drafts and commitments among the items (a few, beside thousands of entries).
        self._others: dict[str, Draft | Commitment] = {}
        #: Every tag in use, sorted; None until asked for (again, after a write).
        self._tags: list[str] | None = None
        #: Built by the first search (``list`` and the first paint never need it).
        self._search: SearchIndex | None = None
        #: The entries as the index was built from them (its positions are theirs).
        self._indexed: Sequence[Summary] = []
        self._index_lock = threading.Lock()
        #: While the index is built: entries saved (or deleted: None) meanwhile.
        self._index_changes: list[tuple[str, Entry | None]] | None = None
        self._newest_first: SummaryList | None = None
        #: Set by unlock: record ids that failed to open, and the manifest check.
        self.damaged: list[str] = []
        self.manifest_ok = True

    # ----------------------------------------------------------------- opening
    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        *,
        recovery: bool = True,
        params: KdfParams | None = None,
        insecure_kdf_for_tests: bool = False,
    ) -> tuple[Vault, str | None]:
        """Create a new vault at ``path``; returns it unlocked, and the recovery code."""
        crypto.require_argon2id()
        if not passphrase:
            raise UsageError("the passphrase cannot be empty")
        _check_text(passphrase)
        if params is None:
            params = crypto.TEST_PARAMS if insecure_kdf_for_tests else crypto.calibrate()
        if not crypto.check_params(params, insecure_kdf_for_tests=insecure_kdf_for_tests):
            raise UsageError("those key-derivation settings are below amends' floor")
        if path.is_dir():
            raise AmendsError(f"{path} is a folder; give the path of a vault file")
        if path.exists() and path.stat().st_size > 0:
            raise AmendsError(f"a file already exists at {path}; choose another path")
        try:
            ensure_private_dir(path.parent)
        except OSError as exc:
            raise AmendsError(f"cannot create the folder {path.parent}: {exc.strerror}") from exc
        data_key = os.urandom(crypto.KEY_BYTES)
        header = Header(
            vault_id=os.urandom(16).hex(),
            kdf=params,
            salt=os.urandom(crypto.SALT_BYTES),
            wrapped_key=b"",
        )
        header.wrapped_key = crypto.wrap_key(
            crypto.derive_key(passphrase, header.salt, params), data_key, header.passphrase_ad()
        )
        code = None
        if recovery:
            code = crypto.new_recovery_code()
            cls._set_recovery(header, data_key, code)
        fd = _lock_file(path, create=True)
        try:
            db = _connect(path)
            vault = cls(path, db, fd, header, insecure_kdf_for_tests=insecure_kdf_for_tests)
            keys = _Keys.from_data_key(data_key)
            with vault._write() as conn:
                for statement in _schema():
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO header (id, data, mac) VALUES (1, :d, :m)",
                    {"d": header.to_bytes(), "m": crypto.mac(keys.header_mac, header.to_bytes())},
                )
        except BaseException:
            os.close(fd)
            path.unlink(missing_ok=True)
            raise
        vault._keys = keys
        return vault, code

    @classmethod
    def open(cls, path: Path, *, insecure_kdf_for_tests: bool = False) -> Vault:
        """Open (still locked): take the file lock and read the header."""
        crypto.require_argon2id()
        _check_vault_file(path)
        fd = _lock_file(path, create=False)
        try:
            db = _connect(path)
        except BaseException:
            os.close(fd)
            raise
        try:
            header = _read_header(db, path)[0]
            if header.schema > SCHEMA_VERSION or header.format > FORMAT_VERSION:
                raise AmendsError(f"{path} was made by a newer amends; update amends to open it")
        except BaseException:
            db.close()
            os.close(fd)
            raise
        return cls(path, db, fd, header, insecure_kdf_for_tests=insecure_kdf_for_tests)

    @staticmethod
    def read_header(path: Path) -> Header:
        """The header alone, without the lock or a passphrase (for ``amends info``)."""
        _check_vault_file(path)
        db = _connect(path, writable=False)
        try:
            return _read_header(db, path)[0]
        finally:
            db.close()

    def close(self) -> None:
        """Lock, release SQLite and the file lock. Safe to call twice."""
        self.lock()
        with self._mutex:
            if self._lock_fd >= 0:
                if self._moved():
                    # SQLite neither checkpoints nor removes the WAL of a moved file on
                    # close: fold it into the file now, or its saves stay stranded in a
                    # WAL named after the old path (and next to whatever file is there).
                    with suppress(AmendsError, sqlite3.Error):
                        self._checkpoint()
                self._db.close()
                os.close(self._lock_fd)
                self._lock_fd = -1

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --------------------------------------------------------------- unlocking
    @property
    def is_unlocked(self) -> bool:
        return self._keys is not None

    def unlock(self, passphrase: str) -> None:
        """Derive, unwrap, authenticate the header, then load every record once."""
        header = self.header
        if not crypto.check_params(header.kdf, insecure_kdf_for_tests=self._insecure):
            raise WrongPassphrase()
        _check_text(passphrase)
        kek = crypto.derive_key(passphrase, header.salt, header.kdf)
        data_key = crypto.unwrap_key(kek, header.wrapped_key, header.passphrase_ad())
        self._finish_unlock(data_key)

    def unlock_with_recovery(self, code: str) -> None:
        header = self.header
        raw = crypto.normalise_recovery_code(code)
        if raw is None:
            raise UsageError("that is not a recovery code: it has 32 letters and digits")
        if header.recovery_salt is None or header.recovery_wrapped_key is None:
            raise AmendsError("this vault was created without a recovery code")
        kek = crypto.recovery_kek(raw, header.recovery_salt)
        data_key = crypto.unwrap_key(kek, header.recovery_wrapped_key, header.recovery_ad())
        if data_key is None:
            raise WrongPassphrase(
                "that recovery code does not open this vault; check it and try again"
            )
        self._finish_unlock(data_key)

    def _finish_unlock(self, data_key: bytes | None) -> None:
        if data_key is None:
            raise WrongPassphrase()
        keys = _Keys.from_data_key(data_key)
        with self._mutex:
            header, mac = _read_header(self._db, self.path)
            if not crypto.constant_time_eq(crypto.mac(keys.header_mac, header.to_bytes()), mac):
                raise WrongPassphrase()
            self.header = header
            self._keys = keys
            self._load_all()
            self._migrate()

    def lock(self) -> None:
        """Drop the keys and every decrypted object this vault holds."""
        with self._mutex:
            self._keys = None
            self._entries, self._answers, self._opened, self._others = {}, {}, {}, {}
            self._rowids, self._tags = {}, None
            self._search, self._indexed = None, []
            self._versions = {}
            self._newest_first = None
            self.damaged = []
        gc.unfreeze()  # anything frozen at unlock is the collector's again

    def _load_all(self) -> None:
        keys = self._require_keys()
        entries: dict[str, Summary] = {}
        others: dict[str, Draft | Commitment] = {}
        rowids: dict[str, int] = {}
        versions: dict[str, int] = {}
        damaged: list[str] = []
        digest = 0
        tags = crypto.RecordTags(keys.manifest)
        ad_prefix = self._record_ad_prefix()
        with _paused_gc():
            for rowid, record_id, version, nonce, ciphertext in self._rows():
                if not (isinstance(record_id, str) and isinstance(version, int) and version >= 0):
                    # A mistyped id or version (damage): opens as nothing, and
                    # the manifest no longer matches.
                    damaged.append(str(record_id))
                    continue
                versions[record_id] = version
                id_version = crypto.id_version(record_id, version)
                digest ^= tags.of(id_version)
                head = _open_head(keys.records, nonce, ciphertext, ad_prefix + id_version)
                held = (
                    Summary.sealed(record_id, head, self._damaged_one)  # an entry
                    if isinstance(head, bytes)
                    else head
                )
                if held is None:
                    damaged.append(record_id)
                elif isinstance(held, Summary):
                    entries[record_id] = held
                    rowids[record_id] = rowid
                else:
                    others[record_id] = held
        self._entries, self._others, self._answers, self._rowids = entries, others, {}, rowids
        self._opened, self._tags, self._newest_first = {}, None, None
        self._versions, self.damaged = versions, sorted(damaged)
        self._search = None
        self.manifest_ok = len(versions) == self.header.count and crypto.constant_time_eq(
            digest.to_bytes(crypto.DIGEST_BYTES, "big"), self.header.digest
        )

    def _rows(self, query: str = _ROWS, args: Sequence[object] = ()) -> Iterator[tuple[Any, ...]]:
        """Record rows (rowid, id, version, nonce, ciphertext) of one of the ``_ROWS``
        queries, a batch at a time, so the ciphertexts are never all in memory."""
        db = self._db
        text_factory = db.text_factory
        # An id that is not UTF-8 (damage) must cost that record, not the vault.
        db.text_factory = _lenient_text
        try:
            cursor = db.execute(query, args)
            while batch := cursor.fetchmany(512):
                yield from batch
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            raise _storage_error(exc, self.path) from None
        finally:
            db.text_factory = text_factory

    def _migrate(self) -> None:
        while self.header.schema < SCHEMA_VERSION:
            MIGRATIONS[self.header.schema](self)
            self.header.schema += 1
            with self._write() as conn:
                self._store_header(conn)

    # ------------------------------------------------------------------ reading
    def entries(self) -> SummaryList:
        """Every entry's summary, newest first, each parsed when first read. Cached until
        the next write."""
        with self._mutex:
            self._require_keys()
            if self._newest_first is None:
                found = sorted(self._entries.values(), key=attrgetter("newest_first"))
                self._newest_first = SummaryList(found)
            return self._newest_first

    def full_entries(self) -> list[Entry]:
        """Every entry with its answers, newest first (export reads them all). An entry
        whose answers do not open is left out and recorded in ``damaged``."""
        with self._mutex:
            entries = self.entries()
            self._answers_of([e.id for e in entries if e.id not in self._opened])
            found = []
            for summary in entries:
                with suppress(AmendsError):
                    found.append(self._open(summary))
            return found

    def drafts(self) -> list[Draft]:
        return self._all(Draft, key=lambda d: d.updated_at)

    def commitments(self) -> list[Commitment]:
        return self._all(Commitment, key=lambda c: c.created_at)

    def _all(self, cls: type[M], key: Callable[[M], Any]) -> list[M]:
        with self._mutex:
            self._require_keys()
            found = [v for v in self._others.values() if isinstance(v, cls)]
        return sorted(found, key=key, reverse=True)

    def get_entry(self, id_or_prefix: str) -> Entry:
        """The entry with its answers (parsed on first use, then kept)."""
        with self._mutex:
            return self._open(self._get(self._entries, Summary, id_or_prefix, "entry").get())

    def get_draft(self, id_or_prefix: str) -> Draft:
        return self._get(self._others, Draft, id_or_prefix, "draft")

    def get_commitment(self, id_or_prefix: str) -> Commitment:
        return self._get(self._others, Commitment, id_or_prefix, "commitment")

    def _get(self, held: Mapping[str, object], cls: type[T], prefix: str, noun: str) -> T:
        """The one ``cls`` in ``held`` whose id is or starts with ``prefix``."""
        prefix = prefix.strip().lower()
        with self._mutex:
            self._require_keys()
            exact = held.get(prefix)
            if isinstance(exact, cls):
                return exact
            if len(prefix) < 4:
                raise UsageError(f"give at least 4 characters of the {noun} id")
            found = [v for k, v in held.items() if k.startswith(prefix) and isinstance(v, cls)]
        if not found:
            raise AmendsError(f"no {noun} with id {prefix!r}; see amends list")
        if len(found) > 1:
            raise UsageError(f"id {prefix!r} matches {len(found)} {noun}s; give more characters")
        return found[0]

    def _open(self, summary: EntrySummary) -> Entry:
        """The whole entry, its answers decrypted and parsed once (call with the mutex held)."""
        entry = self._opened.get(summary.id)
        if entry is None:
            raw = self._answers_of([summary.id]).get(summary.id)
            try:
                answers = None if raw is None else _ANSWERS.validate_json(raw)
            except ValidationError:
                answers = None
            if answers is None or summary.id in self.damaged:  # its summary did not parse
                self._found_damaged([summary.id])
                raise AmendsError(f"entry {summary.short_id} could not be read; run amends verify")
            entry = summary.with_answers(answers)
            self._opened[summary.id] = entry
            del self._answers[summary.id]  # the entry holds its answers now
        return entry

    def _answers_of(self, ids: list[str]) -> dict[str, bytes]:
        """The answers' JSON of these entries, decrypting each body the first time it is
        needed: a query for a few, one pass over the table for many. A body that does not
        open is recorded as damage. Call with the mutex held."""
        missing = {i for i in ids if i not in self._answers and i in self._entries}
        if missing:
            if len(missing) <= _INDEX_BATCH:
                found = [self._rowids[i] for i in missing if i in self._rowids]
                rows = self._rows(_ROWS_WITH_ROWIDS, [json.dumps(found)])
            else:
                rows = self._rows()
            self._open_bodies(rows, missing)
            self._found_damaged(i for i in missing if i not in self._answers)
        return {i: self._answers[i] for i in ids if i in self._answers}

    def _open_bodies(self, rows: Iterable[tuple[Any, ...]], wanted: Collection[str]) -> None:
        """Decrypt the bodies in ``rows`` of the entries ``wanted`` not decrypted yet; a
        body that does not open is recorded as damage. Call with the mutex held."""
        keys = self._require_keys()
        failed = []
        for _, record_id, version, _, ciphertext in rows:
            if (
                record_id not in wanted
                or record_id in self._answers
                or record_id in self._opened
                or version != self._versions.get(record_id)
            ):
                continue
            answers = _open_body(keys.records, ciphertext, self._record_ad(record_id, version))
            if answers is None:
                failed.append(record_id)
            else:
                self._answers[record_id] = answers
        self._found_damaged(failed)

    def _decrypt_bodies(self, wanted: Collection[str]) -> None:
        """``_answers_of`` for many entries without holding the vault's lock throughout:
        one pass over the table by rowid, a page of rows per hold."""
        after = 0
        while True:
            with self._mutex:
                page = list(self._rows(_ROWS_AFTER, (after, _INDEX_BATCH)))
                self._open_bodies(page, wanted)
            if len(page) < _INDEX_BATCH:
                return
            after = page[-1][0]

    def _found_damaged(self, ids: Iterable[str]) -> None:
        self.damaged = sorted({*self.damaged, *ids})

    def _damaged_one(self, record_id: str) -> None:
        """An entry's summary opened but does not parse (``Summary`` says so when read)."""
        with self._mutex:
            self._found_damaged([record_id])

    def search(
        self, query: str = "", *, kind: str | None = None, tag: str | None = None
    ) -> Sequence[EntrySummary]:
        """Entries containing every word of ``query`` (case-insensitive), newest first.
        With no query or filter, ``entries()`` itself: nothing is parsed until read."""
        found: Sequence[EntrySummary] | None = self._matching(query) if query.strip() else None
        if found is None:
            found = self.entries()
        if kind is not None:
            found = [e for e in found if e.kind == kind]
        if tag:
            tag_cf = tag.casefold().lstrip("#")
            found = [e for e in found if tag_cf in (t.casefold().lstrip("#") for t in e.tags)]
        return found

    def _matching(self, query: str) -> SummaryList | None:
        """The entries holding every word of ``query``, newest first; None for no words."""
        index = self.prepare_search()
        with self._mutex:  # a save meanwhile changes the index
            if index is not self._search:  # locked (and perhaps unlocked) meanwhile
                raise AmendsError("the vault is locked; unlock it first")
            hits = index.matching(query)
            return None if hits is None else self._in_order(hits)

    def _in_order(self, hits: Hits) -> SummaryList:
        """The entries hit, newest first. The index was built from the list newest first,
        and a position whose entry was saved since is masked, so the hits in the buffer
        are current and in order; the few saved since are put in their places."""
        found: Sequence[Summary] = Picked(self._indexed, hits.positions)
        if hits.fresh:
            found = list(found)
            for entry_id in hits.fresh:
                summary = self._entries.get(entry_id)
                if summary is not None:
                    insort(found, summary, key=attrgetter("newest_first"))
        return SummaryList(found)

    def prepare_search(self) -> SearchIndex:
        """The search index, built now if it is not yet (the TUI does it in a worker).

        Building it decrypts every entry's answers not decrypted yet (~2 s at 100,000
        entries), so the vault's lock is taken a batch at a time: reading and saving go
        on meanwhile, and what is saved during the build is applied to it at the end.
        """
        with self._index_lock:  # one build at a time; a second caller waits for it
            with self._mutex:
                self._require_keys()
                if self._search is not None:
                    return self._search
                entries = self.entries()
                self._index_changes = []
            try:
                return self._build_index(entries)
            finally:
                with self._mutex:
                    self._index_changes = None

    def _build_index(self, entries: SummaryList) -> SearchIndex:
        index = SearchIndex()
        summaries = entries.summaries
        with _paused_gc():
            self._decrypt_bodies(set(entries.ids()))
            for start in range(0, len(summaries), _INDEX_BATCH):
                # Parsed without the lock, and not kept parsed: the list parses what it shows.
                batch = [s.peek() for s in summaries[start : start + _INDEX_BATCH]]
                with self._mutex:
                    self._require_keys()  # locked meanwhile: the build stops here
                    for e in batch:
                        index.add(e.id, haystack(e, self._answer_texts(e.id)))
        with self._mutex:
            self._require_keys()
            for entry_id, saved in self._index_changes or ():
                if saved is None:
                    index.remove(entry_id)
                else:
                    index.update(saved)
            self._search, self._indexed = index, summaries
            return index

    def _answer_texts(self, entry_id: str) -> Iterable[str]:
        """An entry's answer texts, without building its models if it is not open."""
        opened = self._opened.get(entry_id)
        if opened is not None:
            return [a.text for a in opened.answers]
        raw = self._answers.get(entry_id)
        try:
            answers = from_json(raw) if raw is not None else []
        except ValueError:
            answers = []  # damaged: verify names it; the title and tags are still searched
        return [a.get("text", "") for a in answers if isinstance(a, dict)]

    def tags(self) -> list[str]:
        """Every tag in use, sorted."""
        with self._mutex:
            self._require_keys()
            if self._tags is None:
                found = {t for s in self.entries().summaries for t in s.peek().tags}
                self._tags = sorted(found, key=str.casefold)
            return self._tags

    def counts(self) -> dict[str, int]:
        with self._mutex:
            self._require_keys()
            others = list(self._others.values())
        counts = {
            name: sum(isinstance(v, cls) for v in others) for name, cls in _OTHER_TYPES.items()
        }
        return {"entry": len(self._entries)} | counts

    # ------------------------------------------------------------------ writing
    def save_entry(self, entry: Entry) -> Entry:
        """Seal and durably commit; ``updated_at`` is set if the entry existed."""
        if entry.id in self._entries:
            entry.updated_at = now()
        self.save_many([entry])
        return entry

    def save_draft(self, draft: Draft) -> Draft:
        draft.updated_at = now()
        self.save_many([draft])
        return draft

    def save_commitment(self, commitment: Commitment) -> Commitment:
        commitment.updated_at = now()
        self.save_many([commitment])
        return commitment

    def save_many(self, models: list[Model], *, delete: tuple[str, ...] = ()) -> None:
        """Seal and write ``models`` and delete ids in ``delete``, all in one transaction."""
        keys = self._require_keys()
        sealed = []
        for model in models:
            if not RECORD_ID.fullmatch(model.id):
                raise UsageError("a record id must be 32 random hex digits (ids are not encrypted)")
            held, head, body = _sealable(model)
            size = len(head) + len(body or b"")
            if size > MAX_RECORD_BYTES:
                raise UsageError(
                    f"this entry is too large ({size / 1e6:.1f} MB); "
                    f"the limit is {MAX_RECORD_BYTES // (1024 * 1024)} MB per entry"
                )
            sealed.append((model, held, head, body))
        with self._mutex, self._write() as conn:
            digest, count = self.header.digest, self.header.count
            versions = dict(self._versions)
            for model, _, head, body in sealed:
                old = versions.get(model.id)
                version = (old or 0) + 1
                nonce, ct = _seal(keys.records, head, body, self._record_ad(model.id, version))
                conn.execute(
                    "INSERT INTO records (id, version, nonce, ciphertext) VALUES (:i, :v, :n, :c)"
                    " ON CONFLICT(id) DO UPDATE SET version=:v, nonce=:n, ciphertext=:c",
                    {"i": model.id, "v": version, "n": nonce, "c": ct},
                )
                if old is not None:
                    digest = crypto.xor(digest, crypto.record_tag(keys.manifest, model.id, old))
                else:
                    count += 1
                digest = crypto.xor(digest, crypto.record_tag(keys.manifest, model.id, version))
                versions[model.id] = version
            for record_id in delete:
                old = versions.pop(record_id, None)
                if old is None:
                    continue
                conn.execute("DELETE FROM records WHERE id = :i", {"i": record_id})
                digest = crypto.xor(digest, crypto.record_tag(keys.manifest, record_id, old))
                count -= 1
            self._store_header(conn, digest=digest, count=count)
        # Only after the commit succeeded does the in-memory index change.
        with self._mutex:
            self._versions = versions
            for model, held, _, _ in sealed:
                if isinstance(held, EntrySummary):
                    self._entries[model.id] = Summary.of(held)
                if isinstance(model, Entry):
                    self._opened[model.id] = model
                    self._answers.pop(model.id, None)
                    if self._search is not None:
                        self._search.update(model)
                    elif self._index_changes is not None:
                        self._index_changes.append((model.id, model))
                    self._newest_first = self._tags = None
                else:
                    self._others[model.id] = model
            for record_id in delete:
                if self._entries.pop(record_id, None) is not None:
                    self._newest_first = self._tags = None
                for kept in (self._opened, self._answers, self._others, self._rowids):
                    kept.pop(record_id, None)
                if self._search is not None:
                    self._search.remove(record_id)
                elif self._index_changes is not None:
                    self._index_changes.append((record_id, None))
        if delete:
            self._checkpoint()

    def delete(self, record_id: str) -> None:
        """Delete a record of any type; its ciphertext is overwritten (secure_delete)."""
        self.save_many([], delete=(record_id,))

    def change_passphrase(self, new_passphrase: str) -> None:
        """Re-wrap the data key under a new passphrase: one transaction, no record touched."""
        keys = self._require_keys()
        if not new_passphrase:
            raise UsageError("the new passphrase cannot be empty")
        _check_text(new_passphrase)
        salt = os.urandom(crypto.SALT_BYTES)
        kek = crypto.derive_key(new_passphrase, salt, self.header.kdf)
        with self._mutex:
            old_salt, old_wrapped = self.header.salt, self.header.wrapped_key
            try:
                with self._write() as conn:
                    self.header.salt = salt
                    self.header.wrapped_key = crypto.wrap_key(
                        kek, keys.data_key, self.header.passphrase_ad()
                    )
                    self._store_header(conn)
            except BaseException:
                # Also when the COMMIT itself fails: memory must match the file.
                self.header.salt, self.header.wrapped_key = old_salt, old_wrapped
                raise

    def new_recovery_code(self) -> str:
        """Replace the recovery code (the old one stops working)."""
        keys = self._require_keys()
        code = crypto.new_recovery_code()
        with self._mutex:
            old = (self.header.recovery_salt, self.header.recovery_wrapped_key)
            try:
                with self._write() as conn:
                    self._set_recovery(self.header, keys.data_key, code)
                    self._store_header(conn)
            except BaseException:
                # A failed write must not leave a code nobody saw in the header.
                self.header.recovery_salt, self.header.recovery_wrapped_key = old
                raise
        return code

    @staticmethod
    def _set_recovery(header: Header, data_key: bytes, code: str) -> None:
        raw = crypto.normalise_recovery_code(code)
        assert raw is not None
        header.recovery_salt = os.urandom(crypto.SALT_BYTES)
        kek = crypto.recovery_kek(raw, header.recovery_salt)
        header.recovery_wrapped_key = crypto.wrap_key(kek, data_key, header.recovery_ad())

    # ------------------------------------------------------------ maintenance
    @property
    def found_damage(self) -> bool:
        """Whether unlock found a record that did not open, or a manifest mismatch
        (``verify`` also parses the answers of every entry not opened yet)."""
        return bool(self.damaged) or not self.manifest_ok

    def verify(self) -> VerifyReport:
        """What unlock found (it opened every record and checked the manifest), and
        whether the answers of every entry not yet opened parse."""
        with self._mutex:
            self._require_keys()
            waiting = [e.id for e in self.entries() if e.id not in self._opened]
            answers = self._answers_of(waiting)
            self._found_damaged([i for i in waiting if not _answers_parse(answers.get(i))])
            return VerifyReport(list(self.damaged), self.manifest_ok, len(self._versions))

    def backup(self, dest: Path) -> None:
        """An encrypted copy through SQLite's online backup API; itself a vault."""
        if dest.exists():
            raise AmendsError(f"{dest} already exists; choose a new file for the backup")
        tmp = dest.with_name(f".{dest.name}.partial")
        try:
            ensure_private_dir(dest.parent)
            # A backup killed midway leaves its temp file and SQLite's journal for it;
            # they hold nothing the next attempt needs, and must not block it.
            for stale in (tmp, _sidecar(tmp, "-journal")):
                stale.unlink(missing_ok=True)
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
        except OSError as exc:
            raise AmendsError(f"cannot write the backup to {dest}: {exc.strerror}") from exc
        try:
            target = sqlite3.connect(tmp)
            try:
                with self._mutex:
                    self._db.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
            _fsync_path(tmp)
            os.replace(tmp, dest)
            _fsync_path(dest.parent)
        except (OSError, sqlite3.Error) as exc:
            tmp.unlink(missing_ok=True)
            _sidecar(tmp, "-journal").unlink(missing_ok=True)
            raise AmendsError(f"the backup to {dest} failed: {exc}") from exc

    # ---------------------------------------------------------------- helpers
    def _require_keys(self) -> _Keys:
        keys = self._keys
        if keys is None:
            raise AmendsError("the vault is locked; unlock it first")
        return keys

    def _record_ad(self, record_id: str, version: int) -> bytes:
        """associated_data("record", format, vault id, table, record id, version)."""
        return self._record_ad_prefix() + crypto.id_version(record_id, version)

    def _record_ad_prefix(self) -> bytes:
        if self._ad_prefix is None:
            self._ad_prefix = crypto.associated_data(
                "record", FORMAT_VERSION, self.header.vault_id, TABLE
            )
        return self._ad_prefix

    def _store_header(
        self, conn: sqlite3.Connection, *, digest: bytes | None = None, count: int | None = None
    ) -> None:
        keys = self._require_keys()
        header = self.header
        header.generation += 1
        if digest is not None:
            header.digest = digest
        if count is not None:
            header.count = count
        data = header.to_bytes()
        conn.execute(
            "UPDATE header SET data = :d, mac = :m WHERE id = 1",
            {"d": data, "m": crypto.mac(keys.header_mac, data)},
        )

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One durable transaction (BEGIN IMMEDIATE ... COMMIT), errors made human."""
        saved = (self.header.generation, self.header.digest, self.header.count)
        try:
            with self._mutex:
                if self._moved():
                    # SQLite would write on into the unlinked or renamed file, and this
                    # save would be lost at close or sit in a WAL beside another file.
                    raise AmendsError(
                        f"the vault file {self.path} was moved, deleted or replaced while "
                        "open; nothing was saved: quit amends and open the vault where it is now"
                    )
                with _transaction(self._db) as conn:
                    yield conn
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            self.header.generation, self.header.digest, self.header.count = saved
            raise _storage_error(exc, self.path) from None
        except BaseException:
            self.header.generation, self.header.digest, self.header.count = saved
            raise

    def _moved(self) -> bool:
        """Whether the path no longer names the file this vault has open (and locked)."""
        try:
            here, mine = os.stat(self.path), os.fstat(self._lock_fd)
        except OSError:
            return True
        return (here.st_dev, here.st_ino) != (mine.st_dev, mine.st_ino)

    def _checkpoint(self) -> None:
        """Fold the WAL back and truncate it, so deleted ciphertext does not linger."""
        try:
            with self._mutex:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            raise _storage_error(exc, self.path) from None


def _check_text(passphrase: str) -> None:
    """Argon2id takes UTF-8 bytes: refuse a passphrase that has none (lone surrogates)
    with a clear line, instead of a UnicodeEncodeError that carries the passphrase."""
    try:
        passphrase.encode("utf-8")
        valid = True
    except UnicodeEncodeError:
        valid = False  # raised below, outside the handler, so the passphrase is not chained
    if not valid:
        raise UsageError("the passphrase has characters that are not valid Unicode")


def _sealable(model: Model) -> tuple[Held, bytes, bytes | None]:
    """What the vault keeps of ``model``, the plaintext of its head (the type, a newline,
    the JSON; for an entry, its summary's) and an entry's body (its answers' JSON)."""
    if isinstance(model, Entry):
        summary = model.summary()
        # Fields at their defaults (most of a summary's) are left out: less to parse.
        head = _json(lambda: summary.model_dump_json(exclude_defaults=True))
        return summary, b"entry\n" + head, _json(lambda: _ANSWERS.dump_json(model.answers))
    kind = "draft" if isinstance(model, Draft) else "commitment"
    return model, kind.encode() + b"\n" + _json(model.model_dump_json), None


def _seal(aead: AESGCM, head: bytes, body: bytes | None, ad: bytes) -> tuple[bytes, bytes]:
    """The record's nonce column (the head's) and ciphertext column (see ``_HEAD_LENGTH``)."""
    nonce, head_ct = crypto.seal(aead, head, ad + _HEAD)
    parts = [_HEAD_LENGTH.pack(len(head_ct)), head_ct]
    if body is not None:
        parts += crypto.seal(aead, body, ad + _BODY)
    return nonce, b"".join(parts)


def _json(dump: Callable[[], str | bytes]) -> bytes:
    """``dump()`` as UTF-8 JSON; text that is not valid Unicode (lone surrogates, as from
    a command-line argument that was not UTF-8, or a JSON escape) is refused, not a crash."""
    try:
        body = dump()
        encoded: bytes | None = body.encode() if isinstance(body, str) else body
    except (PydanticSerializationError, UnicodeEncodeError):
        encoded = None  # raised below, outside the handler, so the text is not chained to it
    if encoded is None:
        raise UsageError("the text has characters that are not valid Unicode; nothing was saved")
    return encoded


def _answers_parse(answers: bytes | None) -> bool:
    try:
        _ANSWERS.validate_json(answers if answers is not None else b"")
    except ValidationError:
        return False
    return True


def _open_head(
    aead: AESGCM, nonce: bytes, ciphertext: bytes, ad: bytes
) -> bytes | Draft | Commitment | None:
    """Decrypt a record's head: for an entry, its summary's JSON (parsed when first
    read); otherwise the record. None when it does not open (damage). An entry's
    body is left sealed until it is needed (``_open_body``)."""
    try:
        (length,) = _HEAD_LENGTH.unpack_from(ciphertext)
        head_end = _HEAD_LENGTH.size + length
        if head_end > len(ciphertext):
            return None  # a slice would quietly stop at the end: the length must be exact
        padded = aead.decrypt(nonce, ciphertext[_HEAD_LENGTH.size : head_end], ad + _HEAD)
        end = crypto.padding_start(padded)
        kind_end = padded.index(b"\n", 0, end)
        kind = padded[:kind_end].decode()
        if (kind == "entry") != (len(ciphertext) > head_end):
            return None  # an entry has a body, and nothing else has
        if kind == "entry":
            return padded[kind_end + 1 : end]
        return _OTHER_TYPES[kind].model_validate_json(padded[kind_end + 1 : end])
    except (InvalidTag, ValueError, KeyError, TypeError, ValidationError, struct.error):
        return None


def _open_body(aead: AESGCM, ciphertext: bytes, ad: bytes) -> bytes | None:
    """Decrypt an entry's body: its answers' JSON; None when it does not open."""
    try:
        (length,) = _HEAD_LENGTH.unpack_from(ciphertext)
        start = _HEAD_LENGTH.size + length
        nonce, sealed = ciphertext[start : start + crypto.NONCE_BYTES], ciphertext[start:]
        padded = aead.decrypt(nonce, sealed[crypto.NONCE_BYTES :], ad + _BODY)
        return padded[: crypto.padding_start(padded)]
    except (InvalidTag, ValueError, TypeError, struct.error):
        return None


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _check_vault_file(path: Path) -> None:
    if path.is_dir():
        raise AmendsError(f"{path} is a folder, not a vault; give the path of the vault file")
    if not path.exists():
        raise AmendsError(f"no vault at {path}; create one with amends init")
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


def _connect(path: Path, *, writable: bool = True) -> sqlite3.Connection:
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
        raise _storage_error(exc, path) from None
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


def _schema() -> list[str]:
    """CREATE TABLE statements for the SQLModel tables in journal.tables.

    Only vault creation needs them, so SQLModel and SQLAlchemy are imported
    here and nowhere on the paths that open, read or save: they cost ~0.2 s
    of start-up for every command.
    """
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateTable

    from journal.tables import HeaderRow, RecordRow

    dialect = sqlite.dialect()
    tables = RecordRow.metadata.tables
    return [
        str(CreateTable(tables[name]).compile(dialect=dialect))
        for name in (RecordRow.__tablename__, HeaderRow.__tablename__)
    ]


def _lenient_text(raw: bytes) -> str:
    """TEXT as str; bytes that are not UTF-8 (damage) become U+FFFD instead of an error."""
    return raw.decode("utf-8", "replace")


def _empty_or_vault(conn: sqlite3.Connection) -> bool:
    """Whether this database is new or an amends vault: never switch another
    program's SQLite file to WAL just because it was given as --vault."""
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return not names or "header" in names


@contextmanager
def _paused_gc() -> Iterator[None]:
    """Pause the cyclic GC while building the index, then freeze what was built.

    Tens of thousands of new objects would trigger it over and over, and each
    run scans every live object; none of these objects form cycles. Freezing
    moves them out of the collector's generations, so the next collection does
    not scan them all either (measured: 55 ms at 10k records, 0.55 s at 100k).
    They are still freed by reference counting; ``lock`` unfreezes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _read_header(db: sqlite3.Connection, path: Path) -> tuple[Header, bytes]:
    try:
        row = db.execute("SELECT data, mac FROM header WHERE id = 1").fetchone()
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise _storage_error(exc, path) from None
    if row is None or not isinstance(row[0], bytes) or not isinstance(row[1], bytes):
        raise WrongPassphrase()
    data = bytes(row[0])
    header = Header.from_bytes(data)
    # The MAC is computed over the canonical encoding: refuse any other spelling
    # (e.g. base64 with non-zero padding bits), so every stored byte is authenticated.
    if header.to_bytes() != data:
        raise WrongPassphrase()
    return header, bytes(row[1])


def _storage_error(exc: Exception, path: Path) -> AmendsError:
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


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = ["Header", "Vault", "VerifyReport"]
