"""Drafting a post from an entry: pick, edit and preview, review, then save or copy.

Three tabs, so it works at 80×24: "Pick" (answers, platform, hashtags),
"Edit & preview" (the text, redacted by default, and its parts with a counter
each) and "Review" (both checks, each with a one-key fix; none blocks). Saving
or copying goes through the checklist first.

The post is never stored: it lives in the editor until the user writes it to a
file he names (mode 0600) or copies it. Composing, analysing and writing run in
workers, which return values and never touch a widget; a result that a later
change has overtaken is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Input,
    Select,
    SelectionList,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
)

from journal.errors import AmendsError
from journal.models import Entry
from journal.post_checklist import DEFAULT_WAIT, is_fresh
from journal.posts import (
    PRESET_HASHTAGS,
    Platform,
    apply_fix,
    redact,
    strip_controls,
)
from screens import keys
from screens.base import JournalScreen
from screens.post_checklist import PostChecklist, Purpose, SavePathModal
from screens.post_state import (
    DEFAULT_PLATFORM,
    MASTODON_LIMIT,
    Analysis,
    Composition,
    analyse,
    compose,
    findings_summary,
    parse_hashtags,
    platform_choices,
    platform_for,
    save,
    thread_text,
)
from screens.text import one_line, safe, sentence
from screens.widgets.findings import FindingsList
from screens.widgets.post_editor import SafeTextArea, set_text
from screens.widgets.post_picks import PickList, answer_choices
from screens.widgets.post_preview import PostPreview
from screens.widgets.tick_box import TickBox

TABS = ("pick", "edit", "review")
#: The widget each tab focuses when it is shown.
TAB_FOCUS = {"pick": "#answers", "edit": "#post-text", "review": "#findings"}

NOTHING_PICKED = "Pick one or more answers on the Pick tab; the text appears here to edit."
PRIVATE = "This text stays on this screen: amends doesn't keep it. Save or copy it when ready."
KEPT = "Identifying details are kept as written; the Review tab points them out."
EDITED = (
    "You have changed the text by hand, so the new picks were not put in. "
    "“Compose again” does it (Ctrl+Z undoes)."
)
NOTHING_TO_SEND = "There is no text yet: pick an answer, or write the post."
NO_ANSWERS = "This entry has no answer that can go in a post."


def replaced_note(replaced: int) -> str:
    if replaced == 1:
        return "1 identifying detail replaced with a stand-in (to keep it: Pick tab)."
    return f"{replaced} identifying details replaced with stand-ins (to keep them: Pick tab)."


class PostDraftScreen(JournalScreen[None]):
    BINDINGS = keys.POST_DRAFT

    def __init__(self, entry: Entry, *, now: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self._entry: Entry | None = entry
        self._now = now or (lambda: datetime.now(UTC))
        #: The text last put in the editor by composing; "" before any pick.
        self._composed = ""
        self._replaced = 0
        self._compose_request = 0
        self._analysis_request = 0
        self._analysis: Analysis | None = None
        #: Whether there are findings, and identifying ones: what f and F can do.
        self._fixable = (False, False)

    @property
    def entry(self) -> Entry:
        if self._entry is None:
            raise RuntimeError("the journal is locked")
        return self._entry

    # Layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        title = one_line(self.entry.display_title())
        yield Static(safe(f"Draft a post · {title}"), id="post-title")
        with TabbedContent(id="post-tabs", initial="pick"):
            with TabPane("1 Pick", id="pick"), VerticalScroll(id="pick-body"):
                yield from self._pick_widgets()
            with TabPane("2 Edit & preview", id="edit"):
                yield Static(NOTHING_PICKED, id="edit-note", markup=False)
                yield SafeTextArea(id="post-text", soft_wrap=True, tab_behavior="focus")
                yield PostPreview(id="preview")
            with TabPane("3 Review", id="review"):
                yield Static(id="review-summary", markup=False)
                yield FindingsList(id="findings")
                yield Static(id="review-notes", markup=False, classes="review-notes")
                with Horizontal(classes="post-buttons"):
                    yield Button("Save as a file…", id="save", compact=True)
                    yield Button("Copy…", id="copy", compact=True)
        yield Static(id="post-status", markup=False)
        yield Footer()

    def _pick_widgets(self) -> ComposeResult:
        yield Static("Answers to put in the post", classes="post-label")
        yield PickList(*answer_choices(self.entry.answers), id="answers")
        yield Static(NO_ANSWERS, id="no-answers", markup=False)
        with Horizontal(classes="post-row"):
            yield Static("Platform", classes="post-label")
            yield Select(
                platform_choices(),
                value=DEFAULT_PLATFORM,
                allow_blank=False,
                compact=True,
                id="platform",
            )
            yield Static("Limit", id="limit-label", classes="post-label")
            yield Input(str(MASTODON_LIMIT), type="integer", compact=True, id="limit")
        yield Static("Hashtags", classes="post-label")
        with Horizontal(id="presets"):
            for index, tag in enumerate(PRESET_HASHTAGS):
                yield TickBox(Content(tag), compact=True, id=f"tag-{index}")
        yield Input(placeholder="Your own, e.g. #WhatIWillDo", compact=True, id="own-tags")
        yield TickBox(
            Content("Keep names and other identifying details as written"),
            compact=True,
            id="keep",
        )
        yield Button("Compose again from the picks", compact=True, id="recompose")

    def on_mount(self) -> None:
        answers = self.query_one("#answers", SelectionList)
        exportable = any(not option.disabled for option in answers.options)
        self.query_one("#no-answers").display = not exportable
        self.query_one("#recompose").display = False
        self._show_limit()
        self._analyse()
        answers.focus()

    # Reacting to the picks -----------------------------------------------------------
    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[int]) -> None:
        event.stop()
        self._compose_post()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._compose_post()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id == "own-tags":
            self._compose_post()
        elif event.input.id == "limit":
            self._analyse()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._show_limit()
        self._analyse()

    def on_text_area_changed(self, event: SafeTextArea.Changed) -> None:
        event.stop()
        self._show_edited()
        self._analyse()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "recompose":
            self._compose_post(force=True)
        elif event.button.id == "save":
            self.action_save()
        elif event.button.id == "copy":
            self.action_copy()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """A tab was shown: focus its main widget, unless focus is in it already or the
        user is moving along the tab bar."""
        event.stop()
        focused = self.focused
        if not isinstance(focused, Tabs) and (
            focused is None or event.pane not in focused.ancestors
        ):
            self.query_one(TAB_FOCUS[event.pane.id or "pick"], Widget).focus()
        self.refresh_bindings()

    @property
    def text(self) -> str:
        return self.query_one("#post-text", SafeTextArea).text

    @property
    def edited(self) -> bool:
        """Whether the text differs from what was last composed from the picks."""
        return self.text != self._composed

    def _show_limit(self) -> None:
        mastodon = self.query_one("#platform", Select).value == "mastodon"
        self.query_one("#limit").display = mastodon
        self.query_one("#limit-label").display = mastodon

    def _show_edited(self) -> None:
        self.query_one("#recompose").display = self.edited and bool(self.text.strip())

    # Composing -----------------------------------------------------------------------
    def _compose_post(self, *, force: bool = False) -> None:
        if self.edited and self.text.strip() and not force:
            self._status(EDITED)
            self._show_edited()
            return
        presets = [
            tag
            for index, tag in enumerate(PRESET_HASHTAGS)
            if self.query_one(f"#tag-{index}", Checkbox).value
        ]
        tags, problem = parse_hashtags(presets, self.query_one("#own-tags", Input).value)
        self._status(sentence(problem) if problem else "")
        picked = set(self.query_one("#answers", SelectionList).selected)
        entry = self.entry
        step_ids = [a.step_id for i, a in enumerate(entry.answers) if i in picked]
        keep = self.query_one("#keep", Checkbox).value
        self._compose_request += 1
        request = self._compose_request
        self.run_thread(
            lambda: compose(entry, step_ids, tags, keep_details=keep),
            lambda result: self._composed_text(request, result, force=force),
            self._failed,
            group="compose",
        )

    def _composed_text(self, request: int, result: Composition, *, force: bool) -> None:
        if request != self._compose_request:
            return
        if self.edited and self.text.strip() and not force:
            self._status(EDITED)
            return
        self._composed = result.text
        self._replaced = result.replaced
        area = self.query_one("#post-text", SafeTextArea)
        set_text(area, result.text)
        area.move_cursor((0, 0))
        area.scroll_home(animate=False)
        self._show_edited()
        self._note()

    def _note(self) -> None:
        keep = self.query_one("#keep", Checkbox).value
        if not self._composed and not self.text.strip():
            note = NOTHING_PICKED
        elif keep:
            note = KEPT
        elif self._replaced:
            note = replaced_note(self._replaced)
        else:
            note = PRIVATE
        self.query_one("#edit-note", Static).update(note)

    # Analysing ------------------------------------------------------------------------
    def _analyse(self) -> None:
        name = self.query_one("#platform", Select).value
        limit = self.query_one("#limit", Input).value
        platform, problem = platform_for(str(name), limit)
        if problem:
            self._status(problem)
        text = self.text
        self._analysis_request += 1
        request = self._analysis_request
        self.run_thread(
            lambda: analyse(text, platform),
            lambda result: self._analysed(request, result),
            self._failed,
            group="analysis",
        )

    def _analysed(self, request: int, analysis: Analysis) -> None:
        if request != self._analysis_request:
            return
        self._analysis = analysis
        self.query_one(PostPreview).show(analysis)
        findings = () if analysis.empty else analysis.findings
        self.query_one(FindingsList).show(findings)
        notes = "" if analysis.empty else "\n".join(analysis.notes)
        self.query_one("#review-notes", Static).update(notes)
        summary = NOTHING_TO_SEND if analysis.empty else findings_summary(findings)
        self.query_one("#review-summary", Static).update(summary)
        fixable = (
            any(f.fixable or f.check == "care" for f in findings),
            any(f.check == "identifying" for f in findings),
        )
        if fixable != self._fixable:  # the footer is rebuilt only when f or F comes or goes
            self._fixable = fixable
            self.refresh_bindings()

    # Fixing ---------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        on_review = self.query_one(TabbedContent).active == "review"
        if action == "fix":
            current = self.query_one(FindingsList).current
            return (
                on_review and current is not None and (current.fixable or current.check == "care")
            )
        if action == "fix_identifying":
            findings = self._analysis.findings if self._analysis else ()
            return on_review and any(f.check == "identifying" for f in findings)
        return True

    def action_fix(self) -> None:
        finding = self.query_one(FindingsList).current
        if finding is None or finding.acknowledged:
            return
        if finding.check == "care":
            self.action_resources()
            return
        try:
            fixed = apply_fix(self.text, finding)
        except ValueError:
            self._status("The text changed since the review; it has been reviewed again.")
            self._analyse()
            return
        self._change_text(fixed)

    def action_fix_identifying(self) -> None:
        self._change_text(redact(self.text))

    def _change_text(self, text: str) -> None:
        set_text(self.query_one("#post-text", SafeTextArea), text)
        self._status("Changed. Ctrl+Z on the Edit tab undoes it.")

    def action_resources(self) -> None:
        self.amends.action_resources()

    # Tabs -------------------------------------------------------------------------------
    def action_next_tab(self) -> None:
        self._step_tab(1)

    def action_previous_tab(self) -> None:
        self._step_tab(-1)

    def _step_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        index = TABS.index(tabs.active or "pick")
        tabs.active = TABS[(index + step) % len(TABS)]

    # Leaving the journal: save or copy ----------------------------------------------------
    def action_save(self) -> None:
        self._check_first("save")

    def action_copy(self) -> None:
        self._check_first("copy")

    def _check_first(self, purpose: Purpose) -> None:
        if not self.text.strip():
            self._status(NOTHING_TO_SEND)
            return
        # The wait counts from the last edit: an old entry edited today is fresh again.
        hours = self.amends.preferences.wait_hours if self.amends.preferences else None
        wait = timedelta(hours=hours) if hours else DEFAULT_WAIT
        fresh = is_fresh(self.entry.updated_at, self._now(), wait)
        self.app.push_screen(
            PostChecklist(purpose, fresh=fresh, wait=wait), lambda yes: self._checked(purpose, yes)
        )

    def _checked(self, purpose: Purpose, yes: bool | None) -> None:
        if not yes:
            return
        if purpose == "save":
            self.app.push_screen(SavePathModal(), self._save_to)
            return
        text, platform = self.text, self._platform()
        self.run_thread(lambda: thread_text(text, platform), self._copy, self._failed)

    def _save_to(self, path: Path | None) -> None:
        if path is None:
            return
        text, platform = self.text, self._platform()
        self._status("Saving…")
        self.run_thread(lambda: save(path, text, platform), self._saved, self._failed)

    def _saved(self, path: Path) -> None:
        self._status(f"Saved to {path}; only your user account can read it.")

    def _copy(self, text: str) -> None:
        self.amends.copy_to_system_clipboard(strip_controls(text))
        self._status("Copied. Other programs can read the clipboard until amends locks or quits.")

    def _platform(self) -> Platform:
        name = self.query_one("#platform", Select).value
        return platform_for(str(name), self.query_one("#limit", Input).value)[0]

    def _failed(self, error: AmendsError) -> None:
        self._status(sentence(error.message))

    def _status(self, message: str) -> None:
        self.query_one("#post-status", Static).update(message)

    def action_back(self) -> None:
        self.dismiss(None)

    def forget(self) -> None:
        self._entry = None
        self._analysis = None
        self._composed = ""
