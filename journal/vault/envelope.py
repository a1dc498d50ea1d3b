"""The record format: how a record is sealed, opened and counted into the manifest.

This module is the only place the format is written down in code; the vault and
the tests both use it. A record row is (id, version, nonce, ciphertext):

- its associated data is ``associated_data("record", format, vault id, table, id,
  version)``, followed by the part's role (``head`` or ``body``);
- ``nonce`` is the head's nonce; ``ciphertext`` is a u32 length of the head's
  ciphertext, that ciphertext, then for an entry the body's nonce and ciphertext;
- the head is a type tag, a newline and JSON (for an entry, its summary's); an
  entry's body is its answers' JSON; both are padded (``crypto.pad``) and sealed
  with AES-256-GCM under the records subkey.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import TypeAdapter, ValidationError
from pydantic_core import PydanticSerializationError

from journal import crypto
from journal.errors import UsageError
from journal.models import (
    PREVIEW_CHARS,
    Answer,
    Commitment,
    Draft,
    Entry,
    EntrySummary,
    PostDraft,
    Preferences,
)

#: The records table (declared in journal.tables); part of every record's AD.
TABLE = "records"
#: Plaintext limit per record (before padding): a 10 MB paste is refused, not stored.
MAX_RECORD_BYTES = 4 * 1024 * 1024
#: Record ids are stored in the clear, so they must be random: what ``new_id`` makes.
RECORD_ID = re.compile(r"[0-9a-f]{32}")

Model = Entry | Draft | Commitment | Preferences | PostDraft
#: What an unlocked vault holds of each record: an entry as its summary (its
#: answers are decrypted when first needed).
Other = Draft | Commitment | Preferences | PostDraft
Held = EntrySummary | Other
OTHER_TYPES: dict[str, type[Other]] = {
    "draft": Draft,
    "commitment": Commitment,
    "preferences": Preferences,
    "post-draft": PostDraft,
}
ANSWERS = TypeAdapter(list[Answer])
#: The two sealed parts of a record, each bound to its role in the associated data.
HEAD = crypto.associated_data_part("head")
BODY = crypto.associated_data_part("body")
HEAD_LENGTH = struct.Struct(">I")


@dataclass
class Keys:
    """Everything derived from the data key. Dropped whole on lock."""

    records: AESGCM
    header_mac: bytes
    #: Format 1: the key of the XORed (id, version) tags.
    manifest: bytes
    #: Format 2: the key of the record tags, and of the manifest's MAC.
    tags: bytes
    manifest_mac: bytes
    data_key: bytes

    @classmethod
    def from_data_key(cls, data_key: bytes) -> Keys:
        return cls(
            records=AESGCM(crypto.hkdf(data_key, "amends records v1")),
            header_mac=crypto.hkdf(data_key, "amends header mac v1"),
            manifest=crypto.hkdf(data_key, "amends manifest v1"),
            tags=crypto.hkdf(data_key, "amends record tags v2"),
            manifest_mac=crypto.hkdf(data_key, "amends manifest mac v2"),
            data_key=data_key,
        )


def record_ad_prefix(vault_id: str, version: int) -> bytes:
    """The associated data every record of a vault of format ``version`` starts with;
    then ``crypto.id_version`` and the part's role."""
    return crypto.associated_data("record", version, vault_id, TABLE)


def sealable(model: Model) -> tuple[Held, bytes, bytes | None]:
    """What the vault keeps of ``model``, the plaintext of its head (the type, a newline,
    the JSON; for an entry, its summary's) and an entry's body (its answers' JSON)."""
    if isinstance(model, Entry):
        summary = model.summary()
        # Fields at their defaults (most of a summary's) are left out: less to parse.
        head = _json(lambda: summary.model_dump_json(exclude_defaults=True))
        return summary, b"entry\n" + head, _json(lambda: ANSWERS.dump_json(model.answers))
    kind = next(name for name, cls in OTHER_TYPES.items() if isinstance(model, cls))
    return model, kind.encode() + b"\n" + _json(model.model_dump_json), None


def check_size(head: bytes, body: bytes | None) -> None:
    # Measured as stored: its text as UTF-8 JSON, with its title, tags and a preview
    # of at most PREVIEW_CHARS characters (nothing else is stored twice).
    size = len(head) + len(body or b"")
    if size > MAX_RECORD_BYTES:
        mib = 1024 * 1024
        raise UsageError(
            f"this entry is too large ({size / mib:.1f} MiB); "
            f"the limit is {MAX_RECORD_BYTES // mib} MiB of text per entry; nothing was saved"
        )


