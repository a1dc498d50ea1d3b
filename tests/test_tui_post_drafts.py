"""A post in progress is a draft like any other (issue 15 item 2): autosaved encrypted,
saved by Ctrl+S from any focus and on lock, offered back, and leaving with changes asks.

Real vaults in tmp_path, real crypto (the test KDF), the app through Pilot; a fake clock
moves the autosave on, never a sleep.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_tui_post import (
    CHANGE,
    LONG,
    choose_platform,
    conduct,
    editor,
    inside_dialog,
    open_post,
    pick,
    three_answers,
    tick_all_and_go_on,
    to_tab,
)
from textual.pilot import Pilot
from textual.widgets import Button, Input, Select, SelectionList, Tabs
from tui_helpers import (
    PASSPHRASE,
    SIZE,
    FakeClock,
    assert_locked,
    make_app,
    make_vault,
    screen_text,
    settle,
    type_text,
    unlock,
)

from journal.models import PostDraft
from journal.vault import Vault
from screens.app import AmendsApp
from screens.confirm import ChoiceModal, ConfirmModal
from screens.entry_view import EntryViewScreen
from screens.home import HomeScreen
from screens.post_checklist import PostChecklist
from screens.post_draft import PostDraftScreen
from screens.widgets.findings import FindingsList
from screens.widgets.post_editor import SafeTextArea
from screens.widgets.post_preview import PostPreview

#: Typed into the post by hand: it must never reach the disk in the clear.
MARKER = " Lanternfish thistle promise."


def on_disk(path: Path) -> bytes:
    """Every byte of the vault on disk: the file and its write-ahead log."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def stored_posts(path: Path) -> list[PostDraft]:
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        return vault.post_drafts()


def top(app: AmendsApp) -> Any:
    return app.screen


async def edit_by_hand(pilot: Pilot[Any], screen: PostDraftScreen) -> None:
    await to_tab(pilot, screen, "edit")
    area = screen.query_one("#post-text", SafeTextArea)
    area.focus()
    area.move_cursor(area.document.end)
    await type_text(pilot, MARKER)
    await settle(pilot)


