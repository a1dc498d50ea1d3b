"""The review's steps in order: languages, the three checks, stand-ins in context."""

from __future__ import annotations

from journal.posts.review import care, identifying, language, responsibility
from journal.posts.review.findings import (
    CARE,
    IDENTIFYING,
    RESPONSIBILITY,
    Candidate,
    Check,
    Finding,
    fold,
)
from journal.posts.review.redaction import MESSAGES, contextual_stand_ins


def _within_line(text: str, c: Candidate) -> Candidate | None:
    """``c`` trimmed of spaces, or None if it spans a line break: a finding never joins lines."""
    start, end = c.start, c.end
    if "\n" in text[start:end].strip():
        return None
    while end > start and text[end - 1] in " \t":
        end -= 1
    while start < end and text[start] in " \t":
        start += 1
    if end <= start:
        return None
    return Candidate(c.category, start, end, c.suggestion, c.person)


def _findings(
    text: str,
    check: Check,
    found: list[Candidate],
    messages: dict[str, str],
    *,
    acknowledged: bool = False,
) -> list[Finding]:
    result = []
    for c in found:
        kept = _within_line(text, c)
        if kept is not None:
            result.append(
                Finding(
                    check,
                    kept.category,
                    kept.start,
                    kept.end,
                    text[kept.start : kept.end],
                    messages[kept.category],
                    kept.suggestion,
                    acknowledged,
                )
            )
    return result


def run(text: str, *, names_excuses: bool) -> tuple[list[Finding], tuple[str, ...]]:
    folded = fold(text)
    parts = language.segments(folded)
    languages = tuple(dict.fromkeys(p.language for p in parts if p.language))
    covered = language.covered_spans(parts)

    people = identifying.detect(folded, covered)
    people = [c for c in (_within_line(folded, c) for c in people) if c is not None]
    found = _findings(text, IDENTIFYING, contextual_stand_ins(folded, people), MESSAGES)

    wording = responsibility.detect(folded, covered, acknowledge=names_excuses)
    messages = responsibility.MESSAGES
    if names_excuses:
        messages = dict.fromkeys(messages, responsibility.ACKNOWLEDGED)
    found += _findings(text, RESPONSIBILITY, wording, messages, acknowledged=names_excuses)
    found += _findings(text, CARE, care.detect(folded), care.MESSAGES)
    found.sort(key=lambda f: (f.start, f.end))
    return found, languages
