"""The app's own settings: a small JSON file that never holds journal text.

Only what is needed before unlock is kept: the auto-lock time and the theme name,
in the platform's user config folder (``amends/settings.json``). Anything
unreadable is ignored: the defaults are safe, and a broken settings file must
never keep a journal shut. Where he lives and how long he waits before posting
say something about him: they are sealed in the vault (``Vault.preferences``).
Older versions wrote them here; ``legacy_preferences`` reads them once so the
app can move them into the vault and rewrite the file without them.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path

FILE_NAME = "settings.json"


@dataclass
class Settings:
    #: Minutes without a key press or mouse event before the journal locks.
    auto_lock_minutes: float | None = None
    #: A Textual theme name.
    theme: str | None = None


@dataclass(frozen=True)
class LegacyPreferences:
    """What older versions kept in settings.json and now belongs in the vault."""

    region: str | None = None
    wait_hours: float | None = None

    def __bool__(self) -> bool:
        return self.region is not None or self.wait_hours is not None


def default_config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path("amends", appauthor=False)


def _read(folder: Path) -> dict[str, object]:
    try:
        text = (folder / FILE_NAME).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return {}
    # Imported only when there is a file: with none (the defaults), the first frame
    # does without it.
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def load_settings(folder: Path) -> Settings:
    data = _read(folder)
    return Settings(
        auto_lock_minutes=valid_minutes(data.get("auto_lock_minutes")), theme=_name(data)
    )


def legacy_preferences(folder: Path) -> LegacyPreferences:
    """The region and wait an older version left in settings.json (empty if none)."""
    from journal.post_checklist import valid_wait_hours

    data = _read(folder)
    region = data.get("region")
    return LegacyPreferences(
        region=region if isinstance(region, str) and region.isalpha() else None,
        wait_hours=valid_wait_hours(data.get("wait_hours")),
    )


def save_settings(folder: Path, settings: Settings) -> None:
    """Write atomically (a temporary file, then rename); raises OSError."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / FILE_NAME
    partial = target.with_name(f".{FILE_NAME}.partial")
    import json

    partial.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    os.replace(partial, target)


def valid_minutes(value: object) -> float | None:
    """Minutes between a few seconds and a day; anything else is ignored."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if 0 < value <= 24 * 60 else None


def _name(data: dict[str, object]) -> str | None:
    theme = data.get("theme")
    return theme if isinstance(theme, str) else None
