"""What the post screen shows, worked out away from any widget (no UI import here).

Pure functions over ``journal.posts``: composing from picked answers (redacted
unless the user keeps the details), analysing a text for a platform (parts,
"See more" fold, review), and the plain labels the preview and the findings
list show. Nothing here touches a widget, so all of it may run in a worker.

This module writes the post in the clear only where the user asks (``save``, to
a file he names); a post in progress is kept sealed in the vault (``PostDraft``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from journal.errors import UsageError
from journal.posts import (
    PLATFORMS,
    SELF_HARM,
    Finding,
    Platform,
    Thread,
    build_draft,
    check,
    normalise_hashtag,
    pick_answers,
    split_thread,
    write_draft,
)
from journal.sanitize import neutralise

if TYPE_CHECKING:
    from journal.models import Entry

DEFAULT_PLATFORM = "x"
#: What a Mastodon instance allows unless the user says otherwise.
MASTODON_LIMIT = 500

CHECK_LABELS = {
    "identifying": "Could identify someone",
    "responsibility": "Shifts responsibility",
    "care": "Support",
}


# --- composing -------------------------------------------------------------------------


@dataclass(frozen=True)
class Composition:
    text: str
    #: How many identifying details were replaced with stand-ins.
    replaced: int


def editor_text(text: str) -> str:
    """Text fit for the editor: controls shown as symbols, one kind of line break.

    The editor splits lines as ``str.splitlines`` does, so the separators it
    would split on but ``\\n`` are made ``\\n``: offsets then stay the same
    between the editor's text and the review's.
    """
    return neutralise(text).replace("\u2028", "\n").replace("\u2029", "\n")


def compose(
    entry: Entry, step_ids: Sequence[str], hashtags: Sequence[str], *, keep_details: bool
) -> Composition:
    """The post from the picked answers, in the entry's order, redacted unless kept."""
    if not step_ids:
        return Composition("", 0)
    answers = pick_answers(entry, step_ids)  # refuses a never-export answer
    texts = [editor_text(a.text) for a in answers]
    draft = build_draft(texts, PLATFORMS["plain"], hashtags, keep_details=keep_details)
    return Composition(draft.text, len(draft.replaced))


def parse_hashtags(presets: Iterable[str], own: str) -> tuple[list[str], str]:
    """The chosen presets and his own tags (spaces or commas between), and any problem."""
    tags = list(presets)
    problem = ""
    for word in own.replace(",", " ").split():
        try:
            tags.append(normalise_hashtag(word))
        except UsageError as exc:
            problem = f"{word[:30]}: {exc.message}"
    return tags, problem


def platform_for(name: str, limit: str) -> tuple[Platform, str]:
    """The platform, with a Mastodon limit from ``limit``; and a note if it was unusable."""
    platform = PLATFORMS.get(name, PLATFORMS[DEFAULT_PLATFORM])
    if platform.name != "mastodon":
        return platform, ""
    try:
        value = int(limit)
    except ValueError:
        value = 0
    if value < 1:
        return platform, f"The limit must be a whole number above 0; using {MASTODON_LIMIT}."
    return platform.with_limit(value), ""


def platform_choices() -> list[tuple[str, str]]:
    """(label, name) for the platform picker."""
    choices = []
    for platform in PLATFORMS.values():
        if platform.name == "plain":
            size = "no limit"
        elif platform.name == "mastodon":
            size = f"{platform.limit} or your server's"
        elif platform.fold is not None:
            size = "folds at “See more”"
        else:
            size = f"{platform.limit:,}"
        choices.append((f"{platform.label} · {size}", platform.name))
    return choices


# --- analysing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    text: str
    thread: Thread
    #: Review findings, offsets into ``text``.
    findings: tuple[Finding, ...]
    #: Per part: where "See more" falls in its text (platforms that fold), else None.
    folds: tuple[int | None, ...]
    #: The review's own lines: the languages it did not read, and what it can miss.
    notes: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.text.strip()


def analyse(text: str, platform: Platform) -> Analysis:
    """Split, fold and review ``text`` for ``platform``."""
    thread = split_thread(text, platform)
    fold = platform.fold
    folds = tuple(fold(p.text) if fold else None for p in thread.parts)
    result = check(text)
    return Analysis(text, thread, result.findings, folds, result.notes)


