"""Composing a draft post from an entry, and writing it out safely.

A draft is built from the answers the user picks (never one marked
never_export), joined by blank lines, with hashtags at the end. Identifying
details are replaced with neutral stand-ins unless the user has chosen to keep
them; the review of the post is attached, never blocking.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from journal.errors import UsageError
from journal.fileio import write_private
from journal.posts.counting import Platform
from journal.posts.invisible import strip_invisible
from journal.posts.review import Finding, Review, check, redact_findings
from journal.posts.splitting import Thread, split_thread
from journal.sanitize import strip_controls

if TYPE_CHECKING:  # pydantic is slow to import, and only the types are needed here
    from journal.models import Answer, Entry

__all__ = [
    "LEGAL_NOTE",
    "PRESET_HASHTAGS",
    "PostDraft",
    "build_draft",
    "compose_entry",
    "compose_text",
    "normalise_hashtag",
    "normalise_hashtags",
    "pick_answers",
    "strip_controls",
    "write_draft",
]

#: #MeToo is survivors' space: a man's post tagged with it lands in their feeds, so it is not
#: offered (he can still type any tag he chooses).
PRESET_HASHTAGS: tuple[str, ...] = ("#HimThough", "#IDidThat", "#HowIWillChange")
_PRESETS_BY_KEY = {tag[1:].casefold(): tag for tag in PRESET_HASHTAGS}

_HASHTAG_BODY = regex.compile(r"[\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*")

LEGAL_NOTE = (
    "A public post is permanent and can be used as evidence; naming others can bring "
    "legal claims. amends gives no legal advice."
)


def normalise_hashtag(tag: str) -> str:
    """``tag`` as a hashtag: '#' added, a preset's own casing kept.

    Raises UsageError for a tag with spaces or characters hashtags can't hold.
    """
    stripped = tag.strip()
    if any(c.isspace() for c in stripped):
        raise UsageError("a hashtag can't contain spaces; join the words, as in #HowIWillChange")
    word = stripped.lstrip("#＃")
    if not word:
        raise UsageError("a hashtag needs at least one letter after the '#'")
    if not _HASHTAG_BODY.fullmatch(word):
        raise UsageError(
            "a hashtag can hold only letters, digits and underscores, with at least one letter"
        )
    return _PRESETS_BY_KEY.get(word.casefold(), "#" + word)


def normalise_hashtags(tags: Iterable[str]) -> list[str]:
    """Each tag normalised, duplicates (ignoring case) dropped, order kept."""
    seen: set[str] = set()
    result: list[str] = []
    for tag in tags:
        normal = normalise_hashtag(tag)
        if normal.casefold() not in seen:
            seen.add(normal.casefold())
            result.append(normal)
    return result


def pick_answers(entry: Entry, step_ids: Sequence[str] | None = None) -> list[Answer]:
    """The answers to put in a post, in the order asked for.

    With no ``step_ids``, every answer that has text and may be exported.
    Asking for an answer marked never_export, or one the entry lacks, is refused.
    """
    if step_ids is None:
        return [a for a in entry.answers if a.text.strip() and not a.never_export]
    by_step = {a.step_id: a for a in entry.answers}
    picked: dict[str, Answer] = {}
    for step_id in step_ids:
        answer = by_step.get(step_id)
        if answer is None:
            raise UsageError(f"this entry has no answer for step {step_id!r}")
        if answer.never_export:
            raise UsageError(
                f"the answer for step {step_id!r} is marked never to leave the vault; "
                "it can't go in a post"
            )
        picked.setdefault(step_id, answer)
    return list(picked.values())


def compose_text(texts: Iterable[str], hashtags: Sequence[str] = ()) -> str:
    """Texts joined by blank lines, then the hashtags on a line of their own."""
    body = "\n\n".join(t.strip() for t in texts if t.strip())
    tags = " ".join(normalise_hashtags(hashtags))
    return "\n\n".join(p for p in (body, tags) if p)


def compose_entry(
    entry: Entry, step_ids: Sequence[str] | None = None, hashtags: Sequence[str] = ()
) -> str:
    return compose_text((a.text for a in pick_answers(entry, step_ids)), hashtags)


@dataclass(frozen=True)
class PostDraft:
    #: The whole post, before it is split into parts.
    text: str
    thread: Thread
    #: Review findings on ``text`` (offsets into it).
    findings: tuple[Finding, ...]
    #: Identifying details replaced with stand-ins (offsets into the text as written).
    replaced: tuple[Finding, ...]
    #: Where the post folds behind "See more", on platforms that fold.
    fold: int | None
    #: The review of ``text``: its languages, what it did not read, its notes.
    review: Review | None = None
    #: Invisible characters dropped (zero-width, separators, tags): they can hide text.
    invisible_removed: int = 0

    @property
    def platform(self) -> Platform:
        return self.thread.platform


def build_draft(
    texts: Iterable[str],
    platform: Platform,
    hashtags: Sequence[str] = (),
    *,
    keep_details: bool = False,
) -> PostDraft:
    """A draft for ``platform``: without invisible characters, redacted unless
    ``keep_details``, reviewed, split."""
    cleaned = [strip_invisible(t) for t in texts]
    body = compose_text(t for t, _ in cleaned)
    replaced: list[Finding] = []
    if not keep_details:
        body, replaced = redact_findings(body)
    text = compose_text([body], hashtags)  # hashtags after redaction: they are the writer's
    fold = platform.fold(text) if platform.fold else None
    result = check(text)
    return PostDraft(
        text=text,
        thread=split_thread(text, platform),
        findings=result.findings,
        replaced=tuple(replaced),
        fold=fold,
        review=result,
        invisible_removed=sum(n for _, n in cleaned),
    )


# --- output --------------------------------------------------------------------


def write_draft(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 without control or escape sequences: mode 0600, atomically."""
    write_private(path, strip_controls(text).encode("utf-8"))
