"""Build (or reuse) the benchmark's vaults and import file in the output folder.

Vaults are built through the public core API, ``Vault.create(..., params=...)``
then ``save_many`` in batches, with production key-derivation parameters
(``journal.crypto.calibrate()`` once, saved and reused), so unlock figures
include real Argon2id. A vault is reused when its manifest (size, seed, corpus
version, KDF) matches and its header counts the right number of records.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from benchmarks import corpus
from journal import crypto
from journal.crypto import KdfParams
from journal.exchange import EXPORT_FORMAT, EXPORT_VERSION
from journal.vault import Vault

PASSPHRASE = "benchmark only: correct horse battery staple"
BATCH = 1000


@dataclass(frozen=True)
class Workspace:
    """Where things are built, and how: ``insecure`` is quick mode's cheap KDF."""

    out: Path
    seed: int
    insecure: bool

    @property
    def passphrase_file(self) -> Path:
        path = self.out / "passphrase.txt"
        if not path.exists():
            self.out.mkdir(parents=True, exist_ok=True)
            path.write_text(PASSPHRASE + "\n")
            path.chmod(0o600)
        return path


@dataclass(frozen=True)
class BuiltVault:
    path: Path
    n: int
    params: KdfParams
    #: Seconds the build took in this run; None when a cached vault was reused.
    build_seconds: float | None


def kdf_params(ws: Workspace) -> KdfParams:
    """Quick mode: the test parameters. Otherwise calibrate once and keep the result."""
    if ws.insecure:
        return crypto.TEST_PARAMS
    saved = ws.out / "kdf-params.json"
    if saved.exists():
        doc = json.loads(saved.read_text())
        return KdfParams(doc["memory_kib"], doc["iterations"], doc["lanes"])
    params = crypto.calibrate()
    ws.out.mkdir(parents=True, exist_ok=True)
    saved.write_text(json.dumps(asdict(params)))
    return params


def vault(ws: Workspace, n: int, params: KdfParams) -> BuiltVault:
    """The ``n``-entry vault for this seed, built unless a matching one is cached."""
    suffix = "-insecure" if ws.insecure else ""
    path = ws.out / "vaults" / f"amends-{n}-seed{ws.seed}{suffix}.db"
    manifest = path.with_suffix(".json")
    expected = _manifest(ws, n, params)
    if _is_cached(path, manifest, expected, n):
        return BuiltVault(path, n, params, None)
    start = time.perf_counter()
    _build(ws, path, n, params)
    seconds = time.perf_counter() - start
    manifest.write_text(json.dumps(expected, indent=2))
    return BuiltVault(path, n, params, seconds)


#: Raised when the vault's storage layout changes, so that cached vaults are built
#: again (2: an entry's summary sealed beside its answers; 3: 16 KiB pages;
#: 4: summaries without their default fields; 5: answers sealed apart; 6: format 2's
#: manifest and bounded previews).
RECORD_LAYOUT = 6


def _manifest(ws: Workspace, n: int, params: KdfParams) -> dict[str, Any]:
    return {
        "record_layout": RECORD_LAYOUT,
        "n": n,
        "seed": ws.seed,
        "corpus_version": corpus.CORPUS_VERSION,
        "kdf": asdict(params),
        "insecure": ws.insecure,
    }


def _is_cached(path: Path, manifest: Path, expected: dict[str, Any], n: int) -> bool:
    if not (path.exists() and manifest.exists()):
        return False
    if json.loads(manifest.read_text()) != expected:
        return False
    try:
        return Vault.read_header(path).count == n
    except Exception:  # any damage: rebuild
        return False


def _build(ws: Workspace, path: Path, n: int, params: KdfParams) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, path.with_suffix(".json"), *_sidecars(path)):
        stale.unlink(missing_ok=True)
    made, _ = Vault.create(path, PASSPHRASE, params=params, insecure_kdf_for_tests=ws.insecure)
    with made:
        items = corpus.entries(n, ws.seed)
        while batch := list(islice(items, BATCH)):
            made.save_many(list(batch))


def _sidecars(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))


def import_file(ws: Workspace, n: int) -> Path:
    """An amends JSON export (``journal.exchange``'s format) of the ``n``-entry corpus."""
    path = ws.out / "exports" / f"amends-export-{n}-seed{ws.seed}-v{corpus.CORPUS_VERSION}.json"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "entries": [e.model_dump(mode="json") for e in corpus.entries(n, ws.seed)],
        "commitments": [],
    }
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    return path


def copy_of(built: BuiltVault, dest: Path) -> Path:
    """A private copy of a built vault, to measure writes without touching the cache."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    sources = (built.path, *_sidecars(built.path))
    for src, dst in zip(sources, (dest, *_sidecars(dest)), strict=True):
        if src.exists():
            dst.write_bytes(src.read_bytes())
    return dest
