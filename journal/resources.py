"""Support services amends lists, offline, from one dated data file.

``journal/data/resources.toml``::

    updated = "late 2026"       # when the list was last checked, shown with it
    note = "Not therapy or legal advice; check before relying on these."

    [[items]]
    name = "..."
    region = "US"
    contact = "Call ..."
    about = "Who it is for, in a sentence or two."

To update: check each service, edit the file, set ``updated``, run the tests.
The file is checked when it is loaded, like the prompt files: a mistake
raises ``AmendsError`` with one line naming the file and the field.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from journal.flows import TomlTable, label, read_toml

#: The packaged list.
RESOURCES_FILE = Path(__file__).parent / "data" / "resources.toml"

_TOP_KEYS = ("updated", "note", "items")
_ITEM_KEYS = ("name", "region", "contact", "about")


@dataclass(frozen=True)
class Resource:
    name: str
    region: str
    contact: str
    about: str


@dataclass(frozen=True)
class Resources:
    #: When the list was last checked, e.g. "late 2026": show it as "as published in ...".
    updated: str
    #: What these are not (therapy, legal advice); show it with the list.
    note: str
    items: tuple[Resource, ...]


def load_resources(path: Path | None = None) -> Resources:
    """The resources in ``path`` (default: the packaged list, read once and cached)."""
    if path is None:
        return _packaged_resources()
    return _load_file(path)


@functools.cache
def _packaged_resources() -> Resources:
    return _load_file(RESOURCES_FILE)


def _load_file(path: Path) -> Resources:
    top = TomlTable(read_toml(path, label(path)), label(path))
    top.only(_TOP_KEYS)
    updated = top.text("updated")
    note = top.text("note")
    items: list[Resource] = []
    for unnamed in top.tables("items", "item"):
        table = unnamed.named("name")
        table.only(_ITEM_KEYS)
        item = Resource(
            name=table.text("name"),
            region=table.text("region"),
            contact=table.text("contact"),
            about=table.text("about"),
        )
        for earlier, other in enumerate(items, start=1):
            if (other.name, other.region) == (item.name, item.region):
                table.fail(f"listed twice (also item {earlier})")
        items.append(item)
    return Resources(updated=updated, note=note, items=tuple(items))