def over_by(length: int, platform: Platform) -> int:
    return max(0, length - platform.limit) if platform.limit is not None else 0


def counter_label(index: int, total: int, length: int, platform: Platform) -> str:
    """``1/3 · 271/280``, with ``over by 12`` past the limit."""
    if platform.limit is None:
        return f"{index}/{total} · {length} characters"
    label = f"{index}/{total} · {length}/{platform.limit}"
    over = over_by(length, platform)
    return f"{label} · over by {over}" if over else label


def thread_summary(analysis: Analysis) -> str:
    """``X · limit 280 · 3 parts``."""
    platform, parts = analysis.thread.platform, analysis.thread.parts
    limit = f"limit {platform.limit:,}" if platform.limit else "no limit"
    summary = f"{platform.label} · {limit} · {len(parts)} part{'s' * (len(parts) != 1)}"
    return " · ".join([summary, *analysis.thread.refusals])


def findings_summary(findings: Sequence[Finding]) -> str:
    if not findings:
        return "The review found nothing to point out."
    identifying = sum(f.check == "identifying" for f in findings)
    support = sum(f.check == "care" for f in findings)
    named = sum(f.acknowledged for f in findings)
    responsibility = len(findings) - identifying - support - named
    counts = []
    if named:
        counts.append(f"{named} named as {'an excuse' if named == 1 else 'excuses'}")
    if identifying:
        counts.append(f"{identifying} could identify someone")
    if responsibility:
        counts.append(f"{responsibility} {_verb(responsibility, 'shift')} responsibility")
    if support:
        counts.append(f"{support} {_verb(support, 'point')} to Support")
    n = len(findings)
    every = " F replaces every identifying detail." if identifying else ""
    return (
        f"{n} finding{'s' * (n != 1)}: {', '.join(counts)}. "
        f"Nothing is blocked: keep, change or leave out each one.{every}"
    )


def _verb(n: int, verb: str) -> str:
    return verb + "s" if n == 1 else verb


def finding_heading(finding: Finding) -> str:
    if finding.check == "care":
        return "Support" if finding.category == SELF_HARM else "Support · shame about yourself"
    if finding.acknowledged:
        return f"Named as an excuse · {finding.category.replace('-', ' ')}"
    label = CHECK_LABELS.get(finding.check, finding.check)
    return f"{label} · {finding.category.replace('-', ' ')}"


def fix_hint(finding: Finding) -> str:
    if finding.check == "care":
        return "f or F2: open Support"
    if finding.acknowledged:
        return "Nothing to change here."
    if finding.suggestion:
        return f"f: replace it with “{finding.suggestion}”"
    return "f: leave it out"


# --- changing the text -----------------------------------------------------------------


def changed_span(old: str, new: str) -> tuple[int, int, str]:
    """The smallest ``(start, end, insert)`` such that ``old[:start] + insert + old[end:] == new``.

    Replacing only that span keeps the editor's undo history useful.
    """
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return start, end_old, new[start:end_new]


# --- output --------------------------------------------------------------------------------


def thread_text(text: str, platform: Platform) -> str:
    """The post as saved or copied: its parts, numbered, with a line between them."""
    return split_thread(text, platform).as_text()


def thread_parts(text: str, platform: Platform) -> tuple[str, ...]:
    """The parts as posted, each with its numbering ("… 2/5"), to copy or save one by one."""
    return tuple(part.text for part in split_thread(text, platform).parts)


def part_label(index: int, total: int) -> str:
    """``Part 2 of 5`` (``index`` counts from 0)."""
    return f"Part {index + 1} of {total}"


def part_file(index: int) -> str:
    """Where a part is saved unless he says otherwise."""
    return f"~/amends-post-part-{index + 1}.txt"


def save_part(path: Path, text: str) -> Path:
    """Worker: write one part to ``path`` (mode 0600, atomic, no control characters)."""
    write_draft(path, text + "\n")
    return path


def save(path: Path, text: str, platform: Platform) -> Path:
    """Worker: write the post to ``path`` (mode 0600, atomic, no control characters)."""
    write_draft(path, thread_text(text, platform))
    return path
