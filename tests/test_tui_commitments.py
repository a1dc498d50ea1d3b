"""Commitments in the app: made from a flow, due at unlock, checked in on, linked, pictured.

The clock is frozen with time_machine (tick=False): it freezes the wall clock
(dates) only; Textual's timers run on time.monotonic, which keeps going.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import OptionList, Static, TextArea
from tui_helpers import (
    PASSPHRASE,
    SIZE,
    FakeClock,
    assert_locked,
    make_app,
    make_vault,
    notices,
    save_with_title,
    screen_text,
    settle,
    start_flow,
    type_text,
    unlock,
)

from journal.commitments import OUTCOMES, CheckinPoint
from journal.flows import format_plans, get_flow
from journal.models import Answer, Commitment, Entry, Plan
from journal.vault import Vault
from screens.checkin_view import CheckinViewScreen
from screens.commitment_dialogs import CloseCommitmentModal, OfferCommitmentModal
from screens.commitments import EMPTY, CommitmentsScreen, checkin_row
from screens.entry_view import EntryViewScreen
from screens.flow import FlowScreen
from screens.home import HomeScreen
from screens.widgets import timeline as tl

START = "Asking before I touch anyone, even for a hug"


def local(y: int, m: int, d: int, hour: int = 12) -> datetime:
    return datetime(y, m, d, hour).astimezone()


@pytest.fixture
def frozen() -> Iterator[Any]:
    """The clock at 2026-01-31 09:00 local time; move it with ``frozen.move_to``."""
    with time_machine.travel(local(2026, 1, 31, 9), tick=False) as traveller:
        yield traveller


def stored(path: Path) -> tuple[list[Entry], list[Commitment]]:
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        return vault.full_entries(), list(vault.commitments())


def source_and_commitment() -> tuple[Entry, Commitment]:
    source = Entry(
        kind="conduct",
        title="The leaving do",
        answers=[Answer(step_id="what_happened", prompt="What happened?", text="I kept on.")],
        created_at=local(2026, 1, 20),
        updated_at=local(2026, 1, 20),
    )
    commitment = Commitment(
        stop="Commenting on women's bodies",
        start=START,
        plans=[Plan(situation="a mate makes a rape joke", action="I say it isn't funny")],
        created_at=local(2026, 1, 31),
        checkin_dates=[date(2026, 2, 7), date(2026, 3, 2), date(2026, 5, 2)],
        source_entry_id=source.id,
    )
    return source, commitment


def notes(app: Any) -> str:
    """The notes under the answers on the review step."""
    return "\n".join(str(w.render()) for w in app.screen.query(".review-note"))


async def next_step(pilot: Pilot[Any], text: str = "") -> None:
    if text:
        await type_text(pilot, text)
    await pilot.press("ctrl+n" if text else "ctrl+g")
    await settle(pilot)


# --- Making a commitment ----------------------------------------------------------------


async def test_commitment_flow_makes_a_commitment_with_its_dates(
    tmp_path: Path, frozen: Any
) -> None:
    path = make_vault(tmp_path / "vault.db")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await start_flow(pilot, "commitment")
        await next_step(pilot, "Commenting on women's bodies")
        await next_step(pilot, START)
        await next_step(pilot)  # high_risk: skipped
        await next_step(pilot, "If a mate makes a rape joke, then I say it isn't funny\nBe better")
        await next_step(pilot, "My brother")
        await pilot.press("ctrl+s")  # check-ins left blank: 1 week, 1 month, 3 months
        await settle(pilot)
        shown = notes(app)
        assert "Line 2 isn't read as a plan" in shown
        assert "Check-ins on 2026-02-07, 2026-02-28 and 2026-04-30." in shown
        await type_text(pilot, "Hands to myself")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    entries, commitments = stored(path)
    [saved], [made] = entries, commitments
    assert made.checkin_dates == [date(2026, 2, 7), date(2026, 2, 28), date(2026, 4, 30)]
    assert made.source_entry_id == saved.id and saved.commitment_id == made.id
    assert [(p.situation, p.action) for p in made.plans] == [
        ("a mate makes a rape joke", "I say it isn't funny")
    ]
    assert made.start == START and made.supporter == "My brother"
    assert [a.never_export for a in saved.answers if a.step_id == "supporter"] == [True]


async def test_unreadable_check_in_times_hold_the_save_with_a_reason(
    tmp_path: Path, frozen: Any
) -> None:
    path = make_vault(tmp_path / "vault.db")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await start_flow(pilot, "commitment")
        await next_step(pilot, "Interrupting")
        for _ in range(4):
            await next_step(pilot)
        await type_text(pilot, "whenever")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Check-in times: couldn't read it" in notes(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        # Whole at 80 columns, on two rows (found by a walk: cut after "1 month,").
        shown = " ".join(screen_text(app).split())
        assert (
            "Not saved: Check-in times: couldn't read it; "
            'write them like "1 week, 1 month, 3 months".'
        ) in shown
    assert stored(path) == ([], [])


async def test_an_autosave_does_not_hide_why_the_entry_was_not_saved(
    tmp_path: Path, frozen: Any
) -> None:
    """Found by a walk: "Not saved: Check-in times…" was replaced by "Draft saved,
    encrypted" when the autosave of the typing came in after it."""
    clock = FakeClock()
    app = make_app(make_vault(tmp_path / "vault.db"), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await start_flow(pilot, "commitment")
        await next_step(pilot, "Interrupting")
        for _ in range(4):
            await next_step(pilot)
        await type_text(pilot, "today, whenever")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Not saved: Check-in times" in screen_text(app)
        clock.advance(FlowScreen.AUTOSAVE_SECONDS)
        screen = app.screen
        assert isinstance(screen, FlowScreen)
        screen.autosave()  # what its timer does
        await settle(pilot)
        assert app.session.vault.drafts()  # the draft was written
        assert "Not saved: Check-in times" in screen_text(app)
        assert "Draft saved" not in screen_text(app)


async def test_an_entry_s_last_answer_can_become_a_linked_commitment(
    tmp_path: Path, frozen: Any
) -> None:
    path = make_vault(tmp_path / "vault.db")
    app = make_app(path)
    steps = len(get_flow("influence").steps)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await start_flow(pilot, "influence")
        await next_step(pilot, "My father, mostly.")
        for _ in range(steps - 2):
            await next_step(pilot)
        await type_text(pilot, "Crying in front of my son, and telling him it's fine.")
        await save_with_title(pilot, "Dad's rules")
        assert isinstance(app.screen, OfferCommitmentModal)
        await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        assert app.screen.state.flow.id == "commitment"
        await next_step(pilot, "Saying 'man up'")
        await save_with_title(pilot, "No more 'man up'")
        assert isinstance(app.screen, HomeScreen)
    entries, [made] = stored(path)
    origin = next(e for e in entries if e.kind == "influence")
    own = next(e for e in entries if e.kind == "commitment")
    assert made.source_entry_id == origin.id
    assert own.commitment_id == made.id


async def test_not_now_leaves_the_entry_alone(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await start_flow(pilot, "influence")
        for _ in range(len(get_flow("influence").steps) - 1):
            await next_step(pilot)
        await type_text(pilot, "Something to unlearn.")
        await save_with_title(pilot, "Unlearning")
        assert isinstance(app.screen, OfferCommitmentModal)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert len(stored(path)[0]) == 1 and stored(path)[1] == []


# --- Check-ins --------------------------------------------------------------------------


async def test_due_at_unlock_then_c_records_the_check_in(tmp_path: Path, frozen: Any) -> None:
    source, commitment = source_and_commitment()
    path = make_vault(tmp_path / "vault.db", [source, commitment])
    frozen.move_to(local(2026, 2, 9, 9))
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        notice = str(app.screen.query_one("#notice", Static).render())
        assert notice == f"A check-in on “{START}” is due. Press c to start it."
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        flow = get_flow("checkin")
        assert flow.intro[:40] in screen_text(app)
        await next_step(pilot, "Yes: the leaving do on Friday.")
        await next_step(pilot, "I laughed, then said it wasn't funny.")
        await pilot.press("down", "enter")  # "partly"
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await next_step(pilot)  # in_the_way: skipped
        assert app.screen.query_one("#answer", TextArea).text == format_plans(commitment.plans)
        await next_step(pilot)
        await type_text(pilot, "2 weeks")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "is due" not in screen_text(app)
    entries, [after] = stored(path)
    checkin = next(e for e in entries if e.kind == "checkin")
    assert checkin.commitment_id == commitment.id
    assert checkin.due_on == date(2026, 2, 7)
    assert checkin.outcome == "partly"
    assert after.checkin_dates == [date(2026, 2, 23), date(2026, 3, 2), date(2026, 5, 2)]
    assert after.plans == commitment.plans


async def test_when_next_moves_the_next_check_in_and_says_so(tmp_path: Path, frozen: Any) -> None:
    """A check-in a day early (c on Commitments) answering "1 month": the review, a toast
    once saved and the commitment all say the next check-in is a calendar month on
    (found by a walk: the answer showed no effect, "next check-in 2026-12-08" stayed)."""
    source, commitment = source_and_commitment()
    commitment.checkin_dates = [date(2026, 12, 8), date(2027, 1, 1), date(2027, 3, 1)]
    path = make_vault(tmp_path / "vault.db", [source, commitment])
    frozen.move_to(local(2026, 12, 7, 9))
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert "next check-in 2026-12-08" in screen_text(app)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        await next_step(pilot, "Yes: the leaving do on Friday.")
        await next_step(pilot, "I said it wasn't funny.")
        await pilot.press("enter")  # "kept"
        await settle(pilot)
        assert "Step 3 of 5" in screen_text(app)  # only the steps asked are counted
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert "Step 4 of 5" in screen_text(app)
        await next_step(pilot)  # the plans, as they were
        await type_text(pilot, "1 month")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Next check-in: 2027-01-07." in notes(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        assert "Check-in saved. Next check-in: 2027-01-07." in notices(app)
        shown = screen_text(app)
        assert "next check-in 2027-01-07 · then 2027-03-01" in shown
        assert "2026-12-08" not in shown
    _, [after] = stored(path)
    assert after.checkin_dates == [date(2027, 1, 7), date(2027, 3, 1)]


@pytest.mark.parametrize(("presses", "asked"), [((), False), (("down",), True)])
async def test_what_got_in_the_way_is_not_asked_after_kept(
    tmp_path: Path, frozen: Any, presses: tuple[str, ...], asked: bool
) -> None:
    """After "kept" the next question is the plans; after "partly", what got in the way
    (and back from the plans returns to the question that was asked)."""
    source, commitment = source_and_commitment()
    path = make_vault(tmp_path / "vault.db", [source, commitment])
    frozen.move_to(local(2026, 2, 9, 9))
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("c")
        await settle(pilot)
        await next_step(pilot, "Yes: the leaving do on Friday.")
        await next_step(pilot, "I said it wasn't funny.")
        await pilot.press(*presses, "enter")  # "kept", or "partly"
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert ("What got in the way?" in screen_text(app)) is asked
        if asked:
            await next_step(pilot)
        assert "change your if-then plans" in screen_text(app)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert ("What got in the way?" in screen_text(app)) is asked
        assert ("How did it go?" in screen_text(app)) is not asked


async def test_the_review_after_kept_lists_only_the_questions_asked(
    tmp_path: Path, frozen: Any
) -> None:
    """After "kept" the review lists no "What got in the way?" or lapse question among
    those asked (not even as "(skipped)"), and what was written for "partly" before
    changing it is not saved: the review shows it apart and says so, with the choice it
    went with (issue 15: it was left out silently)."""
    source, commitment = source_and_commitment()
    path = make_vault(tmp_path / "vault.db", [source, commitment])
    frozen.move_to(local(2026, 2, 9, 9))
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("c")
        await settle(pilot)
        await next_step(pilot, "Yes: the leaving do on Friday.")
        await next_step(pilot, "I said it wasn't funny.")
        await pilot.press("down", "enter")  # "partly"
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert "What got in the way?" in screen_text(app)
        await type_text(pilot, "The speeches started.")
        await pilot.press("ctrl+b")
        await settle(pilot)
        await pilot.click("RadioButton")  # the first: "kept" after all
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        review = screen_text(app)
        assert "How did it go?" in review and "What did you do?" in review
        assert "lapse" not in review
        # Said first, where it shows without scrolling: the list runs past the foot.
        said = " ".join(line.strip(" ▎") for line in review.splitlines())
        assert "What you wrote for “What got in the way?" in said
        assert "is not saved with this entry; the end of this review says why." in said
        answers = app.screen.query_one("#review-answers", VerticalScroll)
        answers.scroll_end(animate=False)
        await settle(pilot)
        shown = [line.strip(" ▎") for line in screen_text(app).splitlines()]
        apart = shown.index("Not saved with this entry")
        assert shown[apart + 1].startswith("What got in the way?")
        assert "The speeches started." in shown[apart + 2 :]
        note = " ".join(shown[apart + 3 :])
        assert "Asked after “partly” or “slipped” to “How did it go?”; your answer" in note
        assert "is now “kept”. To keep this, go back (Ctrl+B)" in note
        parts = list(answers.children)
        before = parts[: parts.index(answers.query_one("#not-saved"))]
        asked = [str(part.render()) for part in before if part.has_class("review-question")]
        assert asked and not [q for q in asked if q.startswith("What got in the way?")]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    entries, _ = stored(path)
    checkin = next(e for e in entries if e.kind == "checkin")
    assert checkin.outcome == "kept"
    assert [a.step_id for a in checkin.answers] == ["came_up", "what_i_did", "outcome", "plans"]


async def test_the_chosen_outcome_reads_without_colour_and_keeps_the_cursor(
    tmp_path: Path, frozen: Any
) -> None:
    """In a plain capture the chosen outcome is "(•)", the others "( )", and "›" marks the
    cursor while the choices have focus; back on the question, the cursor is on the choice."""
    source, commitment = source_and_commitment()
    path = make_vault(tmp_path / "vault.db", [source, commitment])
    frozen.move_to(local(2026, 2, 9, 9))
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("c")
        await settle(pilot)
        await next_step(pilot, "Yes: the leaving do on Friday.")
        await next_step(pilot, "I said it wasn't funny.")
        shown = screen_text(app)
        assert "› ( ) kept" in shown and "  ( ) partly" in shown and "(•)" not in shown
        await pilot.press("down", "down", "enter")  # "slipped"
        await settle(pilot)
        shown = screen_text(app)
        assert "› (•) slipped" in shown and shown.count("(•)") == 1
        assert all(f"  ( ) {other}" in shown for other in ("kept", "partly", "did not come up"))
        app.screen.query_one("#next").focus()  # the choices without focus: no cursor
        await pilot.pause()
        assert "›" not in screen_text(app) and "(•) slipped" in screen_text(app)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert "› (•) slipped" in screen_text(app)
        await pilot.press("up", "enter")  # from the chosen one: "partly"
        await settle(pilot)
        assert "› (•) partly" in screen_text(app)
        assert app.screen.state.answers["outcome"] == "partly"


async def test_nothing_due_means_no_notice_and_no_key(tmp_path: Path, frozen: Any) -> None:
    path = make_vault(tmp_path / "vault.db", source_and_commitment())
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        assert "is due" not in screen_text(app)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_run_with_checkin_opens_it_with_plans_ready(tmp_path: Path, frozen: Any) -> None:
    source, commitment = source_and_commitment()
    path = make_vault(tmp_path / "vault.db", [source, commitment])
    app = make_app(path, checkin=commitment.short_id)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot, home=False)
        assert isinstance(app.screen, FlowScreen)
        state = app.screen.state
        assert state.commitment_id == commitment.id
        assert state.answers["plans"] == format_plans(commitment.plans)


async def test_the_nothing_due_hint_goes_with_the_screen_and_a_warning_stays(
    tmp_path: Path, frozen: Any
) -> None:
    """Found by a walk: "No check-in is due…" (c at home) stayed over Commitments after m.
    A hint about the screen goes when the screen changes; a warning he still needs stays
    (the frozen clock keeps every toast's own time from running out)."""
    path = make_vault(tmp_path / "vault.db", source_and_commitment())
    app = make_app(path, checkin="feedface")
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert "No check-in is due" in notices(app)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        assert "No check-in is due" not in notices(app) + screen_text(app)
        assert "feedface" in notices(app)


async def test_run_with_an_unknown_id_says_so_once_then_home(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db", source_and_commitment())
    app = make_app(path, checkin="feedface")
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        messages = [n.message for n in app._notifications]
        assert len(messages) == 1 and "feedface" in messages[0]


# --- The commitments screen -------------------------------------------------------------


async def test_from_a_check_in_the_source_entry_is_one_key_away(
    tmp_path: Path, frozen: Any
) -> None:
    source, commitment = source_and_commitment()
    checkin = Entry(
        kind="checkin",
        flow="checkin",
        commitment_id=commitment.id,
        due_on=date(2026, 2, 7),
        outcome="kept",
        answers=[Answer(step_id="what_i_did", prompt="What did you do?", text="Asked first.")],
        created_at=local(2026, 2, 8),
        updated_at=local(2026, 2, 8),
    )
    path = make_vault(tmp_path / "vault.db", [source, commitment, checkin])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        shown = screen_text(app)
        assert "Where it began: The leaving do" in shown
        assert "● kept" in shown and "1 of 1 check-in on time" in shown
        app.screen.query_one("#checkins", OptionList).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CheckinViewScreen)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, EntryViewScreen)
        assert "The leaving do" in screen_text(app)
        await pilot.press("escape", "escape")
        await settle(pilot)
        await pilot.press("o")  # from the commitment itself, too
        await settle(pilot)
        assert isinstance(app.screen, EntryViewScreen)
        assert app.screen.entry.id == source.id
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")  # the check-in is the newest entry
        await settle(pilot)
        assert isinstance(app.screen, CheckinViewScreen)


