"""The safety review of a post: three checks, never blocking.

A small pipeline: the text is cut into sentences and each is given its language
(``language``); details that could identify someone are found by kind
(``identifying``), wording that shifts responsibility by category
(``responsibility``), and words of despair or shame about the self
(``care``). Identifying details get stand-ins that fit their kind and the
grammar around them, one per person (``redaction``).

The review reads English. Text in another language is named in one line and
not guessed at. Every result carries ``LIMITS``: the review can miss things.

The word and language data load on the first review, never at start-up.
All offsets are Python str indices into the text as given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journal.posts.review.findings import (
    CARE,
    IDENTIFYING,
    RESPONSIBILITY,
    SELF_HARM,
    SHAME,
    Check,
    Finding,
)
from journal.posts.review.redaction import apply_fix, position, redact, redact_findings

__all__ = [
    "CARE",
    "IDENTIFYING",
    "LIMITS",
    "RESPONSIBILITY",
    "SELF_HARM",
    "SHAME",
    "Check",
    "Finding",
    "Review",
    "apply_fix",
    "check",
    "language_note",
    "position",
    "redact",
    "redact_findings",
    "review",
]

#: Shown under a post's review and under one answer's: words that fit both, and
#: assume nothing about who the writing is about.
LIMITS = (
    "The review can miss things: read it again as the person it is about, "
    "or someone who knows you both, would."
)


@dataclass(frozen=True)
class Review:
    findings: tuple[Finding, ...]
    #: Language codes found in the text, in order of first appearance.
    languages: tuple[str, ...] = ()
    #: The codes among them that the checks do not read.
    not_reviewed: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {
            "findings": [f.as_dict() for f in self.findings],
            "languages": list(self.languages),
            "not_reviewed": list(self.not_reviewed),
            "notes": list(self.notes),
        }


def language_note(not_reviewed: tuple[str, ...] | list[str]) -> str:
    """One line naming the languages the review did not read ('' when none)."""
    from journal.posts.review.language import NAMES

    if not not_reviewed:
        return ""
    names = [NAMES.get(code, code) for code in not_reviewed]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return (
        f"The review does not read {listed}: in that part it checked only links, emails, "
        "handles and phone numbers."
    )


def check(text: str, *, names_excuses: bool = False) -> Review:
    """Every check on ``text``. Pure; never blocks.

    ``names_excuses``: the text answers a question that asks him to name his
    excuses, so they are acknowledged rather than flagged.
    """
    from journal.posts.review.pipeline import run

    findings, languages = run(text, names_excuses=names_excuses)
    from journal.posts.review.language import COVERED

    not_reviewed = tuple(code for code in languages if code not in COVERED)
    note = language_note(not_reviewed)
    notes = (note, LIMITS) if note else (LIMITS,)
    return Review(tuple(findings), languages, not_reviewed, notes)


def review(text: str, *, names_excuses: bool = False) -> list[Finding]:
    """The findings of every check on ``text``, in order of position."""
    return list(check(text, names_excuses=names_excuses).findings)
