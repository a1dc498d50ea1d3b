"""Small, explicit cryptography for the vault.

- Argon2id (RFC 9106) turns the passphrase into a key-encryption key (KEK).
- A random 256-bit data key, wrapped by the KEK with AES-256-GCM, seals records.
- Subkeys for records, the header MAC and the manifest come from the data key
  through HKDF-SHA256, so one key never serves two purposes.
- Every seal binds its context as associated data, length-prefixed so no two
  contexts can encode the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import struct
import time
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from journal.errors import AmendsError

KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16
#: The manifest digest and each record tag (BLAKE2b-256).
DIGEST_BYTES = 32
PAD_BUCKET = 256
RECOVERY_BYTES = 20  # 160 bits, shown as 32 Crockford base32 characters
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. memory in KiB, as RFC 9106 and `amends info` state it."""

    memory_kib: int
    iterations: int
    lanes: int = 4

    def as_dict(self) -> dict[str, int | str]:
        return {
            "algorithm": "argon2id",
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "lanes": self.lanes,
        }


#: Production floor: never derive with less than this (64 MiB, 3 passes, 4 lanes).
FLOOR = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)
#: Anything above this in a header is damage, not a request to obey: at most 512 MiB
#: of memory, and at most ``WORK_CAP`` KiB x passes in all (32 passes over 64 MiB, a
#: few seconds on a modest machine), so a wrong or tampered file is refused in seconds.
CEILING = KdfParams(memory_kib=512 * 1024, iterations=64, lanes=4)
WORK_CAP = 64 * 1024 * 32
#: Cheap parameters, only through the explicit ``insecure_kdf_for_tests`` switch.
TEST_PARAMS = KdfParams(memory_kib=32, iterations=1, lanes=4)


def check_params(params: KdfParams, *, insecure_kdf_for_tests: bool = False) -> bool:
    """Whether stored parameters lie between the floor and the ceiling."""
    floor = TEST_PARAMS if insecure_kdf_for_tests else FLOOR
    return (
        params.lanes == FLOOR.lanes
        and floor.memory_kib <= params.memory_kib <= CEILING.memory_kib
        and floor.iterations <= params.iterations <= CEILING.iterations
        and params.memory_kib * params.iterations <= WORK_CAP
    )


