"""The vault header: KDF parameters, wrapped keys and the manifest, as canonical JSON.

Everything here is authenticated by the header MAC (a subkey of the data key), so
nothing in it can be changed without the data key; see SECURITY.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from journal import crypto
from journal.crypto import KdfParams
from journal.errors import WrongPassphrase

MAGIC = "amends-vault"
#: 1: an XOR of (id, version) tags in the clear. 2: a sealed additive manifest over
#: the exact ciphertexts, and a recovery code that is an X25519 key pair.
FORMAT_VERSION = 2
SCHEMA_VERSION = 1
#: The key wraps by passphrase and by a format-1 recovery code are unchanged in
#: format 2: their associated data keeps saying 1, so a migrated header keeps them.
WRAP_VERSION = 1


@dataclass
class Recovery:
    """The data key wrapped for the recovery code.

    Format 2: the code seeds an X25519 key pair (``crypto.recovery_private_key`` of
    the code and ``salt``); the header keeps its public key and the data key wrapped to
    it with an ephemeral key, so a rotation re-wraps without the code. A format-1 code
    (no ``public_key``) wraps the data key under HKDF(code, salt) itself: it works
    until the first rotation, or is upgraded when the vault is opened with it.
    """

    salt: bytes
    wrapped_key: bytes
    public_key: bytes = b""
    ephemeral_key: bytes = b""

    @property
    def legacy(self) -> bool:
        return not self.public_key

    def as_dict(self) -> dict[str, str]:
        doc = {"salt": crypto.b64(self.salt), "wrapped_key": crypto.b64(self.wrapped_key)}
        if not self.legacy:
            doc["public_key"] = crypto.b64(self.public_key)
            doc["ephemeral_key"] = crypto.b64(self.ephemeral_key)
        return doc

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Recovery:
        if set(doc) not in ({"salt", "wrapped_key"}, _X25519_FIELDS):
            raise ValueError("recovery")
        return cls(
            salt=crypto.unb64(doc["salt"]),
            wrapped_key=crypto.unb64(doc["wrapped_key"]),
            public_key=crypto.unb64(doc.get("public_key", "")),
            ephemeral_key=crypto.unb64(doc.get("ephemeral_key", "")),
        )


_X25519_FIELDS = {"salt", "wrapped_key", "public_key", "ephemeral_key"}


@dataclass
class Header:
    """The vault header. Everything here is authenticated by the header MAC."""

    vault_id: str
    kdf: KdfParams
    salt: bytes
    wrapped_key: bytes
    recovery: Recovery | None = None
    generation: int = 0
    count: int = 0
    #: Format 2: HMAC(manifest key, vault id, generation, count, sum of record tags);
    #: the sum itself is never stored. Format 1: the XOR of the record tags.
    manifest: bytes = field(default=bytes(crypto.DIGEST_BYTES))
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
            "recovery": None if self.recovery is None else self.recovery.as_dict(),
            "manifest": {
                "generation": self.generation,
                "count": self.count,
                _manifest_field(self.format): crypto.b64(self.manifest),
            },
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
            version = int(doc["format"])
            recovery = Recovery.from_dict(doc["recovery"]) if doc["recovery"] else None
            if version < 2 and recovery is not None and not recovery.legacy:
                raise ValueError("recovery")
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
                recovery=recovery,
                generation=int(manifest["generation"]),
                count=int(manifest["count"]),
                manifest=crypto.unb64(manifest[_manifest_field(version)]),
                format=version,
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

    @classmethod
    def from_stored(cls, data: bytes) -> Header:
        """Parse the stored bytes, refusing any spelling but the canonical one.

        The MAC is computed over the canonical encoding: refuse any other spelling
        (e.g. base64 with non-zero padding bits), so every stored byte is authenticated.
        """
        header = cls.from_bytes(data)
        if header.to_bytes() != data:
            raise WrongPassphrase()
        return header

    def passphrase_ad(self) -> bytes:
        """What the passphrase-wrapped key is bound to: id, KDF and salt."""
        k = self.kdf
        kdf = (k.memory_kib, k.iterations, k.lanes)
        return crypto.associated_data("passphrase", WRAP_VERSION, self.vault_id, *kdf, self.salt)

    def recovery_ad(self, recovery: Recovery) -> bytes:
        """What the recovery-wrapped key is bound to: id and salt (and the public key;
        the KEK's HKDF binds the ephemeral key too)."""
        if recovery.legacy:
            return crypto.associated_data("recovery", WRAP_VERSION, self.vault_id, recovery.salt)
        return crypto.associated_data(
            "recovery x25519", 2, self.vault_id, recovery.salt, recovery.public_key
        )


def _manifest_field(version: int) -> str:
    return "digest" if version < 2 else "mac"
