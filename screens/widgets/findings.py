"""The review findings of a text, as a list to pick one from and fix it.

Each finding shows what it is, the words it is about (through ``safe``: never
markup), what it means, and what its one-key fix does. Nothing here blocks.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets.option_list import Option

from journal.posts import Finding
from journal.posts.state import finding_heading, fix_hint
from screens.text import MUTED, one_line, safe
from screens.widgets.cursor_bar import CursorBar


def finding_prompt(finding: Finding) -> Content:
    quoted = one_line(finding.text)
    if len(quoted) > 60:
        quoted = quoted[:59] + "…"
    return Content("").join(
        [
            Content.styled(finding_heading(finding), "bold"),
            safe(f" · “{quoted}”\n"),
            Content(finding.message + "\n"),
            Content.styled(fix_hint(finding), MUTED),
        ]
    )


class FindingsList(CursorBar):
    """Findings, one option each; ``current`` is the highlighted one.

    With none it takes no focus: Tab would stop on an empty row with nothing to pick or
    fix (the summary above says the review found nothing). Until the first review is in
    it may take it, so that a dialog can give it focus as it opens."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._findings: tuple[Finding, ...] = ()
        self._reviewed = False

    def allow_focus(self) -> bool:
        return bool(self._findings) or not self._reviewed

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self._findings

    @property
    def current(self) -> Finding | None:
        option = self.highlighted_option
        if option is None or option.id is None:
            return None
        return self._findings[int(option.id)]

    def show(self, findings: Sequence[Finding]) -> None:
        """The findings; with none the list is empty (the summary above says so, once)
        and, if it had focus, passes it on as Tab would (to the buttons under it)."""
        screen = self.screen
        chain = screen.focus_chain if screen.focused is self and not findings else []
        chain = chain if self in chain else []
        keep = self.highlighted
        self._reviewed = True
        self._findings = tuple(findings)
        self.clear_options()
        options: list[Option | None] = []
        for index, finding in enumerate(findings):
            if index:
                options.append(None)
            options.append(Option(finding_prompt(finding), id=str(index)))
        self.add_options(options)
        if findings:
            self.highlighted = min(keep or 0, len(findings) - 1)
        if chain:
            index = chain.index(self)
            after = chain[index + 1 :] + chain[:index]
            screen.set_focus(after[0] if after else None)
