"""The safety review of a post: two checks, never blocking.

``identifying``: details that could point to another person (names, handles,
contact details, links, addresses, dates and ages, named places, and phrases
that single one person out). Each has a neutral stand-in, and ``redact``
applies them all: in 2017 some #ItWasMe posts gave ages and relationships that
made ex-partners identifiable.

``responsibility``: language that shifts responsibility away from the writer
(non-apologies, agentless phrasing, excuses and neutralisations, rape myths,
self-centring), shame about the self rather than guilt about the act, and words
of self-harm, which point to the Resources screen. Each comes with a plain
explanation and a suggested rewrite; the user always decides.

Precision matters as much as recall: an excuse that the writer quotes, denies
or names as an excuse ("I told myself it was just a joke, and it wasn't") is
not flagged, and "she said no and I kept going", which names the harm, is not.

All offsets are Python str indices into the text as given.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import regex

from journal.posts.counting import extract_urls, mention_spans

Check = Literal["identifying", "responsibility"]
IDENTIFYING: Check = "identifying"
RESPONSIBILITY: Check = "responsibility"
SELF_HARM = "self-harm"


@dataclass(frozen=True)
class Finding:
    check: Check
    category: str
    #: Offsets of ``text`` in the reviewed string (Python str indices).
    start: int
    end: int
    text: str
    #: What the finding means, in plain words.
    message: str
    #: A neutral stand-in or a suggested rewrite for ``text`` (empty: delete it,
    #: or, for self-harm, nothing to replace).
    suggestion: str

    def as_dict(self) -> dict[str, str | int]:
        return {
            "check": self.check,
            "category": self.category,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "suggestion": self.suggestion,
        }


MESSAGES: dict[str, str] = {
    # identifying
    "name": "This looks like someone's name. Even a first name can point to a real person "
    "for people who know you both.",
    "handle": "This is a social media handle. It leads straight to a real account.",
    "email": "This is an email address. It leads straight to a real person.",
    "phone": "This looks like a phone number. It leads straight to a real person.",
    "link": "This is a link. Links can lead to a person's profile, photos or workplace.",
    "address": "This looks like a street or an address. It can show where someone lives or "
    "where something happened.",
    "date": "This is a specific date. With other details, a date can tell people who was involved.",
    "age": "This gives an age. Ages combined with a relationship or a place made people "
    "identifiable in past #ItWasMe posts.",
    "school": "This names a school. People who were there could work out who you mean.",
    "workplace": "This names a workplace. Colleagues could work out who you mean.",
    "place": "This names a city or place. With other details it narrows down who was involved.",
    "venue": "This names a specific venue. People who were there could work out who you mean.",
    "relationship": "This phrase points to one particular person (there is only one new "
    "intern, one boss's wife). People who know you could tell who it is.",
    # responsibility
    "conditional-apology": 'This apology depends on how the other person felt ("if", '
    '"you felt"), which puts the weight on them. Saying plainly what you did and that you '
    "are sorry for it is an apology without conditions.",
    "apology-but": 'A "but" after an apology usually takes the apology back: what follows '
    "reads as the reason it wasn't really your fault. Consider ending the apology there.",
    "agentless": "This describes what happened without saying who did it. Naming yourself "
    "as the one who acted is the core of taking responsibility.",
    "intoxication": "Alcohol or drugs can read as the reason it happened. You can say you had "
    "been drinking and still say plainly that what you did was your choice.",
    "trivialising": "This makes the harm sound small, or the other person's reaction sound "
    "too big. The person affected is the one who knows how much it hurt.",
    "consent-misreading": "This reads consent from silence, signals or appearance. Consent "
    "is a clear, freely given yes; not hearing a no is not the same thing.",
    "normalising": "This presents what happened as normal or as what everyone did. Others "
    "doing it doesn't change that it was your choice.",
    "self-centring": "This turns the focus to you: your character, your family, your "
    "feelings, or a wish for forgiveness or credit. A public post is not the place to ask for "
    "forgiveness or praise; keeping the focus on what you did, and on the people affected, "
    "keeps it honest.",
    "shame": 'This is about who you are, not what you did. Feeling "I am bad" tends to lead '
    'to hiding and blaming; "I did something bad" leads toward repair. Try naming the act '
    "instead of judging yourself.",
    SELF_HARM: "These words can mean you are in a lot of pain right now. You don't have to "
    "carry it alone: the Resources screen lists people you can talk to today, including "
    "crisis lines. If you might act on these thoughts, call a crisis line or emergency "
    "services now.",
}

# --- helpers -------------------------------------------------------------------

_FLAGS = regex.IGNORECASE
_SENTENCE_PUNCT = ".!?…"


def _fold(text: str) -> str:
    """Same-length copy with curly apostrophes made straight, for matching."""
    return text.replace("\u2019", "'")


def _at_sentence_start(text: str, pos: int) -> bool:
    i = pos
    while i > 0 and text[i - 1] in " \t\"'“‘(*[-–—":
        i -= 1
    return i == 0 or text[i - 1] in _SENTENCE_PUNCT + "\n"


def _fit_case(text: str, start: int, suggestion: str) -> str:
    """Capitalise a stand-in that opens a sentence."""
    if suggestion[:1].islower() and _at_sentence_start(text, start):
        return suggestion[0].upper() + suggestion[1:]
    return suggestion


@dataclass(frozen=True)
class _Candidate:
    category: str
    start: int
    end: int
    suggestion: str


def _finding(check: Check, text: str, c: _Candidate) -> Finding:
    return Finding(
        check,
        c.category,
        c.start,
        c.end,
        text[c.start : c.end],
        MESSAGES[c.category],
        _fit_case(text, c.start, c.suggestion),
    )


# --- identifying ---------------------------------------------------------------


@dataclass(frozen=True)
class _Names:
    names: frozenset[str]
    also_words: frozenset[str]


@cache
def _names() -> _Names:
    raw = resources.files("journal").joinpath("data/given_names.toml").read_bytes()
    data = tomllib.loads(raw.decode("utf-8"))
    return _Names(frozenset(data["names"]), frozenset(data["also_words"]))


# Capitalised words that are never a person's or a place's name here.
_NOT_NAME_WORDS = """I Im Ive Id Ill January February March April May June July August September
    October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Christmas
    Easter Thanksgiving Halloween Ramadan Eid Hanukkah Diwali God Jesus Christ Lord Allah Heaven
    Hell English Spanish French German Italian Chinese Japanese Korean Arabic Hindi Russian
    Portuguese Mom Mum Dad Mother Father Grandma Grandpa Uncle Aunt Instagram Facebook Twitter
    Tinder Snapchat TikTok Reddit Discord WhatsApp Google Bumble Hinge The A An And But Or So
    Then When If It This That My Her His Our Their We She He They You Grade Year Step Part
    Chapter Sorry Yes No Not"""
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())

_CAP = r"\p{Lu}\p{Ll}+"
_CAP_WORD = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}_@#'-])\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?![\p{L}\p{M}\p{N}_@])"
)
_NAME_CUE = regex.compile(r"\b(?:named|called|goes by)\s+(?P<name>\p{Lu}\p{Ll}+)")
_NAME_IS = regex.compile(r"\bname\s+(?:was|is)\s+(?P<name>\p{Lu}\p{Ll}+)")
_REL_NOUNS = (
    r"ex|ex-girlfriend|ex-boyfriend|ex-wife|ex-husband|girlfriend|boyfriend|wife|husband|"
    r"partner|fiancée?|friend|best friend|coworker|co-worker|colleague|boss|manager|roommate|"
    r"neighbou?r|classmate|student|teacher|intern|assistant|date|cousin|sister|brother|niece|"
    r"nephew|tenant|client|patient"
)
_REL_NAME = regex.compile(
    rf"(?i:\b(?:my|her|his|our|their|a|the)\s+)(?P<rel>(?i:{_REL_NOUNS})),?\s+"
    rf"(?P<name>{_CAP}(?:\s+{_CAP})?)\b",
)

_EMAIL = regex.compile(r"(?<![\w.+@-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = regex.compile(
    r"(?<![\w+])(?:\+?\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{2,4}[ .-])\d{3,4}[ .-]?\d{3,4}(?!\w)"
    r"|(?<![\w+])\+?\d{10,13}(?!\w)",
)
_STREET = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl|Way|"
    r"Terrace|Close|Crescent|Parkway|Pkwy|Highway|Hwy)\b\.?"
)
_ADDRESS = regex.compile(
    rf"\b\d{{1,5}}\s+(?:\p{{Lu}}[\p{{L}}'.]*\s+){{1,3}}{_STREET}"
    r"(?:,?\s+(?:Apt|Apartment|Unit|Suite|#)\.?\s*\w+)?",
)
_STREET_NAME = regex.compile(
    rf"(?i:\b(?:on|off|along|down)\s+)(?P<street>(?:{_CAP}\s+){{1,2}}"
    r"(?:Street|Avenue|Road|Lane|Drive|Boulevard))\b",
)

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_SEASON = r"(?:(?:the\s+)?(?:spring|summer|fall|autumn|winter)\s+of\s+)"
_DATES = [
    regex.compile(
        rf"(?:(?i:on|in)\s+)?(?:the\s+)?(?:{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR})?"
        rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?|{_MONTH},?\s+{_YEAR})\b",
    ),
    regex.compile(
        rf"(?:(?i:on)\s+)?\b(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:{_YEAR}|\d\d)|{_YEAR}-\d\d-\d\d)\b",
    ),
    regex.compile(
        rf"(?i:\b(?:back\s+in|in|during|around|since|by|until)\s+{_SEASON}?|\b{_SEASON}){_YEAR}\b"
        r"(?!\s*(?:people|times|of\b|words|dollars|miles|km|%))",
    ),
]

_HAS_YEAR = regex.compile(rf"{_YEAR}|\d[/.-]\d")

_AGE_NUMBER = (
    r"(?:\d{1,2}|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
    r"thirty|forty|fifty|sixty|twenty-\w+|thirty-\w+|forty-\w+)"
)
_NOT_AN_AGE = (
    r"(?!\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|times|feet|ft|foot|inches|in\b|"
    r"miles|km|%|percent|o'clock|am\b|pm\b|a\.m|p\.m|points|dollars|bucks|pounds|lbs|kg|drinks|"
    r"beers|shots|seconds|degrees|people|of\s+us|of\s+them)\b)"
)
_AGES: list[tuple[regex.Pattern[str], str]] = [
    (
        regex.compile(
            rf"(?i:\b(?:when|while|back\s+when)\s+(?:she|he|they|I|we|you)\s+"
            rf"(?:was|were|'d\s+been|had\s+been|turned)\s+(?:only\s+|just\s+|barely\s+)?)"
            rf"{_AGE_NUMBER}(?:\s+years?\s+old)?\b{_NOT_AN_AGE}",
        ),
        "back then",
    ),
    (
        regex.compile(rf"(?i:\bat\s+(?:the\s+)?age\s+(?:of\s+)?){_AGE_NUMBER}\b"),
        "back then",
    ),
    (
        regex.compile(
            r"(?i:(?<=\b(?:she|he|they|I|we|you)(?:\s+(?:was|were|is|are|am)|'s|'m|'re)\s+)"
            rf"(?:only\s+|just\s+|barely\s+)?){_AGE_NUMBER}(?:[\s-]+years?[\s-]+old)?\b"
            r"(?=\s*(?:[.,;:!?)\n—–-]|$|(?i:and|or|but|so|too|then|when|back|at\s+the\s+time)\b))",
        ),
        "young",
    ),
    (regex.compile(rf"(?i:(?<=\b(?:turned|aged)\s+)){_AGE_NUMBER}\b{_NOT_AN_AGE}"), "young"),
    (
        regex.compile(rf"(?i:\b{_AGE_NUMBER}[\s-]+years?[\s-]+old)\b"),
        "young",
    ),
]


def _kinds(words: str, category: str, stand_in: str) -> dict[str, tuple[str, str]]:
    return dict.fromkeys(words.split("|"), (category, stand_in))


# The word that ends a named institution, its category and its stand-in.
_KINDS: dict[str, tuple[str, str]] = {
    **_kinds(
        "High School|Middle School|Elementary School|Elementary|High|Academy|University|"
        "College|School|Institute|Prep",
        "school",
        "a school",
    ),
    **_kinds(
        "Inc|LLC|Ltd|Corp|Corporation|Company|Bank|Partners|Associates|Agency|Studios|Labs",
        "workplace",
        "a workplace",
    ),
    **_kinds("Hospital|Clinic", "workplace", "a hospital"),
    **_kinds("Bar|Pub|Tavern|Lounge|Brewery", "venue", "a bar"),
    **_kinds("Club", "venue", "a club"),
    **_kinds("Hotel", "venue", "a hotel"),
    **_kinds("Restaurant|Cafe|Café|Diner|Grill", "venue", "a restaurant"),
    **_kinds("Church", "venue", "a church"),
    **_kinds("Gym", "venue", "a gym"),
    **_kinds("Park", "venue", "a park"),
    **_kinds("Stadium|Arena|Theatre|Theater|Hall", "venue", "a venue"),
}
_INSTITUTION = regex.compile(
    r"(?P<name>(?:(?:[Tt]he)\s+)?(?:\p{Lu}[\p{L}'’&.]*\s+){1,4}?)"
    r"(?P<kind>"
    + "|".join(regex.escape(k) for k in sorted(_KINDS, key=len, reverse=True))
    + r")(?![\p{L}])",
)
_INSTITUTION_OF = regex.compile(
    rf"\b(?:(?:[Tt]he)\s+)?(?P<kind>University|College|Institute)\s+of\s+{_CAP}(?:\s+{_CAP}){{0,2}}",
)
_WORKS_AT = regex.compile(
    r"(?i:\b(?:work(?:ed|ing|s)?|job|interned|interning|internship|employed|hired|shifts?)"
    r"\s+(?:at|for)\s+)(?P<org>\p{Lu}[\p{L}&'.]*(?:\s+\p{Lu}[\p{L}&'.]*){0,3})",
)
_PLACE = regex.compile(
    r"(?i:\b(?:in|from|near|outside|around|across|(?:moved|went|drove|flew|travell?ed|came|"
    r"returned|relocated|back)\s+to)\s+)"
    rf"(?P<place>(?:St\.\s+)?{_CAP}(?:\s+{_CAP}){{0,2}})\b",
)

_DATED = (
    r"ex(?:-|\s+)(?:girlfriend|boyfriend|wife|husband|fiancée?|partner)|(?:college|high\s+school|"
    r"first|old|former)\s+(?:girlfriend|boyfriend|partner|love)|then-girlfriend|"
    r"girlfriend\s+at\s+the\s+time|ex"
)
_RELATIONSHIPS: list[tuple[regex.Pattern[str], str]] = [
    (
        regex.compile(
            rf"\bmy\s+(?:{_DATED}|girlfriend|boyfriend|partner|date)\s+(?:from|at|in)\s+"
            r"(?:college|high\s+school|school|uni|university|work|the\s+office|church|camp|"
            r"the\s+gym|the\s+team|the\s+band|back\s+home)\b",
            _FLAGS,
        ),
        "someone I dated",
    ),
    (
        regex.compile(
            r"\bmy\s+(?:friend|roommate|classmate|neighbou?r)\s+(?:from|at|in)\s+(?:college|high\s+"
            r"school|school|uni|university|work|the\s+office|church|camp|the\s+gym|the\s+team)\b",
            _FLAGS,
        ),
        "someone I knew",
    ),
    (regex.compile(rf"\bmy\s+(?:{_DATED})(?![\w-])", _FLAGS), "someone I dated"),
    (
        regex.compile(
            r"\b(?:the|my|our|his|her)\s+(?:(?:new|only|youngest|junior|summer|temp)\s+)?"
            r"(?:intern|new\s+hire|assistant|secretary|receptionist|trainee|apprentice|subordinate|"
            r"direct\s+report|teaching\s+assistant)\b",
            _FLAGS,
        ),
        "a coworker",
    ),
    (
        regex.compile(
            r"\b(?:my|our|his|her)\s+(?:(?:best\s+)?[\p{Ll}-]+'s\s+)+(?:wife|husband|girlfriend|"
            r"boyfriend|partner|sister|brother|daughter|son|mother|mom|mum|father|dad|friend|ex|"
            r"fiancée?|cousin|roommate|assistant)\b",
            _FLAGS,
        ),
        "someone",
    ),
    (
        regex.compile(
            r"\bthe\s+only\s+(?:woman|girl|female|lady|women)\s+(?:on|in|at)\s+(?:the|my|our)\s+\w+",
            _FLAGS,
        ),
        "someone",
    ),
    (
        regex.compile(
            r"\bmy\s+(?:step-?(?:daughter|son|sister|brother|mother|mom|mum|father|dad)|"
            r"(?:sister|brother|mother|father|daughter|son)-in-law)\b",
            _FLAGS,
        ),
        "a family member",
    ),
    (
        regex.compile(r"\bmy\s+(?:former\s+)?(?:student|pupil|patient|client|tenant)\b", _FLAGS),
        "someone",
    ),
]


def _links(text: str) -> Iterator[_Candidate]:
    for s, e in extract_urls(text):
        yield _Candidate("link", s, e, "(link removed)")


def _emails(text: str) -> Iterator[_Candidate]:
    for m in _EMAIL.finditer(text):
        yield _Candidate("email", m.start(), m.end(), "(email removed)")


def _handles(text: str) -> Iterator[_Candidate]:
    for s, e in mention_spans(text):
        yield _Candidate("handle", s, e, "someone")


def _phones(text: str) -> Iterator[_Candidate]:
    for m in _PHONE.finditer(text):
        if sum(c.isdigit() for c in m.group()) >= 7:
            yield _Candidate("phone", m.start(), m.end(), "(phone number removed)")


def _addresses(text: str) -> Iterator[_Candidate]:
    for m in _ADDRESS.finditer(text):
        yield _Candidate("address", m.start(), m.end(), "(address removed)")
    for m in _STREET_NAME.finditer(text):
        yield _Candidate("address", m.start("street"), m.end("street"), "a street")


def _dates(text: str) -> Iterator[_Candidate]:
    for rx in _DATES:
        for m in rx.finditer(text):
            words = m.group().lower()
            if words.startswith("since"):
                stand_in = "for years"
            elif _HAS_YEAR.search(words):
                stand_in = "years ago"
            else:
                stand_in = "one day"
            yield _Candidate("date", m.start(), m.end(), stand_in)


def _ages(text: str) -> Iterator[_Candidate]:
    for rx, stand_in in _AGES:
        for m in rx.finditer(text):
            yield _Candidate("age", m.start(), m.end(), stand_in)


def _institutions(text: str) -> Iterator[_Candidate]:
    for m in _INSTITUTION.finditer(text):
        start = _skip_common_words(text, m.start(), m.start("kind"))
        if start is None:
            continue
        category, stand_in = _KINDS[m["kind"]]
        yield _Candidate(category, start, m.end(), stand_in)
    for m in _INSTITUTION_OF.finditer(text):
        category, stand_in = _KINDS[m["kind"]]
        yield _Candidate(category, m.start(), m.end(), stand_in)
    for m in _WORKS_AT.finditer(text):
        first = m["org"].split()[0]
        if first not in _NOT_NAMES and first not in _names().names:
            yield _Candidate("workplace", m.start("org"), m.end("org"), "a workplace")


_WORD = regex.compile(r"\S+")


def _skip_common_words(text: str, start: int, stop: int) -> int | None:
    """Where a capitalised name really starts, past words like "Then" or "My".

    None when no word before ``stop`` is part of a name ("Sunday School").
    """
    for word in _WORD.finditer(text, start, stop):
        if word.group() not in _NOT_NAMES or (word.group() == "The" and word.end() < stop - 1):
            return int(word.start())
    return None


def _relationships(text: str) -> Iterator[_Candidate]:
    for rx, stand_in in _RELATIONSHIPS:
        for m in rx.finditer(text):
            yield _Candidate("relationship", m.start(), m.end(), stand_in)


def _places(text: str) -> Iterator[_Candidate]:
    names = _names()
    for m in _PLACE.finditer(text):
        first = m["place"].split()[0]
        if first in _NOT_NAMES or first in names.names or first in names.also_words:
            continue
        yield _Candidate("place", m.start("place"), m.end("place"), "a city")


def _person_names(text: str) -> Iterator[_Candidate]:
    names = _names()
    for m in _REL_NAME.finditer(text):
        if m["name"].split()[0] not in _NOT_NAMES:
            yield _Candidate("name", m.start("rel"), m.end("name"), m["rel"])
    for m in _NAME_CUE.finditer(text):
        if m["name"] not in _NOT_NAMES:
            yield _Candidate("name", m.start(), m.end(), "")
    for m in _NAME_IS.finditer(text):
        if m["name"] not in _NOT_NAMES:
            yield _Candidate("name", m.start("name"), m.end("name"), "(name removed)")
    for m in _CAP_WORD.finditer(text):
        word = m.group()
        known = word in names.names or (
            word in names.also_words and not _at_sentence_start(text, m.start())
        )
        if known:
            yield _Candidate("name", m.start(), _surname_end(text, m.end()), "someone")


_SURNAME = regex.compile(rf" ({_CAP}(?:-{_CAP})?)(?![\p{{L}}\p{{N}}])")


def _surname_end(text: str, end: int) -> int:
    """Extend a first name over a following capitalised surname."""
    m = _SURNAME.match(text, end)
    if m and m.group(1) not in _NOT_NAMES and m.group(1) not in _names().also_words:
        return int(m.end())
    return end


# In priority order: where two overlap, the earlier detector wins.
_DETECTORS: tuple[Callable[[str], Iterator[_Candidate]], ...] = (
    _links,
    _emails,
    _handles,
    _phones,
    _addresses,
    _dates,
    _ages,
    _institutions,
    _relationships,
    _places,
    _person_names,
)


def _identifying(text: str) -> list[Finding]:
    folded = _fold(text)
    taken: list[tuple[int, int]] = []
    findings: list[Finding] = []
    for detect in _DETECTORS:
        for c in sorted(detect(folded), key=lambda c: (c.start, -c.end)):
            if c.end <= c.start or any(c.start < e and s < c.end for s, e in taken):
                continue
            taken.append((c.start, c.end))
            findings.append(_finding(IDENTIFYING, text, c))
    return findings


# --- responsibility ------------------------------------------------------------

_OBJECT = {
    "you": "you",
    "she": "her",
    "he": "him",
    "they": "them",
    "anyone": "",
    "anybody": "",
    "someone": "",
    "people": "",
}

_Suggest = str | Callable[["regex.Match[str]"], str]


@dataclass(frozen=True)
class _Rule:
    category: str
    pattern: regex.Pattern[str]
    suggestion: _Suggest
    #: Text right after the match that names the agent ("by me"), so no finding.
    unless_after: regex.Pattern[str] | None = None
    #: Whether quoting, denial or naming it as an excuse suppresses the finding.
    contextual: bool = True


def _rule(
    category: str,
    pattern: str,
    suggestion: _Suggest,
    *,
    unless_after: str | None = None,
    contextual: bool = True,
) -> _Rule:
    return _Rule(
        category,
        regex.compile(pattern, _FLAGS),
        suggestion,
        regex.compile(unless_after, _FLAGS) if unless_after else None,
        contextual,
    )


def _to_whom(m: regex.Match[str]) -> str:
    obj = _OBJECT.get(m["who"].lower(), "")
    return f"sorry for what I did to {obj}" if obj else "sorry for what I did"


_MINIMISER = regex.compile(r"^(?:just|only|merely)\s+", _FLAGS)


def _without_minimiser(m: regex.Match[str]) -> str:
    return str(_MINIMISER.sub("", m.group()))


def _i_hurt(m: regex.Match[str]) -> str:
    obj = _OBJECT.get(m["who"].lower(), "") or m["who"].lower()
    return f"I hurt {obj}"


def _who(m: regex.Match[str], template: str) -> str:
    return template.format(who=m["who"].lower())


_WHO = r"(?P<who>she|he|they)"
_SELF_WORDS = r"(?:person|human(?:\s+being)?|man|guy)"

_RULES: tuple[_Rule, ...] = (
    # Non-apologies
    _rule(
        "conditional-apology", r"\bsorry\s+if\s+(?P<subj>I|we)\b", lambda m: f"sorry {m['subj']}"
    ),
    _rule(
        "conditional-apology",
        r"\b(?:sorry|apologi[sz]e)\s+(?:(?:if|that|in\s+case)\s+)?"
        r"(?P<who>you|she|he|they|anyone|anybody|someone|people)\s+"
        r"(?:felt|feel|feels|was|were|got|are|is|may\s+have|might\s+have|have|has|took|take|takes)"
        r"(?:\s+(?:been|it|that)(?!\s+way))?(?:\s+(?:hurt|offended|upset|uncomfortable|bad|that\s+way|this\s+"
        r"way|disrespected|unsafe|wrong|the\s+wrong\s+way))?\b",
        _to_whom,
    ),
    _rule(
        "conditional-apology",
        r"\bsorry\s+for\s+(?:any|whatever)\s+(?:hurt|harm|offen[cs]e|pain|upset|misunderstanding|"
        r"confusion|discomfort)(?:\s+(?:I|this|it|that|my\s+\w+)\s+(?:may|might)\s+have\s+caused)?\b",
        "sorry for the harm I caused",
    ),
    _rule(
        "conditional-apology",
        r"\bif\s+I\s+(?:offended|hurt|upset)\s+(?P<who>anyone|anybody|you|her|him|them|people)"
        r"\s*,?\s+I(?:'m|\s+am)\s+sorry\b",
        lambda m: "I'm sorry I hurt " + {"anybody": "anyone"}.get(m["who"].lower(), m["who"]),
    ),
    _rule(
        "apology-but",
        r"\b(?P<word>sorry|apologi[sz]e)\s*[,;:—–-]?\s*(?:but|however)\b",
        lambda m: m["word"] + ".",
    ),
    _rule(
        "apology-but",
        r"\b(?:(?:this|it|that)\s+(?:is|was)(?:n't|\s+not)\s+(?:an?\s+)?excuse|not\s+to\s+make\s+"
        r"(?:an\s+)?excuses?|I'm\s+not\s+making\s+(?:an\s+)?excuses?)\s*[,;:—–-]?\s*but\b",
        "",
        contextual=False,
    ),
    # Agentless phrasing
    _rule("agentless", r"\bmistakes\s+were\s+made\b", "I made mistakes"),
    _rule(
        "agentless",
        r"\b(?:things|it|stuff)\s+(?:just\s+)?(?:got|went|became|were|was|getting)\s+"
        r"(?:a\s+(?:little|bit)\s+)?(?:out\s+of\s+hand|too\s+far|heated|physical|carried\s+away|"
        r"messy|blurry)\b",
        "I went too far",
    ),
    _rule("agentless", r"\bit\s+(?:just|all)\s+happened\b", "I did it"),
    _rule("agentless", r"\b(?:these|such)\s+things\s+happen\b", "I did it"),
    _rule("agentless", r"\bone\s+thing\s+led\s+to\s+another\b", "I made one choice after another"),
    _rule("agentless", r"\bharm\s+was\s+(?:done|caused)\b", "I caused harm"),
    _rule(
        "agentless",
        r"\b(?P<who>she|he|they|someone|people|you)\s+(?:got|was|were|ended\s+up|being)\s+hurt\b",
        _i_hurt,
        unless_after=r"\W*(?:by\s+me|because\s+(?:of\s+me|I)|when\s+I|after\s+I)\b",
    ),
    # Intoxication as the reason
    _rule(
        "intoxication",
        r"\b(?:I|we)\s+(?:was|were|'d\s+been|had\s+been|got|'d\s+gotten|had\s+gotten)\s+"
        r"(?:so\s+|really\s+|very\s+|pretty\s+|completely\s+|too\s+|totally\s+|super\s+|blind\s+|"
        r"black-?out\s+)?(?:drunk|wasted|hammered|high|stoned|plastered|trashed|smashed|tipsy|"
        r"buzzed|intoxicated|drinking|out\s+of\s+it|on\s+something)\b",
        "I had been drinking, and what I did was still my choice",
    ),
    _rule(
        "intoxication",
        r"\b(?:the\s+)?(?:alcohol|booze|drink|drinks|drugs|beer|liquor|tequila|vodka|whiskey)\s+"
        r"(?:was\s+talking|talking|made\s+me|got\s+the\s+better\s+of\s+me|took\s+over)\b",
        "I chose to",
    ),
    _rule(
        "intoxication",
        r"\b(?:I|we)\s+(?:had|'d\s+had)\s+(?:way\s+)?(?:too\s+much(?:\s+to\s+drink)?|a\s+few\s+too\s+"
        r"many|one\s+too\s+many|too\s+many\s+drinks)\b",
        "I had been drinking, and what I did was still my choice",
    ),
    _rule("intoxication", r"\bI\s+(?:blacked|browned)\s+out\b", "I had been drinking"),
    # Trivialising
    _rule(
        "trivialising",
        r"\b(?:just|only|merely)\s+(?:a\s+)?(?:joke|joking|kidding|messing\s+around|fooling\s+around|"
        r"banter|teasing|flirting|a\s+bit\s+of\s+fun|having\s+fun|playing\s+around|a\s+kiss|words|"
        r"a\s+game|a\s+prank)\b",
        _without_minimiser,
    ),
    _rule(
        "trivialising",
        r"\bharmless\s+(?:fun|flirting|jokes?|banter|teasing|prank)\b",
        "something that did harm",
    ),
    _rule("trivialising", r"\bno\s+big\s+deal\b", "a big deal"),
    _rule(
        "trivialising",
        r"\b(?:was|is)(?:n't|\s+not)\s+(?:a|that|such\s+a)\s+big\s+(?:of\s+)?(?:a\s+)?deal\b",
        "mattered",
    ),
    _rule(
        "trivialising",
        r"\b(?:it|that)\s+(?:was|is)(?:n't|\s+not)\s+(?:that|so|really|even)\s+(?:bad|serious)\b",
        "it was serious",
    ),
    _rule("trivialising", r"\b(?:it|that)\s+was\s+nothing\b", "it mattered"),
    _rule(
        "trivialising",
        r"\b(?P<who>she|he|they|you)\s+(?:overreacted|over-reacted|(?:is|was|were|are)\s+"
        r"overreacting|blew\s+it\s+(?:way\s+)?out\s+of\s+proportion|made\s+(?:it\s+)?(?:such\s+)?"
        r"(?:a\s+)?big\s+deal(?:\s+out\s+of\s+(?:it|nothing))?|took\s+it\s+(?:too\s+)?(?:seriously|"
        r"personally)|(?:is|was|are|were)\s+(?:being\s+)?(?:too\s+|so\s+)?(?:sensitive|dramatic))",
        lambda m: _who(m, "{who} was hurt by what I did"),
    ),
    # Misreading consent
    _rule(
        "consent-misreading",
        rf"\b{_WHO}\s+(?:didn't|did\s+not|never)\s+(?:say|said)\s+no\b",
        lambda m: _who(m, "I never made sure {who} wanted to"),
    ),
    _rule(
        "consent-misreading",
        rf"\b{_WHO}\s+(?:never|didn't|did\s+not)\s+(?:tell|told)\s+me\s+to\s+stop\b",
        lambda m: _who(m, "I never made sure {who} wanted to"),
    ),
    _rule("consent-misreading", r"\bmixed\s+(?:signals|messages)\b", "signals I read my way"),
    _rule(
        "consent-misreading",
        rf"\b{_WHO}\s+(?:was|were|seemed|seemed\s+to\s+be|looked)\s+(?:really\s+|totally\s+|"
        r"clearly\s+|obviously\s+|so\s+)?(?:into\s+it|into\s+me|up\s+for\s+it|willing|enjoying\s+it|"
        r"fine\s+with\s+it|ok(?:ay)?\s+with\s+it|asking\s+for\s+it|leading\s+me\s+on)\b",
        lambda m: _who(m, "I didn't make sure {who} wanted it"),
    ),
    _rule(
        "consent-misreading",
        rf"\b{_WHO}\s+(?:wanted\s+it|asked\s+for\s+it|led\s+me\s+on|came\s+on\s*to\s+me|flirted\s+"
        r"(?:with\s+me\s+)?first|started\s+it|didn't\s+(?:resist|stop\s+me|push\s+me\s+away|fight\s+"
        r"(?:me\s+off|back))|did\s+not\s+(?:resist|stop\s+me|fight\s+back))\b",
        lambda m: _who(m, "I didn't make sure {who} wanted it"),
    ),
    _rule(
        "consent-misreading",
        rf"\b(?:the\s+way|what)\s+{_WHO}\s+(?:was|were)\s+(?:dressed|wearing)\b",
        "what I did",
    ),
    # Normalising
    _rule("normalising", r"\bboys\s+will\s+be\s+boys\b", "I made a choice"),
    _rule(
        "normalising",
        r"\b(?:every(?:one|body)|all\s+(?:the\s+)?(?:guys|men|boys)|all\s+(?:of\s+)?my\s+friends|"
        r"all\s+of\s+us|we\s+all|the\s+other\s+guys)\s+(?:did|does|do|was\s+doing|were\s+doing|"
        r"said|talked\s+like)\s+(?:it|that|this|the\s+same)\b",
        "I did it",
    ),
    _rule(
        "normalising",
        r"\blocker[-\s]room\s+(?:talk|banter|stuff|humou?r|jokes?)\b",
        "talk that demeaned women",
    ),
    _rule(
        "normalising",
        r"\b(?:that's|that\s+is|it's|it\s+is|it\s+was|that\s+was)\s+(?:just\s+)?(?:how|what)\s+"
        r"(?:guys|men|boys|we)\s+(?:are|were|do|did|talk|talked)\b",
        "it was a choice",
    ),
    _rule(
        "normalising",
        r"\bit\s+was\s+(?:a\s+different\s+time|different\s+(?:back\s+)?then|normal\s+(?:back\s+)?"
        r"then|the\s+culture(?:\s+back\s+then)?)\b",
        "it was wrong then too",
    ),
    _rule("normalising", r"\b(?:guys|boys|men)\s+being\s+(?:guys|boys|men)\b", "a choice I made"),
    _rule(
        "normalising",
        r"\bmen\s+(?:are|were)\s+(?:just\s+)?(?:like\s+that|wired\s+that\s+way)\b",
        "I made a choice",
    ),
    # Self-centring
    _rule(
        "self-centring",
        r"\bI(?:'m|\s+am)\s+(?:really\s+|basically\s+|actually\s+)?(?:a\s+)?(?:good|nice|decent|"
        r"great|kind)\s+(?:guy|man|person|dude|husband|father|dad)\b",
        "I want my actions to show respect",
    ),
    _rule(
        "self-centring",
        r"\bI(?:'m|\s+am)\s+not\s+(?:that\s+(?:kind|type)\s+of\s+(?:guy|man|person)|a\s+bad\s+"
        r"(?:guy|person|man)|like\s+(?:that|other\s+(?:guys|men)))\b",
        "I did this",
    ),
    _rule(
        "self-centring",
        r"\bas\s+(?:a\s+)?(?:father|dad|husband|brother|son|man)\s+(?:of|to|with)\s+"
        r"(?:(?:a|two|three|four|\w+)\s+)?(?:daughters?|girls|sisters?)\b",
        "",
    ),
    _rule(
        "self-centring",
        r"\bI(?:'m|\s+am)\s+(?:now\s+)?(?:one\s+of\s+the\s+good\s+(?:ones|guys)|an\s+ally(?:\s+now)?|"
        r"a\s+feminist|a\s+(?:changed|different|new)\s+man)\b",
        "I'm working on specific changes",
    ),
    _rule(
        "self-centring",
        r"\bI(?:'ve|\s+have)\s+always\s+(?:respected|loved|supported|stood\s+up\s+for)\s+women\b",
        "I want to act with respect",
    ),
    _rule(
        "self-centring",
        r"\b(?:this|it)\s+(?:has\s+been|is|was)\s+(?:really\s+|so\s+)?(?:hard|difficult|tough|"
        r"painful)\s+(?:for|on)\s+me\b",
        "I think about what it was like for the person I hurt",
    ),
    _rule(
        "self-centring",
        r"\b(?:I\s+(?:deserve|need|want)\s+(?:forgiveness|a\s+second\s+chance|credit|praise)|"
        r"please\s+forgive\s+me|I\s+hope\s+(?:she|he|they|you)\s+(?:can\s+|will\s+)?forgives?\s+me)\b",
        "I'm responsible for what I did",
    ),
    # Shame about the self
    _rule(
        "shame",
        r"\bI(?:'m|\s+am)\s+(?:(?:just|such|truly|really|so|basically|nothing\s+but)\s+)*(?:an?\s+)?"
        rf"(?:monster|disgusting(?:\s+{_SELF_WORDS})?|(?:terrible|horrible|awful|bad|evil|"
        rf"disgusting|vile|rotten)\s+{_SELF_WORDS}|evil|worthless|pathetic|vile|trash|garbage|"
        r"piece\s+of\s+(?:shit|garbage|trash|crap)|waste\s+of\s+space|the\s+worst|irredeemable|"
        r"beyond\s+(?:help|saving|redemption)|lost\s+cause|unforgivable|rotten|creep|pervert)\b",
        "I did something harmful",
    ),
    _rule("shame", r"\bI\s+hate\s+myself\b", "I hate what I did"),
    _rule(
        "shame",
        r"\bI(?:'m|\s+am)\s+(?:so\s+)?ashamed\s+of\s+(?:myself|who\s+I\s+am)\b",
        "I'm ashamed of what I did",
    ),
    _rule(
        "shame",
        r"\bwhat\s+kind\s+of\s+(?:monster|person|man)\s+(?:am\s+I|does\s+that)\b",
        "what I did was harmful",
    ),
    # Self-harm: always shown, whatever the context.
    _rule(
        SELF_HARM,
        r"\b(?:kill|hurt|harm|cut)\s+myself\b|\b(?:end|ending|take|taking)\s+(?:it\s+all|my\s+"
        r"(?:own\s+)?life)\b|\b(?:don't|do\s+not|didn't|no\s+longer)\s+want\s+to\s+(?:be\s+alive|"
        r"live|exist|be\s+here(?:\s+anymore)?|wake\s+up)\b|(?<!n't\s|not\s)\b(?:want|wanted|wish)\s+(?:to\s+die|I\s+"
        r"(?:was|were)\s+dead)\b|\bbetter\s+off\s+(?:dead|without\s+me)\b|\bsuicid(?:e|al)\b|"
        r"\bno\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|going\s+on)\b|\bnot\s+worth\s+living\b",
        "",
        contextual=False,
    ),
)

# An excuse the writer distances himself from: quoting, recalling or naming it.
_DISTANCING = regex.compile(
    r"\b(?:told|tell|telling|convinced|reassured|kept\s+telling)\s+(?:myself|himself|ourselves|"
    r"people|everyone|them|her|him|my\s+friends)\b|\bused\s+to\s+(?:say|think|believe|tell|joke|"
    r"claim)\b|\b(?:I|we)\s+(?:would|'d)\s+(?:say|tell)\b|\bpretend(?:ed|ing)?\b|\bassum(?:ed|ing)\b|"
    r"\bdecided\b|\bacted\s+(?:like|as\s+if)\b|\bhid(?:e|ing)?\s+behind\b|\bcalled\s+it\b|"
    r"\bclaimed\b|\bstop(?:ped)?\s+(?:saying|telling\s+myself|using|believing)\b|\bno\s+longer\s+"
    r"(?:say|believe|think|tell)\b|\b(?:the|an|my|that)\s+(?:excuse|story|lie)\b|"
    r"\bexcuses?\s+like\b|\bthe\s+idea\s+that\b|\b(?:not|never)\s+(?:saying|claiming)\b|"
    r"\bnot\s+(?:that|because)\b|\bn't\s+(?:because|that)\b|\b(?:people|they|guys|men|others)\s+"
    r"(?:say|said)\b",
    _FLAGS,
)
# A denial right before the phrase: "it wasn't just a joke", "it was not harmless fun".
_NEGATED = regex.compile(
    r"(?:\bnot|n't|\bnever|\bno\s+longer)\s+(?:(?:really|even|simply|merely|all|that|just)\s+)?$",
    _FLAGS,
)
# A correction after the phrase: "..., and it wasn't", "is no excuse".
_CORRECTION = regex.compile(
    r"\b(?:and|but)\s+(?:it|that|this|she|he|they)\s+(?:wasn't|isn't|was\s+not|is\s+not|weren't|"
    r"were\s+not)\b|\b(?:it|that|this|which)\s+(?:was|is|'s)\s+(?:a\s+lie|an\s+excuse|no\s+excuse|"
    r"not\s+an\s+excuse|not\s+true|a\s+cop-?out)\b|\b(?:is|was)\s+(?:the|an|my)\s+excuse\b|"
    r"\bno\s+excuse\b|\bnot\s+(?:consent|a\s+yes|an\s+excuse)\b|\bdidn't\s+say\s+yes\b",
    _FLAGS,
)
_SHORT_DENIAL = regex.compile(
    r"^\s*(?:it|that|this|she|he|they)\s+(?:wasn't|was\s+not|isn't|is\s+not|weren't|were\s+not)"
    r"\b[^.!?\n]{0,30}[.!?]",
    _FLAGS,
)
_OPEN_QUOTE = regex.compile(r"(?:^|[\s(\[:,—-])['‘\"“][^'’\"”]*$")


def _clause(text: str, start: int, end: int) -> tuple[str, str, str]:
    """Text before ``start`` in its clause, after ``end`` in its sentence, and beyond."""
    left = max(text.rfind(c, 0, start) for c in _SENTENCE_PUNCT + ";\n") + 1
    stops = [i for i in (text.find(c, end) for c in _SENTENCE_PUNCT + "\n") if i != -1]
    right = min(stops) if stops else len(text)
    return text[left:start], text[end:right], text[right + 1 : right + 80]


def _excused_away(folded: str, start: int, end: int) -> bool:
    """Whether the writer quotes, denies or corrects the phrase at ``start:end``."""
    before, after, beyond = _clause(folded, start, end)
    return bool(
        _DISTANCING.search(before)
        or _NEGATED.search(before)
        or _OPEN_QUOTE.search(before)
        or _CORRECTION.search(after)
        or (not after.strip() and _SHORT_DENIAL.match(beyond))
    )


def _responsibility(text: str) -> list[Finding]:
    folded = _fold(text)
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for rule in _RULES:
        for m in rule.pattern.finditer(folded):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            if rule.contextual and _excused_away(folded, start, end):
                continue
            if rule.unless_after and rule.unless_after.match(folded, end):
                continue
            suggestion = rule.suggestion(m) if callable(rule.suggestion) else rule.suggestion
            taken.append((start, end))
            findings.append(
                _finding(RESPONSIBILITY, text, _Candidate(rule.category, start, end, suggestion))
            )
    return findings


# --- public API ------------------------------------------------------------------


def review(text: str) -> list[Finding]:
    """Both checks on ``text``, in order of position. Pure; never blocks."""
    return sorted(_identifying(text) + _responsibility(text), key=lambda f: (f.start, f.end))


def apply_fix(text: str, finding: Finding) -> str:
    """``text`` with ``finding``'s suggestion in place of its span.

    Raises ValueError if the text no longer holds the finding there, or if the
    finding (self-harm) has nothing to replace.
    """
    if finding.category == SELF_HARM:
        raise ValueError("a self-harm finding has nothing to replace")
    if text[finding.start : finding.end] != finding.text:
        raise ValueError("the text has changed since it was reviewed; review it again")
    return _join(text[: finding.start], finding.suggestion, text[finding.end :])


def _join(left: str, middle: str, right: str) -> str:
    if middle:
        if middle[-1] in _SENTENCE_PUNCT and right[:1] == " ":
            right = right[:2].upper() + right[2:]  # "sorry, but she" -> "sorry. She"
        return left + middle + right
    # A deletion: don't leave a double space or a comma opening a sentence.
    if (not left or left[-1].isspace()) and right[:1] == " ":
        right = right[1:]
    if _at_sentence_start(left, len(left)) and right[:1] == ",":
        right = right[1:].lstrip(" ")
        right = right[:1].upper() + right[1:]
    return left + right


def redact_findings(text: str) -> tuple[str, list[Finding]]:
    """``text`` with every identifying detail replaced, and the findings applied."""
    found = [f for f in review(text) if f.check == IDENTIFYING]
    for f in sorted(found, key=lambda f: f.start, reverse=True):
        text = apply_fix(text, f)
    return text, found


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def redact(text: str) -> str:
    """``text`` with every identifying detail replaced by a neutral stand-in."""
    return redact_findings(text)[0]
