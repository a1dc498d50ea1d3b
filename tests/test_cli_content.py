"""``amends resources`` and ``amends flows``: what they print, and that scripts can read it."""

from __future__ import annotations

import json
from typing import Any

from journal.flows import load_flows
from journal.resources import load_resources

ITEM_KEYS = {
    "region", "kind", "name", "for", "contact", "source", "checked", "verified", "confirmed",
    "confirmed_by", "note",
}  # fmt: skip


def test_resources_json_lists_every_item_with_its_check(run_cli: Any) -> None:
    status, out, err = run_cli("resources", "--json")
    assert status == 0 and err == ""
    data = json.loads(out)
    assert len(data["items"]) == len(load_resources().items)
    for item in data["items"]:
        assert set(item) == ITEM_KEYS
        assert item["source"].startswith("http") and len(item["checked"]) == 10
    assert [r["code"] for r in data["regions"]] == ["US", "CA", "UK", "IE", "AU", "NZ", "IN"]
    assert "child" in data["confidentiality"] and "Elsewhere" in data["not_covered"]


def test_resources_for_one_region(run_cli: Any) -> None:
    status, out, _ = run_cli("resources", "--region", "au", "--json")
    assert status == 0
    data = json.loads(out)
    assert {item["region"] for item in data["items"]} == {"AU"}
    assert any("1300 766 491" in item["contact"] for item in data["items"])
    status, out, _ = run_cli("resources", "--region", "NZ")
    assert status == 0
    assert out.startswith("New Zealand (NZ)")
    assert "Confirmed by the Ministry of Social Development" in out  # Safe to talk, honestly
    assert "Not listed:" in out and "ANZATSA" in out
    assert "United States (US)" not in out  # named only among the regions covered


def test_resources_unknown_region_is_one_line(run_cli: Any) -> None:
    status, out, err = run_cli("resources", "--region", "fr")
    assert status != 0 and out == ""
    assert err == 'amends: no region "fr"; regions are: US, CA, UK, IE, AU, NZ, IN\n'


def test_resources_text_lists_every_region(run_cli: Any) -> None:
    status, out, _ = run_cli("resources")
    assert status == 0
    for region in load_resources().regions:
        assert f"{region.name} ({region.code})" in out
    assert "not therapy or legal advice" in out


def test_flows_json_has_every_flow_and_step(run_cli: Any) -> None:
    status, out, err = run_cli("flows", "--json")
    assert status == 0 and err == ""
    data = json.loads(out)
    flows = load_flows()
    assert [f["id"] for f in data] == list(flows)
    for shown in data:
        flow = flows[shown["id"]]
        assert shown["kind"] == flow.kind and shown["title"] == flow.title
        assert [set(s) for s in shown["steps"]] == [{"id", "question", "why", "source"}] * len(
            flow.steps
        )
        assert [s["source"] for s in shown["steps"]] == [s.source for s in flow.steps]


def test_flows_text(run_cli: Any) -> None:
    status, out, _ = run_cli("flows")
    assert status == 0
    assert "In the moment (moment)\n" in out  # the id once when it is the kind too
    assert "A friend told me what he did (friend_told, kind bystander)" in out
    assert "[Creative Interventions staircase]" in out


def test_resources_for_india_say_what_is_missing_and_what_is_unconfirmed(run_cli: Any) -> None:
    status, out, _ = run_cli("resources", "--region", "IN")
    assert status == 0
    assert "Tele-MANAS" in out and "14416" in out
    assert "Not fully confirmed:" in out  # only reports quote the ministry's numbers
    # No behaviour line, survivors' line or directory we could check: said, with where to look.
    assert "Not listed: We could not confirm a national line in India" in out
    assert "District Mental Health Programme" in out and "112" in out
    assert "child" in out  # the limits of confidentiality


def test_every_region_has_a_survivors_line_or_says_it_has_none(run_cli: Any) -> None:
    status, out, _ = run_cli("resources", "--json")
    assert status == 0
    data = json.loads(out)
    for region in data["regions"]:
        kinds = {i["kind"] for i in data["items"] if i["region"] == region["code"]}
        assert "survivors" in kinds or "survivors" in region["gaps"], region["code"]
    ireland = {i["name"] for i in data["items"] if i["region"] == "IE"}
    assert "HSE National Counselling Service (CaPA)" in ireland


def test_a_missing_kind_is_said_under_its_own_heading(run_cli: Any) -> None:
    status, out, _ = run_cli("resources", "--region", "CA")
    assert status == 0
    survivors = out.index("For survivors, including men who were harmed")
    crisis = out.index("In a crisis")
    gap = out.index("Not listed: We could not find a single national line in Canada for survivors")
    assert survivors < gap < crisis  # said where he looks for it, not after everything
    status, out, _ = run_cli("resources", "--region", "IN", "--json")
    region = json.loads(out)["regions"][0]
    assert set(region["missing"]) == {"behaviour", "survivors", "crisis", "therapist"}
    assert region["missing"]["survivors"] in region["gaps"]


def test_canada_in_json_says_how_far_each_item_was_confirmed(run_cli: Any) -> None:
    status, out, err = run_cli("resources", "--region", "CA", "--json")
    assert status == 0 and err == ""
    data = json.loads(out)
    items = {item["name"]: item for item in data["items"]}
    canada = items["9-8-8: Suicide Crisis Helpline"]
    assert canada["contact"] == "Call or text 988"
    assert (canada["verified"], canada["confirmed"], canada["confirmed_by"]) == (
        False,
        "official source",
        "the Mental Health Commission of Canada",
    )
    assert items["Kids Help Phone"]["confirmed"] == "own site"
    assert "686868" in items["Kids Help Phone"]["contact"]
    talking = items["Talking for Change (Centre for Addiction and Mental Health)"]
    assert (talking["confirmed"], talking["confirmed_by"]) == ("not confirmed", None)
    assert "crisis" not in data["regions"][0]["missing"]  # confirmed now, if not on 988.ca
    status, out, _ = run_cli("resources", "--region", "CA")
    assert (
        "Confirmed by the Mental Health Commission of Canada, not on the organisation's own site."
        in out
    )


def test_one_region_still_names_every_region_covered(run_cli: Any) -> None:
    # "amends lists services only for these regions" under the US alone read as if only
    # the US were covered (found by the walker).
    status, out, _ = run_cli("resources", "--region", "us")
    assert status == 0
    assert (
        "Covered: United States, Canada, United Kingdom, Ireland, Australia, New Zealand, "
        "India. amends lists services only for these regions." in out
    )
