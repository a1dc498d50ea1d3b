"""Where the vault lives, and keeping its folder private."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "AMENDS_VAULT"


def default_vault_path() -> Path:
    """``--vault`` wins, then $AMENDS_VAULT, then the platform's user data dir."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("amends", appauthor=False) / "vault.db"


def resolve(path: str | os.PathLike[str] | None) -> Path:
    return Path(path).expanduser() if path else default_vault_path()


def ensure_private_dir(folder: Path) -> None:
    """Create the vault's folder 0700; tighten it if we created it earlier."""
    created = not folder.exists()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if created:
        os.chmod(folder, 0o700)
