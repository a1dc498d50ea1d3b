"""Drafting a post from an entry: pick, edit and preview, review, then save or copy.

Three tabs, so it works at 80×24: "Pick" (answers, platform, hashtags),
"Edit & preview" (the text, redacted by default, and its parts with a counter
each) and "Review" (both checks, each with a one-key fix; none blocks). Saving
or copying goes through the checklist first.

A post in progress is a draft like any other: autosaved encrypted in the vault
(a ``PostDraft``, one per entry) a couple of seconds after a change, at once on
Ctrl+S, on lock and on quit; offered back when he drafts a post from the same
entry again; and leaving with changes asks first. In the clear it goes only to
a file he names (mode 0600) or to the clipboard when he asks. Composing,
analysing and writing run in workers, which never touch a widget; a result that
a later change has overtaken is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Select,
    SelectionList,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
    TextArea,
)

from journal.models import Entry, PostDraft, new_id
from journal.post_checklist import DEFAULT_WAIT, is_fresh
from journal.posts import (
    PLATFORMS,
    PRESET_HASHTAGS,
    Platform,
    apply_fix,
    redact,
    strip_controls,
)
from journal.posts.drafts import work_of
from journal.posts.state import (
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
    thread_parts,
    thread_text,
)
from screens import keys
from screens.autosave import Autosaver
from screens.base import DraftWritten, JournalScreen, Result, WorkFailed
from screens.confirm import ChoiceModal
from screens.post_checklist import PostChecklist, Purpose, SavePathModal
from screens.post_dialogs import (
    LEAVE,
    LEAVE_CHOICES,
    RESUME,
    RESUME_CHOICES,
    RESUME_NOTE,
    SENT,
    SENT_CHOICES,
    START_OVER,
    START_OVER_CHOICES,
)
from screens.post_parts import Outcome, ThreadPartsModal
from screens.text import one_line, safe, sentence, when
from screens.widgets.dropdown import Dropdown
from screens.widgets.findings import FindingsList
from screens.widgets.fitted_footer import FittedFooter
from screens.widgets.page import Page
from screens.widgets.post_editor import SafeTextArea, set_text
from screens.widgets.post_picks import PickList
from screens.widgets.post_preview import PostPreview
from screens.widgets.status_line import StatusLine
from screens.widgets.tick_box import TickBox

if TYPE_CHECKING:
    from journal.vault import Vault

TABS = ("pick", "edit", "review")
#: The widget each tab focuses when it is shown.
TAB_FOCUS = {"pick": "#answers", "edit": "#post-text", "review": "#findings"}

CHECKED_ALREADY = "You went through the checklist for this text already, so it isn't asked again."
NOTHING_PICKED = "Pick one or more answers on the Pick tab; the text appears here to edit."
PRIVATE = "Kept as an encrypted draft in your journal; it leaves only when you save or copy it."
KEPT = "Identifying details are kept as written; the Review tab points them out."
EDITED = (
    "You have changed the text by hand, so the new picks were not put in. "
    "“Compose again” does it (Ctrl+Z undoes)."
)
NOTHING_TO_SEND = "There is no text yet: pick an answer, or write the post."
COMPOSING = "Putting the post together… the checklist opens once it's ready."
NO_ANSWERS = "This entry has no answer that can go in a post."
NOTHING_TO_KEEP = "Nothing to save yet: pick an answer, or write the post."
RESUMED = "Your post draft is back as you left it."
DRAFT_SAVED = "Draft saved, encrypted"
SAVING = "Saving the draft…"


class PostDraftFound(Result):
    """The entry's saved post draft, if it has one."""

    def __init__(self, draft: PostDraft | None) -> None:
        super().__init__()
        self.draft = draft


class PostDraftSaved(Result):
    """Ctrl+S or "Keep the draft": the draft is in the vault (``leave``: then leave)."""

    def __init__(self, *, leave: bool) -> None:
        super().__init__()
        self.leave = leave


class PostDraftDiscarded(Result):
    """ "Discard it": the draft is gone from the vault; leave."""


class PostDraftNotSaved(WorkFailed):
    """Writing or deleting the post draft failed."""


class PostWorkFailed(WorkFailed):
    """Composing, analysing, copying or saving as a file failed."""


class ComposeFailed(PostWorkFailed):
    """Composing the post from the picks failed."""