def seal(aead: AESGCM, head: bytes, body: bytes | None, ad: bytes) -> tuple[bytes, bytes]:
    """The record's nonce column (the head's) and ciphertext column."""
    nonce, head_ct = crypto.seal(aead, head, ad + HEAD)
    parts = [HEAD_LENGTH.pack(len(head_ct)), head_ct]
    if body is not None:
        parts += crypto.seal(aead, body, ad + BODY)
    return nonce, b"".join(parts)


def split(ciphertext: bytes) -> tuple[bytes, bytes, bytes] | None:
    """(head ciphertext, body nonce, body ciphertext) of a ciphertext column; the body
    parts are empty for a record without one. None when the framing is wrong."""
    if len(ciphertext) < HEAD_LENGTH.size:
        return None
    (length,) = HEAD_LENGTH.unpack_from(ciphertext)
    head_end = HEAD_LENGTH.size + length
    if head_end > len(ciphertext):
        return None  # a slice would quietly stop at the end: the length must be exact
    body_end = head_end + crypto.NONCE_BYTES
    return (
        ciphertext[HEAD_LENGTH.size : head_end],
        ciphertext[head_end:body_end],
        ciphertext[body_end:],
    )


def open_part(aead: AESGCM, nonce: bytes, sealed: bytes, ad: bytes) -> bytes:
    """Decrypt and unpad one part; raises InvalidTag or ValueError on any damage."""
    padded = aead.decrypt(nonce, sealed, ad)
    return padded[: crypto.padding_start(padded)]


def open_head(aead: AESGCM, nonce: bytes, ciphertext: bytes, ad: bytes) -> bytes | Other | None:
    """Decrypt a record's head: for an entry, its summary's JSON (parsed when first
    read); otherwise the record. None when it does not open (damage). An entry's
    body is left sealed until it is needed (``open_body``)."""
    try:
        (length,) = HEAD_LENGTH.unpack_from(ciphertext)
        head_end = HEAD_LENGTH.size + length
        if head_end > len(ciphertext):
            return None  # a slice would quietly stop at the end: the length must be exact
        padded = aead.decrypt(nonce, ciphertext[HEAD_LENGTH.size : head_end], ad + HEAD)
        end = crypto.padding_start(padded)
        kind_end = padded.index(b"\n", 0, end)
        kind = padded[:kind_end].decode()
        if (kind == "entry") != (len(ciphertext) > head_end):
            return None  # an entry has a body, and nothing else has
        if kind == "entry":
            return padded[kind_end + 1 : end]
        return OTHER_TYPES[kind].model_validate_json(padded[kind_end + 1 : end])
    except (InvalidTag, ValueError, KeyError, TypeError, ValidationError, struct.error):
        return None


def open_body(aead: AESGCM, ciphertext: bytes, ad: bytes) -> bytes | None:
    """Decrypt an entry's body: its answers' JSON; None when it does not open."""
    try:
        (length,) = HEAD_LENGTH.unpack_from(ciphertext)
        start = HEAD_LENGTH.size + length
        nonce, sealed = ciphertext[start : start + crypto.NONCE_BYTES], ciphertext[start:]
        return open_part(aead, nonce, sealed[crypto.NONCE_BYTES :], ad + BODY)
    except (InvalidTag, ValueError, TypeError, struct.error):
        return None


def reseal(
    old: AESGCM,
    old_ad: bytes,
    new: AESGCM,
    new_ad: bytes,
    row: tuple[bytes, bytes],
    rehead: Callable[[bytes], bytes] | None = None,
) -> tuple[bytes, bytes] | None:
    """A row's (nonce, ciphertext) opened under the old key and AD and sealed under the
    new ones (``rehead`` may rewrite the head's plaintext); None if it does not open."""
    nonce, ciphertext = row
    parts = split(ciphertext)
    if parts is None:
        return None
    head_ct, body_nonce, body_ct = parts
    try:
        head = open_part(old, nonce, head_ct, old_ad + HEAD)
        body = open_part(old, body_nonce, body_ct, old_ad + BODY) if body_nonce else None
    except (InvalidTag, ValueError):
        return None
    return seal(new, rehead(head) if rehead else head, body, new_ad)


def bounded_head(head: bytes) -> bytes:
    """A format-1 entry head with its preview cut to ``PREVIEW_CHARS`` (format 2 writes it
    so); any other head as it is."""
    kind, _, raw = head.partition(b"\n")
    if kind != b"entry":
        return head
    try:
        summary = EntrySummary.model_validate_json(raw)
    except ValidationError:
        return head  # damaged: it stays as unreadable as it was
    if len(summary.first_line) <= PREVIEW_CHARS:
        return head
    summary.first_line = summary.first_line[:PREVIEW_CHARS]
    return b"entry\n" + _json(lambda: summary.model_dump_json(exclude_defaults=True))