async def test_commitments_are_in_the_palette(tmp_path: Path) -> None:
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        commands["Commitments"].callback()
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        assert "No commitments yet. Press n to make one" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_pause_resume_and_close_with_a_note(tmp_path: Path, frozen: Any) -> None:
    path = make_vault(tmp_path / "vault.db", source_and_commitment())
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert app.session.vault.commitments()[0].status == "paused"
        assert "Paused: no check-ins come due" in screen_text(app)
        await pilot.press("p")
        await settle(pilot)
        assert app.session.vault.commitments()[0].status == "active"
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, CloseCommitmentModal)
        app.screen.query_one("#closing-note").focus()  # "Keep it open" has focus first
        await pilot.pause()
        await type_text(pilot, "It's part of how I live now.")
        await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        assert "Closing note: It's part of how I live now." in screen_text(app)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert_locked(app, START, "part of how I live")
    _, [closed] = stored(path)
    assert (closed.status, closed.closing_note) == ("closed", "It's part of how I live now.")


async def test_wrapped_plan_lines_stay_indented_at_80_columns(tmp_path: Path) -> None:
    source, commitment = source_and_commitment()
    long = "I say it isn't funny, and that I don't want to hear that kind of thing again"
    commitment.plans = [Plan(situation="a mate at the bar makes a rape joke", action=long)]
    app = make_app(make_vault(tmp_path / "vault.db", [source, commitment]))
    async with app.run_test(size=(80, 40)) as pilot:
        await unlock(pilot)
        await pilot.press("m")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        first = next(i for i, line in enumerate(lines) if "• If a mate at the bar" in line)
        bullet_at = lines[first].index("•")
        follow = lines[first + 1]
        assert follow.strip(), "the plan should wrap at 80 columns"
        indent = len(follow) - len(follow.lstrip())
        assert indent > bullet_at  # under the text, not under the bullet or the margin


