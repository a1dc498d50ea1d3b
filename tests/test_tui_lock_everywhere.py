"""Ctrl+L locks from every screen and dialog, reached the way a user reaches it.

Each route starts at the journal, walks to one state with the keyboard (after a
save, a delete, a cancel or a failed write too), then presses Ctrl+L: the unlock
screen must show, with no journal text left in what the terminal shows (read
through Textual's public ``export_screenshot``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from footer_checks import check_footers
from textual.pilot import Pilot
from textual.widgets import Input, OptionList
from tui_helpers import (
    PASSPHRASE,
    SIZE,
    assert_locked,
    make_app,
    make_vault,
    screen_text,
    settle,
    start_flow,
    type_text,
    unlock,
)

from journal.models import Answer, Commitment, Entry, Plan
from screens.answer_review import AnswerReviewModal
from screens.checkin_view import CheckinViewScreen
from screens.commitment_dialogs import CloseCommitmentModal, OfferCommitmentModal
from screens.commitments import CommitmentsScreen
from screens.confirm import ChoiceModal, ConfirmModal
from screens.entry_view import EntryViewScreen
from screens.flow import FlowScreen
from screens.flow_picker import FlowPicker
from screens.help import HelpScreen
from screens.home import HomeScreen
from screens.looking_back import LookingBackScreen
from screens.post_checklist import PostChecklist, SavePathModal
from screens.post_draft import PostDraftScreen
from screens.post_parts import ThreadPartsModal
from screens.resources import ResourcesScreen
from screens.settings import SettingsScreen

TITLE = "The office party"
WHAT = "I told the joke about Dana from accounts twice."
CHANGE = "Say no when the jokes about Dana start."
SOURCE_TITLE = "The leaving do"
START = "Asking before I touch anyone's shoulder"
CHECKIN = "Asked Sam first at the pub."
TYPED = "words typed a moment ago about Robin"
SECRETS = (TITLE, WHAT, CHANGE, SOURCE_TITLE, START, CHECKIN, TYPED, "Dana", "Robin", "accounts")

Route = Callable[[Pilot[Any]], Awaitable[type]]


def journal() -> list[Entry | Commitment]:
    """An entry to post from, a commitment grown out of another, and its check-in."""
    entry = Entry(
        kind="conduct",
        title=TITLE,
        answers=[
            Answer(step_id="what_happened", prompt="What happened?", text=WHAT),
            Answer(step_id="change", prompt="What will you do?", text=CHANGE),
        ],
    )
    source = Entry(
        kind="conduct",
        title=SOURCE_TITLE,
        answers=[Answer(step_id="what_happened", prompt="What happened?", text="I kept on.")],
    )
    commitment = Commitment(
        stop="Touching people without asking",
        start=START,
        plans=[Plan(situation="I want to hug someone", action="I ask first")],
        checkin_dates=[date(2099, 1, 1)],
        source_entry_id=source.id,
    )
    checkin = Entry(
        kind="checkin",
        flow="checkin",
        commitment_id=commitment.id,
        due_on=date(2099, 1, 1),
        outcome="kept",
        answers=[Answer(step_id="what_i_did", prompt="What did you do?", text=CHECKIN)],
    )
    return [source, commitment, checkin, entry]


async def keys(pilot: Pilot[Any], *pressed: str) -> None:
    for key in pressed:
        await pilot.press(key)
        await settle(pilot)


async def select_entry(pilot: Pilot[Any], title: str) -> None:
    """Move the journal list's cursor to ``title`` with the arrow keys."""
    home = pilot.app.screen
    assert isinstance(home, HomeScreen)
    for _ in range(len(home.entries.entries)):
        selected = home.entries.selected
        if selected is not None and selected.title == title:
            return
        await keys(pilot, "down")
    raise AssertionError(f"{title} is not in the list")


async def open_entry(pilot: Pilot[Any]) -> None:
    await select_entry(pilot, TITLE)
    await keys(pilot, "enter")
    assert isinstance(pilot.app.screen, EntryViewScreen)


async def home(pilot: Pilot[Any]) -> type:
    return HomeScreen


