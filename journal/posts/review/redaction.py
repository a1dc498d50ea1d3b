"""Stand-ins that keep the text whole, and applying them.

A stand-in covers exactly the detail, fits its kind ("a company", "a city"), and
fits the grammar around it: "at the Hartwell & Co. party" becomes "at the
company party", not "at the a company party". Every mention of one person gets
one stand-in ("someone", then "someone else" for a second person), and a later
mention of someone first named by role reads "that colleague".
"""

from __future__ import annotations

import regex

from journal.posts.review.findings import (
    CARE,
    SENTENCE_PUNCT,
    Candidate,
    Finding,
    at_sentence_start,
    fit_case,
)

MESSAGES: dict[str, str] = {
    "name": "This looks like someone's name. Even a first name can point to a real person "
    "for people who know you both.",
    "handle": "This is an account name. It leads straight to a real person.",
    "email": "This is an email address. It leads straight to a real person.",
    "phone": "This looks like a phone number. It leads straight to a real person.",
    "link": "This is a link. Links can lead to a person's profile, photos or workplace.",
    "address": "This looks like a street or an address. It can show where someone lives or "
    "where something happened.",
    "date": "This is a specific date. With other details, a date can tell people who was involved.",
    "age": "This gives an age. Ages combined with a relationship or a place made people "
    "identifiable in past #ItWasMe posts.",
    "school": "This names a school or a university. People who were there could work out "
    "who you mean.",
    "workplace": "This names a workplace. Colleagues could work out who you mean.",
    "institution": "This names a specific place people go (a hospital, a club, a venue). "
    "People who were there could work out who you mean.",
    "place": "This names a town, city or place. With other details it narrows down who was "
    "involved.",
    "relationship": "This points to one particular person (there is one flatmate, one "
    "manager, one new hire). People who know you could tell who it is.",
    "singling-out": "This describes someone nobody else matches (the only one, the youngest). "
    "Anyone who knows the place knows who it is.",
}

#: Kinds whose stand-in drops its article after "the" or "my" ("the company party").
_PLACES = frozenset({"workplace", "school", "institution", "place"})
_ORDINALS = ("someone", "someone else", "another person")
_DETERMINER_BEFORE = regex.compile(r"(?i:\b(?:the|a|an|my|our|her|his|their|your|this|that))\s+$")
_ARTICLE = regex.compile(r"^(?:a|an)\s+")


def contextual_stand_ins(text: str, found: list[Candidate]) -> list[Candidate]:
    """``found`` with stand-ins fitted to the person, the grammar and the sentence."""
    first_seen: dict[str, str] = {}
    result: list[Candidate] = []
    for c in sorted(found, key=lambda c: c.start):
        suggestion = c.suggestion
        if c.person:
            if c.person in first_seen:
                suggestion = first_seen[c.person]
            else:
                if suggestion == "someone":
                    n = sum(1 for v in first_seen.values() if v in _ORDINALS)
                    suggestion = _ORDINALS[min(n, len(_ORDINALS) - 1)]
                later = (
                    _ARTICLE.sub("that ", suggestion) if _ARTICLE.match(suggestion) else suggestion
                )
                first_seen[c.person] = later
        if (
            c.category in _PLACES
            and _ARTICLE.match(suggestion)
            and _DETERMINER_BEFORE.search(text, max(0, c.start - 12), c.start)
        ):
            suggestion = _ARTICLE.sub("", suggestion)
        result.append(
            Candidate(c.category, c.start, c.end, fit_case(text, c.start, suggestion), c.person)
        )
    return _merge(text, result)


def _merge(text: str, found: list[Candidate]) -> list[Candidate]:
    """Adjacent stand-ins of one kind become one ("Leeds Bristol" is one "a city")."""
    merged: list[Candidate] = []
    for c in found:
        if merged:
            prev = merged[-1]
            gap = text[prev.end : c.start]
            if (
                gap.strip(" \t") == ""
                and "\n" not in gap
                and prev.suggestion.lower() == c.suggestion.lower()
            ):
                merged[-1] = Candidate(
                    prev.category, prev.start, c.end, prev.suggestion, prev.person
                )
                continue
        merged.append(c)
    return merged


def apply_fix(text: str, finding: Finding) -> str:
    """``text`` with ``finding``'s suggestion in place of its span.

    Raises ValueError if the text no longer holds the finding there, or if the
    finding (care) has nothing to replace.
    """
    if finding.check == CARE:
        raise ValueError("a care finding has nothing to replace")
    if text[finding.start : finding.end] != finding.text:
        raise ValueError("the text has changed since it was reviewed; review it again")
    return _join(text[: finding.start], finding.suggestion, text[finding.end :])


def _join(left: str, middle: str, right: str) -> str:
    if middle:
        if middle[-1] in SENTENCE_PUNCT and right[:1] == " ":
            right = right[:2].upper() + right[2:]  # "sorry, but she" -> "sorry. She"
        return left + middle + right
    # A deletion: don't leave a double space or a comma opening a sentence.
    if (not left or left[-1] in " \t") and right[:1] == " ":
        right = right[1:]
    if at_sentence_start(left, len(left)) and right[:1] == ",":
        right = right[1:].lstrip(" ")
        right = right[:1].upper() + right[1:]
    return left + right


def redact_findings(text: str) -> tuple[str, list[Finding]]:
    """``text`` with every identifying detail replaced, and the findings applied."""
    from journal.posts.review import review

    found = [f for f in review(text) if f.check == "identifying"]
    for f in sorted(found, key=lambda f: f.start, reverse=True):
        text = text[: f.start] + f.suggestion + text[f.end :]
    return text, found


def redact(text: str) -> str:
    """``text`` with every identifying detail replaced by a neutral stand-in."""
    return redact_findings(text)[0]


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