def hangs_under_text(shown: str, starts: str, lead: str) -> None:
    """The line starting with ``starts`` wraps, and its next line begins under the text
    after ``lead`` (a bullet or a label), not under the lead or the margin."""
    lines = shown.splitlines()
    first = next(i for i, line in enumerate(lines) if starts in line)
    text_at = lines[first].index(lead) + len(lead) + 1
    follow = lines[first + 1]
    assert follow.strip(), f"{starts!r} should wrap at 80 columns"
    assert len(follow) - len(follow.lstrip()) == text_at, (lines[first], follow)


async def test_wrapped_hardest_moments_hang_under_their_text_at_80_columns(
    tmp_path: Path,
) -> None:
    source, commitment = source_and_commitment()
    commitment.high_risk = (
        "Late at the leaving do, after the speeches, when the others have moved on to a "
        "club and I have had more than I planned"
    )
    app = make_app(make_vault(tmp_path / "vault.db", [source, commitment]))
    async with app.run_test(size=(80, 40)) as pilot:
        await unlock(pilot)
        await pilot.press("m")
        await settle(pilot)
        hangs_under_text(screen_text(app), "When it's hardest: Late", "When it's hardest:")


async def test_in_the_moment_wrapped_plans_hang_under_their_text_at_80_columns(
    tmp_path: Path,
) -> None:
    source, commitment = source_and_commitment()
    long = "I say it isn't funny, and that I don't want to hear that kind of thing again"
    commitment.plans = [Plan(situation="a mate at the bar makes a rape joke", action=long)]
    app = make_app(make_vault(tmp_path / "vault.db", [source, commitment]))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await start_flow(pilot, "moment")
        await pilot.press("ctrl+n")
        await settle(pilot)
        shown = screen_text(app)
        assert "Your plans:" in shown
        hangs_under_text(shown, "• If a mate at the bar", "•")


