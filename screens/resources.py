"""Support services, from the dated offline list (``journal.resources``).

The first time, it asks where he lives (remembered in the vault's sealed
preferences record, never in the plaintext settings file) and then shows that
region first; every other region is one key away. Locked, it still asks, but the
answer holds only for that visit: nothing can be saved without the key. It says
which regions it doesn't cover and where to look instead, and the limits of the
services' confidentiality. The list holds no journal text, so it is reachable
when the journal is locked too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from journal.errors import AmendsError
from screens import keys, styles
from screens.base import Result, WorkFailed, fresh
from screens.text import MUTED, safe, sentence
from screens.widgets.cursor_bar import CursorBar
from screens.widgets.fitted_footer import FittedFooter

if TYPE_CHECKING:
    from journal.models import Preferences
    from journal.resources import Resources
    from screens.app import AmendsApp

NOT_ADVICE = "amends is not therapy and gives no legal advice."
ASK = "Where do you live? Support shows that region's services first."
ELSEWHERE = "elsewhere"


def load() -> Resources:
    from journal.resources import load_resources

    return load_resources()


def describe(resources: Resources, regions: list[str]) -> Content:
    """The chosen regions' services, then what the list can't cover and its limits."""
    from journal.resources import KINDS, describe_item

    note = resources.note
    if "therapy" not in note.casefold():
        note = f"{note} {NOT_ADVICE}"
    parts: list[Content] = [safe(f"{note}\n")]
    for code in regions:
        region = resources.region(code)
        parts.append(safe(f"\n{region.name}\n", "bold underline"))
        # Every kind the region lacks is said under its own heading, where he looks for it.
        for section in resources.sections(code):
            parts.append(safe(f"\n{KINDS[section.kind]}\n", "bold italic"))
            for item in section.items:
                name, contact, audience, checked = describe_item(item)
                parts.append(safe(f"\n{name}\n", "bold"))
                parts.append(safe(f"{contact}\n", "$accent"))
                parts.append(safe(f"{audience}\n"))
                style = MUTED if item.confirmed else "$text-warning"
                parts.append(safe(f"{checked}\n", style))
            if section.missing:
                parts.append(safe(f"\nNot listed: {section.missing}\n", "italic"))
        if region.other:
            parts.append(safe(f"\nNot listed: {region.other}\n", "italic"))
    parts.append(safe(f"\nConfidentiality: {resources.confidentiality}\n"))
    covered = ", ".join(r.name for r in resources.regions)
    parts.append(safe(f"\nCovered: {covered}. {resources.not_covered}\n"))
    return Content("").join(parts)


class ResourcesLoaded(Result):
    """The support list, and the vault's preferences when the journal is unlocked."""

    def __init__(self, resources: Resources, preferences: Preferences | None) -> None:
        super().__init__()
        self.resources = resources
        self.preferences = preferences


class ResourcesFailed(WorkFailed):
    """The support list couldn't be loaded."""


class ResourcesScreen(Screen[None]):
    CSS_PATH = styles.SCREENS
    BINDINGS = keys.RESOURCES

    def __init__(self) -> None:
        super().__init__()
        self._resources: Resources | None = None
        #: The vault's preferences (None while locked: nothing can be saved).
        self._preferences: Preferences | None = None
        #: The region he chose, or None if never asked.
        self._region: str | None = None
        self._all = False
        self._asking = False

    @property
    def amends(self) -> AmendsApp:
        """The app, typed."""
        return cast("AmendsApp", self.app)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="resources"):
            yield Static("Support", classes="title")
            yield Static(ASK, id="region-question", markup=False)
            yield CursorBar(id="regions")
            yield Static("Loading…", id="resource-list", markup=False)
        yield FittedFooter(keys.RESOURCES_FOOTER)

    def on_mount(self) -> None:
        self.query_one("#region-question").display = False
        self.query_one("#regions").display = False
        self.query_one("#resources").focus()
        self._load(self.amends.preferences)

    @work(thread=True, exclusive=True, group="resources", exit_on_error=False,
          description="load the support list")  # fmt: skip
    def _load(self, known: Preferences | None) -> None:
        """Worker: the packaged list, and (unlocked) the vault's preferences record."""
        try:
            resources = load()
            session = self.amends.session
            if known is None and session.is_unlocked:
                known = session.vault.preferences()
        except AmendsError as error:
            self.post_message(ResourcesFailed(error))
            return
        self.post_message(ResourcesLoaded(resources, known))

    @on(ResourcesLoaded)
    def _loaded(self, message: ResourcesLoaded) -> None:
        if not fresh(message):
            return
        resources = self._resources = message.resources
        self._preferences = message.preferences if self.amends.session.is_unlocked else None
        if self._preferences is not None:
            self._region = self._preferences.region
        known = {r.code for r in resources.regions} | {ELSEWHERE}
        if self._region not in known:
            self.action_choose_region()
        else:
            self._show()

    def _show(self) -> None:
        resources = self._resources
        if resources is None:
            return
        self._asking = False
        self.query_one("#region-question").display = False
        self.query_one("#regions").display = False
        mine = self._region
        codes = [r.code for r in resources.ordered(mine)]
        if not self._all and mine in codes:
            codes = [mine]
        shown = describe(resources, codes)
        if not self._all and mine not in codes:  # "somewhere else": say so first
            shown = Content("").join([safe(f"{resources.not_covered}\n\n"), shown])
        listed = self.query_one("#resource-list", Static)
        listed.display = True
        listed.update(shown)
        self.query_one("#resources").focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "Somewhere else" has no region of its own: every region shows, so no toggle.
        elsewhere = self._region == ELSEWHERE
        if action == "all_regions":
            return not self._all and not self._asking and not elsewhere
        if action == "my_region":
            return self._all and not self._asking and not elsewhere
        if action == "choose_region":
            return not self._asking and self._resources is not None
        return True

    def action_all_regions(self) -> None:
        self._all = True
        self._show()

    def action_my_region(self) -> None:
        self._all = False
        self._show()

    def action_choose_region(self) -> None:
        resources = self._resources
        if resources is None:
            return
        self._asking = True
        options = [Option(Content(r.name), id=r.code) for r in resources.regions]
        options.append(Option(Content("Somewhere else"), id=ELSEWHERE))
        regions = self.query_one("#regions", OptionList)
        regions.clear_options()
        regions.add_options(options)
        regions.highlighted = 0
        self.query_one("#region-question").display = True
        regions.display = True
        self.query_one("#resource-list").display = False
        regions.focus()
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._region = event.option.id
        preferences = self._preferences
        if preferences is not None and self.amends.session.is_unlocked:
            self.amends.save_preferences(preferences.model_copy(update={"region": self._region}))
        # "Somewhere else" shows every region after what to look for where none is listed.
        self._all = False
        self._show()

    @on(ResourcesFailed)
    def _failed(self, message: ResourcesFailed) -> None:
        text = f"The support list couldn't be loaded: {sentence(message.error.message)}"
        self.query_one("#resource-list", Static).update(text)

    def action_close(self) -> None:
        self.dismiss()
