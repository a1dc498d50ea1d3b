"""Words of despair or of shame about the self: a kind word and the way to Support.

These are not wording to fix. Despair and thoughts of self-harm need people,
not a rewrite; shame about who he is ("I'm a terrible person"), unlike guilt
about what he did, tends to lead to hiding rather than repair. Both are shown
whatever the context, in every language the review reads.
"""

from __future__ import annotations

import regex

from journal.posts.review.findings import SELF_HARM, SHAME, Candidate

MESSAGES = {
    SELF_HARM: "These words can mean you are in a lot of pain right now. You don't have to "
    "carry it alone: Support lists people you can talk to today, including crisis lines. If "
    "you might act on these thoughts, call a crisis line or emergency services now.",
    SHAME: 'This is about who you are, not what you did. Feeling "I am bad" tends to lead '
    'to hiding; "I did something bad" leads toward repair. You are more than the worst '
    "thing you did, and Support lists people you can talk to about it.",
}

_F = regex.IGNORECASE
_SELF = r"(?:person|human(?:\s+being)?|man|guy|son|father|dad|husband|partner)"
_AM = r"\bI(?:'m|\s+am|\s+was|'ve\s+become|\s+have\s+become|\s+must\s+be)\s+"
_INTENS = (
    r"(?:(?:just|such|truly|really|so|basically|nothing\s+but|deep\s+down|a\s+real|an?|the)\s+)*"
)

_SELF_HARM = regex.compile(
    r"\b(?:kill|hurt|harm|cut|hurting|harming|cutting|killing)\s+myself\b"
    r"|\b(?:end|ending)\s+(?:it\s+all|it|things|my\s+(?:own\s+)?life|everything)\b(?!\s+with\b)"
    r"|\b(?:take|taking)\s+(?:it\s+all|my\s+(?:own\s+)?life)\b"
    r"|\b(?:don't|do\s+not|didn't|no\s+longer|don't\s+even)\s+(?:want|deserve)\s+to\s+(?:be\s+alive|"
    r"live|exist|be\s+here(?:\s+anymore)?|wake\s+up|go\s+on)\b"
    r"|\bI\s+(?:don't|do\s+not)\s+deserve\s+to\s+(?:be\s+alive|live|exist|breathe)\b"
    r"|\b(?:hoping|hope|wish)\s+I(?:'ll|\s+will|\s+would|'d)?\s+(?:not|never)\s+wake\s+up\b"
    r"|\bnot\s+wake\s+up\b"
    r"|(?<!n't\s|not\s)\b(?:want|wanted|wish)\s+(?:to\s+die|I\s+(?:was|were)\s+dead|I'd\s+never\s+"
    r"been\s+born|I\s+had\s+never\s+been\s+born|I\s+was\s+never\s+born)\b"
    r"|\bbetter\s+off\s+(?:dead|without\s+me|if\s+I\s+(?:was|were|wasn't|weren't)\s+(?:gone|"
    r"dead|here|around|alive))\b"
    r"|\bsuicid(?:e|al)\b"
    r"|\bno\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|going\s+on|being\s+alive|being\s+here)\b"
    r"|\bnot\s+worth\s+living\b"
    r"|\bI\s+(?:just\s+)?(?:want|wanna|need)\s+to\s+(?:disappear|vanish|not\s+exist|stop\s+"
    r"existing|not\s+be\s+here)(?:\s+forever)?\b"
    r"|\bcan't\s+(?:keep|go\s+on)\s+(?:living|like\s+this)(?:\s+like\s+this)?\b"
    r"|\bcan't\s+go\s+on\b",
    _F,
)
_SHAME = regex.compile(
    rf"{_AM}{_INTENS}(?:monster|scum|predator|creep|pervert|abuser|animal|"
    r"(?:terrible|horrible|awful|bad|evil|disgusting|vile|rotten|sick|broken|worthless|shit|"
    rf"garbage|pathetic)\s+{_SELF}|evil|worthless|pathetic|vile|trash|garbage|disgusting|"
    r"(?:rotten|evil)(?:\s+to\s+the\s+core)?|broken|unlovable|irredeemable|"
    r"piece\s+of\s+(?:shit|garbage|trash|crap)|waste\s+of\s+space|the\s+worst|lost\s+cause|"
    r"unforgivable|beyond\s+(?:help|saving|redemption))\b(?!\s+(?:in\s+how|for\s+what|about))"
    r"|\bI\s+(?:hate|despise|loathe)\s+(?:myself|who\s+I\s+am|what\s+I\s+am)\b"
    r"|\bthere(?:'s|\s+is)\s+something\s+(?:wrong|broken|rotten)\s+(?:with|in)\s+me\b"
    r"|\bwhat\s+kind\s+of\s+(?:monster|person|man)\s+(?:am\s+I|does\s+that)\b"
    r"|\bI(?:'m|\s+am)\s+(?:so\s+)?ashamed\s+of\s+(?:myself|who\s+I\s+am)\b",
    _F,
)


def detect(text: str) -> list[Candidate]:
    found = [Candidate(SELF_HARM, m.start(), m.end(), "") for m in _SELF_HARM.finditer(text)]
    for m in _SHAME.finditer(text):
        if not any(m.start() < c.end and c.start < m.end() for c in found):
            found.append(Candidate(SHAME, m.start(), m.end(), ""))
    return found