# --- The picture --------------------------------------------------------------------------


def test_every_outcome_has_its_own_glyph() -> None:
    glyphs = [glyph for glyph, _ in tl.OUTCOME_GLYPHS.values()]
    assert len(set(glyphs)) == 4 and tl.PENDING[0] not in glyphs
    assert tl.month_labels(date(2026, 1, 1), date(2026, 3, 31), 30).split() == [
        "Jan",
        "Feb",
        "Mar",
    ]
    assert tl.years(date(2025, 11, 1), date(2026, 6, 30)) == "2025"


def test_the_axis_names_the_year_under_each_january() -> None:
    """Not '2026–2027 Dec … Jan', and no month dropped beside 'Jan 2027': the months on one
    line, each later year under its January on the next."""
    axis = tl.month_labels(date(2026, 10, 1), date(2027, 3, 31), 53)  # 80 columns
    assert axis.split() == ["Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
    under = tl.year_labels(date(2026, 10, 1), date(2027, 3, 31), 53)
    assert under.split() == ["2027"] and under.index("2027") == axis.index("Jan")
    assert tl.year_labels(date(2026, 3, 1), date(2026, 8, 31), 53) == ""


def _names(line: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in re.finditer(r"\S+", line)]


@settings(max_examples=400, deadline=None)
@given(
    start=st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)),
    months=st.integers(min_value=1, max_value=60),
    width=st.integers(min_value=8, max_value=120),
)
def test_the_axis_names_every_month_it_has_room_for(start: date, months: int, width: int) -> None:
    """Over spans and widths: every month is named where the line has two cells a month
    for it (its name, or its initial); past that a plain rule names every 3rd, 6th or 12th
    month from January. Names stand at their month's first cell and never touch, and
    every January after the first month has its year under it."""
    first = start.replace(day=1)
    last = tl.months_in(first, first + timedelta(days=31 * months - 15))[-1]
    last = tl._month_after(last) - timedelta(days=1)
    spanned = tl.months_in(first, last)
    shown = _names(tl.month_labels(first, last, width))
    cells = [tl.column(m, first, last, width) for m in spanned]
    named: list[date] = []
    for cell, name in shown:
        here = [m for m, at in zip(spanned, cells, strict=True) if at == cell]
        month = next(m for m in here if f"{m:%b}".startswith(name))  # at its month's cell
        named.append(month)
    for (cell, name), (after, _) in pairwise(shown):
        assert after > cell + len(name)  # never touching
    if all(b - a >= 2 for a, b in pairwise(cells)) and cells[-1] < width - 1:
        assert named == spanned  # room for every initial: every month named
    elif len(named) > 1 and width >= 20:
        step = min(b.month - a.month + 12 * (b.year - a.year) for a, b in pairwise(named))
        assert step in (3, 6, 12)
        assert named == [m for m in spanned if (m.month - 1) % step == 0]
    years = _names(tl.year_labels(first, last, width))
    januaries = [(m, at) for m, at in zip(spanned, cells, strict=True) if m.month == 1][
        1 if first.month == 1 else 0 :
    ]
    for (cell, year), (after, _) in pairwise(years):
        assert after > cell + len(year)
    under = [(m.year, min(at, width - 4)) for m, at in januaries]
    assert all((int(year), cell) in under for cell, year in years)
    if all(b[1] - a[1] >= 5 for a, b in pairwise(under)):  # room for each: each shown
        assert [int(y) for _, y in years] == [m.year for m, _ in januaries]


