"""Support services amends lists, offline, by region, from one data file.

``journal/data/resources.toml``::

    note = "What these are not (therapy, legal advice)."
    confidentiality = "The limits of these services' confidentiality."
    not_covered = "Where to look in a region the list does not cover."

    [regions.UK]
    name = "United Kingdom"
    gaps = "Anything else the list lacks here, and where to look."    # optional

    [regions.UK.missing]          # optional: a kind (of KINDS) we could not confirm,
    therapist = "What is missing, and where to look instead."   # and where to look

    [[items]]
    region = "UK"                 # a code from [regions]
    kind = "crisis"               # one of KINDS
    name = "Samaritans"
    for = "Who it is for, in a sentence or two."
    contact = "Call 116 123"
    source = "https://..."        # the page the item was checked against
    checked = 2026-12-02          # when (a TOML date)
    verified = true               # required: see below
    note = "What we confirmed."   # required unless verified = true
    confirmed_by = "the ..."      # only with verified = "official"

``verified`` says how far the item was confirmed: ``true`` on the organisation's
own page; ``"official"`` not there, but on the page (``source``) of an official
public body, named in ``confirmed_by`` (a government department, a national health
service, the commission that runs or funds the service), never a news story or a
blog; ``false`` neither, and ``note`` says what we could confirm.
The app and ``amends resources`` say which ("Confirmed by ..., not on the
organisation's own site"; "Not fully confirmed: ...").

To update: check each item against the organisation's own page, edit it, set
``checked`` and ``source``, run the tests (they fail on an item whose check is
too old, and on a region with no confirmed item of a kind and no ``missing``
line for it). The file is checked when it is loaded, like the prompt files: a
mistake raises ``AmendsError`` with one line naming the file and the field.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from journal.errors import UsageError
from journal.flows import TomlTable, did_you_mean, label, read_toml

#: The packaged list.
RESOURCES_FILE = Path(__file__).parent / "data" / "resources.toml"

#: What each item is for, in the order a region shows them.
KINDS: dict[str, str] = {
    "behaviour": "If you are worried about your own behaviour",
    "survivors": "For survivors, including men who were harmed",
    "crisis": "In a crisis",
    "therapist": "Finding a specialist therapist",
}

_TOP_KEYS = ("note", "confidentiality", "not_covered", "regions", "items")
_REGION_KEYS = ("name", "gaps", "missing")
_ITEM_KEYS = (
    "region", "kind", "name", "for", "contact", "source", "checked", "verified", "note",
    "confirmed_by",
)  # fmt: skip
#: The one ``verified`` value that is not a boolean: confirmed by an official body.
OFFICIAL = "official"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    #: What the list lacks for this region and where to look instead ("" when nothing):
    #: the ``missing`` lines in ``KINDS`` order, then the region's other ``gaps``.
    gaps: str = ""
    #: Each kind we could not confirm a service of, with what is missing and where to
    #: look instead (a kind with only unverified items is named here too).
    missing: dict[str, str] = field(default_factory=dict)
    #: What else the list lacks here, not tied to one kind ("" when nothing).
    other: str = ""


@dataclass(frozen=True)
class Resource:
    region: str
    kind: str
    name: str
    #: Who it is for.
    audience: str
    contact: str
    #: The page it was checked against.
    source: str
    checked: dt.date
    #: True when it was confirmed on the organisation's own page.
    verified: bool = False
    note: str = ""
    #: The official body whose page confirmed it when the organisation's own page could
    #: not ("" otherwise): ``verified = "official"`` in the file.
    confirmed_by: str = ""

    @property
    def confirmed(self) -> bool:
        """Confirmed on the organisation's own page or by an official body."""
        return self.verified or bool(self.confirmed_by)

    @property
    def confirmation(self) -> str:
        """How it was confirmed: "own site", "official source" or "not confirmed"."""
        if self.verified:
            return "own site"
        return "official source" if self.confirmed_by else "not confirmed"

    def as_dict(self) -> dict[str, Any]:
        """The item as ``amends resources --json`` prints it."""
        return {
            "region": self.region,
            "kind": self.kind,
            "name": self.name,
            "for": self.audience,
            "contact": self.contact,
            "source": self.source,
            "checked": self.checked.isoformat(),
            "verified": self.verified,
            "confirmed": self.confirmation,
            "confirmed_by": self.confirmed_by or None,
            "note": self.note,
        }


