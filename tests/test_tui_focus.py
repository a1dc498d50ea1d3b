"""Focus reads without colour (issue 15 item 9): a walk through every screen.

Each scene is a screen as a person reaches it. The walk Tabs through its focusable
widgets and, for each, compares the text of the widget's place on screen while it
has focus with the same place once nothing has: a plain capture (``tmux
capture-pane -p``), a screen reader or a low-contrast terminal sees only text, so
the two must differ in text (a round border, the focus bar ``▎``, the cursor ``›``),
not only in colour, and focus must hide none of the widget's words. A widget with a
cursor (a list, a set of choices, an open dropdown) must also show where the cursor
is: moving it changes the text. Under a dialog, the screen beneath shows no focus:
the dialog has it. Last, a click outside an open dropdown closes it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from textual.command import CommandList
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import OptionList, RadioSet, Select, Static, TabbedContent
from tui_helpers import (
    _CELL,
    PASSPHRASE,
    SIZE,
    entry,
    make_app,
    make_vault,
    settle,
    start_flow,
    type_text,
    unlock,
)

from journal.models import Answer, Commitment, Entry, Plan
from journal.vault import Vault
from screens.commitment_dialogs import OfferCommitmentModal
from screens.focus import FOCUS_BAR
from screens.widgets.entry_list import EntryList
from screens.widgets.timeline import Timeline


def local(y: int, m: int, d: int, hour: int = 12) -> datetime:
    return datetime(y, m, d, hour).astimezone()


WHAT = "I kept texting Sarah from accounting after she said no."
LONG = " ".join(f"Sentence {n} is about what I did and what I will do now." for n in range(1, 9))


def journal(path: Path) -> Path:
    """A vault with two entries (one of three answers, one long) and a commitment whose
    check-in is due on the frozen day."""
    source = Entry(
        kind="conduct",
        title="The office party",
        answers=[
            Answer(step_id="what", prompt="What happened?", text=WHAT),
            Answer(step_id="who", prompt="Who was affected?", text="Her.", never_export=True),
            Answer(step_id="change", prompt="What will you do?", text=LONG),
        ],
        created_at=local(2026, 1, 20),
        updated_at=local(2026, 1, 20),
    )
    other = Entry(
        kind="free",
        title="Dinner",
        answers=[Answer(step_id="write", prompt="What's on your mind?", text="I raised my voice.")],
        created_at=local(2026, 1, 10),
        updated_at=local(2026, 1, 10),
    )
    commitment = Commitment(
        stop="Texting after a no",
        start="Taking the first no as the answer",
        plans=[Plan(situation="I want to text again", action="I put the phone away")],
        created_at=local(2026, 1, 21),
        checkin_dates=[date(2026, 1, 28), date(2026, 3, 2)],
        source_entry_id=source.id,
    )
    vault, _ = Vault.create(path, PASSPHRASE, insecure_kdf_for_tests=True)
    try:
        vault.save_many([source, other, commitment])
    finally:
        vault.close()
    return path


@pytest.fixture
def frozen() -> Iterator[Any]:
    with time_machine.travel(local(2026, 1, 31, 9), tick=False) as traveller:
        yield traveller


# --- Reading the screen as text ---------------------------------------------------------


def screen_rows(app: Any) -> list[str]:
    """Every row of the terminal as plain text, exactly as wide and as many as it has
    (``screen_text`` leaves out rows with nothing drawn)."""
    width, height = app.size
    grid = [[" "] * width for _ in range(height)]
    for x, line, text in _CELL.findall(app.export_screenshot()):
        column = round(float(x) / 12.2)
        for offset, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            if char != "\n" and column + offset < width and int(line) < height:
                grid[int(line)][column + offset] = char
    return ["".join(row) for row in grid]


def shown(app: Any, region: Region) -> list[str]:
    rows = screen_rows(app)
    return [rows[y][region.x : region.right] for y in range(region.y, region.bottom)]


def visible(widget: Widget) -> Region:
    """Where ``widget`` is seen: its region, less what its containers scroll out of view."""
    geometry = widget.screen.find_widget(widget)
    return geometry.region.intersection(geometry.clip)


def name(widget: Widget) -> str:
    return f"{type(widget).__name__}#{widget.id}" if widget.id else type(widget).__name__


def has_cursor(widget: Widget) -> bool:
    """A widget whose cursor moves with the arrows, over more than one row."""
    if isinstance(widget, OptionList):
        return widget.option_count > 1
    if isinstance(widget, RadioSet):
        return len(widget.query("RadioButton")) > 1
    if isinstance(widget, EntryList):
        return len(widget.entries) > 1
    if isinstance(widget, Timeline):
        return len(widget.tracks) > 1
    return False


def marked(rows: list[str]) -> list[int]:
    """The rows the focus bar marks."""
    return [y for y, row in enumerate(rows) if row.startswith(FOCUS_BAR)]


def words(rows: list[str]) -> list[str]:
    return re.findall(r"\w+", " ".join(rows))


async def check(pilot: Pilot[Any], widget: Widget) -> list[str]:
    """What reads by colour alone about ``widget``, which has focus: its focus, and
    (for a list or a set of choices) its cursor; and what its focus hides."""
    app = pilot.app
    region = visible(widget)
    if not region:
        return [f"{name(widget)} takes focus but is not on screen"]
    focused = shown(app, region)
    app.screen.set_focus(None)
    await settle(pilot)
    blurred = shown(app, region)
    app.screen.set_focus(widget, scroll_visible=False)
    await settle(pilot)
    problems = []
    if blurred == focused:
        problems.append(f"{name(widget)}: focus shows only in colour\n" + "\n".join(focused))
    elif words(blurred) != words(focused):
        problems.append(
            f"{name(widget)}: focus hides its text\n" + "\n".join([*blurred, "->", *focused])
        )
    problems += await check_cursor(pilot, widget)
    if isinstance(widget, Select):
        problems += await check_open(pilot, widget)
    return problems


async def check_cursor(pilot: Pilot[Any], widget: Widget, label: str = "") -> list[str]:
    """A list or a set of choices shows where its cursor is: moving it changes the text."""
    if not has_cursor(widget):
        return []
    app = pilot.app
    before = shown(app, visible(widget))
    await pilot.press("down")
    await settle(pilot)
    moved = shown(app, visible(widget))
    await pilot.press("up")
    await settle(pilot)
    if moved == before:
        return [f"{label or name(widget)}: the cursor shows only in colour\n" + "\n".join(moved)]
    return []


async def check_open(pilot: Pilot[Any], select: Select[Any]) -> list[str]:
    """An open dropdown shows which option the cursor is on."""
    await pilot.press("enter")
    await settle(pilot)
    overlay = select.query_one("SelectOverlay", OptionList)
    assert select.expanded and pilot.app.focused is overlay, f"Enter did not open {name(select)}"
    problems = await check_cursor(pilot, overlay, f"{name(select)}'s list")
    await pilot.press("escape")
    await settle(pilot)
    assert select.has_focus and not select.expanded
    return problems


async def walk(pilot: Pilot[Any]) -> list[str]:
    """Tab through the top screen once, checking each widget that takes focus; then
    the screens beneath it, which must show no focus."""
    app = pilot.app
    screen = app.screen
    if app.focused is None:
        await pilot.press("tab")
        await settle(pilot)
    first = app.focused
    assert first is not None, f"nothing on {type(screen).__name__} takes focus"
    problems: list[str] = []
    seen: list[Widget] = []
    while (widget := app.focused) is not None and widget not in seen and len(seen) < 40:
        assert app.screen is screen, f"{name(widget)} left {type(screen).__name__}"
        seen.append(widget)
        problems += await check(pilot, widget)
        await pilot.press("tab")
        await settle(pilot)
    missed = [name(w) for w in screen.focus_chain if w not in seen]
    assert not missed, f"Tab never reached {missed}"
    for below in beneath(app):
        widget = below.focused
        assert widget is not None
        region = visible(widget)
        before = shown(app, region)
        below.set_focus(None)
        await settle(pilot)
        if shown(app, region) != before:
            problems.append(
                f"{name(widget)} on {type(below).__name__} shows focus through "
                f"{type(screen).__name__}\n" + "\n".join(before)
            )
    return problems


def beneath(app: Any) -> list[Screen[Any]]:
    """The screens drawn under the top one (under dialogs), with a focused widget."""
    drawn = []
    for upper, lower in zip(app.screen_stack[:0:-1], app.screen_stack[-2::-1], strict=True):
        if not isinstance(upper, ModalScreen):
            break
        drawn.append(lower)
    return [screen for screen in drawn if screen.focused is not None]


# --- The scenes -------------------------------------------------------------------------

Route = Callable[[Pilot[Any]], Awaitable[None]]


async def keys(pilot: Pilot[Any], *presses: str) -> None:
    for key in presses:
        await pilot.press(key)
        await settle(pilot)


async def journal_then(pilot: Pilot[Any], *presses: str) -> None:
    await unlock(pilot)
    await keys(pilot, *presses)


async def post(pilot: Pilot[Any], tab: str = "pick", picked: bool = False) -> None:
    await journal_then(pilot, "enter", "p")
    if picked:
        pilot.app.screen.query_one("#answers", OptionList).highlighted = 0
        await keys(pilot, "space")
    pilot.app.screen.query_one(TabbedContent).active = tab
    await settle(pilot)


async def ticked_and_yes(pilot: Pilot[Any]) -> None:
    """In the checklist: every box ticked, then Yes."""
    for box in pilot.app.screen.query("TickBox"):
        box.value = True  # type: ignore[attr-defined]
    await settle(pilot)
    await pilot.click("#yes")
    await settle(pilot)


async def thread_parts(pilot: Pilot[Any]) -> None:
    """The long answer alone, on X: a thread of parts, copied one at a time."""
    await post(pilot)
    answers = pilot.app.screen.query_one("#answers", OptionList)
    answers.highlighted = 2
    answers.focus()
    await keys(pilot, "space", "ctrl+o")
    await ticked_and_yes(pilot)


async def leave_post(pilot: Pilot[Any]) -> None:
    await post(pilot, "edit", picked=True)
    await keys(pilot, "escape")


async def writing(pilot: Pilot[Any]) -> None:
    await unlock(pilot)
    await start_flow(pilot, "conduct")


async def answer_review(pilot: Pilot[Any]) -> None:
    await writing(pilot)
    await type_text(pilot, "I kept texting Sarah after she said no.")
    await keys(pilot, "ctrl+r")


async def flow_review(pilot: Pilot[Any]) -> None:
    await writing(pilot)
    await type_text(pilot, "I kept texting her.")
    await keys(pilot, "ctrl+s")


async def checkin_choice(pilot: Pilot[Any]) -> None:
    await journal_then(pilot, "c")
    for text in ("Yes, at the weekend.", "I put the phone away."):
        await type_text(pilot, text)
        await keys(pilot, "ctrl+n")


async def offer(pilot: Pilot[Any]) -> None:
    await unlock(pilot)
    pilot.app.push_screen(OfferCommitmentModal())
    await settle(pilot)


SCENES: dict[str, Route] = {
    "unlock": settle,
    "recovery": lambda p: keys(p, "ctrl+r"),
    "writing": writing,
    "answer review": answer_review,
    "flow review": flow_review,
    "check-in choice": checkin_choice,
    "thread parts": thread_parts,
    "leave the post": leave_post,
    "offer commitment": offer,
}

#: Scenes a key or two from the journal, walked in one app run: the journal first, then
#: each of these, and Escape back to the journal (where the next starts, as after unlock).
FROM_THE_JOURNAL: dict[str, tuple[str, ...]] = {
    "delete": ("d",),
    "flow picker": ("n",),
    "entry": ("enter",),
    "commitments": ("m",),
    "close commitment": ("m", "x"),
    "settings": ("s",),
    "help": ("f1",),
    "support": ("u",),
    "looking back": ("y",),
    "palette": ("ctrl+p",),
}


async def back_to_the_journal(pilot: Pilot[Any]) -> None:
    from screens.home import HomeScreen

    for _ in range(3):
        if isinstance(pilot.app.screen, HomeScreen):
            break
        await keys(pilot, "escape")
    assert isinstance(pilot.app.screen, HomeScreen), pilot.app.screen
    # As after unlock: the walk beneath a dialog took focus off the list.
    pilot.app.screen.query_one(EntryList).focus()
    await settle(pilot)


@contextmanager
def scene_named(scene: str) -> Iterator[None]:
    """A failure inside says which scene it was."""
    try:
        yield
    except AssertionError as error:
        raise AssertionError(f"{scene}: {error}") from error


def say(found: dict[str, list[str]]) -> str:
    return "\n\n".join(f"[{scene}] {problem}" for scene, ps in found.items() for problem in ps)


@pytest.mark.parametrize("scene", SCENES)
async def test_focus_reads_without_colour(tmp_path: Path, frozen: Any, scene: str) -> None:
    app = make_app(journal(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await SCENES[scene](pilot)
        await settle(pilot)
        problems = await walk(pilot)
    assert not problems, "\n\n".join(problems)


async def test_focus_reads_without_colour_from_the_journal(tmp_path: Path, frozen: Any) -> None:
    """The journal, then each scene of ``FROM_THE_JOURNAL`` in turn."""
    app = make_app(journal(tmp_path / "vault.db"))
    found: dict[str, list[str]] = {}
    async with app.run_test(size=SIZE) as pilot:
        with scene_named("journal"):
            await unlock(pilot)
            await settle(pilot)
            found["journal"] = await walk(pilot)
            await back_to_the_journal(pilot)
        for scene, presses in FROM_THE_JOURNAL.items():
            with scene_named(scene):
                await keys(pilot, *presses)
                await settle(pilot)
                found[scene] = await walk(pilot)
                await back_to_the_journal(pilot)
    assert found.keys() == {"journal", *FROM_THE_JOURNAL}
    assert not any(found.values()), say(found)


async def test_focus_reads_without_colour_through_a_post(tmp_path: Path, frozen: Any) -> None:
    """The post screen's tabs, nothing picked and then the first answer picked; its
    checklist; then where the post is saved."""
    app = make_app(journal(tmp_path / "vault.db"))
    found: dict[str, list[str]] = {}
    async with app.run_test(size=SIZE) as pilot:
        with scene_named("post pick"):
            await post(pilot)
            await settle(pilot)
            found["post pick"] = await walk(pilot)
        for tab in ("edit", "review"):
            with scene_named(f"post {tab}"):
                if tab == "edit":  # as post(pilot, tab, picked=True) leaves it
                    pilot.app.screen.query_one("#answers", OptionList).highlighted = 0
                    pilot.app.screen.query_one("#answers", OptionList).focus()
                    await keys(pilot, "space")
                pilot.app.screen.query_one(TabbedContent).active = tab
                await settle(pilot)
                found[f"post {tab}"] = await walk(pilot)
        with scene_named("checklist"):
            pilot.app.screen.query_one(TabbedContent).active = "edit"
            await settle(pilot)
            await keys(pilot, "ctrl+t")
            await settle(pilot)
            found["checklist"] = await walk(pilot)
        with scene_named("save path"):
            await ticked_and_yes(pilot)
            await settle(pilot)
            found["save path"] = await walk(pilot)
    assert not any(found.values()), say(found)


@pytest.mark.parametrize("scene", ["journal", "commitments"])
async def test_focus_reads_without_colour_with_nothing_written(tmp_path: Path, scene: str) -> None:
    """An empty list shows its focus too (there is no row to mark)."""
    path = tmp_path / "vault.db"
    Vault.create(path, PASSPHRASE, insecure_kdf_for_tests=True)[0].close()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await (unlock(pilot) if scene == "journal" else journal_then(pilot, "m"))
        await settle(pilot)
        problems = await walk(pilot)
    assert not problems, "\n\n".join(problems)


async def test_first_run_focus_reads_without_colour(tmp_path: Path) -> None:
    app = make_app(tmp_path / "vault.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        problems = await walk(pilot)
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        problems += await walk(pilot)  # the recovery code, shown once
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("palette", ["commands", "themes"])
async def test_the_palette_marks_the_command_its_cursor_is_on(
    tmp_path: Path, frozen: Any, palette: str
) -> None:
    """The palette's list never has focus (its search box keeps it, and the arrows move
    the list's cursor from there), so the walk does not reach it: the command Enter
    would run is marked with the focus bar, and the mark follows the arrows."""
    app = make_app(journal(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        if palette == "commands":
            await keys(pilot, "ctrl+p")
        else:
            app.action_change_theme()  # Theme, in the palette
            await settle(pilot)
        commands = app.screen.query_one(CommandList)
        assert commands.option_count > 1 and commands.highlighted == 0
        problems = await check_cursor(pilot, commands, f"the {palette} palette's list")
        first = marked(shown(app, visible(commands)))
        await keys(pilot, "down")
        second = marked(shown(app, visible(commands)))
        assert first and second and max(first) < min(second), (first, second)
    assert not problems, "\n\n".join(problems)


async def test_the_theme_dropdown_opens_on_the_theme_in_use(tmp_path: Path, frozen: Any) -> None:
    """Its list opens with the theme in use marked, in view: also when that theme was
    chosen with Theme, in the palette, over Settings (the dropdown kept the one it was
    opened with, and its list opened on that one)."""
    app = make_app(journal(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await journal_then(pilot, "s")
        app.action_change_theme()  # Theme, in the palette
        await settle(pilot)
        await type_text(pilot, "nord")
        await keys(pilot, "enter")
        assert app.theme == "nord"
        dropdown = app.screen.query_one("#theme", Select)
        dropdown.focus()
        await keys(pilot, "enter")
        overlay = dropdown.query_one("SelectOverlay", OptionList)
        rows = shown(app, visible(overlay))
        assert [row.strip("│ ") for row in rows if FOCUS_BAR in row] == ["▎ nord"], "\n".join(rows)


CALM = "I will walk more, and keep the phone in a drawer at night."


async def test_a_review_with_nothing_found_stops_on_no_empty_list(tmp_path: Path) -> None:
    """With no findings the list holds nothing to pick or fix: Tab does not stop on
    it (an empty row with the focus bar), and going to the Review tab puts focus on
    Save, the first thing there is to do."""
    app = make_app(make_vault(tmp_path / "vault.db", [entry("Calm", CALM)]))
    async with app.run_test(size=SIZE) as pilot:
        await journal_then(pilot, "enter", "p")
        pilot.app.screen.query_one("#answers", OptionList).highlighted = 0
        await keys(pilot, "space", "ctrl+n", "ctrl+n")
        screen = app.screen
        assert screen.query_one(TabbedContent).active == "review"
        assert "found nothing" in "\n".join(screen_rows(app))
        assert app.focused is screen.query_one("#save")
        stops = []
        for _ in range(4):
            stops.append(name(app.focused) if app.focused else "nothing")
            await keys(pilot, "tab")
        assert "FindingsList#findings" not in stops, stops
        assert screen.query_one(TabbedContent).active == "review"


async def test_an_answer_review_with_nothing_found_gives_focus_to_done(tmp_path: Path) -> None:
    """The answer's review opens with focus on its findings; with none, Done has it."""
    app = make_app(make_vault(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await writing(pilot)
        await type_text(pilot, CALM)
        await keys(pilot, "ctrl+r")
        assert "found nothing" in "\n".join(screen_rows(app))
        assert app.focused is app.screen.query_one("#done")
        problems = await walk(pilot)
    assert not problems, "\n\n".join(problems)


#: Each scene's route, and its scrolling area beside other stops.
AREAS: dict[str, tuple[Route, str]] = {
    "writing": (writing, "#step-text"),
    "check-in choice": (checkin_choice, "#step-text"),
    "post pick": (post, "#pick-body"),
    "commitments": (lambda p: journal_then(p, "m"), "#commitment-detail"),
    "thread parts": (thread_parts, "#part-box"),
}


@pytest.mark.parametrize("scene", AREAS)
async def test_an_area_with_nothing_to_scroll_is_no_stop(
    tmp_path: Path, frozen: Any, scene: str
) -> None:
    """A scrolling area beside the boxes, lists and buttons of a screen is a Tab stop
    only while it has something to scroll to: where all of it fits, the stop showed a
    bar and nothing else, and the arrows did nothing there."""
    app = make_app(journal(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        route, selector = AREAS[scene]
        await route(pilot)
        await settle(pilot)
        area = app.screen.query_one(selector, VerticalScroll)
        assert area.max_scroll_y == 0  # all of it fits, at 80x24
        assert area not in app.screen.focus_chain
        area.styles.height = 3  # now it has more than fits
        await settle(pilot)
        assert area in app.screen.focus_chain


@pytest.mark.parametrize("size", [SIZE, (100, 40)])
async def test_a_first_run_page_is_a_stop_only_with_more_than_fits(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """The welcome and the recovery code scroll where the terminal is too small for
    them: the page is a Tab stop (with its focus bar) only while there is more of it
    than fits, so that Tab never stops where neither a bar nor the arrows do anything."""
    app = make_app(tmp_path / "vault.db")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        stops = {"welcome": page_stop(app)}
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        stops["recovery code"] = page_stop(app)
    assert all(scrolls == stop for scrolls, stop in stops.values()), stops
    # At 80x24 the welcome is taller than the terminal, and the recovery code fits.
    if size == SIZE:
        assert stops == {"welcome": (True, True), "recovery code": (False, False)}


async def test_a_message_under_the_welcome_s_button_is_in_view(tmp_path: Path) -> None:
    """The page is no stop where little of it is out of view, so nothing else scrolls
    to what it says below Create: it scrolls into view when said."""
    (tmp_path / "a-file").write_text("")
    app = make_app(tmp_path / "a-file" / "vault.db")  # no folder can be made there
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(2):
            await type_text(pilot, PASSPHRASE)
            await pilot.press("enter")
        await settle(pilot)
        message = app.screen.query_one("#create-message", Static)
        said = str(message.render()).strip()
        assert said
        assert said.split()[0] in "\n".join(screen_rows(app)[:-1]), "\n".join(screen_rows(app))


def page_stop(app: Any) -> tuple[bool, bool]:
    """Whether the screen's page has more than fits, and whether it is a Tab stop."""
    page = app.screen.query_one(VerticalScroll)
    return page.max_scroll_y > 0, page in app.screen.focus_chain


@pytest.mark.parametrize("where", ["journal", "post"])
async def test_a_click_outside_an_open_dropdown_closes_it(
    tmp_path: Path, frozen: Any, where: str
) -> None:
    """As in any app: a click on the title (nothing there takes focus) closes an open
    dropdown, focus staying on it (or going back to the list, after k); a click on it
    opens it again."""
    app = make_app(journal(tmp_path / "vault.db"))
    async with app.run_test(size=SIZE) as pilot:
        if where == "journal":
            await journal_then(pilot, "k")
            select, title = app.screen.query_one("#kind", Select), "#home-title"
        else:
            await post(pilot)
            select, title = app.screen.query_one("#platform", Select), "#post-title"
            select.focus()
            await keys(pilot, "enter")
        assert select.expanded
        await pilot.click(title)
        await settle(pilot)
        assert not select.expanded
        assert select.has_focus or where == "journal"  # k gives focus back to the list
        await pilot.click(select)
        await settle(pilot)
        assert select.expanded