def test_a_paused_commitment_shows_no_dates_to_come() -> None:
    """Paused, no check-in comes due until it is resumed: none is drawn as to come."""
    track = tl.Track(
        commitment_id="c",
        label="Asking first",
        status="active",
        began=date(2026, 1, 3),
        points=(),
        pending=(date(2026, 2, 14), date(2026, 4, 3)),
    )
    first, last = date(2026, 1, 1), date(2026, 4, 30)
    marks = {tl.PENDING, tl.DUE}
    drawn = tl.track_cells(track, first, last, 40, date(2026, 3, 14))
    assert len([cell for cell in drawn if cell in marks]) == 2
    paused = tl.Track(**{**track.__dict__, "status": "paused"})
    drawn = tl.track_cells(paused, first, last, 40, date(2026, 3, 14))
    assert not [cell for cell in drawn if cell in marks]


def test_extra_check_ins_alone_are_counted_not_called_none() -> None:
    """ "No scheduled check-ins done yet." stood right above "● kept an extra check-in"."""

    def track(*points: CheckinPoint) -> tl.Track:
        return tl.Track("c", "Asking first", "active", date(2026, 1, 3), points, ())

    extra = CheckinPoint("e", date(2026, 1, 9), None, "kept")
    assert tl.on_time_line([track()]) == "No check-ins done yet."
    assert tl.on_time_line([track(extra)]) == "1 extra check-in, none yet for a planned date"
    planned = CheckinPoint("p", date(2026, 1, 10), date(2026, 1, 10), "kept")
    assert tl.on_time_line([track(extra, planned)]) == "1 of 1 check-in on time"


