"""Writing: every flow from the list to a saved entry, seen by the app and the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import RadioSet, TextArea
from tui_helpers import (
    PASSPHRASE,
    SIZE,
    cli_list,
    entry,
    make_app,
    make_vault,
    notices,
    save_with_title,
    screen_text,
    settle,
    start_flow,
    stored_entries,
    type_text,
    unlock,
)

from journal.flows import get_flow
from journal.models import Commitment, Preferences
from journal.vault import Vault
from screens.flow import NEEDS_ANSWER, NEEDS_CHOICE, NO_SUPPORT, FlowScreen
from screens.home import HomeScreen
from screens.widgets.entry_list import EntryList


@pytest.mark.parametrize("flow_id", ["conduct", "bystander", "influence", "commitment", "free"])
async def test_each_flow_saves_an_entry(tmp_path: Path, capsys: Any, flow_id: str) -> None:
    path = make_vault(tmp_path / "vault.db", [entry("An older entry", "before", minutes_ago=60)])
    flow = get_flow(flow_id)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await start_flow(pilot, flow_id)
        shown = " ".join(screen_text(app).split())  # a long question wraps
        assert " ".join(flow.steps[0].question.split()) in shown
        assert f"Step 1 of {len(flow.steps)}" in screen_text(app)
        await type_text(pilot, f"First answer for {flow_id}.")
        if len(flow.steps) > 1:
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert f"Step 2 of {len(flow.steps)}" in screen_text(app)
            await type_text(pilot, "Second answer.")
        await save_with_title(pilot, f"Saved {flow_id}", "work, #late")
        assert isinstance(app.screen, HomeScreen)
        assert "Saved, encrypted." in notices(app)  # the flow closing says nothing of it
        listed = app.screen.query_one(EntryList)
        assert listed.cursor == 0
        assert listed.selected is not None and listed.selected.title == f"Saved {flow_id}"
        assert f"Saved {flow_id}" in screen_text(app).split("An older entry")[0]
        assert "Unfinished" not in screen_text(app)
    rows = cli_list(path, tmp_path, capsys)
    assert [r["title"] for r in rows] == [f"Saved {flow_id}", "An older entry"]
    assert rows[0]["kind"] == flow.kind
    assert rows[0]["tags"] == ["work", "late"]
    saved = stored_entries(path)[0]
    answers = saved.answers
    assert (saved.kind, saved.flow) == (flow.kind, flow_id)
    assert answers[0].step_id == flow.steps[0].id
    assert answers[0].prompt == flow.steps[0].question
    assert answers[0].text == f"First answer for {flow_id}."
    assert len(answers) == min(2, len(flow.steps))


async def test_a_required_step_holds_until_answered(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await start_flow(pilot, "free")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert NEEDS_ANSWER in screen_text(app)
        assert "Step 1 of 1" in screen_text(app)
        await pilot.press("ctrl+s", "ctrl+s")  # review, then save: still refused
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        assert NEEDS_ANSWER in screen_text(app)


def checkin_vault(tmp_path: Path, region: str | None = None) -> tuple[Path, Commitment]:
    """A vault with one commitment to check in on, and his region if given."""
    path = make_vault(tmp_path / "vault.db")
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        commitment = vault.save_commitment(Commitment(stop="Interrupting", start="Listening"))
        if region is not None:
            vault.save_preferences(Preferences(region=region))
    return path, commitment


async def test_a_required_choice_asks_for_a_pick_not_for_words(tmp_path: Path) -> None:
    """Found by a walk: leaving the check-in's outcome unpicked said "A few rough words will
    do", which fits a text answer, not a choice."""
    path, commitment = checkin_vault(tmp_path)
    app = make_app(path, checkin=commitment.short_id)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot, home=False)
        choice_at = next(i for i, s in enumerate(get_flow("checkin").steps) if s.choices)
        for _ in range(choice_at + 1):  # up to the outcome, then on without picking
            await pilot.press("ctrl+n")
            await settle(pilot)
        shown = screen_text(app)
        assert NEEDS_CHOICE in shown and "rough words" not in shown
        await pilot.press("ctrl+s", "ctrl+s")  # review, then save: sent back to pick
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen) and NEEDS_CHOICE in screen_text(app)


