"""The offline support list: every item dated, sourced and fresh; the facts; the file checks."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from journal.errors import AmendsError, UsageError
from journal.resources import (
    KINDS,
    RESOURCES_FILE,
    Resource,
    Resources,
    describe_item,
    load_resources,
)

#: An item whose check is older than this fails CI: re-check it and set "checked".
MAX_AGE = dt.timedelta(days=365)
#: The regions issue 14 asks for, each with at least a crisis line.
REGIONS = ("US", "CA", "UK", "IE", "AU", "NZ", "IN")


@pytest.fixture(scope="module")
def resources() -> Resources:
    return load_resources()


def named(resources: Resources, region: str, name: str) -> Resource:
    return next(i for i in resources.items if i.region == region and i.name == name)


def test_every_item_is_dated_sourced_and_recently_checked(resources: Resources) -> None:
    today = dt.date.today()
    stale = [
        f"{item.region} {item.name}: checked {item.checked}; re-check it against {item.source}"
        for item in resources.items
        if today - item.checked > MAX_AGE
    ]
    assert not stale, "Support list items to re-check:\n" + "\n".join(stale)
    for item in resources.items:
        assert item.source.startswith(("https://", "http://")), item.name
        assert item.checked <= today, item.name  # a check can't be in the future


def test_every_item_in_the_file_states_its_own_check_source_and_verified_state() -> None:
    import tomllib

    raw = tomllib.loads(RESOURCES_FILE.read_text(encoding="utf-8"))
    for item in raw["items"]:
        where = f"{item['region']} {item['name']}"
        assert item.get("verified") in (True, False, "official"), f"{where}: say verified ="
        assert item.get("source", "").startswith(("https://", "http://")), where
        assert isinstance(item.get("checked"), dt.date), where


def test_an_item_without_a_verified_state_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data" / "resources.toml"
    path.parent.mkdir()
    path.write_text(VALID.replace("verified = true\n", "", 1), encoding="utf-8")
    with pytest.raises(AmendsError) as caught:
        load_resources(path)
    assert '"verified" is missing' in caught.value.message


def test_an_unverified_item_says_what_was_confirmed(resources: Resources) -> None:
    for item in resources.items:
        if not item.verified:
            assert item.note, item.name


def test_the_regions_asked_for_are_covered_or_say_what_is_missing(resources: Resources) -> None:
    assert [r.code for r in resources.regions] == list(REGIONS)
    for code in REGIONS:
        region = resources.region(code)
        kinds = {item.kind for item in resources.in_region(code)}
        assert "crisis" in kinds, code
        for kind in KINDS:
            if kind not in kinds:  # a gap is named, with where to look instead
                assert region.gaps, (code, kind)


def test_each_region_has_each_kind_confirmed_or_says_plainly_what_is_missing(
    resources: Resources,
) -> None:
    # Issue 14: every region needs a line for people worried about their own behaviour,
    # one for survivors (men included), a crisis line and a way to find a specialist
    # therapist. A kind with no item confirmed (on the organisation's own page, or an
    # official body's) must have a "missing" line for it, shown as "Not listed: ...", so the
    # list can't silently lose one.
    unsaid = []
    for region in resources.regions:
        confirmed = {i.kind for i in resources.in_region(region.code) if i.confirmed}
        for kind in KINDS:
            if kind not in confirmed and kind not in region.missing:
                unsaid.append(f"{region.code}: no confirmed {kind!r} item and no missing.{kind}")
        for kind, text in region.missing.items():
            assert text in region.gaps, (region.code, kind)  # shown with the region
    assert not unsaid, "\n".join(unsaid)


def test_a_missing_line_names_what_is_missing_and_where_to_look_instead(
    resources: Resources,
) -> None:
    for region in resources.regions:
        for kind, text in region.missing.items():
            assert kind.rstrip("s") in text.lower(), (region.code, kind, "name the kind")
            assert re.search(r"\b(ask|call|look|find)\b", text.lower()), (region.code, kind)
    # Where the list has nothing confirmed, the emergency number is given instead; in
    # Canada, with the crisis line confirmed only by an official body, beside it.
    assert "crisis" not in resources.region("CA").missing
    assert "911" in named(resources, "CA", "9-8-8: Suicide Crisis Helpline").note
    assert "112" in resources.region("IN").missing["crisis"]
    assert "men" in resources.region("IN").missing["survivors"]


def test_a_region_missing_a_kind_that_is_not_a_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data" / "resources.toml"
    path.parent.mkdir()
    bad = VALID.replace(
        'name = "United States"\n',
        'name = "United States"\n\n[regions.US.missing]\ntherapists = "Ask your doctor."\n',
    )
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(AmendsError) as caught:
        load_resources(path)
    assert caught.value.message == (
        'data/resources.toml: region US: missing: unknown kind "therapists" '
        '(did you mean "therapist"?); kinds are: behaviour, survivors, crisis, therapist'
    )


def test_missing_lines_come_first_in_what_a_region_lacks(tmp_path: Path) -> None:
    path = tmp_path / "resources.toml"
    path.write_text(
        VALID.replace(
            'name = "United States"\n',
            'name = "United States"\ngaps = "Also this."\n\n[regions.US.missing]\n'
            'therapist = "No directory: ask your doctor."\n'
            'behaviour = "No line: ask 988."\n',
        ),
        encoding="utf-8",
    )
    region = load_resources(path).region("US")
    assert region.missing == {
        "behaviour": "No line: ask 988.",
        "therapist": "No directory: ask your doctor.",
    }
    assert list(region.missing) == ["behaviour", "therapist"]  # KINDS order, not the file's
    assert region.gaps == "No line: ask 988. No directory: ask your doctor. Also this."
    assert region.other == "Also this."  # shown last, under no kind


def test_sections_give_each_kind_its_items_and_its_missing_line(resources: Resources) -> None:
    canada = resources.sections("CA")
    assert [s.kind for s in canada] == list(KINDS)  # survivors: nothing listed, still shown
    survivors = canada[1]
    assert survivors.items == [] and "sexual assault centre" in survivors.missing
    uk = resources.sections("UK")
    assert all(s.items for s in uk)  # every kind has a service, and one says its limits:
    assert "Rape Crisis, covers England and Wales" in uk[1].missing


def test_the_support_screen_says_a_missing_kind_under_its_heading(resources: Resources) -> None:
    from screens.resources import describe

    text = describe(resources, ["IN"]).plain
    behaviour = text.index("If you are worried about your own behaviour")
    gap = text.index("Not listed: We could not confirm a national line in India")
    survivors = text.index("For survivors, including men who were harmed")
    assert behaviour < gap < survivors < text.index("iCALL (Tata Institute of Social Sciences)")


def test_the_facts_that_were_wrong_are_right(resources: Resources) -> None:
    uk = named(resources, "UK", "Stop It Now (Lucy Faithfull Foundation)")
    assert "0808 1000 900" in uk.contact and "free from the UK" in uk.contact
    ireland = named(resources, "IE", "Stop It Now Ireland (Lucy Faithfull Foundation)")
    assert "+44 1372 847 161" in ireland.contact
    assert "0808 1000 900" not in ireland.contact  # Ireland has its own number
    assert named(resources, "CA", "9-8-8: Suicide Crisis Helpline").contact == "Call or text 988"
    rainn = named(resources, "US", "RAINN National Sexual Assault Hotline")
    assert "800-656-4673" in rainn.contact and "men and boys too" in rainn.audience


def test_an_item_confirmed_only_by_an_official_body_says_so(resources: Resources) -> None:
    canada = named(resources, "CA", "9-8-8: Suicide Crisis Helpline")
    assert (canada.verified, canada.confirmed, canada.confirmation) == (
        False,
        True,
        "official source",
    )
    assert canada.confirmed_by == "the Mental Health Commission of Canada"
    assert canada.source.startswith("https://mentalhealthcommission.ca/")
    checked = describe_item(canada)[-1]
    assert checked.startswith(
        "Confirmed by the Mental Health Commission of Canada, not on the organisation's own site."
    )
    assert "Not fully confirmed" not in checked
    assert checked.endswith(f"Checked 2026-12-03 against {canada.source}.")
    assert canada.as_dict()["confirmed"] == "official source"
    assert canada.as_dict()["confirmed_by"] == "the Mental Health Commission of Canada"
    assert canada.as_dict()["verified"] is False  # not the organisation's own page
    respect = named(resources, "UK", "Respect Phoneline")  # its number, from an NHS page
    assert "0808 802 4040" in respect.contact and respect.confirmation == "official source"
    assert "NHS" in respect.confirmed_by and "respect.org.uk" in respect.note
    kids = named(resources, "CA", "Kids Help Phone")
    assert kids.as_dict()["confirmed"] == "own site" and kids.as_dict()["confirmed_by"] is None
    talking = named(resources, "CA", "Talking for Change (Centre for Addiction and Mental Health)")
    assert talking.confirmation == "not confirmed"
    assert describe_item(talking)[-1].startswith("Not fully confirmed: ")
    for item in resources.items:  # every official confirmation names who made it, and why
        if item.confirmation == "official source":
            assert item.confirmed_by and item.note, item.name


def test_canada_australia_and_ireland_gain_what_was_missing(resources: Resources) -> None:
    # Canada had nothing confirmed in any kind; Australia and Ireland had no therapist
    # directory. Each now has one, said plainly for what it is (a general directory).
    canada = {i.kind for i in resources.in_region("CA") if i.confirmed}
    assert canada == {"crisis"}
    for code in ("AU", "IE"):
        directories = [i for i in resources.in_region(code) if i.kind == "therapist" and i.verified]
        assert any("general directory" in i.audience for i in directories), code
        assert "general" in resources.region(code).missing["therapist"], code


def test_services_found_on_their_own_sites_are_confirmed_there(resources: Resources) -> None:
    move = named(resources, "IE", "MOVE Ireland (Men Overcoming Violent Emotion)")
    assert move.verified and move.source.startswith("https://moveireland.ie/")
    assert "reported" not in resources.region("IE").missing["behaviour"]  # not hearsay now
    acc = named(resources, "NZ", "ACC Sensitive Claims (Accident Compensation Corporation)")
    assert acc.verified and acc.kind == "survivors" and "men included" in acc.audience
    # Safe to talk's number is on the page of the ministry that funds it, not on its own site.
    safe = named(resources, "NZ", "Safe to talk")
    assert safe.confirmation == "official source" and "Social Development" in safe.confirmed_by
    assert "0800 044 334" in safe.contact and "safetotalk.nz" in safe.note
    need = named(resources, "NZ", "1737 Need to talk?")  # a ministry's page, said as such
    assert need.confirmation == "official source" and need.confirmed_by == "the Ministry of Health"
    hands = named(resources, "NZ", "In Your Hands")  # New Zealand's behaviour line
    assert hands.verified and hands.kind == "behaviour" and "0800 456 450" in hands.contact


def test_each_item_says_who_it_is_for(resources: Resources) -> None:
    for item in resources.items:
        assert len(item.audience) > 20, item.name


def test_it_says_where_to_look_elsewhere_and_the_limits_of_confidentiality(
    resources: Resources,
) -> None:
    assert "not therapy or legal advice" in resources.note
    assert "child" in resources.confidentiality and "confidential" in resources.confidentiality
    assert "Elsewhere" in resources.not_covered


def test_regions_are_found_in_any_case_and_listed_first_when_asked(resources: Resources) -> None:
    assert resources.region("nz").name == "New Zealand"
    assert resources.ordered("AU")[0].code == "AU"
    with pytest.raises(UsageError) as caught:
        resources.region("GB")
    assert "regions are: US, CA, UK, IE, AU, NZ, IN" in caught.value.message


def test_cached(resources: Resources) -> None:
    assert load_resources() is resources


def test_an_explicit_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "resources.toml"
    path.write_text(RESOURCES_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_resources(path) == load_resources()


VALID = """\
note = "Not therapy or legal advice."
confidentiality = "Confidential, with limits."
not_covered = "Elsewhere, look locally."