async def test_a_commitment_made_on_its_own_says_no_where_it_began(
    tmp_path: Path, frozen: Any
) -> None:
    """Made with n on Commitments, its source is its own entry: "Where it began" pointed
    at itself. One grown from an entry still names that entry."""
    own = Commitment(start="Asking first", created_at=local(2026, 1, 30))
    own_entry = Entry(
        kind="commitment",
        flow="commitment",
        title="Asking first",
        commitment_id=own.id,
        created_at=local(2026, 1, 30),
    )
    own.source_entry_id = own_entry.id
    source, grown = source_and_commitment()
    path = make_vault(tmp_path / "vault.db", [own_entry, own, source, grown])
    app = make_app(path)
    async with app.run_test(size=(80, 60)) as pilot:
        await open_commitments(pilot)
        screen = app.screen
        assert isinstance(screen, CommitmentsScreen)
        assert screen.selected is not None and screen.selected.id == own.id
        assert "Where it began" not in screen_text(app)
        await pilot.press("down")
        await settle(pilot)
        assert screen.selected is not None and screen.selected.id == grown.id
        assert "Where it began: The leaving do" in screen_text(app)


def picture_data() -> list[Entry | Commitment]:
    source = Entry(kind="conduct", title="The leaving do", created_at=local(2025, 12, 20))
    first = Commitment(
        stop="Commenting on women's bodies",
        start=START,
        plans=[Plan(situation="a mate makes a rape joke", action="I say it isn't funny")],
        created_at=local(2026, 1, 3),
        checkin_dates=[date(2026, 4, 3), date(2026, 6, 3)],
        source_entry_id=source.id,
    )
    second = Commitment(
        stop="Staying after the third drink",
        start="Going home when the others move on",
        created_at=local(2026, 1, 20),
        checkin_dates=[date(2026, 3, 10), date(2026, 4, 20)],
    )
    third = Commitment(
        start="Listening without interrupting in meetings",
        created_at=local(2025, 11, 15),
        status="paused",
        checkin_dates=[date(2026, 2, 14)],
    )

    def done(c: Commitment, on: datetime, due: date | None, outcome: str) -> Entry:
        return Entry(
            kind="checkin",
            flow="checkin",
            commitment_id=c.id,
            due_on=due,
            outcome=outcome,
            answers=[Answer(step_id="what_i_did", text="…")],
            created_at=on,
            updated_at=on,
        )

    return [
        source,
        first,
        second,
        third,
        done(first, local(2026, 1, 10), date(2026, 1, 10), "kept"),
        done(first, local(2026, 2, 4), date(2026, 2, 2), "partly"),
        done(first, local(2026, 2, 20), None, "slipped"),
        done(second, local(2026, 1, 27), date(2026, 1, 27), "did not come up"),
        done(second, local(2026, 2, 25), date(2026, 2, 19), "kept"),
        done(third, local(2025, 11, 22), date(2025, 11, 22), "slipped"),
        done(third, local(2025, 12, 15), date(2025, 12, 15), "kept"),
    ]