async def home_searching(pilot: Pilot[Any]) -> type:
    await keys(pilot, "slash")
    await type_text(pilot, "Dana")
    await settle(pilot)
    return HomeScreen


async def home_delete_asked(pilot: Pilot[Any]) -> type:
    await select_entry(pilot, TITLE)
    await keys(pilot, "d")
    return ConfirmModal


async def home_delete_kept(pilot: Pilot[Any]) -> type:
    await home_delete_asked(pilot)
    await keys(pilot, "enter")  # "Keep it" has the focus
    return HomeScreen


async def home_deleted(pilot: Pilot[Any]) -> type:
    await home_delete_asked(pilot)
    await keys(pilot, "y")  # "Yes, delete (y)": never reached by Tab
    return HomeScreen


async def picker(pilot: Pilot[Any]) -> type:
    await keys(pilot, "n")
    return FlowPicker


async def writing(pilot: Pilot[Any]) -> type:
    await start_flow(pilot, "free")
    await type_text(pilot, TYPED)
    return FlowScreen


async def writing_review(pilot: Pilot[Any]) -> type:
    await writing(pilot)
    await keys(pilot, "ctrl+s")
    return FlowScreen


async def reviewing_answer(pilot: Pilot[Any]) -> type:
    await writing(pilot)
    await keys(pilot, "ctrl+r")
    return AnswerReviewModal


async def saved_new(pilot: Pilot[Any]) -> type:
    await writing_review(pilot)
    await keys(pilot, "ctrl+s")
    return HomeScreen


async def left_writing(pilot: Pilot[Any]) -> type:
    await writing(pilot)
    await keys(pilot, "escape")
    return HomeScreen


async def save_failed(pilot: Pilot[Any]) -> type:
    """A write that fails in its worker (the disk refuses): the error is shown, work kept."""
    await writing_review(pilot)

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    pilot.app.session.vault.save_many = refuse  # type: ignore[method-assign]
    await keys(pilot, "ctrl+s")
    assert "No space left on device" in screen_text(pilot.app)
    return FlowScreen


async def entry_view(pilot: Pilot[Any]) -> type:
    await open_entry(pilot)
    assert WHAT in screen_text(pilot.app)
    return EntryViewScreen


async def edit_saved(pilot: Pilot[Any]) -> type:
    """The blocker of issue 15: Edit, then Save twice, back on the entry."""
    await open_entry(pilot)
    await keys(pilot, "e", "ctrl+s", "ctrl+s")
    return EntryViewScreen


async def edit_left(pilot: Pilot[Any]) -> type:
    await open_entry(pilot)
    await keys(pilot, "e")
    await type_text(pilot, TYPED)
    await keys(pilot, "escape")
    return EntryViewScreen


async def entry_delete_asked(pilot: Pilot[Any]) -> type:
    await open_entry(pilot)
    await keys(pilot, "d")
    return ConfirmModal


async def entry_delete_kept(pilot: Pilot[Any]) -> type:
    await entry_delete_asked(pilot)
    await keys(pilot, "escape")
    return EntryViewScreen


async def entry_deleted(pilot: Pilot[Any]) -> type:
    await entry_delete_asked(pilot)
    await keys(pilot, "y")  # "Yes, delete (y)": never reached by Tab
    return HomeScreen


async def post(pilot: Pilot[Any]) -> type:
    await open_entry(pilot)
    await keys(pilot, "p", "space")  # tick the first answer
    return PostDraftScreen


async def post_edit_tab(pilot: Pilot[Any]) -> type:
    await post(pilot)
    await keys(pilot, "ctrl+n")
    assert "about a colleague twice" in screen_text(pilot.app)  # the name redacted
    return PostDraftScreen


async def post_review_tab(pilot: Pilot[Any]) -> type:
    await post(pilot)
    await keys(pilot, "ctrl+n", "ctrl+n")
    return PostDraftScreen


async def post_draft_saved(pilot: Pilot[Any]) -> type:
    await post_review_tab(pilot)
    await keys(pilot, "ctrl+s")  # the draft, into the vault (if no autosave was first)
    assert "saved, encrypted" in screen_text(pilot.app)
    return PostDraftScreen