def answers_parse(answers: bytes | None) -> bool:
    try:
        ANSWERS.validate_json(answers if answers is not None else b"")
    except ValidationError:
        return False
    return True


#: Record tags are added mod 2**256 (format 2).
MODULUS = 1 << 256


class ManifestTags:
    """Format 2: per record, keyed BLAKE2b-256 of (table, id, version, head GCM tag, body
    GCM tag), length-prefixed. The GCM tags authenticate the exact ciphertext (and its
    AD), so the tag binds the row's every byte that matters; nothing needs hashing twice.

    The tags are added mod 2**256 (a duplicate adds, never cancels), and only a MAC of
    the sum is stored (``manifest_mac``): without the key, nothing in any saved header
    says anything about the sum, so no combination of rows can be solved for.
    """

    def __init__(self, keys: Keys, vault_id: str) -> None:
        self._start = hashlib.blake2b(
            crypto.associated_data(TABLE), key=keys.tags, digest_size=crypto.DIGEST_BYTES
        )
        self._mac_key = keys.manifest_mac
        self._vault_id = vault_id

    def of(self, encoded_id_version: bytes, ciphertext: bytes) -> int:
        """The tag of a row: ``crypto.id_version(id, version)`` and its ciphertext column."""
        state = self._start.copy()
        # Unlock computes this for every row: the parts are joined by hand (the same
        # bytes as associated_data_part of each GCM tag), one update, no helper calls.
        head_end = _head_end(ciphertext)
        if head_end is None:
            head, body = gcm_tags(ciphertext)
            parts = crypto.associated_data_part(head) + crypto.associated_data_part(body)
            state.update(encoded_id_version + parts)
        elif len(ciphertext) > head_end:
            state.update(
                encoded_id_version
                + _LP_TAG
                + ciphertext[head_end - _TAG : head_end]
                + _LP_TAG
                + ciphertext[-_TAG:]
            )
        else:
            state.update(encoded_id_version + _LP_TAG + ciphertext[-_TAG:] + _LP_EMPTY)
        return int.from_bytes(state.digest(), "big")

    def mac(self, generation: int, count: int, total: int) -> bytes:
        """What the header stores: a MAC of the sum, never the sum itself."""
        data = crypto.associated_data(
            "manifest", self._vault_id, generation, count, (total % MODULUS).to_bytes(32, "big")
        )
        return crypto.mac(self._mac_key, data)


_TAG = 16
_LP_TAG = struct.pack(">I", _TAG)
_LP_EMPTY = struct.pack(">I", 0)


def _head_end(ciphertext: bytes) -> int | None:
    """Where a well-framed ciphertext column's head ends (None if the framing is broken)."""
    if len(ciphertext) < HEAD_LENGTH.size:
        return None
    (length,) = HEAD_LENGTH.unpack_from(ciphertext)
    head_end = HEAD_LENGTH.size + length
    return head_end if length >= _TAG and head_end <= len(ciphertext) else None


def gcm_tags(ciphertext: bytes) -> tuple[bytes, bytes]:
    """The GCM tags of a ciphertext column's head and body (b"" for no body). A column
    whose framing is broken (damage: it opens as nothing) gives its last bytes."""
    head_end = _head_end(ciphertext)
    if head_end is None:
        return ciphertext[-_TAG:], b"\xff"
    body = ciphertext[-_TAG:] if len(ciphertext) > head_end else b""
    return ciphertext[head_end - _TAG : head_end], body


class RecordTags:
    """Format 1 (read to migrate): keyed BLAKE2b of each record's (id, version), XORed.

    The hash is keyed and fed the constant prefix once; each tag copies that
    state (at unlock, a keyed set-up per record costs 50 ms at 100,000).
    """

    def __init__(self, key: bytes) -> None:
        # b"amends" + id_version(...) = associated_data(record_id, version)
        self._start = hashlib.blake2b(b"amends", key=key, digest_size=crypto.DIGEST_BYTES)

    def of(self, encoded_id_version: bytes) -> int:
        """The tag of ``id_version(record_id, version)``, as an int to XOR."""
        state = self._start.copy()
        state.update(encoded_id_version)
        return int.from_bytes(state.digest(), "big")

    def tag(self, record_id: str, version: int) -> int:
        return self.of(crypto.id_version(record_id, version))


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