@pytest.mark.parametrize(
    ("region", "shown"),
    [("UK", ["Respect Phoneline: ", "Samaritans: "]), (None, [NO_SUPPORT])],
)
async def test_a_slip_that_hurt_someone_asks_what_he_will_stop_with_support_beside_it(
    tmp_path: Path, region: str | None, shown: list[str]
) -> None:
    """Issue 14: "slipped", then "someone got hurt": the next question is what he will
    stop, before what got in the way, with the lines where he lives beside it."""
    path, commitment = checkin_vault(tmp_path, region)
    app = make_app(path, checkin=commitment.short_id)
    async with app.run_test(size=(100, 40)) as pilot:
        await unlock(pilot, home=False)
        await pilot.press("ctrl+n", "ctrl+n")  # to the outcome
        await settle(pilot)
        await pilot.press("down", "down", "enter", "ctrl+n")  # "slipped", on
        await settle(pilot)
        assert "Was it a lapse in your plan, or did someone get hurt?" in screen_text(app)
        await pilot.press("down", "enter", "ctrl+n")  # "someone got hurt", on
        await settle(pilot)
        text = " ".join(screen_text(app).split())  # lines may wrap
        assert "What will you stop now, so that it doesn't go on or happen again?" in text
        assert all(line in text for line in shown), text


async def test_back_and_skip_keep_what_was_written(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await start_flow(pilot, "conduct")
        await type_text(pilot, "What I did.")
        await pilot.press("ctrl+g")  # skip: the step is skippable; the text stays
        await settle(pilot)
        assert "Step 2 of" in screen_text(app)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert app.screen.query_one("#answer", TextArea).text == "What I did."


async def test_checkin_renders_choices(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db")
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        commitment = vault.save_commitment(Commitment(stop="Interrupting", start="Listening"))
    app = make_app(path, checkin=commitment.short_id)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot, home=False)
        assert isinstance(app.screen, FlowScreen)
        assert "Your commitment. Stop: Interrupting · Start: Listening" in screen_text(app)
        flow = get_flow("checkin")
        choice_at = next(i for i, s in enumerate(flow.steps) if s.choices)
        for _ in range(choice_at):
            await pilot.press("ctrl+n")
            await settle(pilot)
        radio = app.screen.query_one(RadioSet)
        assert app.focused is not None and radio in (app.focused, app.focused.parent)
        await pilot.press("enter")  # the first choice
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        saved = app.session.vault.full_entries()[0]
        assert saved.kind == "checkin" and saved.commitment_id == commitment.id
        step_id = flow.steps[choice_at].id
        assert [a.text for a in saved.answers if a.step_id == step_id] == [
            flow.steps[choice_at].choices[0]
        ]


async def test_in_the_moment_shows_his_own_plans_and_support_is_one_key_away(
    tmp_path: Path,
) -> None:
    from journal.models import Plan
    from screens.resources import ResourcesScreen

    path = make_vault(tmp_path / "vault.db")
    vault = Vault.open(path, insecure_kdf_for_tests=True)
    vault.unlock(PASSPHRASE)
    plan = Plan(situation="I've had three drinks", action="I go home")
    vault.save_commitment(Commitment(stop="Following people", start="Leaving", plans=[plan]))
    paused = Plan(situation="paused plan", action="hidden")
    vault.save_commitment(Commitment(stop="x", start="y", plans=[paused], status="paused"))
    vault.close()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await start_flow(pilot, "moment")
        footer = screen_text(app).splitlines()[-1]
        assert "f2 Support" in footer  # first, so a narrow footer keeps it
        await pilot.press("ctrl+n")
        await settle(pilot)
        shown = screen_text(app)
        assert "Your plans:" in shown
        assert "If I've had three drinks, then I go home" in shown
        assert "paused plan" not in shown  # only active commitments
        await pilot.press("f2")  # typing goes to the answer; F2 still opens Support
        await settle(pilot)
        assert isinstance(app.screen, ResourcesScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert "Your plans:" not in screen_text(app)  # shown with that step only


async def test_in_the_moment_without_plans_says_what_to_do_now(tmp_path: Path) -> None:
    from screens.flow import NO_PLANS

    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await start_flow(pilot, "moment")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert " ".join(NO_PLANS.split())[:60] in " ".join(screen_text(app).split())
