"""The offline resources list: its facts, and the checks on its file."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.errors import AmendsError
from journal.resources import RESOURCES_FILE, Resource, Resources, load_resources


@pytest.fixture(scope="module")
def resources() -> Resources:
    return load_resources()


def by_name(resources: Resources) -> dict[str, Resource]:
    return {item.name: item for item in resources.items}


def test_is_dated_and_says_what_it_is_not(resources: Resources) -> None:
    assert resources.updated == "late 2026"
    assert "no therapy or legal advice" in resources.note


def test_the_facts_as_published(resources: Resources) -> None:
    items = by_name(resources)
    assert list(items) == [
        "RAINN National Sexual Assault Hotline",
        "Stop It Now",
        "Stop It Now UK & Ireland",
        "988 Suicide & Crisis Lifeline",
        "A therapist who works with people who have caused harm",
    ]

    rainn = items["RAINN National Sexual Assault Hotline"]
    assert rainn.region == "US"
    assert "800-656-4673" in rainn.contact and "rainn.org" in rainn.contact

    stop_us = items["Stop It Now"]
    assert stop_us.region == "US"
    assert "1-888-773-8368" in stop_us.contact
    assert "child sexual abuse" in stop_us.about
    assert "their own or someone else's sexual behaviour" in stop_us.about

    stop_uk = items["Stop It Now UK & Ireland"]
    assert stop_uk.region == "UK & Ireland"
    assert "0808 1000 900" in stop_uk.contact
    assert "child sexual abuse" in stop_uk.about
    assert "may pass on information about a child at risk" in stop_uk.about

    lifeline = items["988 Suicide & Crisis Lifeline"]
    assert lifeline.region == "US"
    assert lifeline.contact == "Call or text 988"


def test_says_honestly_there_is_no_confirmed_helpline_for_harm_to_adults(
    resources: Resources,
) -> None:
    therapist = by_name(resources)["A therapist who works with people who have caused harm"]
    assert therapist.contact == "No national helpline could be confirmed"
    assert "behaviour toward adults" in therapist.about


def test_cached(resources: Resources) -> None:
    assert load_resources() is resources


def test_an_explicit_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "resources.toml"
    path.write_text(RESOURCES_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_resources(path) == load_resources()


VALID = """\
updated = "late 2026"
note = "Not therapy or legal advice."

[[items]]
name = "First"
region = "US"
contact = "Call 1"
about = "For testing."

[[items]]
name = "Second"
region = "US"
contact = "Call 2"
about = "For testing too."
"""

F = "data/resources.toml"
I2 = 'item 2 ("Second")'

MALFORMED = [
    pytest.param(
        'contact = "Call 2"',
        'contact = "Call 2',
        f"{F}: invalid TOML at line 13, column 18: illegal character '\\n'",
        id="syntax",
    ),
    pytest.param(
        'updated = "late 2026"\n',
        "",
        f'{F}: missing "updated"',
        id="missing updated",
    ),
    pytest.param(
        'note = "Not therapy or legal advice."',
        'note = ""',
        f'{F}: "note" is empty',
        id="empty note",
    ),
    pytest.param(
        'updated = "late 2026"',
        "updated = 2026-11-01",
        f'{F}: "updated" must be a string, not a date or time',
        id="updated a date",
    ),
    pytest.param(
        'contact = "Call 2"\n',
        "",
        f'{F}: {I2}: missing "contact"',
        id="missing contact",
    ),
    pytest.param(
        'about = "For testing too."',
        'about = ["x"]',
        f'{F}: {I2}: "about" must be a string, not a list',
        id="about a list",
    ),
    pytest.param(
        'region = "US"\ncontact = "Call 2"',
        'regoin = "US"\ncontact = "Call 2"',
        f'{F}: {I2}: unknown key "regoin" (did you mean "region"?)',
        id="unknown item key",
    ),
    pytest.param(
        'note = "Not',
        'notes = "Not',
        f'{F}: unknown key "notes" (did you mean "note"?)',
        id="unknown top key",
    ),
    pytest.param(
        VALID[VALID.index("[[items]]") :],
        "",
        f"{F}: no items; add at least one [[items]] table",
        id="no items",
    ),
    pytest.param(
        'name = "Second"',
        'name = "First"',
        f'{F}: item 2 ("First"): listed twice (also item 1)',
        id="listed twice",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), MALFORMED)
def test_malformed_file_gives_one_clear_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    directory = tmp_path / "data"
    directory.mkdir()
    assert old in VALID
    path = directory / "resources.toml"
    path.write_text(VALID.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(AmendsError) as caught:
        load_resources(path)
    assert caught.value.message == message


def test_the_valid_sample_loads(tmp_path: Path) -> None:
    path = tmp_path / "resources.toml"
    path.write_text(VALID, encoding="utf-8")
    loaded = load_resources(path)
    assert loaded.updated == "late 2026"
    assert [item.name for item in loaded.items] == ["First", "Second"]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AmendsError) as caught:
        load_resources(tmp_path / "resources.toml")
    assert caught.value.message == (
        f"{tmp_path.name}/resources.toml: can't be read (No such file or directory)"
    )
