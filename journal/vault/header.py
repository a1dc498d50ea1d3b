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
FORMAT_VERSION = 1
SCHEMA_VERSION = 1


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
        """What the passphrase-wrapped key is bound to: format, id, KDF and salt."""
        k = self.kdf
        return crypto.associated_data(
            "passphrase", self.format, self.vault_id, k.memory_kib, k.iterations, k.lanes, self.salt
        )

    def recovery_ad(self) -> bytes:
        return crypto.associated_data(
            "recovery", self.format, self.vault_id, self.recovery_salt or b""
        )