class Section(NamedTuple):
    """One kind of service in a region: its items, and what is missing ("" if nothing)."""

    kind: str
    items: list[Resource]
    missing: str


@dataclass(frozen=True)
class Resources:
    #: What these are not (therapy, legal advice); show it with the list.
    note: str
    #: The limits of the services' confidentiality; show it with the list.
    confidentiality: str
    #: Where to look in a region the list does not cover.
    not_covered: str
    regions: tuple[Region, ...]
    items: tuple[Resource, ...]

    def region(self, code: str) -> Region:
        """The region with ``code`` (any case); UsageError naming the codes otherwise."""
        wanted = code.strip().upper()
        for region in self.regions:
            if region.code == wanted:
                return region
        codes = [r.code for r in self.regions]
        raise UsageError(
            f'no region "{code}"{did_you_mean(wanted, codes)}; regions are: {", ".join(codes)}'
        )

    def in_region(self, code: str) -> list[Resource]:
        """A region's items, grouped by kind in ``KINDS`` order."""
        items = [item for item in self.items if item.region == code]
        return sorted(items, key=lambda item: list(KINDS).index(item.kind))

    def sections(self, code: str) -> list[Section]:
        """A region's kinds in ``KINDS`` order, each with its items and its missing line;
        a kind with neither is left out, so every heading shown has something under it."""
        region = self.region(code)
        items = self.in_region(region.code)
        sections = []
        for kind in KINDS:
            mine = [item for item in items if item.kind == kind]
            missing = region.missing.get(kind, "")
            if mine or missing:
                sections.append(Section(kind, mine, missing))
        return sections

    def contacts(self, code: str | None, kinds: tuple[str, ...]) -> list[str]:
        """'Name: contact' for each item of ``kinds`` in the region ``code`` (any case),
        in that order; none for a region the list does not cover (or None)."""
        codes = {r.code for r in self.regions}
        wanted = (code or "").strip().upper()
        if wanted not in codes:
            return []
        items = [item for item in self.in_region(wanted) if item.kind in kinds]
        items.sort(key=lambda item: kinds.index(item.kind))
        return [f"{item.name}: {item.contact}" for item in items]

    def ordered(self, first: str | None = None) -> list[Region]:
        """The regions, ``first`` (a code) first when given."""
        return sorted(self.regions, key=lambda r: r.code != first)


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
    regions = _regions(top)
    codes = [region.code for region in regions]
    items: list[Resource] = []
    for unnamed in top.tables("items", "item"):
        table = unnamed.named("name")
        item = _item(table, codes)
        for earlier, other in enumerate(items, start=1):
            if (other.name, other.region) == (item.name, item.region):
                table.fail(f"listed twice (also item {earlier})")
        items.append(item)
    return Resources(
        note=top.text("note"),
        confidentiality=top.text("confidentiality"),
        not_covered=top.text("not_covered"),
        regions=regions,
        items=tuple(items),
    )


def _regions(top: TomlTable) -> tuple[Region, ...]:
    value = top.data.get("regions")
    if not isinstance(value, dict) or not value:
        top.fail("no regions; add at least one [regions.CODE] table")
    regions = []
    for code, data in value.items():
        where = f"{top.where}: region {code}"
        if not isinstance(data, dict):
            TomlTable({}, where).fail("must be a [regions.CODE] table")
        table = TomlTable(data, where)
        if code != code.upper() or not code.isalpha():
            table.fail("its code must be capital letters, like UK")
        table.only(_REGION_KEYS)
        missing = _missing(table)
        other = table.optional_text("gaps") or ""
        gaps = " ".join([*missing.values(), other]).strip()
        regions.append(Region(code, table.text("name"), gaps, missing, other))
    return tuple(regions)