async def post_leaving(pilot: Pilot[Any]) -> type:
    await post(pilot)
    await keys(pilot, "escape")  # changes: keep, stay or discard?
    return ChoiceModal


async def post_offered(pilot: Pilot[Any]) -> type:
    await post_leaving(pilot)
    await keys(pilot, "enter", "p")  # kept; drafting a post again offers it back
    return ChoiceModal


async def post_resumed(pilot: Pilot[Any]) -> type:
    await post_offered(pilot)
    await keys(pilot, "enter")
    assert "Your post draft is back" in screen_text(pilot.app)
    return PostDraftScreen


async def post_checklist(pilot: Pilot[Any]) -> type:
    await post(pilot)
    await keys(pilot, "ctrl+t")
    return PostChecklist


async def post_parts(pilot: Pilot[Any]) -> type:
    """A thread of several parts, one at a time, after the checklist."""
    from textual.widgets import Checkbox

    from screens.post_parts import ThreadPartsModal
    from screens.widgets.post_editor import SafeTextArea, set_text

    await post(pilot)
    area = pilot.app.screen.query_one("#post-text", SafeTextArea)
    set_text(area, " ".join([area.text or "Words about what I did."] * 30))  # several X posts
    await settle(pilot)
    await keys(pilot, "ctrl+o")
    for box in pilot.app.screen.query(Checkbox):
        box.value = True
    await settle(pilot)
    await pilot.click("#yes")
    await settle(pilot)
    await keys(pilot, "right", "c")  # part 2, copied
    return ThreadPartsModal


async def post_save_as(pilot: Pilot[Any]) -> type:
    from textual.widgets import Button, Checkbox

    await post_checklist(pilot)
    for box in pilot.app.screen.query(Checkbox):  # one tick per point
        box.value = True
    await settle(pilot)
    pilot.app.screen.query_one("#yes", Button).focus()
    await keys(pilot, "enter")  # "Go on and save"
    return SavePathModal


async def post_saved(pilot: Pilot[Any]) -> type:
    await post_save_as(pilot)
    field = pilot.app.screen.query_one("#save-path", Input)
    field.value = str(Path(pilot.app.config_dir).parent / "post.txt")
    await keys(pilot, "enter")
    return PostDraftScreen


async def commitments(pilot: Pilot[Any]) -> type:
    await keys(pilot, "m")
    assert START in screen_text(pilot.app)
    return CommitmentsScreen


async def commitment_closing(pilot: Pilot[Any]) -> type:
    await commitments(pilot)
    await keys(pilot, "x")
    return CloseCommitmentModal


async def checkin_view(pilot: Pilot[Any]) -> type:
    await commitments(pilot)
    pilot.app.screen.query_one("#checkins", OptionList).focus()
    await keys(pilot, "enter")
    return CheckinViewScreen


async def where_it_began(pilot: Pilot[Any]) -> type:
    await checkin_view(pilot)
    await keys(pilot, "o")
    return EntryViewScreen


async def offer_commitment(pilot: Pilot[Any]) -> type:
    """Saving an entry whose last answer is a change offers to make it a commitment."""
    await start_flow(pilot, "conduct")
    flow = pilot.app.screen
    assert isinstance(flow, FlowScreen)
    for step in flow.state.steps:
        flow.state.answers[step.id] = TYPED
    await keys(pilot, "ctrl+s", "ctrl+s")
    return OfferCommitmentModal


async def settings(pilot: Pilot[Any]) -> type:
    await keys(pilot, "s")
    return SettingsScreen


async def looking_back(pilot: Pilot[Any]) -> type:
    await keys(pilot, "y")
    return LookingBackScreen


async def help_screen(pilot: Pilot[Any]) -> type:
    await open_entry(pilot)
    await keys(pilot, "f1")
    return HelpScreen


async def support(pilot: Pilot[Any]) -> type:
    await keys(pilot, "u")
    return ResourcesScreen


async def palette(pilot: Pilot[Any]) -> type:
    from textual.command import CommandPalette

    await open_entry(pilot)
    await keys(pilot, "ctrl+p")
    return CommandPalette