[regions.US]
name = "United States"

[[items]]
region = "US"
kind = "crisis"
name = "First"
for = "For testing."
contact = "Call 1"
source = "https://example.org/one"
checked = 2026-12-02
verified = true

[[items]]
region = "US"
kind = "survivors"
name = "Second"
for = "For testing too."
contact = "Call 2"
source = "https://example.org/two"
checked = 2026-12-02
verified = true
"""

F = "data/resources.toml"
I2 = 'item 2 ("Second")'

MALFORMED = [
    pytest.param(
        'contact = "Call 2"',
        'contact = "Call 2',
        f"{F}: invalid TOML at line 23, column 18: illegal character '\\n'",
        id="syntax",
    ),
    pytest.param('note = "Not therapy or legal advice."\n', "", f'{F}: missing "note"', id="note"),
    pytest.param('contact = "Call 2"\n', "", f'{F}: {I2}: missing "contact"', id="contact"),
    pytest.param(
        'checked = 2026-12-02\nverified = true\n"""',
        'verified = true\n"""',
        f'{F}: {I2}: "checked" must be a date, like 2026-12-02',
        id="undated",
    ),
    pytest.param(
        'checked = 2026-12-02\nverified = true\n"""',
        'checked = "December"\nverified = true\n"""',
        f'{F}: {I2}: "checked" must be a date, like 2026-12-02',
        id="date a string",
    ),
    pytest.param(
        'source = "https://example.org/two"',
        'source = "a friend"',
        f'{F}: {I2}: "source" must be the address (http:// or https://) of the page checked',
        id="source not a page",
    ),
    pytest.param(
        'kind = "survivors"',
        'kind = "survivor"',
        f'{F}: {I2}: unknown kind "survivor" (did you mean "survivors"?); '
        "kinds are: behaviour, survivors, crisis, therapist",
        id="kind",
    ),
    pytest.param(
        'region = "US"\nkind = "survivors"',
        'region = "UK"\nkind = "survivors"',
        f'{F}: {I2}: unknown region "UK"',
        id="region not listed",
    ),
    pytest.param(
        'checked = 2026-12-02\nverified = true\n"""',
        'checked = 2026-12-02\nverified = false\n"""',
        f'{F}: {I2}: an item with "verified = false" needs a "note" saying what was confirmed',
        id="unverified without a note",
    ),
    pytest.param(
        '[regions.US]\nname = "United States"\n',
        "",
        f"{F}: no regions; add at least one [regions.CODE] table",
        id="no regions",
    ),
    pytest.param(
        'name = "Second"',
        'name = "First"',
        f'{F}: item 2 ("First"): listed twice (also item 1)',
        id="listed twice",
    ),
    pytest.param(
        'checked = 2026-12-02\nverified = true\n"""',
        'checked = 2026-12-02\nverified = "official"\nnote = "Its page says so."\n"""',
        f'{F}: {I2}: an item with verified = "official" needs "confirmed_by": the official '
        "body whose page confirmed it",
        id="official without confirmed_by",
    ),
    pytest.param(
        'checked = 2026-12-02\nverified = true\n"""',
        'checked = 2026-12-02\nverified = "official"\nconfirmed_by = "the Ministry"\n"""',
        f'{F}: {I2}: an item with verified = "official" needs a "note" saying what its page says',
        id="official without a note",
    ),
    pytest.param(
        'checked = 2026-12-02\nverified = true\n"""',
        'checked = 2026-12-02\nverified = true\nconfirmed_by = "the Ministry"\n"""',
        f'{F}: {I2}: "confirmed_by" goes only with verified = "official"',
        id="confirmed_by on an own-site item",
    ),
    pytest.param(
        'checked = 2026-12-02\nverified = true\n"""',
        'checked = 2026-12-02\nverified = "yes"\n"""',
        f'{F}: {I2}: "verified" must be true, false or "official"',
        id="verified a stray string",
    ),
    pytest.param(
        'for = "For testing too."',
        'fro = "For testing too."',
        f'{F}: {I2}: unknown key "fro" (did you mean "for"?)',
        id="unknown key",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), MALFORMED)