async def test_autosaved_encrypted_then_offered_back_and_resumed(tmp_path: Path) -> None:
    written = three_answers()
    path = make_vault(tmp_path / "vault.db", [written])
    clock = FakeClock()
    app = make_app(path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_post(pilot)
        await pick(pilot, screen, 0, 2)
        await choose_platform(pilot, screen, "bluesky")
        await edit_by_hand(pilot, screen)
        clock.advance(PostDraftScreen.AUTOSAVE_SECONDS - 0.1)
        screen.autosave()  # not yet: the changes have not rested long enough
        await settle(pilot)
        assert app.session.vault.post_drafts() == []
        clock.advance(0.1)
        screen.autosave()  # what its timer does
        await settle(pilot)
        (saved,) = app.session.vault.post_drafts()
        assert (saved.entry_id, saved.platform) == (written.id, "bluesky")
        assert saved.picked == ["what", "change"] and saved.text.endswith(MARKER)
        assert "Draft saved, encrypted" in screen_text(app)
        assert MARKER.strip().encode() not in on_disk(path)
        # Leaving after changes asks; "Keep the draft" has focus.
        await pilot.press("escape")
        await settle(pilot)
        dialog = top(app)
        assert isinstance(dialog, ChoiceModal)
        assert app.focused is dialog.query_one("#choice-keep", Button)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(top(app), EntryViewScreen)
        # Drafting a post from the entry again offers it back; resuming restores it all.
        await pilot.press("p")
        await settle(pilot)
        offer = top(app)
        assert isinstance(offer, ChoiceModal) and "Pick up where you left off?" in screen_text(app)
        assert app.focused is offer.query_one("#choice-resume", Button)
        await pilot.press("enter")
        await settle(pilot)
        again = top(app)
        assert isinstance(again, PostDraftScreen) and again is not screen
        assert again.query_one("#platform", Select).value == "bluesky"
        assert sorted(again.query_one("#answers", SelectionList).selected) == [0, 2]
        assert again.text == saved.text
        assert "Your post draft is back" in screen_text(app)
        # Nothing changed since: leaving asks nothing, and the draft stays.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(top(app), EntryViewScreen)
    assert [p.text for p in stored_posts(path)] == [saved.text]
    assert MARKER.strip().encode() not in on_disk(path)


async def resumed(pilot: Pilot[Any], screen: PostDraftScreen) -> PostDraftScreen:
    """From a post screen with changes: keep the draft, leave, draft a post again, resume."""
    app = pilot.app
    await pilot.press("escape")
    await settle(pilot)
    await pilot.press("enter")  # "Keep the draft", the focused choice
    await settle(pilot)
    assert isinstance(top(app), EntryViewScreen)
    await pilot.press("p")
    await settle(pilot)
    await pilot.press("enter")  # resume, the focused choice
    await settle(pilot)
    again = top(app)
    assert isinstance(again, PostDraftScreen) and again is not screen
    return again


@pytest.mark.parametrize("by", ["time", "an edit"])
async def test_the_draft_is_back_line_goes_after_a_while_or_an_edit(
    tmp_path: Path, by: str
) -> None:
    """Found by a walk: "Your post draft is back as you left it." stayed on the status line
    for the rest of the visit. It goes once he changes something, or after a while on the
    app's clock (a fake one here: the test moves it and makes the timer's call)."""
    path = make_vault(tmp_path / "vault.db", [three_answers()])
    clock = FakeClock()
    app = make_app(path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_post(pilot)
        await pick(pilot, screen, 0)
        again = await resumed(pilot, screen)
        assert "Your post draft is back" in screen_text(app)
        if by == "time":
            clock.advance(PostDraftScreen.RESUMED_SECONDS - 0.1)
            again.fade_resumed()  # not yet
            await settle(pilot)
            assert "Your post draft is back" in screen_text(app)
            clock.advance(0.1)
            again.fade_resumed()  # what its timer does
        else:
            await choose_platform(pilot, again, "mastodon")
        await settle(pilot)
        assert "Your post draft is back" not in screen_text(app)


async def test_ctrl_s_saves_the_draft_from_any_focus(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db", [three_answers()])
    app = make_app(path, clock=FakeClock())  # the clock never moves: no autosave
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_post(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "^s Save draft" in footer and "^t Save as a file" in footer and "f1 Help" in footer
        await pick(pilot, screen, 0)
        platforms = iter(["bluesky", "mastodon", "facebook", "threads"])
        focus = [
            ("edit", lambda: screen.query_one(PostPreview)),
            ("review", lambda: screen.query_one(FindingsList)),
            ("review", lambda: screen.query_one("#save", Button)),
            ("review", lambda: screen.query_one(Tabs)),
        ]
        for tab, widget in focus:
            await to_tab(pilot, screen, tab)
            widget().focus()
            await choose_platform(pilot, screen, next(platforms))
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(top(app), PostDraftScreen)  # no checklist, no dialog
            (saved,) = app.session.vault.post_drafts()
            assert saved.platform == screen.query_one("#platform", Select).value
            assert "Draft saved, encrypted" in screen_text(app)
        # Saving as a file moved to Ctrl+T; it goes through the checklist as before.
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(top(app), PostChecklist)
        assert "Before you save this post" in screen_text(app)


async def test_lock_saves_the_post_draft_and_unlocking_offers_it_back(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db", [three_answers()])
    app = make_app(path, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_post(pilot)
        await pick(pilot, screen, 2)
        await edit_by_hand(pilot, screen)
        await pilot.press("ctrl+l")  # at once: no autosave has run
        await settle(pilot)
        assert_locked(app, MARKER.strip(), CHANGE[:30])
        assert MARKER.strip().encode() not in on_disk(path)
        await unlock(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(top(app), ChoiceModal)
        await pilot.press("enter")  # resume, the focused choice
        await settle(pilot)
        again = top(app)
        assert isinstance(again, PostDraftScreen)
        assert again.text.startswith(CHANGE[:20]) and again.text.endswith(MARKER)
        assert again.query_one("#answers", SelectionList).selected == [2]


async def test_leaving_with_changes_asks_and_the_safe_choices_lose_nothing(
    tmp_path: Path,
) -> None:
    path = make_vault(tmp_path / "vault.db", [three_answers()])
    clock = FakeClock()
    app = make_app(path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_post(pilot)
        await pilot.press("escape")  # nothing changed: no question
        await settle(pilot)
        assert isinstance(top(app), EntryViewScreen)
        await pilot.press("p")
        await settle(pilot)
        screen = top(app)
        assert isinstance(screen, PostDraftScreen)
        await pick(pilot, screen, 0)
        clock.advance(PostDraftScreen.AUTOSAVE_SECONDS)
        screen.autosave()
        await settle(pilot)
        assert len(app.session.vault.post_drafts()) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(top(app), ChoiceModal)
        await pilot.press("tab", "enter")  # a stray Tab then Enter: Stay
        await settle(pilot)
        assert top(app) is screen
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#choice-discard")
        await settle(pilot)
        assert isinstance(top(app), EntryViewScreen)
        assert app.session.vault.post_drafts() == []
    assert stored_posts(path) == []


@pytest.mark.parametrize("how", ["saved as a file", "copied"])
async def test_leaving_once_the_post_is_out_offers_to_delete_its_draft(
    tmp_path: Path, how: str
) -> None:
    """Issue 15: after the post was saved as a file or copied, whole, its draft stayed in
    the journal without a word. Leaving then asks: keep it (focused: Enter; and Escape),
    stay, or delete it."""
    path = make_vault(tmp_path / "vault.db", [three_answers()])
    out = tmp_path / "posts"
    out.mkdir()
    app = make_app(path, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        for choice in ("stay", "enter", "escape", "delete"):
            if choice != "enter":  # after "Stay" the post screen is still there
                screen = await reopen_post(pilot)
                await pick(pilot, screen, 0)
                await pilot.press("ctrl+s")  # the draft, in the vault
                await settle(pilot)
                await pilot.press("ctrl+t" if how.startswith("saved") else "ctrl+o")
                await settle(pilot)
                await tick_all_and_go_on(pilot)
                if how.startswith("saved"):
                    top(app).query_one("#save-path", Input).value = str(out / choice)
                    await pilot.press("enter")
                    await settle(pilot)
                assert top(app) is screen and len(app.session.vault.post_drafts()) == 1
                text = editor(screen)
            await pilot.press("escape")
            await settle(pilot)
            asked = top(app)
            assert isinstance(asked, ChoiceModal)
            shown = " ".join(inside_dialog(screen_text(app)).split())
            assert f"The post is {how}. Keep its draft here, encrypted, or delete it?" in shown
            assert "Keep the draft Stay Delete it" in shown  # each button whole at 80 columns
            assert app.focused is asked.query_one("#choice-keep", Button)
            if choice == "delete":
                await pilot.click("#choice-discard")
            elif choice == "stay":
                await pilot.click("#choice-stay")
            else:
                await pilot.press(choice)
            await settle(pilot)
            if choice == "stay":
                assert top(app) is screen
            else:
                assert isinstance(top(app), EntryViewScreen)
            kept = [] if choice == "delete" else [text]
            assert [p.text for p in app.session.vault.post_drafts()] == kept
    assert [p.text for p in stored_posts(path)] == []


async def test_a_thread_sent_part_by_part_asks_about_its_draft_too(tmp_path: Path) -> None:
    """After parts of a thread were copied one at a time, leaving asks about the draft as
    after the whole post; a parts dialog closed with nothing sent does not."""
    from journal.models import Answer
    from screens.post_parts import ThreadPartsModal

    thread = conduct(Answer(step_id="what", prompt="What happened?", text=LONG))
    app = make_app(make_vault(tmp_path / "vault.db", [thread]), clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_post(pilot)
        await pick(pilot, screen, 0)
        for send in (False, True):
            await pilot.press("ctrl+o")
            await settle(pilot)
            if not send:  # the second time, the same text: not asked again
                await tick_all_and_go_on(pilot)
            assert isinstance(top(app), ThreadPartsModal)
            if send:
                await pilot.press("c")
                await settle(pilot)
            await pilot.press("escape")  # Done
            await settle(pilot)
            assert top(app) is screen
            await pilot.press("escape")
            await settle(pilot)
            shown = " ".join(inside_dialog(screen_text(app)).split())
            sent = "The post is copied, part by part. Keep its draft here, encrypted, or delete it?"
            assert (sent in shown) is send, shown
            assert ("Leave this post?" in shown) is not send
            await pilot.click("#choice-stay")
            await settle(pilot)
            assert top(app) is screen


async def test_esc_esc_leaves_the_post_screen_keeping_the_draft(tmp_path: Path) -> None:
    """Issue 15: "a dead Esc in the post screen after using the platform dropdown". In a
    terminal it came from Esc pressed twice: the first asked whether to leave, the second
    answered "Stay", so nothing seemed to happen. Escape now keeps the draft and leaves,
    as Enter on the focused "Keep the draft" does; after the dropdown too."""
    path = make_vault(tmp_path / "vault.db", [three_answers()])
    app = make_app(path, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_post(pilot)
        await pick(pilot, screen, 0)
        platform = screen.query_one("#platform", Select)
        platform.focus()
        await pilot.press("enter")  # the dropdown opens
        await settle(pilot)
        assert platform.expanded
        await pilot.press("down", "enter")  # Bluesky
        await settle(pilot)
        assert platform.value == "bluesky" and not platform.expanded
        await pilot.press("enter", "escape")  # opened and closed again, nothing picked
        await settle(pilot)
        assert not platform.expanded and top(app) is screen
        text = editor(screen)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(top(app), EntryViewScreen)
        (kept,) = app.session.vault.post_drafts()
        assert (kept.platform, kept.text) == ("bluesky", text)


async def reopen_post(pilot: Pilot[Any]) -> PostDraftScreen:
    """The post screen from the journal or the entry, starting over any saved draft."""
    if isinstance(top(pilot.app), PostDraftScreen):
        return top(pilot.app)
    if not isinstance(top(pilot.app), EntryViewScreen):
        return await open_post(pilot)
    await pilot.press("p")
    await settle(pilot)
    if isinstance(top(pilot.app), ChoiceModal):  # the saved draft: start over
        await pilot.click("#choice-over")
        await settle(pilot)
        await pilot.click("#choice-over")
        await settle(pilot)
    screen = top(pilot.app)
    assert isinstance(screen, PostDraftScreen)
    return screen


async def test_starting_over_replaces_the_saved_draft_once_he_changes_something(
    tmp_path: Path,
) -> None:
    written = three_answers()
    path = make_vault(tmp_path / "vault.db", [written])
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        vault.save_post_draft(PostDraft(entry_id=written.id, platform="bluesky", text="old"))
    clock = FakeClock()
    app = make_app(path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("enter", "p")
        await settle(pilot)
        assert isinstance(top(app), ChoiceModal)
        await pilot.click("#choice-over")
        await settle(pilot)
        assert isinstance(top(app), ChoiceModal) and "Start over from the entry?" in screen_text(
            app
        )
        await pilot.click("#choice-over")
        await settle(pilot)
        screen = top(app)
        assert isinstance(screen, PostDraftScreen)
        assert screen.query_one("#platform", Select).value == "x" and screen.text == ""
        assert [p.text for p in app.session.vault.post_drafts()] == ["old"]
        await pick(pilot, screen, 2)
        clock.advance(PostDraftScreen.AUTOSAVE_SECONDS)
        screen.autosave()
        await settle(pilot)
        (saved,) = app.session.vault.post_drafts()  # one per entry
        assert saved.platform == "x" and saved.text.startswith(CHANGE[:20])


async def test_a_stray_tab_and_enter_on_the_resume_offer_keeps_the_draft(
    tmp_path: Path,
) -> None:
    """Issue 15: "Start over" was one Tab from "Resume it", and starting over throws the
    saved draft away. Tab+Enter now asks again with "Keep my draft" focused; a second
    Enter, or Escape, puts the draft back; nothing is lost either way."""
    written = three_answers()
    path = make_vault(tmp_path / "vault.db", [written])
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        vault.save_post_draft(PostDraft(entry_id=written.id, platform="bluesky", text="old"))
    clock = FakeClock()
    app = make_app(path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        for last in ("enter", "escape"):
            await pilot.press("enter", "p")
            await settle(pilot)
            assert isinstance(top(app), ChoiceModal)
            await pilot.press("tab", "enter")
            await settle(pilot)
            asked = top(app)
            assert isinstance(asked, ChoiceModal)
            assert "Start over from the entry?" in screen_text(app)
            assert app.focused is asked.query_one("#choice-resume", Button)
            await pilot.press(last)
            await settle(pilot)
            screen = top(app)
            assert isinstance(screen, PostDraftScreen)
            assert screen.query_one("#platform", Select).value == "bluesky"
            assert screen.text == "old"
            await pilot.press("escape")  # nothing changed: it leaves, the draft stays
            await settle(pilot)
            assert isinstance(top(app), EntryViewScreen)
            await pilot.press("escape")
            await settle(pilot)
        clock.advance(60)
        await settle(pilot)
        assert [p.text for p in app.session.vault.post_drafts()] == ["old"]


async def test_deleting_an_entry_deletes_its_post_draft_and_says_so(tmp_path: Path) -> None:
    written = three_answers()
    path = make_vault(tmp_path / "vault.db", [written])
    with Vault.open(path, insecure_kdf_for_tests=True) as vault:
        vault.unlock(PASSPHRASE)
        vault.save_post_draft(PostDraft(entry_id=written.id, text="a post"))
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("d")  # from the journal's list
        await settle(pilot)
        assert isinstance(top(app), ConfirmModal)
        assert "The post you were drafting" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(top(app), EntryViewScreen), top(app)
        await pilot.press("d")  # from the entry itself
        await settle(pilot)
        assert "The post you were drafting" in screen_text(app)
        await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(top(app), HomeScreen)
        assert app.session.vault.post_drafts() == []
    assert stored_posts(path) == []


async def test_post_workers_are_described_without_any_of_his_text(tmp_path: Path) -> None:
    """Every worker the post screen starts says what it does, never what it works on
    (Textual's default description is the call with its arguments)."""
    path = make_vault(tmp_path / "vault.db", [three_answers()])
    clock = FakeClock()
    app = make_app(path, clock=clock)
    described: list[str] = []
    add = app.workers.add_worker

    def record(worker: Any, start: bool = True, exclusive: bool = True) -> None:
        described.append(worker.description)
        add(worker, start=start, exclusive=exclusive)

    app.workers.add_worker = record  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_post(pilot)
        await pick(pilot, screen, 0, 2)
        await edit_by_hand(pilot, screen)
        clock.advance(PostDraftScreen.AUTOSAVE_SECONDS)
        screen.autosave()
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert {"compose post", "analyse post", "autosave post draft", "save post draft"} <= set(
        described
    )
    for description in described:
        assert MARKER.strip() not in description and "Sarah" not in description
        assert CHANGE[:20] not in description


def test_slow_work_has_one_form_and_widgets_import_no_screen_state() -> None:
    """run_thread's callback registry is gone; the post's pure logic is in journal.posts."""
    import screens.base

    repo = Path(__file__).resolve().parents[1]
    assert not hasattr(screens.base, "Background")
    assert not (repo / "screens" / "post_state.py").exists()
    for widget in (repo / "screens" / "widgets").glob("*.py"):
        source = widget.read_text(encoding="utf-8")
        assert "from screens.post_" not in source and "from screens.flow" not in source, widget