class Composed(Result):
    def __init__(self, composition: Composition, *, force: bool) -> None:
        super().__init__()
        self.composition = composition
        self.force = force


class Analysed(Result):
    def __init__(self, analysis: Analysis) -> None:
        super().__init__()
        self.analysis = analysis


class Split(Result):
    """The post's parts as posted, to send after the checklist for ``purpose``."""

    def __init__(self, purpose: Purpose, parts: tuple[str, ...]) -> None:
        super().__init__()
        self.purpose: Purpose = purpose
        self.parts = parts


class ReadyToCopy(Result):
    """The post as copied: its parts, numbered."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class SavedAsFile(Result):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


def replaced_note(replaced: int) -> str:
    if replaced == 1:
        return "1 identifying detail replaced with a stand-in (to keep it: Pick tab)."
    return f"{replaced} identifying details replaced with stand-ins (to keep them: Pick tab)."


class PostDraftScreen(JournalScreen[None]):
    BINDINGS = keys.POST_DRAFT

    #: Seconds after the last change before the draft is autosaved.
    AUTOSAVE_SECONDS = 2.0
    #: Seconds "Your post draft is back…" stays, if he changes nothing meanwhile.
    RESUMED_SECONDS = 8.0

    def __init__(
        self,
        entry: Entry,
        *,
        now: Callable[[], datetime] | None = None,
        autosave_seconds: float | None = None,
    ) -> None:
        super().__init__()
        self._entry: Entry | None = entry
        self._autosave_seconds = autosave_seconds or self.AUTOSAVE_SECONDS
        #: Made again on mount, on the app's clock (a fake one in tests).
        self.autosaver = Autosaver(self._autosave_seconds)
        self._timer: Timer | None = None
        #: The record this post is saved as: the entry's saved post draft's id, if it has one.
        self._draft_id = new_id()
        #: His work as last seen: a change is counted only when it differs.
        self._work: dict[str, object] = {}
        self._now = now or (lambda: datetime.now(UTC))
        #: The text last put in the editor by composing; "" before any pick.
        self._composed = ""
        self._replaced = 0
        self._analysis: Analysis | None = None
        #: Whether there are findings, and identifying ones: what f and F can do.
        self._fixable = (False, False)
        #: The entry's saved post draft, found when the screen opened (None: it had none).
        self._found: PostDraft | None = None
        #: The status line's message now.
        self._shown = ""
        #: When "Your post draft is back…" was shown, on the app's clock.
        self._resumed_at = 0.0
        #: Whether a composition from the picks is on its way (the editor is not up to date).
        self._composing = False
        #: Save or copy, asked for while composing: the checklist opens once it is done.
        self._queued: Purpose | None = None
        #: The text the checklist was last gone through for: saving or copying that same
        #: text again doesn't ask again (every box, for every copy, was too heavy to heed).
        self._checked_text: str | None = None
        #: How the post last left amends ("saved as a file", "copied, part by part"...).
        self._sent = ""

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
            with TabPane("1 Pick", id="pick"), Page(id="pick-body"):
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
        yield StatusLine(id="post-status")
        # Without the palette's hint (Ctrl+P still opens it; Help lists it): room at 80
        # columns for "^t Save as a file" beside "f1 Help".
        yield FittedFooter(keys.POST_DRAFT_FOOTER)

    def _pick_widgets(self) -> ComposeResult:
        yield Static("Answers to put in the post", classes="post-label")
        yield PickList(self.entry.answers, id="answers")
        yield Static(NO_ANSWERS, id="no-answers", markup=False)
        with Horizontal(classes="post-row"):
            yield Static("Platform", classes="post-label")
            yield Dropdown(
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
        self.autosaver = Autosaver(self._autosave_seconds, self.amends.clock)
        self._work = work_of(self.post_draft())
        self._find_saved(self.vault, self.entry.id)

    # Reacting to the picks -----------------------------------------------------------
    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[int]) -> None:
        event.stop()
        self._changed()
        self._compose_post()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._changed()
        self._compose_post()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._changed()
        if event.input.id == "own-tags":
            self._compose_post()
        elif event.input.id == "limit":
            self._analyse()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._changed()
        self._show_limit()
        self._analyse()

    def on_text_area_changed(self, event: SafeTextArea.Changed) -> None:
        event.stop()
        self._changed()
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
            self._tab_focus(event.pane.id or "pick").focus()
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
        self._composing = True
        self._compose_in_worker(entry, step_ids, tags, keep, force)

    @work(thread=True, exclusive=True, group="compose", exit_on_error=False,
          description="compose post")  # fmt: skip
    def _compose_in_worker(
        self, entry: Entry, step_ids: list[str], tags: list[str], keep: bool, force: bool
    ) -> None:
        try:
            result = compose(entry, step_ids, tags, keep_details=keep)
        except Exception as error:
            self.post_message(ComposeFailed(error))
            return
        self.post_message(Composed(result, force=force))

    @on(Composed)
    def _composed_text(self, event: Composed) -> None:
        """The newest composition (an older one was dropped: ``Result.stale``)."""
        result, force = event.composition, event.force
        if self._entry is None:
            return
        self._composing = False
        if self.edited and self.text.strip() and not force:
            self._status(EDITED)
            self._send_queued()
            return
        self._composed = result.text
        self._replaced = result.replaced
        area = self.query_one("#post-text", SafeTextArea)
        set_text(area, result.text)
        area.move_cursor((0, 0))
        area.scroll_home(animate=False)
        self._show_edited()
        self._note()
        self._changed()
        self._send_queued()

    def _send_queued(self) -> None:
        """Ctrl+T or Ctrl+O came while composing: go on with it now the text is there."""
        purpose, self._queued = self._queued, None
        if purpose is not None:
            self._status("")
            self._check_first(purpose)

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
        self._analyse_in_worker(self.text, platform)

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False,
          description="analyse post")  # fmt: skip
    def _analyse_in_worker(self, text: str, platform: Platform) -> None:
        try:
            analysis = analyse(text, platform)
        except Exception as error:
            self.post_message(PostWorkFailed(error))
            return
        self.post_message(Analysed(analysis))

    @on(Analysed)
    def _analysed(self, event: Analysed) -> None:
        """The newest analysis (an older one was dropped: ``Result.stale``)."""
        if self._entry is None:
            return
        analysis = event.analysis
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
        tabs.active = shown = TABS[(index + step) % len(TABS)]
        # Focus moves with the tab, at once. Left to the TabActivated handler it could come
        # after the old tab's focused widget was hidden, and Textual passes focus from a
        # hidden widget to a sibling, in the hidden pane: TabbedContent then showed that
        # pane again, and Ctrl+N or Ctrl+B did nothing (seen on a loaded machine).
        self.set_focus(self._tab_focus(shown))

    def _tab_focus(self, tab: str) -> Widget:
        """The widget a tab's focus goes to: its main one, but Save on a review with no
        findings (an empty list takes no focus)."""
        widget = self.query_one(TAB_FOCUS[tab], Widget)
        return widget if widget.allow_focus() else self.query_one("#save", Widget)

    # Leaving the journal: save or copy ----------------------------------------------------
    def action_save(self) -> None:
        self._check_first("save")

    def action_copy(self) -> None:
        self._check_first("copy")

    def _check_first(self, purpose: Purpose) -> None:
        if self._composing:  # the post as he picked it, not the text from before
            self._queued = purpose
            self._status(COMPOSING)
            return
        if not self.text.strip():
            self._status(NOTHING_TO_SEND)
            return
        # The wait counts from the last edit: an old entry edited today is fresh again.
        hours = self.amends.preferences.wait_hours if self.amends.preferences else None
        wait = timedelta(hours=hours) if hours else DEFAULT_WAIT
        if self.text == self._checked_text:
            self.app.notify(CHECKED_ALREADY, markup=False)  # the status line says what happens
            self._split(purpose, self.text, self._platform())
            return
        fresh = is_fresh(self.entry.updated_at, self._now(), wait)
        text = self.text
        self.app.push_screen(
            PostChecklist(purpose, fresh=fresh, wait=wait),
            lambda yes: self._checked(purpose, text, yes),
        )

    def _checked(self, purpose: Purpose, text: str, yes: bool | None) -> None:
        if yes:
            self._checked_text = text
            self._split(purpose, text, self._platform())

    @work(thread=True, exclusive=True, group="split", exit_on_error=False,
          description="split post")  # fmt: skip
    def _split(self, purpose: Purpose, text: str, platform: Platform) -> None:
        try:
            parts = thread_parts(text, platform)
        except Exception as error:
            self.post_message(PostWorkFailed(error))
            return
        self.post_message(Split(purpose, parts))

    @on(Split)
    def _split_done(self, event: Split) -> None:
        """A thread goes one part at a time (or whole, if he says); one part goes as it is."""
        if self._entry is None:
            return
        if len(event.parts) > 1:
            self.app.push_screen(
                ThreadPartsModal(event.parts, event.purpose),
                lambda outcome: self._parts_done(event.purpose, outcome),
            )
        else:
            self._send_whole(event.purpose)

    def _parts_done(self, purpose: Purpose, outcome: Outcome | None) -> None:
        if outcome == "whole":
            self._send_whole(purpose)
        elif outcome == "sent":  # a part or more went out: leaving asks about the draft
            self._sent = "copied, part by part" if purpose == "copy" else "saved, part by part"

    def _send_whole(self, purpose: Purpose) -> None:
        if purpose == "save":
            self.app.push_screen(SavePathModal(), self._save_to)
        else:
            self._thread_for_copy(self.text, self._platform())

    @work(thread=True, exclusive=True, group="copy", exit_on_error=False,
          description="copy post")  # fmt: skip
    def _thread_for_copy(self, text: str, platform: Platform) -> None:
        try:
            thread = thread_text(text, platform)
        except Exception as error:
            self.post_message(PostWorkFailed(error))
            return
        self.post_message(ReadyToCopy(thread))

    @on(ReadyToCopy)
    def _copy(self, event: ReadyToCopy) -> None:
        if self._entry is None:
            return
        self.amends.copy_to_system_clipboard(strip_controls(event.text))
        self._sent = "copied"
        self._status("Copied. Other programs can read the clipboard until amends locks or quits.")

    def _save_to(self, path: Path | None) -> None:
        if path is None:
            return
        self._status("Saving…")
        self._save_file(path, self.text, self._platform())

    @work(thread=True, exclusive=True, group="file", exit_on_error=False,
          description="save post as a file")  # fmt: skip
    def _save_file(self, path: Path, text: str, platform: Platform) -> None:
        try:
            save(path, text, platform)
        except Exception as error:
            self.post_message(PostWorkFailed(error))
            return
        self.post_message(SavedAsFile(path))

    @on(SavedAsFile)
    def _saved(self, event: SavedAsFile) -> None:
        self._sent = "saved as a file"
        self._status(f"Saved to {event.path}; only your user account can read it.")

    def _platform(self) -> Platform:
        name = self.query_one("#platform", Select).value
        return platform_for(str(name), self.query_one("#limit", Input).value)[0]

    @on(PostWorkFailed)
    def _failed(self, event: PostWorkFailed) -> None:
        if isinstance(event, ComposeFailed):  # it ends the composing: nothing queued goes on
            self._composing = False
            self._queued = None
        self._status(sentence(event.error.message))

    def _status(self, message: str) -> None:
        self._shown = message
        self.query_one("#post-status", StatusLine).update(message)

    def _draft_status(self, message: str) -> None:
        """An autosave's line: it never hides a line that says something else."""
        if not self._shown or self._shown.startswith((DRAFT_SAVED, SAVING, RESUMED)):
            self._status(message)

    # The post draft: autosaved, offered back, kept or discarded on leaving -------------
    def post_draft(self) -> PostDraft:
        """His work on this post as it is now, as the record it is saved as."""
        picked = set(self.query_one("#answers", SelectionList).selected)
        return PostDraft(
            id=self._draft_id,
            entry_id=self.entry.id,
            platform=str(self.query_one("#platform", Select).value),
            limit=self.query_one("#limit", Input).value,
            picked=[a.step_id for i, a in enumerate(self.entry.answers) if i in picked],
            text=self.text,
            composed=self._composed,
            hashtags=[
                tag
                for index, tag in enumerate(PRESET_HASHTAGS)
                if self.query_one(f"#tag-{index}", Checkbox).value
            ],
            own_hashtags=self.query_one("#own-tags", Input).value,
            keep_details=self.query_one("#keep", Checkbox).value,
        )

    def _changed(self) -> None:
        """Count a change (and arm the autosave) only if his work differs from before:
        widgets say "changed" for values set by code too."""
        if self._entry is None:
            return
        work = work_of(self.post_draft())
        if work == self._work:
            return
        self._work = work
        if self._shown == RESUMED:  # he has moved on from the draft as he left it
            self._status("")
        self.autosaver.changed()
        self._arm()

    def _arm(self) -> None:
        """One timer, for when the autosave is due; a change meanwhile moves it on."""
        wait = self.autosaver.wait()
        if wait is not None and self._timer is None:
            self._timer = self.set_timer(wait, self.autosave)

    def autosave(self) -> None:
        """The timer's call: write the draft if the changes have rested long enough, or
        wait for the rest of the delay (tests call it after moving the clock on)."""
        self._timer = None
        version = self.autosaver.start()
        if version is None:
            self._arm()
            return
        self._autosave(self.vault, self.post_draft(), version)

    @work(thread=True, exclusive=True, group="post-autosave", exit_on_error=False,
          description="autosave post draft")  # fmt: skip
    def _autosave(self, vault: Vault, draft: PostDraft, version: int) -> None:
        try:
            wrote = self.autosaver.write(version, lambda: _seal(vault, draft))
        except Exception as error:  # shown as one line, and tried again on the next change
            self.post_message(PostDraftNotSaved(error))
            return
        self.post_message(DraftWritten(wrote))

    @on(DraftWritten)
    def _autosaved(self, event: DraftWritten) -> None:
        self.autosaver.done()
        if event.wrote:
            self._draft_status(f"{DRAFT_SAVED} · {datetime.now():%H:%M}")
        self._arm()

    @on(PostDraftNotSaved)
    def _not_saved(self, event: PostDraftNotSaved) -> None:
        self.autosaver.done()
        self._status(f"Not saved: {sentence(event.error.message)}")

    def action_save_draft(self) -> None:
        """Ctrl+S, from any focus: the draft into the vault now."""
        if not self.autosaver.dirty:
            saved = self.autosaver.version > 0 or self._draft_saved
            self._status("The draft is saved, encrypted." if saved else NOTHING_TO_KEEP)
            return
        self._status(SAVING)
        self._save_now(self.vault, self.post_draft(), self.autosaver.version, leave=False)

    @work(thread=True, exclusive=True, group="post-save", exit_on_error=False,
          description="save post draft")  # fmt: skip
    def _save_now(self, vault: Vault, draft: PostDraft, version: int, *, leave: bool) -> None:
        try:
            self.autosaver.write(version, lambda: _seal(vault, draft))
        except Exception as error:
            self.post_message(PostDraftNotSaved(error))
            return
        self.post_message(PostDraftSaved(leave=leave))

    @on(PostDraftSaved)
    def _saved_now(self, event: PostDraftSaved) -> None:
        if event.leave:
            self.leave(None)
        else:
            self._draft_status(f"{DRAFT_SAVED} · {datetime.now():%H:%M}")

    # Offering a saved draft back
    @property
    def _draft_saved(self) -> bool:
        """Whether the entry had a saved post draft when the screen opened."""
        return self._found is not None

    @work(thread=True, exclusive=True, group="post-find", exit_on_error=False,
          description="find post draft")  # fmt: skip
    def _find_saved(self, vault: Vault, entry_id: str) -> None:
        found = vault.post_drafts(entry_id)  # decrypted at unlock: nothing is decrypted here
        self.post_message(PostDraftFound(found[0] if found else None))

    @on(PostDraftFound)
    def _offer(self, event: PostDraftFound) -> None:
        draft = event.draft
        if draft is None or self._entry is None:
            return
        self._found = draft
        self._draft_id = draft.id  # one per entry: saving this post replaces it
        self.app.push_screen(
            ChoiceModal(
                RESUME.format(when=when(draft.updated_at)),
                RESUME_CHOICES,
                focus="resume",
                escape="resume",
                note=RESUME_NOTE,
            ),
            lambda choice: self._resume(draft) if choice == "resume" else self._start_over(draft),
        )

    def _start_over(self, draft: PostDraft) -> None:
        """ "Start over": asked once more, "Keep my draft" focused (and on Escape)."""
        self.app.push_screen(
            ChoiceModal(START_OVER, START_OVER_CHOICES, focus="resume", escape="resume"),
            lambda choice: self._resume(draft) if choice == "resume" else None,
        )

    def _resume(self, draft: PostDraft) -> None:
        """Put the saved draft back: platform, picks, hashtags and text, as he left them.
        Setting the widgets says nothing: what they hold is what was saved."""
        if self._entry is None:
            return
        quiet = (SelectionList.SelectedChanged, Checkbox.Changed, Input.Changed)
        with self.prevent(*quiet, Select.Changed, TextArea.Changed):
            if draft.platform in PLATFORMS:
                self.query_one("#platform", Select).value = draft.platform
            self.query_one("#limit", Input).value = draft.limit or str(MASTODON_LIMIT)
            for index, tag in enumerate(PRESET_HASHTAGS):
                self.query_one(f"#tag-{index}", Checkbox).value = tag in draft.hashtags
            self.query_one("#own-tags", Input).value = draft.own_hashtags
            self.query_one("#keep", Checkbox).value = draft.keep_details
            answers = self.query_one("#answers", SelectionList)
            answers.deselect_all()
            for index, answer in enumerate(self.entry.answers):
                option = answers.get_option_at_index(index)
                if answer.step_id in draft.picked and not option.disabled:
                    answers.select(index)
            self.query_one("#post-text", SafeTextArea).load_text(draft.text)
        self._composed = draft.composed
        self._work = work_of(self.post_draft())
        self._show_limit()
        self._show_edited()
        self._note()
        self._analyse()
        self._status(RESUMED)
        self._resumed_at = self.amends.clock()
        self.set_timer(self.RESUMED_SECONDS, self.fade_resumed)

    def fade_resumed(self) -> None:
        """The timer's call: "Your post draft is back…" goes once it has been up long enough
        on the app's clock (tests call it after moving the clock on); a change that was
        counted took it down already."""
        if self._shown != RESUMED:
            return
        left = self._resumed_at + self.RESUMED_SECONDS - self.amends.clock()
        if left > 0:
            self.set_timer(left, self.fade_resumed)
        else:
            self._status("")

    # Leaving
    def action_back(self) -> None:
        """Leave; after changes, ask first: keep the draft (focused), stay, or discard it.
        Once the post is out, ask whether to keep its draft or delete it.

        Escape in the question keeps the draft and leaves, as Enter does: Esc Esc
        leaves, losing nothing (when Escape meant "Stay", a second Esc undid the
        first and the post screen's Esc looked dead)."""
        if self._sent:
            question = SENT.format(how=self._sent)
            self.app.push_screen(
                ChoiceModal(question, SENT_CHOICES, focus="keep", escape="keep"), self._leave
            )
            return
        if self.autosaver.version == 0:  # nothing changed here: any saved draft stays
            self.leave(None)
            return
        self.app.push_screen(
            ChoiceModal(LEAVE, LEAVE_CHOICES, focus="keep", escape="keep"), self._leave
        )

    def _leave(self, choice: str | None) -> None:
        if choice == "keep":
            if self.autosaver.dirty:
                self._status(SAVING)
                self._save_now(self.vault, self.post_draft(), self.autosaver.version, leave=True)
            else:
                self.leave(None)
        elif choice == "discard":
            self.autosaver.seal()  # no autosave writes after this
            self._discard(self.vault, self._draft_id)

    @work(thread=True, exclusive=True, group="post-discard", exit_on_error=False,
          description="discard post draft")  # fmt: skip
    def _discard(self, vault: Vault, draft_id: str) -> None:
        try:
            vault.delete(draft_id)  # nothing happens if it was never saved
        except Exception as error:
            self.post_message(PostDraftNotSaved(error))
            return
        self.post_message(PostDraftDiscarded())

    @on(PostDraftDiscarded)
    def _discarded(self) -> None:
        self.leave(None)

    def unsaved_draft(self) -> PostDraft | None:
        """The journal is locking or the app quitting: the draft to save, if changed."""
        if self._entry is None:
            return None
        return self.post_draft() if self.autosaver.seal() else None

    def forget(self) -> None:
        self._queued = None
        self._entry = None
        self._found = None
        self._analysis = None
        self._composed = ""


def _seal(vault: Vault, draft: PostDraft) -> None:
    """Worker: the post draft into the vault (a copy: the screen's object stays its own)."""
    vault.save_post_draft(draft.model_copy())
