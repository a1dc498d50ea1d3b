"""The vault: one SQLite file of sealed records behind an authenticated header.

- ``header``: the header (KDF parameters, wrapped keys, manifest) and its encoding;
- ``envelope``: the record format (seal, open, record tags): the only place it is
  written down in code;
- ``storage``: the SQLite file (connection, OS lock, transactions, schema);
- ``unlocked``: what an unlocked vault holds, one object swapped in and out whole;
- ``index``: the search-index build;
- ``gc_policy``: what bulk loads do with the cyclic GC (the entry point's choice);
- ``vault``: ``Vault``, the public API over all of them.
"""

from journal.vault.envelope import MAX_RECORD_BYTES, RECORD_ID, Held, Model
from journal.vault.gc_policy import FREEZE, LEAVE, GcPolicy
from journal.vault.header import FORMAT_VERSION, SCHEMA_VERSION, Header
from journal.vault.vault import MIGRATIONS, Vault, VerifyReport

__all__ = [
    "FORMAT_VERSION",
    "FREEZE",
    "LEAVE",
    "MAX_RECORD_BYTES",
    "MIGRATIONS",
    "RECORD_ID",
    "SCHEMA_VERSION",
    "GcPolicy",
    "Header",
    "Held",
    "Model",
    "Vault",
    "VerifyReport",
]