def test_malformed_file_gives_one_clear_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    directory = tmp_path / "data"
    directory.mkdir()
    source = VALID + '"""'  # so that an edit at the very end has an anchor
    assert old in source
    path = directory / "resources.toml"
    path.write_text(source.replace(old, new, 1).removesuffix('"""'), encoding="utf-8")
    with pytest.raises(AmendsError) as caught:
        load_resources(path)
    assert caught.value.message == message


def test_an_official_confirmation_loads(tmp_path: Path) -> None:
    path = tmp_path / "resources.toml"
    official = 'verified = "official"\nconfirmed_by = "the Ministry"\nnote = "Its page."\n'
    path.write_text(VALID.replace("verified = true\n", official, 1), encoding="utf-8")
    first = load_resources(path).items[0]
    assert (first.verified, first.confirmed_by, first.note) == (False, "the Ministry", "Its page.")
    assert first.confirmed and first.confirmation == "official source"


def test_the_valid_sample_loads(tmp_path: Path) -> None:
    path = tmp_path / "resources.toml"
    path.write_text(VALID, encoding="utf-8")
    loaded = load_resources(path)
    assert [item.name for item in loaded.items] == ["First", "Second"]
    assert loaded.items[0].checked == dt.date(2026, 12, 2) and loaded.items[0].verified


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AmendsError) as caught:
        load_resources(tmp_path / "resources.toml")
    assert caught.value.message == (
        f"{tmp_path.name}/resources.toml: can't be read (No such file or directory)"
    )


def test_no_item_says_how_it_was_checked_twice(resources: Resources) -> None:
    """Found by a walk: two notes began 'Checked against…', so Support read 'Checked…
    Checked…'. The date and page say it once."""
    for item in resources.items:
        shown = " ".join(describe_item(item))
        assert shown.count("Checked") == 1, item.name
