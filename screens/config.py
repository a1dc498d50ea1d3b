"""The app's own settings: a small JSON file that never holds journal text.

Only the auto-lock time, the theme name, the hours to wait before posting and
the Support list's region code are kept, in the platform's user config folder
(``amends/settings.json``). Anything unreadable is ignored: the
defaults are safe, and a broken settings file must never keep a journal shut.
"""

from __future__ import annotations

import json
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
    #: Hours after an entry's last edit that a post from it gets a "wait" reminder.
    wait_hours: float | None = None
    #: The Support list's region code (journal.resources), asked once.
    region: str | None = None


def default_config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path("amends", appauthor=False)


def load_settings(folder: Path) -> Settings:
    try:
        data = json.loads((folder / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    from journal.post_checklist import valid_wait_hours

    region = data.get("region")
    return Settings(
        auto_lock_minutes=valid_minutes(data.get("auto_lock_minutes")),
        theme=_name(data),
        wait_hours=valid_wait_hours(data.get("wait_hours")),
        region=region if isinstance(region, str) and region.isalpha() else None,
    )


def save_settings(folder: Path, settings: Settings) -> None:
    """Write atomically (a temporary file, then rename); raises OSError."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / FILE_NAME
    partial = target.with_name(f".{FILE_NAME}.partial")
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
