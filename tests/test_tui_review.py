"""The review panels in the app: the flow's answer review (ctrl+r) and the post's Review tab.

Issue 12: every result says it can miss things, names a language it did not read,
shows care findings with a way to Support; issue 15 item 7: no findings means one
message and no offer of a fix.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.widgets import SelectionList, TabbedContent
from tui_helpers import SIZE, make_app, make_vault, screen_text, settle, unlock

from journal.flows import get_flow
from journal.models import Answer, Entry
from screens.answer_review import AnswerReviewModal
from screens.post_draft import PostDraftScreen
from screens.resources import ResourcesScreen
from screens.widgets.findings import FindingsList


async def _answer_review(pilot: Any, text: str, **kwargs: Any) -> AnswerReviewModal:
    modal = AnswerReviewModal(text, **kwargs)
    pilot.app.push_screen(modal)
    await settle(pilot)
    return modal


def _one_line(app: Any) -> str:
    return " ".join(screen_text(app).split())


async def test_answer_review_with_nothing_found(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        modal = await _answer_review(pilot, "I did it, and I am sorry for what I did.")
        shown = _one_line(app)
        assert shown.count("The review found nothing to point out.") == 1
        assert "f applies" not in shown
        assert "The review can miss things" in shown
        assert modal.check_action("fix", ()) is False
        await pilot.press("f")  # nothing to apply: nothing happens
        await settle(pilot)
        assert app.screen is modal


async def test_answer_review_care_points_to_support(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        modal = await _answer_review(pilot, "I'm a terrible person. I want to disappear.")
        found = modal.query_one(FindingsList).findings
        assert [(f.check, f.category) for f in found] == [("care", "shame"), ("care", "self-harm")]
        shown = _one_line(app)
        assert "u opens Support" in shown
        assert "f applies" not in shown
        assert "Shifts responsibility" not in shown
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ResourcesScreen)


async def test_answer_review_names_a_language_it_did_not_read(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        modal = await _answer_review(pilot, "Ella no dijo que no, y yo lo sabía muy bien.")
        assert modal.query_one(FindingsList).findings == ()
        shown = _one_line(app)
        assert "The review does not read Spanish" in shown
        assert "Someone" not in shown


async def test_excuses_named_on_request_are_acknowledged(tmp_path: Path) -> None:
    step = next(s for s in get_flow("conduct").steps if s.id == "excuses")
    assert step.names_excuses
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        text = "That it was just a joke. That everyone did it."
        modal = await _answer_review(pilot, text, names_excuses=True)
        found = modal.query_one(FindingsList).findings
        assert found and all(f.acknowledged and not f.fixable for f in found)
        shown = _one_line(app)
        assert "Named as an excuse" in shown
        assert "f applies" not in shown
        await pilot.press("f")
        await pilot.press("escape")
        await settle(pilot)
    # Nothing was rewritten: "that I did it" is not put in his mouth.
    assert modal.text == text


async def test_post_review_tab_shows_limits_once(tmp_path: Path) -> None:
    entry = Entry(
        kind="conduct",
        title="t",
        created_at=datetime(2026, 1, 5, 12, tzinfo=UTC),
        updated_at=datetime(2026, 1, 5, 12, tzinfo=UTC),
        answers=[Answer(step_id="what", prompt="What happened?", text="I did it. I'm sorry.")],
    )
    app = make_app(make_vault(tmp_path / "vault.db", [entry]))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PostDraftScreen)
        screen.query_one("#answers", SelectionList).select(0)
        await settle(pilot)
        screen.query_one(TabbedContent).active = "review"
        await settle(pilot)
        shown = _one_line(app)
        assert shown.count("The review found nothing to point out.") == 1
        assert "can miss things" in shown
        assert screen.check_action("fix", ()) is False
