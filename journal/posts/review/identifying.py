"""Details that could point to a person, found by kind.

Two kinds of detector:

* language-independent ones (links, emails, handles, phone numbers) run on all
  of the text;
* the rest read English (dates, ages, relationships and roles, descriptions
  that single one person out, and runs of capitalised words, which are sorted
  into schools, workplaces, places and names by their last word and the words
  around them). They run only on sentences in a language the review covers.

The backstop is the run of capitalised words: mid-sentence, a capitalised word
that is not an ordinary word (a month, "I", a nationality) is a possible name
or place. At the start of a sentence, where every word is capitalised, it has to
be a known given name or a word English text rarely uses.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator

import regex

from journal.posts.counting import extract_urls, mention_spans
from journal.posts.review import words
from journal.posts.review.findings import Candidate, at_sentence_start

Spans = list[tuple[int, int]]

# Capitalised words that are ordinary words here, never a person or a place.
NOT_NAMES = frozenset(
    [
        "I",
        "I'm",
        "I've",
        "I'd",
        "I'll",
        "Im",
        "Ive",
        "Id",
        "Ill",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
        "Christmas",
        "Easter",
        "Thanksgiving",
        "Halloween",
        "Ramadan",
        "Eid",
        "Hanukkah",
        "Diwali",
        "Lent",
        "Passover",
        "Valentine's",
        "God",
        "God's",
        "Jesus",
        "Christ",
        "Lord",
        "Allah",
        "Heaven",
        "Hell",
        "Bible",
        "Quran",
        "English",
        "Spanish",
        "French",
        "German",
        "Italian",
        "Chinese",
        "Japanese",
        "Korean",
        "Arabic",
        "Hindi",
        "Russian",
        "Portuguese",
        "Dutch",
        "Irish",
        "Scottish",
        "Welsh",
        "British",
        "American",
        "Australian",
        "Canadian",
        "Indian",
        "African",
        "European",
        "Asian",
        "Black",
        "White",
        "Brown",
        "Latina",
        "Latino",
        "Latinx",
        "Indigenous",
        "Aboriginal",
        "Māori",
        "Maori",
        "Muslim",
        "Jewish",
        "Hindu",
        "Sikh",
        "Christian",
        "Catholic",
        "Protestant",
        "Buddhist",
        "Arab",
        "Western",
        "Eastern",
        "Northern",
        "Southern",
        "Mom",
        "Mum",
        "Mommy",
        "Mummy",
        "Dad",
        "Daddy",
        "Mother",
        "Father",
        "Grandma",
        "Grandpa",
        "Granny",
        "Nan",
        "Nana",
        "Instagram",
        "Insta",
        "Facebook",
        "Twitter",
        "Tinder",
        "Snapchat",
        "TikTok",
        "Reddit",
        "Discord",
        "WhatsApp",
        "Bumble",
        "Hinge",
        "YouTube",
        "LinkedIn",
        "Threads",
        "Bluesky",
        "Mastodon",
        "Telegram",
        "Signal",
        "Zoom",
        "Slack",
        "Teams",
        "Internet",
        "Web",
        "The",
        "A",
        "An",
        "And",
        "But",
        "Or",
        "So",
        "Then",
        "When",
        "If",
        "It",
        "This",
        "That",
        "My",
        "Her",
        "His",
        "Our",
        "Their",
        "We",
        "She",
        "He",
        "They",
        "You",
        "Me",
        "Us",
        "Them",
        "Him",
        "Its",
        "Your",
        "Yes",
        "No",
        "Not",
        "Sorry",
        "OK",
        "Okay",
        "Hi",
        "Hello",
        "Dear",
        "Thanks",
        "PS",
        "Grade",
        "Year",
        "Class",
        "Form",
        "Room",
        "Level",
        "Step",
        "Part",
        "Chapter",
        "Page",
        "Section",
        "Round",
        "Stage",
        "Phase",
        "Day",
        "Week",
        "Month",
        "Night",
        "Morning",
        "Evening",
        "Afternoon",
        "Eve",
        "New",
        "Old",
        "Last",
        "Next",
        "First",
        "Second",
        "Third",
        "HimThough",
        "IDidThat",
        "MeToo",
        "HowIWillChange",
        "WhatIWillDo",
        "TED",
        "HR",
        "IT",
        "TA",
        "PR",
        "OK",
        "TV",
        "DM",
        "DMs",
        "St",
        "Dr",
        "Mr",
        "Mrs",
        "Ms",
        "Mx",
        "Rd",
        "Ave",
        "Co",
        "Inc",
        "Ltd",
    ]
)

# Names everyone uses (services, brands, events): they point to no one, except as a
# workplace ("at Google").
BRANDS = frozenset(
    [
        "Google",
        "Amazon",
        "Apple",
        "Microsoft",
        "Meta",
        "Netflix",
        "Spotify",
        "Uber",
        "Lyft",
        "Deliveroo",
        "Airbnb",
        "Tesla",
        "iPhone",
        "Android",
        "Xbox",
        "PlayStation",
        "Nintendo",
        "Steam",
        "Twitch",
        "Disney",
        "HBO",
        "BBC",
        "CNN",
        "Fox",
        "Covid",
        "COVID",
        "Coronavirus",
        "Brexit",
        "Olympics",
        "World",
        "Cup",
        "Premier",
        "League",
        "NFL",
        "NBA",
        "Super",
        "Bowl",
        "Starbucks",
        "McDonald's",
        "McDonalds",
        "KFC",
        "Tesco",
        "Walmart",
        "Target",
        "Costco",
        "IKEA",
        "Ikea",
        "Nike",
        "Adidas",
    ]
)
_ABSTRACT = regex.compile(r"(?:ism|ist|ness|ity|tion|ment|ship|hood|ology)$")

_TITLES = r"(?:Dr|Mr|Mrs|Ms|Mx|Miss|Prof|Professor|Sir|Dame|Coach|Aunty|Auntie|Uncle|Father|Sister)"
_CAP_TOKEN = (
    r"(?:\p{Lu}{2,}(?![\p{Ll}\p{M}])"
    r"|(?!I\b)\p{Lu}[\p{Ll}\p{M}]*(?:\p{Lu}[\p{Ll}\p{M}]+)?"
    r"(?:-\p{Lu}?[\p{Ll}\p{M}]+|'(?!s\b)\p{Lu}?[\p{Ll}\p{M}]+)*)"
)
_RUN = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}\p{{N}}_@#/.'-])(?:{_TITLES}\.?[ \t]+)?{_CAP_TOKEN}"
    rf"(?:(?:[ \t]+&[ \t]+|[ \t]+of[ \t]+(?:the[ \t]+)?|[ \t]+|-){_CAP_TOKEN}\.?"
    r"|[ \t]+\d{1,3}(?![\p{L}\p{N}]))*"
    r"(?![\p{L}\p{M}\p{N}_@])"
)
_TOKEN = regex.compile(rf"{_CAP_TOKEN}\.?|&|of|the|\d+")


def _kinds(words: str, category: str, stand_in: str) -> dict[str, tuple[str, str]]:
    return dict.fromkeys(words.split("|"), (category, stand_in))


# The word that ends a named place or institution: its category and stand-in.
KINDS: dict[str, tuple[str, str]] = {
    **_kinds(
        "School|High|Academy|University|College|Institute|Prep|Primary|Grammar|Polytechnic|"
        "Seminary|Kindergarten|Preschool|Nursery",
        "school",
        "a school",
    ),
    **_kinds(
        "Inc|LLC|Ltd|Limited|Corp|Corporation|Company|Co|Bank|Partners|Associates|Agency|Studio|"
        "Studios|Labs|Logistics|Freight|Motors|Media|Group|Holdings|Consulting|Solutions|Systems|"
        "Technologies|Tech|Foods|Services|Builders|Construction|Dental|Insurance|Airlines|Airways|"
        "Press|Publishing|Records|Entertainment|Capital|Ventures|Industries|Pharma|Retail|"
        "Mercury|Times|Post|Herald|Gazette|Tribune|Chronicle|News",
        "workplace",
        "a company",
    ),
    **_kinds("Hospital|Clinic|Surgery|Infirmary", "institution", "a hospital"),
    **_kinds("Station|Precinct|Ward|Depot|Barracks|Base", "institution", "a station"),
    **_kinds("Bar|Pub|Tavern|Lounge|Brewery|Inn", "institution", "a bar"),
    **_kinds("Club|Society|Team|FC|League", "institution", "a club"),
    **_kinds("Hotel|Resort|Motel", "institution", "a hotel"),
    **_kinds("Restaurant|Cafe|Café|Diner|Grill|Kitchen|Bistro", "institution", "a restaurant"),
    **_kinds("Church|Mosque|Temple|Synagogue|Gurdwara|Cathedral", "institution", "a church"),
    **_kinds("Gym|Fitness", "institution", "a gym"),
    **_kinds("Stadium|Arena|Theatre|Theater|Hall|Centre|Center|Museum|Library", "institution",
             "a venue"),
    **_kinds("Street|St|Road|Rd|Avenue|Ave|Lane|Drive|Boulevard|Crescent|Terrace", "address",
             "a street"),
}  # fmt: skip

_SCHOOL_CONTEXT = regex.compile(
    r"\b(?:stud(?:y|ied|ying|ent|ents)|class(?:es|mates?)?|year|lectures?|lecturer|tutor|TA|"
    r"campus|first-year|freshman|semester|term|course|degree|grad(?:uate)?|alumni|school|uni|"
    r"professor|dorm|halls?)\b",
    regex.IGNORECASE,
)
_ORG_CUE = regex.compile(
    r"(?i:\b(?:at|for|with|joined|by|from|left|quit)\s+(?:the\s+)?)$",
)
_PLACE_CUE = regex.compile(
    r"(?i:\b(?:in|from|near|outside|around|across|of|to|visit(?:ed|ing)?|around)\s+)$",
)
_DETERMINER = regex.compile(r"(?i:\b(?:the|a|an|my|our|her|his|their|your)\s+)$")
_POSSESSIVE = regex.compile(r"'s\b")
_OFFICE_AFTER = regex.compile(
    rf"'s\s+(?:{_CAP_TOKEN}\s+)?(?=(?:office|branch|site|store|shop|warehouse|factory|plant|"
    r"campus|headquarters|HQ|studio|team)\b)"
)
_DEPT = regex.compile(
    r"\s+(?:from|in)\s+(?:HR|IT|PR|accounts|accounting|payroll|sales|marketing|finance|legal|"
    r"ops|operations|admin|reception|engineering|design|support|compliance|procurement|"
    r"logistics|security|facilities|the\s+office|the\s+warehouse|the\s+front\s+desk|"
    r"the\s+(?:\w+\s+)?team|the\s+(?:\w+\s+)?department|work)\b"
)

# --- language-independent ---------------------------------------------------------------

_EMAIL = regex.compile(r"(?<![\w.+@-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = regex.compile(
    r"(?<![\w+])(?:\+?\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{2,5}[ .-])\d{3,4}[ .-]?\d{3,4}(?!\w)"
    r"|(?<![\w+])\+?\d{10,13}(?!\w)",
)
_AT_HANDLE = regex.compile(r"(?<![\w@.])@[\w](?:[\w.]*\w)?")
_SUB_HANDLE = regex.compile(r"(?<![\w/])u/[\w-]{3,}")
_PLATFORMS = (
    r"Instagram|Insta|IG|TikTok|Snapchat|Snap|Twitter|X|Threads|Bluesky|Mastodon|Reddit|Discord|"
    r"Facebook|FB|YouTube|Twitch|LinkedIn|Telegram|WhatsApp|Tinder|Bumble|Hinge|Steam|Xbox|PSN"
)
_HANDLE_WORD = r"@?[\w][\w.]*\w"
_HANDLE_CUES = (
    regex.compile(
        rf"(?i:\b(?:(?:{_PLATFORMS})\s+)?(?:user\s*name|handle|account|profile|gamertag|tag)"
        rf"(?:\s+name)?\s*(?:is|was|:)\s+)(?P<h>{_HANDLE_WORD})"
    ),
    regex.compile(rf"(?:(?i:\b(?:{_PLATFORMS}))\s+(?i:is|was|:)\s+)(?P<h>{_HANDLE_WORD})"),
    regex.compile(rf"(?P<h>(?<![\w.@])[\w]*[._\d][\w.]*\w)(?=\s+on\s+(?:{_PLATFORMS})\b)"),
    regex.compile(rf"(?i:\b(?:posts|goes|went)\s+(?:online\s+)?as\s+)(?P<h>{_HANDLE_WORD})"),
)


def _links(text: str) -> Iterator[Candidate]:
    for s, e in extract_urls(text):
        yield Candidate("link", s, e, "(link removed)")


def _emails(text: str) -> Iterator[Candidate]:
    for m in _EMAIL.finditer(text):
        yield Candidate("email", m.start(), m.end(), "(email removed)")


def _in_parentheses(text: str, start: int) -> bool:
    return text[:start].rstrip().endswith("(")


def _handles(text: str) -> Iterator[Candidate]:
    spans = {(m.start(), m.end()) for m in _AT_HANDLE.finditer(text)}
    spans |= set(mention_spans(text))
    spans |= {(m.start(), m.end()) for m in _SUB_HANDLE.finditer(text)}
    for s, e in sorted(spans, key=lambda se: (se[0], -se[1])):
        alone = "(handle removed)" if _in_parentheses(text, s) else "someone"
        yield Candidate("handle", s, e, alone, person=text[s:e].casefold())
    for cue in _HANDLE_CUES:
        for m in cue.finditer(text):
            if m["h"] in NOT_NAMES:
                continue
            yield Candidate("handle", m.start("h"), m.end("h"), "(username removed)")


def _phones(text: str) -> Iterator[Candidate]:
    for m in _PHONE.finditer(text):
        if sum(c.isdigit() for c in m.group()) >= 7:
            yield Candidate("phone", m.start(), m.end(), "(phone number removed)")


ANYWHERE: tuple[Callable[[str], Iterator[Candidate]], ...] = (_links, _emails, _handles, _phones)

# --- English: addresses, dates, ages --------------------------------------------------------

_STREET = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl|Way|"
    r"Terrace|Close|Crescent|Parkway|Pkwy|Highway|Hwy)\b"
)
_ADDRESS = regex.compile(
    rf"\b\d{{1,5}}[A-Za-z]?\s+(?:\p{{Lu}}[\p{{L}}'.]*\s+){{1,3}}{_STREET}"
    r"(?:,?\s+(?:Apt|Apartment|Unit|Suite|Flat|#)\.?\s*\w+)?",
)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_SEASON = r"(?:(?:the\s+)?(?:spring|summer|fall|autumn|winter)\s+of\s+)"
_HOLIDAY = (
    r"(?:New\s+Year's\s+(?:Eve|Day)|Christmas(?:\s+(?:Eve|Day))?|Boxing\s+Day|Easter|Halloween|"
    r"Diwali|Eid|Thanksgiving|Valentine's\s+Day|Bonfire\s+Night|Hogmanay|Holi)"
)
_DATES = [
    regex.compile(
        rf"(?:(?i:on|in)\s+)?(?:the\s+)?(?:{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR})?"
        rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?|{_MONTH},?\s+{_YEAR})\b",
    ),
    regex.compile(
        rf"(?:(?i:on)\s+)?\b(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:{_YEAR}|\d\d)|{_YEAR}-\d\d-\d\d)\b",
    ),
    regex.compile(rf"(?:(?i:on|at)\s+)?{_HOLIDAY}(?:\s+(?:of\s+)?{_YEAR})\b"),
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
    (regex.compile(rf"(?i:\bat\s+(?:the\s+)?age\s+(?:of\s+)?){_AGE_NUMBER}\b"), "back then"),
    (
        regex.compile(
            r"(?i:(?<=\b(?:she|he|they|we|you)(?:\s+(?:was|were|is|are)|'s|'re)\s+)"
            rf"(?:only\s+|just\s+|barely\s+)?){_AGE_NUMBER}(?:[\s-]+years?[\s-]+old)?\b"
            r"(?=\s*(?:[.,;:!?)\n—–-]|$|(?i:and|or|but|so|too|then|when|back|at\s+the\s+time)\b))",
        ),
        "young",
    ),
    (regex.compile(rf"(?i:(?<=\b(?:turned|aged)\s+)){_AGE_NUMBER}\b{_NOT_AN_AGE}"), "young"),
    (regex.compile(rf"(?i:\b{_AGE_NUMBER}[\s-]+years?[\s-]+old)\b"), "young"),
]


def _addresses(text: str) -> Iterator[Candidate]:
    for m in _ADDRESS.finditer(text):
        on = regex.search(r"(?i:\bon\s+)$", text[max(0, m.start() - 4) : m.start()])
        yield Candidate("address", m.start(), m.end(), "a street" if on else "an address")


def _dates(text: str) -> Iterator[Candidate]:
    for rx in _DATES:
        for m in rx.finditer(text):
            said = m.group().lower()
            if said.startswith("since"):
                stand_in = "for years"
            elif _HAS_YEAR.search(said):
                stand_in = "years ago"
            else:
                stand_in = "one day"
            yield Candidate("date", m.start(), m.end(), stand_in)


def _ages(text: str) -> Iterator[Candidate]:
    for rx, stand_in in _AGES:
        for m in rx.finditer(text):
            yield Candidate("age", m.start(), m.end(), stand_in)


# --- English: relationships, roles, descriptions that single someone out ------------------


def _roles(nouns: str, stand_in: str) -> list[tuple[str, str]]:
    return [(n, stand_in) for n in nouns.split("|")]


_ROLE_STAND_INS = dict(
    _roles(
        "manager|line manager|boss|supervisor|team lead|team leader|director|colleague|coworker|"
        "co-worker|workmate|intern|new hire|new girl|new starter|assistant|secretary|"
        "receptionist|trainee|apprentice|subordinate|direct report|employee|editor|client|"
        "customer|partner at work|shift manager|foreman|head of department|HR manager|"
        "office manager|mentor|mentee|barista|waitress|bartender|cashier|nurse|doctor",
        "a colleague",
    )
    + _roles("friend|best friend|mate|best mate|pal|buddy|teammate|bandmate", "a friend")
    + _roles("flatmate|housemate|roommate|room-mate", "someone I lived with")
    + _roles("neighbour|neighbor|landlord|landlady|tenant", "a neighbour")
    + _roles("nanny|babysitter|cleaner|au pair|carer", "someone who worked for us")
    + _roles(
        "classmate|student|pupil|teacher|tutor|lecturer|professor|coach|TA|teaching assistant|"
        "course mate|coursemate|lab partner",
        "someone I knew",
    )
    + _roles(
        "ex|ex-girlfriend|ex-boyfriend|ex-wife|ex-husband|ex-partner|girlfriend at the time|"
        "then-girlfriend|first girlfriend|old girlfriend|college girlfriend|date",
        "someone I dated",
    )
    + _roles(
        "sister|brother|cousin|niece|nephew|aunt|stepdaughter|step-daughter|stepson|stepsister|"
        "step-sister|stepmother|stepmom|sister-in-law|brother-in-law|daughter-in-law|"
        "mother-in-law|goddaughter",
        "a relative",
    )
    + _roles("girlfriend|boyfriend|wife|husband|fiancée|fiancee|fiancé", "a partner")
)
_ROLE_NOUNS = "|".join(
    regex.escape(n).replace(r"\ ", r"\s+") for n in sorted(_ROLE_STAND_INS, key=len, reverse=True)
)
_OWNER = r"(?:my|her|his|our|their|the|your)"
_ROLE = regex.compile(
    rf"(?i:\b{_OWNER}\s+)(?:(?:new|old|former|then|only|youngest|junior|senior|summer|temp|"
    rf"best|closest|oldest|little|younger|older)\s+)?(?P<role>{_ROLE_NOUNS})(?![\p{{L}}-])"
    r"(?P<when>\s+at\s+the\s+time)?",
    regex.IGNORECASE,
)
# Partners and plain family are too common to point to anyone ("my wife", "my mum"), but
# someone's partner ("his girlfriend") or a chain ("my mate's girlfriend") is not.
_COMMON_OWN = regex.compile(r"(?i:my|our)\s+(?:\w+\s+)?(?:girlfriend|boyfriend|wife|husband|fianc)")
_CHAIN = regex.compile(
    rf"(?i:\b{_OWNER}\s+(?:(?:best|old|new)\s+)?)(?:[\p{{L}}-]+'s\s+)+(?:(?:best|new|old)\s+)?"
    rf"(?:{_ROLE_NOUNS}|daughter|son|mother|mum|mom|father|dad|kid|child)\b",
    regex.IGNORECASE,
)
_ROLE_NAME = regex.compile(
    rf"(?i:\b(?:{_OWNER}\s+)?(?:(?:best|old|good|close)\s+)?(?P<role>{_ROLE_NOUNS})\s*,?\s+)"
    rf"(?P<name>{_CAP_TOKEN}(?:[ \t]+{_CAP_TOKEN})*)(?![\p{{L}}])",
)
_SINGLING = regex.compile(
    r"(?i:\bthe\s+(?:only|youngest|oldest|tallest|shortest|newest|first|last|one)\s+)"
    r"(?:(?!(?:and|but|who|that|when|because|so|was|were|is|at|in|on)\b)[\p{L}\p{N}'-]+\s+){0,4}"
    r"(?i:(?:at|in|on|of)\s+)(?:(?:the|my|our|her|his|their)\s+)?"
    r"(?:(?!(?:and|but|who|that|when|because|so|was|were|is)\b)[\p{L}\p{N}'&-]+)"
    r"(?:\s+(?!(?:and|but|who|that|when|because|so|was|were|is|for|to|with|after|before)\b)"
    r"[\p{L}\p{N}'&-]+){0,2}",
)
_I_AM = regex.compile(r"(?i:\bI\s+(?:was|am)|\bI'm|\bI'd\s+been)\s+$")


def _stand_in_role(role: str) -> str:
    key = " ".join(role.lower().split())
    return _ROLE_STAND_INS.get(key, _ROLE_STAND_INS.get(role, "someone"))


def _relationships(text: str) -> Iterator[Candidate]:
    for m in _SINGLING.finditer(text):
        yield Candidate("singling-out", m.start(), m.end(), "someone")
    for m in _ROLE_NAME.finditer(text):
        if m["name"].split()[0] in NOT_NAMES:
            continue
        stand_in = _stand_in_role(m["role"])
        yield Candidate("relationship", m.start(), m.end(), stand_in, person=_key(m["name"]))
    for m in _CHAIN.finditer(text):
        yield Candidate("relationship", m.start(), m.end(), "someone close to me")
    for m in _ROLE.finditer(text):
        if _COMMON_OWN.match(m.group()) and not m["when"]:
            continue
        stand_in = _stand_in_role(m["role"])
        if _I_AM.search(text, max(0, m.start() - 20), m.start()):
            stand_in = "someone she depended on"
        yield Candidate("relationship", m.start(), m.end(), stand_in)


# --- English: runs of capitalised words -------------------------------------------------


def _key(name: str) -> str:
    return words.plain(name.split()[0].rstrip("."))


def _is_name_word(word: str, text: str, start: int) -> bool:
    """Whether a capitalised ``word`` at ``start`` is a possible name."""
    bare = word.rstrip(".")
    if bare in NOT_NAMES or bare in BRANDS or (bare.isupper() and len(bare) <= 4):
        return False
    if not at_sentence_start(text, start):
        # Mid-sentence, a capital is the sign; only common English words capitalised
        # for emphasis or in a title ("Feminism") are let through.
        english = words.english_word(bare) and not words.given_name(bare)
        return not (english and (words.zipf(bare) >= 4.3 or _ABSTRACT.search(bare)))
    if words.given_name(bare):
        return not words.also_word(bare) or not words.english_word(bare)
    return not words.english_word(bare) and words.zipf(bare) < 3.5


def _school_or_company(text: str, start: int) -> tuple[str, str]:
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    right = [i for i in (text.find(c, start) for c in ".!?\n") if i != -1]
    sentence = text[left : min(right) if right else len(text)]
    if _SCHOOL_CONTEXT.search(sentence):
        return "school", "a school"
    return "workplace", "a company"


def _classify_run(text: str, start: int, end: int) -> Candidate | None:
    run = text[start:end]
    tokens = list(_TOKEN.finditer(run))
    # Drop ordinary capitalised words at the front ("Then Sarah", "My Leeds office").
    opening = at_sentence_start(text, start)
    while tokens and (
        tokens[0].group().rstrip(".") in NOT_NAMES
        or (opening and len(tokens) > 1 and words.english_word(tokens[0].group()))
    ):
        if len(tokens) > 1 and regex.fullmatch(rf"(?:St|{_TITLES})\.?", tokens[0].group()):
            break
        tokens.pop(0)
        opening = False
    while tokens and not tokens[-1].group()[:1].isupper() and not tokens[-1].group().isdigit():
        tokens.pop()
    if not tokens or not tokens[0].group()[:1].isupper():
        return None
    s, e = start + tokens[0].start(), start + tokens[-1].end()
    last = tokens[-1].group().rstrip(".")
    if last.isdigit() and len(tokens) > 1:
        last = tokens[-2].group().rstrip(".")
    if text[s:e].endswith(".") and last not in ("Co", "Inc", "Ltd", "Corp", "St", "Dr"):
        e -= 1
    first = tokens[0].group().rstrip(".")
    before = text[max(0, s - 30) : s]
    if last in KINDS and len(tokens) > 1:
        category, stand_in = KINDS[last]
        if category != "address" or regex.search(r"(?i:\b(?:on|off|along|down)\s+)$", before):
            return Candidate(category, s, e, stand_in)
    if first in ("University", "College", "Institute") and " of " in text[s:e]:
        return Candidate("school", s, e, "a school")
    if first in ("St", "Saint") and len(tokens) > 1:
        tail = regex.match(r"'s\b", text[e:])
        return Candidate("school", s, e + (tail.end() if tail else 0), "a school")
    if all(t.group().rstrip(".") in BRANDS for t in tokens):
        return Candidate("workplace", s, e, "a company") if _ORG_CUE.search(before) else None
    if not any(_is_name_word(t.group(), text, start + t.start()) for t in tokens):
        return None
    if regex.match(_TITLES + r"\.?$", first):
        return Candidate("name", s, e, "someone", person=_key(text[s:e].split(maxsplit=1)[-1]))
    office = _OFFICE_AFTER.match(text, e)
    if office:
        return Candidate("workplace", s, office.end() - 1, "a company's")
    dept = _DEPT.match(text, e)
    if dept:
        return Candidate("relationship", s, dept.end(), "a colleague", person=_key(first))
    if _ORG_CUE.search(before) and not words.given_name(first):
        category, stand_in = _school_or_company(text, s)
        return Candidate(category, s, e, stand_in)
    if _PLACE_CUE.search(before) and not words.given_name(first) and len(tokens) <= 3:
        if _POSSESSIVE.match(text, e):
            return Candidate("name", s, e, "someone", person=_key(first))
        return Candidate("place", s, e, "a city")
    return Candidate("name", s, e, "someone", person=_key(text[s:e]))


def _capitalised(text: str, taken: Spans) -> Iterator[Candidate]:
    """Runs of capitalised words, less the parts other detectors already took."""
    for m in _RUN.finditer(text):
        for start, end in _free_parts(m.start(), m.end(), taken):
            sub = _RUN.search(text, start, end)
            if sub is None:
                continue
            found = _classify_run(text, sub.start(), sub.end())
            if found is not None:
                yield found


def _free_parts(start: int, end: int, taken: Spans) -> Iterator[tuple[int, int]]:
    """The parts of ``start:end`` outside ``taken`` (sorted, non-overlapping)."""
    at = start
    i = max(0, bisect.bisect_left(taken, (start, start)) - 1)
    for s, e in taken[i:]:
        if s >= end:
            break
        if e <= at:
            continue
        if s > at:
            yield at, s
        at = max(at, e)
    if at < end:
        yield at, end


def _same_names(text: str, found: list[Candidate]) -> Iterator[Candidate]:
    """Later mentions of a name found once, wherever they stand ("Sarah" at a sentence start)."""
    keys = {c.person for c in found if c.category == "name" and c.person}
    for m in regex.finditer(rf"(?<![\p{{L}}\p{{M}}])({_CAP_TOKEN})(?![\p{{L}}\p{{M}}])", text):
        if _key(m.group()) in keys and m.group() not in NOT_NAMES:
            yield Candidate("name", m.start(), m.end(), "someone", person=_key(m.group()))


ENGLISH: tuple[Callable[[str], Iterator[Candidate]], ...] = (
    _addresses,
    _dates,
    _ages,
    _relationships,
)


class _Taken:
    """Non-overlapping spans, sorted, for an overlap test in O(log n)."""

    def __init__(self) -> None:
        self.spans: Spans = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.spans, (start, start))
        before = i > 0 and self.spans[i - 1][1] > start
        return before or (i < len(self.spans) and self.spans[i][0] < end)

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))


def _inside(spans: Spans, pos: int) -> bool:
    i = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def detect(text: str, covered: Spans) -> list[Candidate]:
    """Every detail found, earlier detectors first; overlapping later ones dropped."""
    taken = _Taken()
    result: list[Candidate] = []
    covered = sorted(covered)

    def add(candidates: Iterator[Candidate], only: Spans | None) -> None:
        for c in sorted(candidates, key=lambda c: (c.start, -c.end)):
            if c.end <= c.start or taken.overlaps(c.start, c.end):
                continue
            if only is not None and not _inside(only, c.start):
                continue
            taken.add(c.start, c.end)
            result.append(c)

    for detector in ANYWHERE:
        add(detector(text), None)
    for detector in ENGLISH:
        add(detector(text), covered)
    add(_capitalised(text, list(taken.spans)), covered)
    add(_same_names(text, result), covered)
    return sorted(result, key=lambda c: c.start)