ROUTES: dict[str, Route] = {
    "home": home,
    "home-searching": home_searching,
    "home-delete-asked": home_delete_asked,
    "home-delete-kept": home_delete_kept,
    "home-deleted": home_deleted,
    "picker": picker,
    "writing": writing,
    "writing-review": writing_review,
    "reviewing-answer": reviewing_answer,
    "saved-new": saved_new,
    "left-writing": left_writing,
    "save-failed": save_failed,
    "entry": entry_view,
    "edit-saved": edit_saved,
    "edit-left": edit_left,
    "entry-delete-asked": entry_delete_asked,
    "entry-delete-kept": entry_delete_kept,
    "entry-deleted": entry_deleted,
    "post": post,
    "post-edit": post_edit_tab,
    "post-review": post_review_tab,
    "post-draft-saved": post_draft_saved,
    "post-leaving": post_leaving,
    "post-offered": post_offered,
    "post-resumed": post_resumed,
    "post-checklist": post_checklist,
    "post-parts": post_parts,
    "post-save-as": post_save_as,
    "post-saved": post_saved,
    "commitments": commitments,
    "commitment-closing": commitment_closing,
    "checkin-view": checkin_view,
    "where-it-began": where_it_began,
    "offer-commitment": offer_commitment,
    "settings": settings,
    "looking-back": looking_back,
    "help": help_screen,
    "support": support,
    "palette": palette,
}


@pytest.mark.parametrize("route", ROUTES)
async def test_ctrl_l_locks_from_every_screen(tmp_path: Path, route: str) -> None:
    """On each screen and dialog, first its footer, read at 80 and 120 columns
    (footer_checks.py), and F1 as the footer says (Help opens; on Help, it closes; Esc
    comes back); then Ctrl+L."""
    path = make_vault(tmp_path / "vault.db", journal())
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        expected = await ROUTES[route](pilot)
        assert isinstance(app.screen, expected), (route, app.screen)
        if (await check_footers(pilot))[0]:
            await keys(pilot, "f1")
            assert isinstance(app.screen, HelpScreen) != (expected is HelpScreen), route
            if expected is not HelpScreen:
                await keys(pilot, "escape")
                assert isinstance(app.screen, expected), (route, app.screen)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert_locked(app, *SECRETS)
        # And the journal opens again, with a working keyboard.
        await unlock(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert_locked(app, *SECRETS)


async def test_ctrl_l_locks_away_the_recovery_code_of_a_new_journal(tmp_path: Path) -> None:
    from textual.widgets import Static

    from screens.first_run import RecoveryCodeScreen

    app = make_app(tmp_path / "vault.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(2):
            await type_text(pilot, PASSPHRASE)
            await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RecoveryCodeScreen)
        code = str(app.screen.query_one("#recovery-code", Static).render())
        assert code in screen_text(app)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert_locked(app, code)


def test_every_screen_class_has_a_route() -> None:
    """A new screen or dialog needs a route above (or a reason to be left out)."""
    from screens.app import WARM_MODULES, _warm_imports
    from screens.base import JournalModal, JournalScreen
    from screens.first_run import RecoveryCodeScreen
    from screens.recovery import RecoveryScreen
    from screens.unlock import UnlockScreen

    def subclasses(cls: type) -> set[type]:
        found = set(cls.__subclasses__())
        for sub in list(found):
            found |= subclasses(sub)
        return found

    # Shown only while locked: nothing of the journal to lock away.
    locked_only = {UnlockScreen, RecoveryScreen}
    _warm_imports()  # every journal screen module the app loads
    assert WARM_MODULES
    walked = {
        HomeScreen,
        ConfirmModal,
        FlowPicker,
        FlowScreen,
        AnswerReviewModal,
        EntryViewScreen,
        PostDraftScreen,
        PostChecklist,
        ChoiceModal,
        ThreadPartsModal,
        CommitmentsScreen,
        CloseCommitmentModal,
        CheckinViewScreen,
        OfferCommitmentModal,
        SettingsScreen,
        LookingBackScreen,
        HelpScreen,
        ResourcesScreen,
        SavePathModal,
        RecoveryCodeScreen,
    }
    every = subclasses(JournalScreen) | subclasses(JournalModal)
    assert every - walked - locked_only == set()
