"""The vault the app works on, opened off the UI thread.

Nothing here imports the storage stack at import time: ``journal.vault``
(SQLAlchemy, SQLModel, pydantic) is imported by the first call that needs it,
which the app makes from a worker while the unlock screen is already up.
Every method that can be slow is meant for a worker thread; none touches a
widget. One lock orders opening, unlocking and locking across threads.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.models import Draft, PostDraft
    from journal.vault import Vault


class Session:
    def __init__(self, path: Path, *, insecure_kdf_for_tests: bool = False) -> None:
        self.path = path
        self._insecure = insecure_kdf_for_tests
        self._vault: Vault | None = None
        self._guard = threading.RLock()

    @property
    def exists(self) -> bool:
        """Whether a vault file is there (if not, this is a first run)."""
        return self.path.exists()

    @property
    def vault(self) -> Vault:
        if self._vault is None:
            raise RuntimeError("the vault is not open")
        return self._vault

    @property
    def is_unlocked(self) -> bool:
        return self._vault is not None and self._vault.is_unlocked

    # Worker-thread methods ------------------------------------------------------------
    def open(self) -> Vault:
        """Open the vault file (takes its lock); raises VaultBusy and the like."""
        with self._guard:
            if self._vault is None:
                from journal.vault import FREEZE, Vault

                # The app owns its process: it opts in to pausing the GC for bulk loads.
                self._vault = Vault.open(
                    self.path, insecure_kdf_for_tests=self._insecure, gc=FREEZE
                )
            return self._vault

    def has_recovery_code(self) -> bool:
        """Whether the vault has a recovery code. Known before unlock: the header says
        so in the clear (its wrap for the code, or none); the MAC that vouches for it is
        checked only at unlock, so this is for what the lock screen says, no more."""
        return self.open().header.recovery is not None

    def create(self, passphrase: str) -> str | None:
        """Create the vault, unlocked; returns the recovery code."""
        with self._guard:
            from journal.vault import FREEZE, Vault

            self._vault, code = Vault.create(
                self.path, passphrase, insecure_kdf_for_tests=self._insecure, gc=FREEZE
            )
            return code

    def unlock(self, passphrase: str) -> None:
        with self._guard:
            self.open().unlock(passphrase)

    def unlock_with_recovery(self, code: str) -> None:
        with self._guard:
            self.open().unlock_with_recovery(code)

    def lock(self, drafts: Sequence[Draft | PostDraft] = ()) -> None:
        """Save ``drafts`` while the key is still here, then drop key and data."""
        with self._guard:
            vault = self._vault
            if vault is None:
                return
            try:
                if drafts and vault.is_unlocked:
                    vault.save_many(list(drafts))
            finally:
                vault.lock()

    def close(self, drafts: Sequence[Draft | PostDraft] = ()) -> None:
        """Lock (saving ``drafts``), then release the file. Safe to call twice."""
        with self._guard:
            try:
                self.lock(drafts)
            finally:
                if self._vault is not None:
                    self._vault.close()
