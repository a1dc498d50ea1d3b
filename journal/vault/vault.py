"""The vault: one SQLite file of sealed records behind an authenticated header.

Life cycle: ``Vault.create`` or ``Vault.open`` (takes the file lock, reads the
header), ``unlock`` (Argon2id, unwrap the data key, check the header MAC and
the manifest, decrypt every record's head once into an in-memory index; an
entry's body, its answers, is decrypted once when first needed), then reads
from the index and writes that seal one record per transaction. ``lock`` drops
the keys and the index; ``close`` releases the file.

See SECURITY.md for the design; ``envelope`` holds the record format,
``storage`` the file, ``unlocked`` the session's state, ``journal.crypto`` the
primitives.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from journal import crypto
from journal.crypto import KdfParams
from journal.errors import AmendsError, UsageError, WrongPassphrase
from journal.models import Commitment, Draft, Entry, EntrySummary, PostDraft, Preferences, now
from journal.search import WIDTH as SNIPPET_WIDTH
from journal.search import SearchIndex, Snippet
from journal.search import snippet as search_snippet
from journal.summaries import Summary, SummaryList
from journal.vault import envelope, index, rekey
from journal.vault.envelope import ANSWERS, OTHER_TYPES, RECORD_ID, Keys, Model
from journal.vault.gc_policy import LEAVE, GcPolicy
from journal.vault.header import FORMAT_VERSION, SCHEMA_VERSION, Header, Recovery
from journal.vault.storage import (
    ROWS_AFTER,
    ROWS_WITH_ROWIDS,
    TABLES_SQL,
    UPSERT,
    Storage,
    check_schema,
    check_vault_file,
    connect,
    read_header_row,
)
from journal.vault.unlocked import Unlocked, load

#: Forward migrations: schema version N -> N+1, run on the unlocked vault.
MIGRATIONS: dict[int, Callable[[Vault], None]] = {}

M = TypeVar("M", Draft, Commitment, Preferences, PostDraft)
T = TypeVar("T")


#: Prefixes a tag may carry (amends and jrnl "#", jrnl "@", their full-width forms).
_TAG_SIGNS = "#@\uff03\uff20"


@dataclass
class VerifyReport:
    damaged: list[str]
    manifest_ok: bool
    records: int
    #: What SQLite's ``PRAGMA quick_check`` found wrong with the file's pages (none: []).
    storage: list[str] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.manifest_ok and not self.damaged and not self.storage


class Vault:
    """An open vault file. Thread-safe: the TUI unlocks and saves in workers."""

    def __init__(
        self,
        storage: Storage,
        header: Header,
        *,
        insecure_kdf_for_tests: bool = False,
        gc: GcPolicy = LEAVE,
    ) -> None:
        self._storage = storage
        self.path = storage.path
        self._db = storage.db
        self._mutex = storage.mutex
        self.header = header
        self._insecure = insecure_kdf_for_tests
        self._gc = gc
        self._index_lock = threading.Lock()
        #: The keys and decrypted records while unlocked; swapped in and out whole.
        self._state: Unlocked | None = None

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
        gc: GcPolicy = LEAVE,
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
        storage = Storage.create(path)
        try:
            data_key = os.urandom(crypto.KEY_BYTES)
            header = Header(
                vault_id=os.urandom(16).hex(),
                kdf=params,
                salt=os.urandom(crypto.SALT_BYTES),
                wrapped_key=b"",
            )
            kek = crypto.derive_key(passphrase, header.salt, params)
            header.wrapped_key = crypto.wrap_key(kek, data_key, header.passphrase_ad())
            code = None
            if recovery:
                code = crypto.new_recovery_code()
                header.recovery = _recovery_for(header, data_key, code)
            keys = Keys.from_data_key(data_key)
            header.manifest = envelope.ManifestTags(keys, header.vault_id).mac(0, 0, 0)
            with storage.transaction() as conn:
                for statement in TABLES_SQL:
                    conn.execute(statement)
                data = header.to_bytes()
                conn.execute(
                    "INSERT INTO header (id, data, mac) VALUES (1, :d, :m)",
                    {"d": data, "m": crypto.mac(keys.header_mac, data)},
                )
        except BaseException:
            storage.discard()
            raise
        vault = cls(storage, header, insecure_kdf_for_tests=insecure_kdf_for_tests, gc=gc)
        vault._state = Unlocked(
            keys,
            envelope.record_ad_prefix(header.vault_id, FORMAT_VERSION),
            passphrase_kek=kek,
        )
        return vault, code

    @classmethod
    def open(
        cls, path: Path, *, insecure_kdf_for_tests: bool = False, gc: GcPolicy = LEAVE
    ) -> Vault:
        """Open (still locked): take the file lock and read the header."""
        crypto.require_argon2id()
        storage = Storage.open(path)
        try:
            header = Header.from_stored(storage.read_header()[0])
            if header.schema > SCHEMA_VERSION or header.format > FORMAT_VERSION:
                raise AmendsError(f"{path} was made by a newer amends; update amends to open it")
        except BaseException:
            storage.close()
            raise
        return cls(storage, header, insecure_kdf_for_tests=insecure_kdf_for_tests, gc=gc)

    @staticmethod
    def read_header(path: Path) -> Header:
        """The header alone, without the lock or a passphrase (for ``amends info``)."""
        check_vault_file(path)
        db = connect(path, writable=False)
        try:
            check_schema(db, path)
            return Header.from_stored(read_header_row(db, path)[0])
        finally:
            db.close()

    def close(self) -> None:
        """Lock, release SQLite and the file lock. Safe to call twice."""
        self.lock()
        self._storage.close()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --------------------------------------------------------------- unlocking
    @property
    def is_unlocked(self) -> bool:
        return self._state is not None

    @property
    def damaged(self) -> list[str]:
        """Record ids that failed to open (unlock, or a read since)."""
        state = self._state
        return [] if state is None else state.damaged

    @property
    def manifest_ok(self) -> bool:
        state = self._state
        return True if state is None else state.manifest_ok

    def unlock(self, passphrase: str) -> None:
        """Derive, unwrap, authenticate the header, then load every record once."""
        header = self.header
        if not crypto.check_params(header.kdf, insecure_kdf_for_tests=self._insecure):
            raise WrongPassphrase()
        _check_text(passphrase)
        kek = crypto.derive_key(passphrase, header.salt, header.kdf)
        data_key = crypto.unwrap_key(kek, header.wrapped_key, header.passphrase_ad())
        self._finish_unlock(data_key, passphrase_kek=kek)

    def passphrase_opens(self, passphrase: str) -> bool:
        """Whether ``passphrase`` is this vault's (one key derivation; nothing changes).
        Asked before a change, so someone at an unlocked screen cannot set his own."""
        header = self.header
        _check_text(passphrase)
        kek = crypto.derive_key(passphrase, header.salt, header.kdf)
        return crypto.unwrap_key(kek, header.wrapped_key, header.passphrase_ad()) is not None

    def unlock_with_recovery(self, code: str) -> None:
        header = self.header
        raw = crypto.normalise_recovery_code(code)
        if raw is None:
            raise UsageError("that is not a recovery code: it has 32 letters and digits")
        recovery = header.recovery
        if recovery is None:
            raise AmendsError("this vault was created without a recovery code")
        if recovery.legacy:
            kek = crypto.recovery_kek(raw, recovery.salt)
            data_key = crypto.unwrap_key(kek, recovery.wrapped_key, header.recovery_ad(recovery))
        else:
            private = crypto.recovery_private_key(raw, recovery.salt)
            data_key = None
            if crypto.public_bytes(private) == recovery.public_key:
                ad = header.recovery_ad(recovery)
                data_key = crypto.unwrap_with_private(
                    private, recovery.ephemeral_key, recovery.wrapped_key, ad
                )
        if data_key is None:
            raise WrongPassphrase(
                "that recovery code does not open this vault; check it and try again"
            )
        # A format-1 code is upgraded now, while it is at hand: the same code, as a key pair.
        self._finish_unlock(data_key, code=code if recovery.legacy else None)

    def _finish_unlock(
        self,
        data_key: bytes | None,
        *,
        passphrase_kek: bytes | None = None,
        code: str | None = None,
    ) -> None:
        if data_key is None:
            raise WrongPassphrase()
        keys = Keys.from_data_key(data_key)
        with self._mutex:
            data, mac = self._storage.read_header()
            header = Header.from_stored(data)
            if not crypto.constant_time_eq(crypto.mac(keys.header_mac, data), mac):
                raise WrongPassphrase()
            self.header = header
            state = self._load(keys)
            state.passphrase_kek = passphrase_kek
            if header.format < FORMAT_VERSION:
                # One transaction: killed midway, the file is format 1 as it was.
                self._state = state
                try:
                    self._migrate_format(state, code)
                except BaseException:
                    self._state = None
                    self.header = header
                    raise
                state = self._load(keys)
                state.passphrase_kek = passphrase_kek
            elif code is not None:
                self._state = state
                self._upgrade_recovery(state, code)
            self._state = state
            self._migrate()

    def _load(self, keys: Keys) -> Unlocked:
        """Every record's head opened once, and the manifest checked."""
        header = self.header
        with self._gc.bulk():
            state, total, counted = load(
                keys, header.vault_id, header.format, self._storage.rows(), self._damaged_one
            )
        if header.format >= 2:
            expected = envelope.ManifestTags(keys, header.vault_id).mac(
                header.generation, header.count, total
            )
        else:
            expected = total.to_bytes(crypto.DIGEST_BYTES, "big")
        state.manifest_ok = counted == header.count and crypto.constant_time_eq(
            expected, header.manifest
        )
        # Never let later saves make a manifest that failed match (see manifest_sum).
        state.manifest_sum = total if state.manifest_ok else total + 1
        return state

    def _migrate_format(self, state: Unlocked, code: str | None) -> None:
        """Format 1 -> 2, in one transaction: every record sealed again under the same
        data key with format 2's associated data and bounded preview, the manifest
        rebuilt as format 2's, and (opened with the code) the recovery code upgraded."""
        header = self.header
        old_prefix = state.ad_prefix
        new_prefix = envelope.record_ad_prefix(header.vault_id, FORMAT_VERSION)
        with self._write() as conn:
            total, count = rekey.reseal_all(
                self._storage,
                conn,
                (state.keys, old_prefix),
                (state.keys, new_prefix),
                header.vault_id,
                rehead=envelope.bounded_head,
            )
            header.format = FORMAT_VERSION
            if code is not None:
                header.recovery = _recovery_for(header, state.keys.data_key, code)
            carried = 0 if state.manifest_ok else 1  # a mismatch stays a mismatch
            self._store_header(conn, state.keys, total=total + carried, count=count)

    def _upgrade_recovery(self, state: Unlocked, code: str) -> None:
        """A format-1 recovery code, kept as it is, becomes a key pair (header only)."""
        with self._write() as conn:
            self.header.recovery = _recovery_for(self.header, state.keys.data_key, code)
            self._store_header(conn, state.keys, state.manifest_sum)

    def lock(self) -> None:
        """Drop the keys and every decrypted object this vault holds."""
        with self._mutex:
            self._state = None
        self._gc.released()

    def _migrate(self) -> None:
        while self.header.schema < SCHEMA_VERSION:
            MIGRATIONS[self.header.schema](self)
            self.header.schema += 1
            state = self._require_state()
            with self._write() as conn:
                self._store_header(conn, state.keys, state.manifest_sum)

    # ------------------------------------------------------------------ reading
    def entries(self) -> SummaryList:
        """Every entry's summary, newest first, each parsed when first read. Cached until
        the next write."""
        with self._mutex:
            state = self._require_state()
            if state.newest_first is None:
                found = sorted(state.entries.values(), key=attrgetter("newest_first"))
                state.newest_first = SummaryList(found)
            return state.newest_first

    def full_entries(self) -> list[Entry]:
        """Every entry with its answers, newest first (export reads them all). An entry
        whose answers do not open is left out and recorded in ``damaged``."""
        with self._mutex:
            state = self._require_state()
            entries = self.entries()
            self._answers_of(state, [e.id for e in entries if e.id not in state.opened])
            found = []
            for summary in entries:
                with suppress(AmendsError):
                    found.append(self._open(state, summary))
            return found

    def drafts(self) -> list[Draft]:
        return self._all(Draft, key=lambda d: d.updated_at)

    def commitments(self) -> list[Commitment]:
        return self._all(Commitment, key=lambda c: c.created_at)

    def _all(self, cls: type[M], key: Callable[[M], Any]) -> list[M]:
        with self._mutex:
            found = [v for v in self._require_state().others.values() if isinstance(v, cls)]
        return sorted(found, key=key, reverse=True)

    def get_entry(self, id_or_prefix: str) -> Entry:
        """The entry with its answers (parsed on first use, then kept)."""
        with self._mutex:
            state = self._require_state()
            return self._open(state, self._get(state.entries, Summary, id_or_prefix, "entry").get())

    def get_draft(self, id_or_prefix: str) -> Draft:
        with self._mutex:
            return self._get(self._require_state().others, Draft, id_or_prefix, "draft")

    def get_commitment(self, id_or_prefix: str) -> Commitment:
        with self._mutex:
            others = self._require_state().others
            return self._get(others, Commitment, id_or_prefix, "commitment")

    def _get(self, held: Mapping[str, object], cls: type[T], prefix: str, noun: str) -> T:
        """The one ``cls`` in ``held`` whose id is or starts with ``prefix``."""
        prefix = prefix.strip().lower()
        with self._mutex:
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

    def _open(self, state: Unlocked, summary: EntrySummary) -> Entry:
        """The whole entry, its answers decrypted and parsed once (call with the mutex held)."""
        entry = state.opened.get(summary.id)
        if entry is None:
            raw = self._answers_of(state, [summary.id]).get(summary.id)
            try:
                answers = None if raw is None else ANSWERS.validate_json(raw)
            except ValidationError:
                answers = None
            if answers is None or summary.id in state.damaged:  # its summary did not parse
                state.found_damaged([summary.id])
                raise AmendsError(f"entry {summary.short_id} could not be read; run amends verify")
            entry = summary.with_answers(answers)
            state.opened[summary.id] = entry
            del state.answers[summary.id]  # the entry holds its answers now
        return entry

    def _answers_of(self, state: Unlocked, ids: list[str]) -> dict[str, bytes]:
        """The answers' JSON of these entries, decrypting each body the first time it is
        needed: a query for a few, one pass over the table for many. A body that does not
        open is recorded as damage. Call with the mutex held."""
        missing = {i for i in ids if i not in state.answers and i in state.entries}
        if missing:
            if len(missing) <= index.INDEX_BATCH:
                found = [state.rowids[i] for i in missing if i in state.rowids]
                rows = self._storage.rows(ROWS_WITH_ROWIDS, [json.dumps(found)])
            else:
                rows = self._storage.rows()
            self._open_bodies(rows, missing)
            state.found_damaged(i for i in missing if i not in state.answers)
        return {i: state.answers[i] for i in ids if i in state.answers}

    def _open_bodies(self, rows: Iterable[tuple[Any, ...]], wanted: Collection[str]) -> None:
        """Decrypt the bodies in ``rows`` of the entries ``wanted`` not decrypted yet; a
        body that does not open is recorded as damage. Call with the mutex held."""
        state = self._require_state()
        failed = []
        for _, record_id, version, _, ciphertext in rows:
            if (
                record_id not in wanted
                or record_id in state.answers
                or record_id in state.opened
                or version != state.versions.get(record_id)
            ):
                continue
            answers = envelope.open_body(
                state.keys.records, ciphertext, state.record_ad(record_id, version)
            )
            if answers is None:
                failed.append(record_id)
            else:
                state.answers[record_id] = answers
        state.found_damaged(failed)

    def _decrypt_bodies(self, wanted: Collection[str]) -> None:
        """``_answers_of`` for many entries without holding the vault's lock throughout:
        one pass over the table by rowid, a page of rows per hold."""
        after = 0
        while True:
            with self._mutex:
                page = list(self._storage.rows(ROWS_AFTER, (after, index.INDEX_BATCH)))
                self._open_bodies(page, wanted)
            if len(page) < index.INDEX_BATCH:
                return
            after = page[-1][0]

    def _damaged_one(self, record_id: str) -> None:
        """An entry's summary opened but does not parse (``Summary`` says so when read)."""
        with self._mutex:
            if self._state is not None:
                self._state.found_damaged([record_id])

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
            # With or without a prefix: "work" finds jrnl's "@work" and "#work".
            want = tag.casefold().lstrip(_TAG_SIGNS)
            found = [e for e in found if want in {t.casefold().lstrip(_TAG_SIGNS) for t in e.tags}]
        return found

    def snippet(self, entry_id: str, query: str, width: int = SNIPPET_WIDTH) -> Snippet | None:
        """Where ``query`` matched in the entry, at most ``width`` cells, from text already
        decrypted (by the search index's build, or by opening the entry); never decrypts,
        so it is safe on the UI thread. None if its text is not decrypted, or only a tag
        matched."""
        with self._mutex:
            state = self._state
            summary = None if state is None else state.entries.get(entry_id)
            if state is None or summary is None:
                return None
            if entry_id not in state.opened and entry_id not in state.answers:
                return None
            texts = list(index.answer_texts(state, entry_id))
            title = summary.peek().title
        # His words first: the list shows the title already (found by a walk: "kitchen"
        # in both showed the title again); the title only when nothing else matched.
        return search_snippet([*texts, title], query, width)

    def _matching(self, query: str) -> SummaryList | None:
        """The entries holding every word of ``query``, newest first; None for no words."""
        built = self.prepare_search()
        with self._mutex:  # a save meanwhile changes the index
            state = self._state
            if state is None or built is not state.search:  # locked (perhaps unlocked) since
                raise AmendsError("the vault is locked; unlock it first")
            hits = built.matching(query)
            return None if hits is None else index.in_order(state, hits)

    def prepare_search(self) -> SearchIndex:
        """The search index, built now if it is not yet (the TUI does it in a worker);
        see ``journal.vault.index``."""
        with self._index_lock:  # one build at a time; a second caller waits for it
            with self._mutex:
                state = self._require_state()
                if state.search is not None:
                    return state.search
                entries = self.entries()
                state.index_changes = []
            try:
                return index.build(
                    state,
                    entries,
                    mutex=self._mutex,
                    alive=self._require_state,
                    decrypt_bodies=self._decrypt_bodies,
                    bulk=self._gc.bulk(),
                )
            finally:
                with self._mutex:
                    state.index_changes = None

    def tags(self) -> list[str]:
        """Every tag in use, sorted."""
        with self._mutex:
            state = self._require_state()
            if state.tags is None:
                found = {t for s in self.entries().summaries for t in s.peek().tags}
                state.tags = sorted(found, key=str.casefold)
            return state.tags

    def counts(self) -> dict[str, int]:
        with self._mutex:
            state = self._require_state()
            others = list(state.others.values())
            entries = len(state.entries)
        counts = {
            name: sum(isinstance(v, cls) for v in others)
            for name, cls in OTHER_TYPES.items()
            if cls is not Preferences  # a setting, not something he wrote
        }
        return {"entry": entries} | counts

    # ------------------------------------------------------------------ writing
    def save_entry(self, entry: Entry) -> Entry:
        """Seal and durably commit; ``updated_at`` is set if the entry existed."""
        state = self._state
        if state is not None and entry.id in state.entries:
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

    def save_many(self, models: Sequence[Model], *, delete: tuple[str, ...] = ()) -> None:
        """Seal and write ``models`` and delete ids in ``delete``, all in one transaction."""
        state = self._require_state()
        sealed = []
        for model in models:
            if not RECORD_ID.fullmatch(model.id):
                raise UsageError("a record id must be 32 random hex digits (ids are not encrypted)")
            held, head, body = envelope.sealable(model)
            envelope.check_size(head, body)
            sealed.append((model, held, head, body))
        if not sealed and not any(record_id in state.versions for record_id in delete):
            return  # nothing to write: the vault (and its generation) stays as it is
        keys = state.keys
        tags = envelope.ManifestTags(keys, self.header.vault_id)
        with self._mutex, self._write() as conn:
            if self._state is not state:
                raise AmendsError("the vault is locked; unlock it first")
            total, count = state.manifest_sum, self.header.count
            versions = dict(state.versions)
            for model, _, head, body in sealed:
                old = versions.get(model.id)
                version = (old or 0) + 1
                nonce, ct = envelope.seal(
                    keys.records, head, body, state.record_ad(model.id, version)
                )
                if old is None:
                    count += 1
                else:
                    total -= self._stored_tag(conn, tags, model.id)
                conn.execute(UPSERT, {"i": model.id, "v": version, "n": nonce, "c": ct})
                total += tags.of(crypto.id_version(model.id, version), ct)
                versions[model.id] = version
            for record_id in delete:
                if versions.pop(record_id, None) is None:
                    continue
                total -= self._stored_tag(conn, tags, record_id)
                conn.execute("DELETE FROM records WHERE id = :i", {"i": record_id})
                count -= 1
            total %= envelope.MODULUS
            self._store_header(conn, keys, total, count=count)
        # Only after the commit succeeded does the in-memory index change.
        with self._mutex:
            self._saved(state, versions, total, sealed, delete)
        if delete:
            self._storage.checkpoint()

    def _saved(
        self,
        state: Unlocked,
        versions: dict[str, int],
        total: int,
        sealed: list[tuple[Model, Any, bytes, bytes | None]],
        delete: tuple[str, ...],
    ) -> None:
        """Apply a committed save to the session's state (call with the mutex held)."""
        state.versions, state.manifest_sum = versions, total
        for model, held, _, _ in sealed:
            if isinstance(held, EntrySummary):
                state.entries[model.id] = Summary.of(held)
            if isinstance(model, Entry):
                state.opened[model.id] = model
                state.answers.pop(model.id, None)
                if state.search is not None:
                    state.search.update(model)
                elif state.index_changes is not None:
                    state.index_changes.append((model.id, model))
                state.changed_entries()
            else:
                state.others[model.id] = model
        for record_id in delete:
            if state.entries.pop(record_id, None) is not None:
                state.changed_entries()
            for kept in (state.opened, state.answers, state.others, state.rowids):
                kept.pop(record_id, None)
            if state.search is not None:
                state.search.remove(record_id)
            elif state.index_changes is not None:
                state.index_changes.append((record_id, None))

    @staticmethod
    def _stored_tag(conn: sqlite3.Connection, tags: envelope.ManifestTags, record_id: str) -> int:
        """The manifest tag of the row stored for ``record_id`` now (0 if it is gone)."""
        row = conn.execute(
            "SELECT version, ciphertext FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        if row is None or not isinstance(row[0], int) or not isinstance(row[1], bytes):
            return 0
        return tags.of(crypto.id_version(record_id, row[0]), row[1])

    def delete(self, record_id: str) -> None:
        """Delete a record of any type; its ciphertext is overwritten (secure_delete).
        An entry goes with its post drafts, in the same transaction."""
        posts = tuple(p.id for p in self.post_drafts(record_id))
        self.save_many([], delete=(record_id, *posts))

    def change_passphrase(
        self, new_passphrase: str, *, progress: rekey.Progress | None = None
    ) -> str | None:
        """Seal everything again under a fresh data key, wrapped by the new passphrase and
        for the recovery code, in one transaction: an old header and the old passphrase
        then open nothing written since. ``progress(done, total)`` reports records.

        Returns a new recovery code when the old one had to be replaced: a format-1 code
        (never used to open this vault since it was migrated) cannot be wrapped for
        without the code itself.
        """
        self._require_state()
        if not new_passphrase:
            raise UsageError("the new passphrase cannot be empty")
        _check_text(new_passphrase)
        salt = os.urandom(crypto.SALT_BYTES)
        kek = crypto.derive_key(new_passphrase, salt, self.header.kdf)
        with self._mutex:
            recovery = self.header.recovery
            code = crypto.new_recovery_code() if recovery and recovery.legacy else None
            self._rotate(kek, salt, code, progress)
        return code

    def new_recovery_code(self, *, progress: rekey.Progress | None = None) -> str:
        """Replace the recovery code (the old one stops working), sealing everything again
        under a fresh data key as ``change_passphrase`` does."""
        state = self._require_state()
        kek = state.passphrase_kek
        if kek is None:
            raise UsageError("set a new passphrase first; then make a new recovery code")
        code = crypto.new_recovery_code()
        with self._mutex:
            self._rotate(kek, self.header.salt, code, progress)
        return code

    def _rotate(
        self, kek: bytes, salt: bytes, code: str | None, progress: rekey.Progress | None
    ) -> None:
        """A fresh data key for everything: records, manifest, passphrase and recovery
        wraps, all in one transaction (call with the mutex held)."""
        state = self._require_state()
        header = self.header
        new_keys = Keys.from_data_key(os.urandom(crypto.KEY_BYTES))
        new_prefix = envelope.record_ad_prefix(header.vault_id, FORMAT_VERSION)
        with self._write() as conn:
            total, count = rekey.reseal_all(
                self._storage,
                conn,
                (state.keys, state.ad_prefix),
                (new_keys, new_prefix),
                header.vault_id,
                progress=progress,
            )
            header.salt = salt
            header.wrapped_key = crypto.wrap_key(kek, new_keys.data_key, header.passphrase_ad())
            if code is not None:
                header.recovery = _recovery_for(header, new_keys.data_key, code)
            elif header.recovery is not None:
                header.recovery = _rewrapped(header, header.recovery, new_keys.data_key)
            if not state.manifest_ok:
                total += 1  # a mismatch found at unlock stays one
            total %= envelope.MODULUS
            self._store_header(conn, new_keys, total, count=count)
        state.keys, state.ad_prefix, state.manifest_sum = new_keys, new_prefix, total
        state.passphrase_kek = kek
        self._storage.checkpoint()  # the old key's ciphertext leaves the WAL now

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
            state = self._require_state()
            waiting = [e.id for e in self.entries() if e.id not in state.opened]
            answers = self._answers_of(state, waiting)
            state.found_damaged([i for i in waiting if not envelope.answers_parse(answers.get(i))])
            storage = self._storage.quick_check()
            return VerifyReport(
                list(state.damaged), state.manifest_ok, len(state.versions), storage
            )

    def backup(self, dest: Path) -> None:
        """An encrypted copy through SQLite's online backup API; itself a vault."""
        self._storage.backup(dest)

    # ---------------------------------------------------------------- helpers
    def _require_state(self) -> Unlocked:
        state = self._state
        if state is None:
            raise AmendsError("the vault is locked; unlock it first")
        return state

    def _store_header(
        self, conn: sqlite3.Connection, keys: Keys, total: int, *, count: int | None = None
    ) -> None:
        """Write the header, its generation one higher and the manifest's MAC over
        ``total`` (the sum of the record tags), MACed with ``keys``."""
        header = self.header
        header.generation += 1
        if count is not None:
            header.count = count
        tags = envelope.ManifestTags(keys, header.vault_id)
        header.manifest = tags.mac(header.generation, header.count, total)
        data = header.to_bytes()
        conn.execute(
            "UPDATE header SET data = :d, mac = :m WHERE id = 1",
            {"d": data, "m": crypto.mac(keys.header_mac, data)},
        )

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One durable transaction; the header in memory is restored if it fails (also
        when the COMMIT itself fails: memory must match the file)."""
        saved = dataclasses.replace(self.header)
        try:
            with self._storage.transaction() as conn:
                yield conn
        except BaseException:
            self.header = saved
            raise

    # ------------------------------------------------------------------ post drafts
    def post_drafts(self, entry_id: str | None = None) -> list[PostDraft]:
        """The posts being drafted (from ``entry_id`` only, if given), newest first; they
        were decrypted at unlock, so this decrypts nothing."""
        found = self._all(PostDraft, key=lambda p: p.updated_at)
        return [p for p in found if entry_id is None or p.entry_id == entry_id]

    def save_post_draft(self, draft: PostDraft) -> PostDraft:
        """Seal ``draft`` as its entry's one post draft (any other of that entry goes)."""
        draft.updated_at = now()
        others = tuple(p.id for p in self.post_drafts(draft.entry_id) if p.id != draft.id)
        self.save_many([draft], delete=others)
        return draft

    # ------------------------------------------------------------------ preferences
    def record_ids(self) -> set[str]:
        """Every record's id, of any type (an import must not reuse one)."""
        with self._mutex:
            return set(self._require_state().versions)

    def preferences(self) -> Preferences:
        """His sealed preferences (region, wait): the one record, or defaults if none."""
        found = self._all(Preferences, key=lambda p: p.updated_at)
        return found[0] if found else Preferences()

    def save_preferences(self, preferences: Preferences) -> Preferences:
        """Seal ``preferences`` as the vault's one preferences record (replacing any other)."""
        with self._mutex:
            others = self._require_state().others
            old = [k for k, v in others.items() if isinstance(v, Preferences)]
        if old and preferences.id not in old:
            preferences.id = old[0]
        preferences.updated_at = now()
        self.save_many([preferences], delete=tuple(k for k in old if k != preferences.id))
        return preferences


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


def _recovery_for(header: Header, data_key: bytes, code: str) -> Recovery:
    """The data key wrapped for ``code``: a fresh salt, the code's X25519 public key."""
    raw = crypto.normalise_recovery_code(code)
    assert raw is not None
    salt = os.urandom(crypto.SALT_BYTES)
    public = crypto.public_bytes(crypto.recovery_private_key(raw, salt))
    return _rewrapped(header, Recovery(salt, b"", public), data_key)


def _rewrapped(header: Header, recovery: Recovery, data_key: bytes) -> Recovery:
    """``recovery`` with ``data_key`` wrapped to its public key (no code needed)."""
    wrapping = Recovery(recovery.salt, b"", recovery.public_key)
    ephemeral, wrapped = crypto.wrap_to_public(
        recovery.public_key, data_key, header.recovery_ad(wrapping)
    )
    return Recovery(recovery.salt, wrapped, recovery.public_key, ephemeral)