def require_argon2id() -> None:
    """Refuse to run where Argon2id cannot be computed: never fall back."""
    try:
        derive_key("probe", b"\0" * SALT_BYTES, TEST_PARAMS)
    except (ImportError, UnsupportedAlgorithm) as exc:
        raise AmendsError(
            "this installation cannot compute Argon2id; reinstall amends "
            "(it needs argon2-cffi and cryptography>=48)"
        ) from exc


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """Argon2id (RFC 9106, v1.3) of the passphrase -> 32-byte key-encryption key.

    Computed by argon2-cffi (the reference C implementation), which releases the
    GIL: cryptography's Argon2id holds it for the whole derivation, and the app,
    which unlocks in a worker thread, froze for that second. A test holds both
    to the same bytes.
    """
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=params.iterations,
        memory_cost=params.memory_kib,
        parallelism=params.lanes,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def calibrate(target_seconds: float = 0.75) -> KdfParams:
    """Scale Argon2id's passes so one derivation takes about ``target_seconds``.

    Memory stays at the 64 MiB floor so the app's peak memory stays small and
    the cost fits modest machines; more passes buy the time. Never below FLOOR.
    """
    salt = os.urandom(SALT_BYTES)
    iterations = FLOOR.iterations
    # Two rounds: the first pass costs more than the rest (memory is filled),
    # so a single linear estimate undershoots.
    for _ in range(2):
        elapsed = _time_derivation(KdfParams(FLOOR.memory_kib, iterations), salt)
        iterations = round(iterations * target_seconds / max(elapsed, 1e-4))
        most = min(CEILING.iterations, WORK_CAP // FLOOR.memory_kib)
        iterations = max(FLOOR.iterations, min(most, iterations))
    return KdfParams(memory_kib=FLOOR.memory_kib, iterations=iterations)


def _time_derivation(params: KdfParams, salt: bytes) -> float:
    start = time.perf_counter()
    derive_key("calibration", salt, params)
    return time.perf_counter() - start


def hkdf(key: bytes, info: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info.encode()).derive(
        key
    )


def associated_data(*parts: bytes | str | int) -> bytes:
    """Unambiguous encoding of a seal's context: each part length-prefixed."""
    return b"amends" + b"".join(associated_data_part(part) for part in parts)


def associated_data_part(part: bytes | str | int) -> bytes:
    """One more part, to append to an ``associated_data`` encoding."""
    if isinstance(part, int):
        raw = struct.pack(">Q", part)
    elif isinstance(part, str):
        raw = part.encode("utf-8")
    else:
        raw = part
    return struct.pack(">I", len(raw)) + raw


def pad(data: bytes, bucket: int = PAD_BUCKET) -> bytes:
    """ISO/IEC 7816-4 padding to a multiple of ``bucket``: lengths leak little."""
    padded = data + b"\x80"
    return padded + b"\0" * (-len(padded) % bucket)


def padding_start(data: bytes, bucket: int = PAD_BUCKET) -> int:
    """Where ``pad``'s padding begins: its marker lies within the last ``bucket``
    bytes, with only zeros after it. Raises ValueError if the padding is wrong.

    Only the tail is scanned, and nothing is copied (unlock does this per record).
    """
    marker = data.rfind(b"\x80", max(0, len(data) - bucket))
    if marker == -1 or data.count(0, marker + 1) != len(data) - marker - 1:
        raise ValueError("bad padding")
    return marker


def unpad(data: bytes, bucket: int = PAD_BUCKET) -> bytes:
    return data[: padding_start(data, bucket)]


def seal(aead: AESGCM, plaintext: bytes, ad: bytes) -> tuple[bytes, bytes]:
    """Pad and encrypt; returns (nonce, ciphertext). A fresh random nonce per seal."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce, aead.encrypt(nonce, pad(plaintext), ad)


def wrap_key(kek: bytes, data_key: bytes, ad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(kek).encrypt(nonce, data_key, ad)


def unwrap_key(kek: bytes, wrapped: bytes, ad: bytes) -> bytes | None:
    """The data key, or None when the KEK or the context is wrong."""
    try:
        key = AESGCM(kek).decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], ad)
    except (InvalidTag, ValueError):
        return None
    return key if len(key) == KEY_BYTES else None


constant_time_eq = hmac.compare_digest


def mac(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


def id_version(record_id: str, version: int) -> bytes:
    """The parts (record_id, version) as ``associated_data`` encodes them.

    Unlock encodes two of these per record; doing it directly, not through the
    general loop, saves a tenth of a second at 10,000 records.
    """
    raw = record_id.encode("utf-8")
    return struct.pack(">I", len(raw)) + raw + struct.pack(">IQ", 8, version)


def new_recovery_code() -> str:
    """160 random bits as 8 groups of 4 Crockford base32 characters."""
    value = int.from_bytes(secrets.token_bytes(RECOVERY_BYTES), "big")
    chars = "".join(_CROCKFORD[(value >> (5 * i)) & 31] for i in reversed(range(32)))
    return "-".join(chars[i : i + 4] for i in range(0, 32, 4))


def normalise_recovery_code(code: str) -> bytes | None:
    """The code's 20 bytes, forgiving case, spaces, dashes and I/L/O look-alikes."""
    cleaned = code.upper().replace("-", "").replace(" ", "")
    cleaned = cleaned.translate(str.maketrans("ILO", "110"))
    if len(cleaned) != 32 or any(c not in _CROCKFORD for c in cleaned):
        return None
    value = 0
    for char in cleaned:
        value = (value << 5) | _CROCKFORD.index(char)
    return value.to_bytes(RECOVERY_BYTES, "big")


def recovery_kek(code_bytes: bytes, salt: bytes) -> bytes:
    """A recovery code holds 160 random bits: HKDF is enough, no slow KDF needed."""
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=b"amends recovery"
    ).derive(code_bytes)


def recovery_private_key(code_bytes: bytes, salt: bytes) -> X25519PrivateKey:
    """The X25519 key a recovery code stands for: HKDF of its 160 random bits and a salt.

    The header keeps only its public key, so a rotation can wrap a fresh data key for
    the code without the code (as age wraps a file key to a recipient).
    """
    seed = HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=b"amends recovery x25519"
    ).derive(code_bytes)
    return X25519PrivateKey.from_private_bytes(seed)


def public_bytes(private: X25519PrivateKey) -> bytes:
    return private.public_key().public_bytes_raw()


def _recipient_kek(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_BYTES,
        salt=ephemeral + recipient,
        info=b"amends recovery wrap",
    ).derive(shared)


def wrap_to_public(recipient: bytes, data_key: bytes, ad: bytes) -> tuple[bytes, bytes]:
    """(ephemeral public key, wrapped key): ephemeral X25519 with ``recipient``, HKDF-SHA256
    of the shared secret, AES-256-GCM over the data key bound to ``ad``."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    ephemeral_public = public_bytes(ephemeral)
    kek = _recipient_kek(shared, ephemeral_public, recipient)
    return ephemeral_public, wrap_key(kek, data_key, ad)


def unwrap_with_private(
    private: X25519PrivateKey, ephemeral: bytes, wrapped: bytes, ad: bytes
) -> bytes | None:
    """``wrap_to_public``'s data key, or None when the key or the context is wrong."""
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral))
    except ValueError:  # not a point, or a low-order one (all-zero shared secret)
        return None
    return unwrap_key(_recipient_kek(shared, ephemeral, public_bytes(private)), wrapped, ad)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