def _missing(region: TomlTable) -> dict[str, str]:
    """A region's ``missing`` table: kind -> what is missing and where to look, in KINDS order."""
    value = region.data.get("missing", {})
    if not isinstance(value, dict):
        region.fail('"missing" must be a table of kinds, like [regions.UK.missing]')
    table = TomlTable(value, f"{region.where}: missing")
    for kind in value:
        if kind not in KINDS:
            known = ", ".join(KINDS)
            table.fail(f'unknown kind "{kind}"{did_you_mean(kind, KINDS)}; kinds are: {known}')
    return {kind: table.text(kind) for kind in KINDS if kind in value}


def _item(table: TomlTable, codes: list[str]) -> Resource:
    table.only(_ITEM_KEYS)
    region = table.text("region")
    if region not in codes:
        table.fail(f'unknown region "{region}"{did_you_mean(region, codes)}')
    kind = table.text("kind")
    if kind not in KINDS:
        known = ", ".join(KINDS)
        table.fail(f'unknown kind "{kind}"{did_you_mean(kind, KINDS)}; kinds are: {known}')
    source = table.text("source")
    if not source.startswith(("https://", "http://")):
        table.fail('"source" must be the address (http:// or https://) of the page checked')
    checked = table.data.get("checked")
    if isinstance(checked, dt.datetime) or not isinstance(checked, dt.date):
        table.fail('"checked" must be a date, like 2026-12-02')
    verified, confirmed_by = _confirmation(table)
    note = table.optional_text("note") or ""
    if confirmed_by and not note:
        table.fail('an item with verified = "official" needs a "note" saying what its page says')
    if not verified and not note:
        table.fail('an item with "verified = false" needs a "note" saying what was confirmed')
    return Resource(
        region=region,
        kind=kind,
        name=table.text("name"),
        audience=table.text("for"),
        contact=table.text("contact"),
        source=source,
        checked=checked,
        verified=verified,
        note=note,
        confirmed_by=confirmed_by,
    )


def _confirmation(table: TomlTable) -> tuple[bool, str]:
    """``verified`` and ``confirmed_by``: (own page?, the official body that confirmed it)."""
    if "verified" not in table.data:
        table.fail(
            '"verified" is missing: true once the item was confirmed on the organisation\'s '
            'own page, "official" when an official body\'s page confirmed it (name it in '
            '"confirmed_by"), false (with a note saying what was confirmed) otherwise'
        )
    value = table.data["verified"]
    if value == OFFICIAL:
        confirmed_by = table.optional_text("confirmed_by")
        if not confirmed_by:
            table.fail(
                'an item with verified = "official" needs "confirmed_by": the official body '
                "whose page confirmed it"
            )
        return False, confirmed_by
    if not isinstance(value, bool):
        table.fail('"verified" must be true, false or "official"')
    if "confirmed_by" in table.data:
        table.fail('"confirmed_by" goes only with verified = "official"')
    return value, ""


def describe_item(item: Resource) -> list[str]:
    """An item as plain lines: name; contact; who it is for; how it was checked."""
    checked = f"Checked {item.checked.isoformat()} against {item.source}"
    if item.confirmed_by:
        said = f"Confirmed by {item.confirmed_by}, not on the organisation's own site."
        checked = " ".join(filter(None, [said, item.note, checked]))
    elif not item.verified:
        checked = f"Not fully confirmed: {item.note} {checked}"
    elif item.note:
        checked = f"{item.note} {checked}"
    return [item.name, item.contact, item.audience, checked + "."]