async def open_commitments(pilot: Pilot[Any]) -> None:
    await unlock(pilot)
    await pilot.press("m")
    await settle(pilot)


@pytest.mark.parametrize("colour", [True, False], ids=["colour", "no_colour"])
def test_picture_snapshot(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, colour: bool
) -> None:
    if not colour:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    path = make_vault(tmp_path / "vault.db", picture_data())
    with time_machine.travel(local(2026, 3, 14, 9), tick=False):
        app = make_app(path)
        assert app.no_color is not colour
        assert snap_compare(app, terminal_size=SIZE, run_before=open_commitments)


def test_check_in_rows_keep_a_gap_after_the_longest_outcome() -> None:
    """Found by a walk at 80 columns: '○ did not come up an extra check-in' ran the outcome
    into the next column. Every outcome leaves the same column, with two spaces or more."""
    rows = [
        checkin_row(CheckinPoint("e", date(2026, 12, 3), due, outcome)).plain
        for outcome in (*OUTCOMES, None)
        for due in (None, date(2026, 12, 1))
    ]
    starts = {row.index("an extra check-in" if "extra" in row else "for ") for row in rows}
    assert len(starts) == 1
    assert all("  an extra check-in" in row for row in rows if "extra" in row)


@pytest.mark.parametrize("size", [SIZE, (120, 40)])
async def test_no_commitments_yet_is_said_whole_at_any_width(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """Found by a walk: the empty line was cut at the edge ('…for the moments that matt…'
    at 120 columns); it wraps now."""
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=size) as pilot:
        await unlock(pilot)
        await pilot.press("m")
        await settle(pilot)
        shown = " ".join(screen_text(app).split())
        assert " ".join(EMPTY.split()) in shown


async def test_commitments_say_reading_until_read_never_none_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by a walk: m showed "No commitments yet…" for a moment though there were some.
    The read is held (the real read, started only when the test says) to look in between."""
    import threading

    from screens import commitments

    go = threading.Event()
    real = commitments.read_board

    def held(vault: Vault, on: date) -> commitments.Board:
        go.wait(timeout=30)
        return real(vault, on)

    monkeypatch.setattr(commitments, "read_board", held)
    app = make_app(make_vault(tmp_path / "vault.db", source_and_commitment()))
    async with app.run_test(size=SIZE) as pilot:
        try:
            await unlock(pilot)
            await pilot.press("m")
            for _ in range(3):
                await pilot.pause()
            assert isinstance(app.screen, CommitmentsScreen)
            shown = screen_text(app)
            assert "Reading…" in shown
            assert "No commitments yet" not in shown
        finally:
            go.set()
        await settle(pilot)
        shown = screen_text(app)
        assert "Reading…" not in shown and "No commitments yet" not in shown
        assert START[:30] in shown
