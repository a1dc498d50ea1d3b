"""Wording that shifts responsibility away from the writer, by category.

Each rule is a phrase shape with a plain explanation and a suggested rewrite;
the writer always decides. Precision matters as much as recall: an excuse he
quotes, denies or names as an excuse ("I told myself it was just a joke, and it
wasn't"; "I was drunk, and that is no excuse") is not flagged. On a step that
asks him to name his excuses, they are acknowledged, not flagged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex

from journal.posts.review.findings import SENTENCE_PUNCT, Candidate, overlaps

_FLAGS = regex.IGNORECASE

MESSAGES: dict[str, str] = {
    "non-apology": "This apology depends on how the other person felt, or takes itself back "
    '("if", "you felt", "but"), which puts the weight on them. Saying plainly what you did '
    "and that you are sorry for it is an apology without conditions.",
    "agentless": "This describes what happened without saying who did it. Naming yourself "
    "as the one who acted is the core of taking responsibility.",
    "alcohol": "Alcohol or drugs can read as the reason it happened. You can say you had "
    "been drinking and still say plainly that what you did was your choice.",
    "minimising": "This makes the harm sound small. The person affected is the one who knows "
    "how much it hurt.",
    "blaming": "This puts the cause on her, or on other people. You can say what they did and "
    "still own what you chose to do.",
    "excuse": "This explains the harm away: a reason, a misunderstanding, what you meant. "
    "Your reasons may be true, and what you did is still yours to own.",
    "consent": "This reads consent from her behaviour, from silence or from signals. Consent "
    "is a clear, freely given yes; not hearing a no is not the same thing.",
    "normalising": "This presents what happened as normal or as what everyone did. Others "
    "doing it doesn't change that it was your choice.",
    "attacking": "This questions or attacks the person who was hurt, or the people who spoke "
    "up, instead of what you did.",
    "self-centring": "This turns the focus to you: your character, your family, your "
    "feelings, or a wish for forgiveness or credit. Keeping the focus on what you did, and on "
    "the people affected, keeps it honest.",
}

ACKNOWLEDGED = (
    "You named this as something you told yourself. Seeing an excuse for what it is, is part "
    "of the work; when you write about it for others, say that it was an excuse."
)

_OBJECT = {"you": "you", "she": "her", "he": "him", "they": "them"}
_WHO = r"(?P<who>she|he|they)"
_SHE = r"(?:she|he|they)"

Suggest = str | Callable[["regex.Match[str]"], str]


@dataclass(frozen=True)
class Rule:
    category: str
    pattern: regex.Pattern[str]
    suggestion: Suggest
    #: Text right after the match that names the agent ("by me"): then no finding.
    unless_after: regex.Pattern[str] | None = None
    #: Whether quoting, denial or naming it as an excuse suppresses the finding.
    contextual: bool = True


def _rule(
    category: str,
    pattern: str,
    suggestion: Suggest,
    *,
    unless_after: str | None = None,
    contextual: bool = True,
) -> Rule:
    return Rule(
        category,
        regex.compile(pattern, _FLAGS),
        suggestion,
        regex.compile(unless_after, _FLAGS) if unless_after else None,
        contextual,
    )


def _obj(m: regex.Match[str]) -> str:
    return _OBJECT.get((m.groupdict().get("who") or "").lower(), "her")


def _who(template: str) -> Callable[[regex.Match[str]], str]:
    return lambda m: template.format(who=(m["who"] or "she").lower(), obj=_obj(m))


_MINIMISER = regex.compile(r"^(?:just|only|merely)\s+(?:a\s+bit\s+of\s+)?", _FLAGS)


def _without_minimiser(m: regex.Match[str]) -> str:
    return str(_MINIMISER.sub("", m.group()))


_DRUNK = (
    r"(?:drunk|wasted|hammered|high|stoned|plastered|trashed|smashed|tipsy|buzzed|intoxicated|"
    r"out\s+of\s+it|off\s+(?:my|our)\s+(?:face|head|heads|faces)|legless|pissed|sloshed|"
    r"blind\s+drunk|on\s+something|under\s+the\s+influence|drinking\s+all\s+(?:night|day|evening))"
)
_DEGREE = r"(?:(?:so|really|very|pretty|completely|too|totally|super|absolutely|quite|a\s+bit)\s+)?"

RULES: tuple[Rule, ...] = (
    # --- non-apologies
    _rule("non-apology", r"\bsorry\s+if\s+(?P<subj>I|we)\b", lambda m: f"sorry {m['subj']}"),
    _rule(
        "non-apology",
        r"\b(?:sorry|apologi[sz]e|apologies)\s+(?:(?:if|that|in\s+case)\s+)?"
        r"(?P<who>you|she|he|they|anyone|anybody|someone|people)\s+"
        r"(?:felt|feel|feels|was|were|got|are|is|may\s+have|might\s+have|have|has|took|take|takes)"
        r"(?:\s+(?:been|it|that)(?!\s+way))?(?:\s+(?:hurt|offended|upset|uncomfortable|bad|that\s+"
        r"way|this\s+way|disrespected|unsafe|wrong|the\s+wrong\s+way))?\b",
        lambda m: f"sorry for what I did to {_OBJECT.get(m['who'].lower(), 'them')}",
    ),
    _rule(
        "non-apology",
        r"\bI\s+(?:regret|am\s+sorry|'m\s+sorry)\s+(?:that|if|how)\s+(?P<who>she|he|they|you|"
        r"anyone|people)\s+(?:felt|feels|was|were|took|got|may\s+have|might\s+have)\b",
        lambda m: f"I regret what I did to {_OBJECT.get(m['who'].lower(), 'them')}",
    ),
    _rule(
        "non-apology",
        r"\b(?:to\s+)?(?:anyone|anybody|those|everyone|people)\s+(?:who|that)\s+(?:may|might|"
        r"could)\s+have\s+(?:been|felt)\s+(?:hurt|offended|upset|uncomfortable|affected)\b",
        "to the people I hurt",
    ),
    _rule(
        "non-apology",
        r"\b(?:sorry|apologi[sz]e)\s+(?:for|if)\s+(?:any|whatever)\s+(?:hurt|harm|offen[cs]e|pain|"
        r"upset|misunderstanding|confusion|discomfort)(?:\s+(?:caused|I|this|it|that|my\s+\w+)"
        r"(?:\s+(?:may|might)\s+have\s+caused)?)?\b",
        "sorry for the harm I caused",
    ),
    _rule(
        "non-apology",
        r"\b(?:sorry|apologi[sz]e)\s+if\s+(?:my|what\s+I)\s+[\w\s]{0,20}?(?:caused|made|was)\s+"
        r"(?:any\s+)?(?:discomfort|offen[cs]e|hurt|upset|harm|anyone\s+\w+)\b",
        "sorry for the harm I caused",
    ),
    _rule(
        "non-apology",
        r"\bif\s+I\s+(?:offended|hurt|upset)\s+(?P<who>anyone|anybody|you|her|him|them|people)"
        r"\s*,?\s+I(?:'m|\s+am)\s+sorry\b",
        "I'm sorry for what I did",
    ),
    _rule(
        "non-apology",
        r"\b(?:I'm\s+|I\s+am\s+)?(?P<word>sorry|apologi[sz]e)\s*[,;:—–-]?\s*(?:but|however)\b",
        lambda m: m["word"] + ".",
    ),
    _rule(
        "non-apology",
        r"\b(?:(?:this|it|that)\s+(?:is|was)(?:n't|\s+not)\s+(?:an?\s+)?excuse|not\s+to\s+make\s+"
        r"(?:an\s+)?excuses?|I'm\s+not\s+making\s+(?:an\s+)?excuses?)\s*[,;:—–-]?\s*but\b",
        "",
        contextual=False,
    ),
    # --- agentless and passive
    _rule("agentless", r"\bmistakes\s+(?:were|have\s+been)\s+made\b", "I made mistakes"),
    _rule(
        "agentless",
        r"\b(?:some\s+|the\s+)?(?:lines?|boundar(?:y|ies))\s+(?:was|were|got|had\s+been|have\s+been)"
        r"\s+(?:crossed|blurred|overstepped)\b",
        "I crossed a line",
    ),
    _rule(
        "agentless",
        r"\b(?:things|it|stuff|the\s+situation|the\s+night|the\s+evening|everything)\s+(?:just\s+)?"
        r"(?:(?:got|went|became|were|was|getting)\s+(?:a\s+(?:little|bit)\s+)?(?:out\s+of\s+"
        r"(?:hand|control)|too\s+far|heated|physical|carried\s+away|messy|blurry|away\s+from\s+"
        r"(?:us|me))|escalated|spiral(?:l)?ed)\b",
        "I went too far",
    ),
    _rule("agentless", r"\bit\s+(?:just|all)\s+happened\b", "I did it"),
    _rule("agentless", r"\b(?:these|such)\s+things\s+happen\b", "I did it"),
    _rule("agentless", r"\bone\s+thing\s+led\s+to\s+another\b", "I made one choice after another"),
    _rule("agentless", r"\b(?:harm|hurt|damage)\s+was\s+(?:done|caused)\b", "I caused harm"),
    _rule(
        "agentless",
        r"\b(?P<who>she|he|they|someone|people)\s+(?:got|was|were|ended\s+up|being)\s+hurt\b",
        lambda m: f"I hurt {_OBJECT.get(m['who'].lower(), m['who'].lower())}",
        unless_after=r"\W*(?:by\s+me|because\s+(?:of\s+me|I)|when\s+I|after\s+I)\b",
    ),
    # --- alcohol as the reason
    _rule(
        "alcohol",
        rf"\b(?:I|we)(?:\s+|(?='))(?:was|were|'d\s+been|had\s+been|got|'d\s+gotten|had\s+gotten)\s+"
        rf"(?:both\s+)?{_DEGREE}{_DRUNK}\b|\bwe\s+(?:were|'d\s+been)\s+both\s+{_DEGREE}{_DRUNK}\b"
        rf"|\bI\s+was\s+{_DEGREE}{_DRUNK}\b|\b(?:I|we)(?:'m|'re|\s+was|\s+were)\s+{_DEGREE}{_DRUNK}",
        "I had been drinking, and what I did was still my choice",
    ),
    _rule(
        "alcohol",
        r"\b(?:the\s+)?(?:alcohol|booze|drink|drinks|drugs|beer|liquor|tequila|vodka|whiskey|pills)"
        r"\s+(?:was\s+talking|talking|made\s+me|got\s+the\s+better\s+of\s+me|took\s+over|did\s+it)\b",
        "I chose to",
    ),
    _rule(
        "alcohol",
        r"\b(?:I|we)(?:\s+|(?='))(?:had|'d\s+had|'d|both\s+had|'d\s+both\s+had|had\s+both\s+had)\s+"
        r"(?:both\s+)?"
        r"(?:had\s+)?(?:way\s+)?(?:too\s+much(?:\s+to\s+drink)?|a\s+few\s+too\s+many|one\s+too\s+"
        r"many|too\s+many\s+drinks)\b",
        "I had been drinking, and what I did was still my choice",
    ),
    _rule("alcohol", r"\bI\s+(?:blacked|browned)\s+out\b", "I had been drinking"),
    # --- minimising
    _rule(
        "minimising",
        r"\b(?:just|only|merely)\s+(?:a\s+|some\s+)?(?:bit\s+of\s+|little\s+)?(?:joke|joking|kidding|"
        r"messing\s+around|fooling\s+around|banter|teasing|flirting|fun|having\s+(?:a\s+bit\s+of\s+)?"
        r"fun|playing\s+around|kiss|words|game|prank|groping|touching|hug|comments?|compliments?|"
        r"pictures?|photos?|messages?|texts?|a\s+bit\s+of\s+\w+)\b",
        _without_minimiser,
    ),
    _rule(
        "minimising",
        r"\bharmless(?:\s+(?:fun|flirting|jokes?|banter|teasing|prank|comments?))?\b",
        "harmful",
    ),
    _rule("minimising", r"\bnothing\s+serious\b|\bno\s+big\s+deal\b", "serious"),
    _rule("minimising", r"\bnot\s+a\s+big\s+deal\b", "serious"),
    _rule(
        "minimising",
        r"\b(?:was|is)(?:n't|\s+not)\s+(?:a|that|such\s+a)\s+big\s+(?:of\s+)?(?:a\s+)?deal\b",
        "mattered",
    ),
    _rule(
        "minimising",
        r"\b(?:it|that)\s+(?:was|is)(?:n't|\s+not)\s+(?:that|so|really|even)\s+(?:bad|serious)\b",
        "it was serious",
    ),
    _rule("minimising", r"\b(?:it|that)\s+was\s+nothing\b", "it mattered"),
    _rule(
        "minimising",
        r"\b(?:it's|it\s+is|it\s+was|it's\s+not|it\s+wasn't)\s+not\s+like\s+I\b|\bit's\s+not\s+like"
        r"\s+I\b|\bit\s+wasn't\s+like\s+I\b",
        "I",
    ),
    _rule(
        "minimising",
        r"\b(?:got\s+|was\s+|been\s+)?blown\s+(?:way\s+)?out\s+of\s+(?:all\s+)?proportion\b",
        "was as serious as she said",
    ),
    _rule("minimising", r"\b(?:a\s+)?bit\s+of\s+fun\b", "something that hurt her"),
    # --- blaming her or others
    _rule(
        "blaming",
        rf"\b{_WHO}\s+(?:shouldn't|should\s+not|should\s+never)\s+have\b",
        _who("I should not have done what I did"),
    ),
    _rule(
        "blaming",
        rf"\b{_WHO}\s+(?:led\s+me\s+on|was\s+asking\s+for\s+it|asked\s+for\s+it|provoked\s+me|"
        r"wound\s+me\s+up|knew\s+what\s+(?:she|he|they)\s+(?:was|were)\s+(?:getting\s+into|doing)|"
        r"put\s+(?:herself|himself|themselves)\s+in\s+that\s+(?:position|situation)|"
        r"kept\s+(?:texting|messaging|calling|flirting\s+with)\s+me)\b",
        _who("I made my own choices"),
    ),
    _rule(
        "blaming",
        rf"\b{_WHO}\s+(?:really\s+|just\s+|always\s+)?made\s+me\s+(?:do\s+(?:it|that|this|what\s+I"
        r"\s+did)|(?:so\s+|really\s+|that\s+|too\s+)?(?:angry|mad|furious|livid|jealous|crazy|"
        r"lose\s+(?:it|control|my\s+(?:temper|head|cool|mind))|snap|flip(?:\s+out)?|lash\s+out|react|"
        r"hit\s+(?:her|him|them|out)|say\s+(?:it|that|those\s+things)))\b",
        "I chose what I did",
    ),
    _rule(
        "blaming",
        rf"\b{_WHO}\s+(?:drove|pushed|forced)\s+me\s+(?:to\s+(?:it|this|do\s+(?:it|that|this)|that"
        r"\s+point|the\s+edge|drink)|too\s+far|over\s+the\s+edge|mad|crazy|up\s+the\s+wall|"
        r"round\s+the\s+bend)\b",
        "I chose what I did",
    ),
    _rule(
        "blaming", r"\b(?:push|pushed|pushes|pushing|press|pressed)\s+(?:all\s+)?my\s+buttons\b", ""
    ),
    _rule(
        "blaming",
        rf"\bif\s+{_SHE}\s+(?:hadn't|had\s+not|wasn't|didn't)\b",
        "whatever she did",
    ),
    _rule(
        "blaming",
        r"\b(?:my|the)\s+(?:mates|friends|boys|lads|guys|team|colleagues)\s+(?:egged|pushed|"
        r"dared|talked|goaded|pressured)\s+me\b",
        "I chose to",
    ),
    _rule(
        "blaming",
        r"\bwhat\s+(?:was\s+she|she\s+was)\s+wearing\b|\bthe\s+way\s+(?:she|he|they)\s+(?:was|were)"
        r"\s+(?:dressed|dressing|acting)\b|\bdressed\s+like\s+that\b",
        "what I did",
    ),
    # --- excuses and denial
    _rule(
        "excuse",
        r"\bI\s+(?:didn't|did\s+not|never)\s+mean\s+(?:anything|any\s+harm|it|to\s+hurt|"
        r"nothing)(?:\s+by\s+it)?\b",
        "what I meant doesn't change what I did",
    ),
    _rule(
        "excuse",
        r"\bI\s+(?:just\s+)?(?:couldn't|could\s+not|can't|cannot)\s+(?:help\s+(?:it|myself)|"
        r"control\s+myself|stop\s+myself)\b|\bI\s+just\s+(?:snapped|lost\s+(?:it|control))\b|"
        r"\bsomething\s+(?:just\s+)?came\s+over\s+me\b",
        "I chose to",
    ),
    _rule(
        "excuse",
        r"\b(?:a|just\s+a|all\s+a|one\s+big|a\s+big|a\s+simple)\s+(?:misunderstanding|"
        r"miscommunication|misreading)\b",
        "something I did",
    ),
    _rule(
        "excuse",
        r"\bI\s+(?:was|'d\s+been|had\s+been)\s+(?:going|just\s+gone|gone)\s+through\s+(?:a\s+lot|"
        r"(?:a|my)\s+(?:rough|hard|tough|messy|bad|difficult|nasty)\s+(?:time|patch|divorce|"
        r"break-?up|year))\b|\b(?:a|my)\s+(?:rough|messy|nasty|bad|difficult)\s+(?:divorce|"
        r"break-?up|patch)\b",
        "a hard time, and what I did was still my choice",
    ),
    _rule(
        "excuse",
        r"\bI\s+(?:was|'d\s+been|had\s+been)\s+(?:really\s+|so\s+|very\s+)?(?:stressed|under\s+(?:a\s+"
        r"lot\s+of\s+)?(?:stress|pressure)|depressed|lonely|exhausted|burnt\s+out)\b",
        "I was struggling, and what I did was still my choice",
    ),
    _rule(
        "excuse",
        r"\bI\s+(?:didn't|did\s+not)\s+(?:know|realise|realize|think)\s+(?:it|that|this)\s+"
        r"(?:would|was|could|might)\b",
        "I didn't stop to think whether it",
    ),
    _rule(
        "excuse",
        r"\bI\s+(?:didn't|did\s+not)\s+(?:realise|realize)\b",
        "I didn't take care to see",
    ),
    _rule(
        "excuse",
        r"\b(?:that's|that\s+is|this\s+is|it's|it\s+is)\s+(?:just\s+)?not\s+(?:who|how)\s+I\s+am\b"
        r"|\bthat\s+(?:wasn't|isn't)\s+(?:really\s+)?me\b",
        "it was me",
    ),
    # --- reading consent from her behaviour
    _rule(
        "consent",
        rf"\b{_WHO}\s+(?:didn't|did\s+not|never)\s+(?:say|said)\s+(?:no|stop)\b",
        _who("I never made sure {who} wanted to"),
    ),
    _rule(
        "consent",
        rf"\b{_WHO}\s+(?:never|didn't|did\s+not)\s+(?:tell|told|ask(?:ed)?)\s+me\s+to\s+stop\b",
        _who("I never made sure {who} wanted to"),
    ),
    _rule(
        "consent",
        rf"\b{_WHO}\s+(?:never|didn't|did\s+not)\s+(?:push(?:ed)?\s+me\s+(?:away|off)|resist(?:ed)?|"
        r"stop(?:ped)?\s+me|fight\s+(?:me\s+off|back)|fought\s+back|pull(?:ed)?\s+away|object(?:ed)?|"
        r"complain(?:ed)?|move(?:d)?\s+away)\b",
        _who("I didn't make sure {who} wanted it"),
    ),
    _rule("consent", r"\bmixed\s+(?:signals|messages)\b", "signals I read my way"),
    _rule(
        "consent",
        rf"\b{_WHO}\s+(?:was|were|seemed|seemed\s+to\s+be|looked)\s+(?:really\s+|totally\s+|"
        r"clearly\s+|obviously\s+|so\s+)?(?:into\s+it|into\s+me|up\s+for\s+it|willing|enjoying\s+it|"
        r"fine\s+with\s+it|ok(?:ay)?\s+with\s+it|flirting(?:\s+with\s+me)?|flirty|giving\s+(?:me\s+)?"
        r"signals|keen|interested)\b",
        _who("I didn't make sure {who} wanted it"),
    ),
    _rule(
        "consent",
        rf"\b{_WHO}\s+(?:wanted\s+it|came\s+on\s*to\s+me|flirted\s+(?:with\s+me\s+)?first|"
        r"kissed\s+me\s+first|made\s+the\s+first\s+move|started\s+it|came\s+back\s+to\s+(?:my|the)\s+"
        r"(?:place|room|flat|house|hotel)|invited\s+me\s+(?:in|up|back))\b",
        _who("I didn't make sure {who} wanted it"),
    ),
    # --- normalising
    _rule("normalising", r"\bboys\s+will\s+be\s+boys\b", "I made a choice"),
    _rule(
        "normalising",
        r"\b(?:every(?:one|body)|all\s+(?:the\s+)?(?:guys|men|boys|lads)|all\s+(?:of\s+)?my\s+"
        r"friends|all\s+of\s+us|we\s+all|the\s+other\s+guys|half\s+the\s+office)\s+(?:did|does|do|"
        r"was\s+doing|were\s+doing|said|talked\s+like|joked\s+like|acted\s+like)\s*(?:it|that|this|"
        r"the\s+same|so|like\s+that)?\b",
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
        r"(?:guys|men|boys|lads|we|it|things)\s+(?:are|were|was|do|did|talk|talked)"
        r"(?:\s+in\s+(?:the\s+|our\s+|my\s+)?\w+)?(?:\s+back\s+then|\s+then|\s+at\s+the\s+time)?\b",
        "it was wrong then too",
    ),
    _rule(
        "normalising",
        r"\bit\s+was\s+(?:a\s+different\s+(?:time|era|world)|different\s+(?:back\s+)?then|normal\s+"
        r"(?:back\s+)?then|the\s+culture(?:\s+back\s+then)?)\b|\b(?:a|the)\s+different\s+era\b",
        "it was wrong then too",
    ),
    _rule(
        "normalising", r"\b(?:guys|boys|men|lads)\s+being\s+(?:guys|boys|men|lads)\b", "a choice"
    ),
    _rule(
        "normalising",
        r"\bmen\s+(?:are|were)\s+(?:just\s+)?(?:like\s+that|wired\s+that\s+way)\b",
        "I made a choice",
    ),
    # --- attacking the accuser
    _rule("attacking", r"\bwitch[-\s]?hunts?\b|\bcancel\s+culture\b|\bmob\s+justice\b", ""),
    _rule(
        "attacking",
        rf"\b{_WHO}(?:'s|\s+is|\s+was|\s+were)\s+(?:just\s+|only\s+)?(?:lying|making\s+(?:it|this|"
        r"things|stuff)\s+up|exaggerating|out\s+for\s+revenge|after\s+(?:money|attention)|"
        r"attention[-\s]seeking|trying\s+to\s+ruin\s+me|bitter|crazy|unstable|a\s+liar)\b",
        _who("{who} told the truth about what I did"),
    ),
    _rule(
        "attacking",
        rf"\b{_WHO}\s+(?:just\s+|only\s+)?(?:wants?|wanted)\s+(?:attention|money|revenge|"
        r"to\s+ruin\s+me)\b",
        _who("{who} was hurt by what I did"),
    ),
    _rule(
        "attacking",
        rf"\b{_WHO}\s+(?:overreacted|over-reacted|(?:is|was|were|are)\s+overreacting|blew\s+it\s+"
        r"(?:way\s+)?out\s+of\s+proportion|made\s+(?:it\s+)?(?:such\s+)?(?:a\s+)?big\s+deal"
        r"(?:\s+out\s+of\s+(?:it|nothing))?|took\s+it\s+(?:too\s+)?(?:seriously|personally)|"
        r"(?:is|was|are|were)\s+(?:being\s+)?(?:just\s+)?(?:too\s+|so\s+|overly\s+)?(?:sensitive|"
        r"dramatic|touchy|uptight|hysterical))\b",
        _who("{who} was hurt by what I did"),
    ),
    _rule(
        "attacking",
        rf"\b{_WHO}\s+(?:was|were)\s+(?:being\s+)?(?:so\s+|really\s+|completely\s+|totally\s+|"
        r"very\s+|just\s+)?(?:unreasonable|difficult|impossible|irrational|a\s+(?:bitch|nightmare|"
        r"pain))\b",
        _who("{who} was hurt by what I did"),
    ),
    # --- self-centring
    _rule(
        "self-centring",
        r"\bI(?:'m|\s+am)\s+(?:really\s+|basically\s+|actually\s+)?(?:a\s+)?(?:good|nice|decent|"
        r"great|kind)\s+(?:guy|man|person|dude|husband|father|dad)\b",
        "I want my actions to show respect",
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
)

# An excuse the writer distances himself from: quoting, recalling or naming it.
_DISTANCING = regex.compile(
    r"\b(?:told|tell|telling|convinced|reassured|kept\s+telling)\s+(?:myself|himself|ourselves|"
    r"people|everyone|them|her|him|my\s+friends)\b|\bused\s+to\s+(?:say|think|believe|tell|joke|"
    r"claim)\b|\b(?:I|we)\s+(?:would|'d)\s+(?:say|tell)\b|\bpretend(?:ed|ing)?\b|\bassum(?:ed|ing)\b|"
    r"\bdecided\b|\bacted\s+(?:like|as\s+if)\b|\bhid(?:e|ing)?\s+behind\b|\bcall(?:ed|ing)\s+it\b|"
    r"\bclaimed\b|\bstop(?:ped)?\s+(?:saying|telling\s+myself|using|believing)\b|\bno\s+longer\s+"
    r"(?:say|believe|think|tell)\b|\b(?:the|an|my|that)\s+(?:excuse|story|lie)\b|\bblamed\b|"
    r"\bexcuses?\s+like\b|\bthe\s+idea\s+that\b|\b(?:not|never)\s+(?:saying|claiming)\b|"
    r"\bnot\s+(?:that|because)\b|\bn't\s+(?:because|that)\b|\b(?:people|they|guys|men|others)\s+"
    r"(?:say|said)\b|\bmade\s+it\s+out\s+to\s+be\b",
    _FLAGS,
)
# A denial right before the phrase: "it wasn't just a joke", "it was not harmless fun".
_NEGATED = regex.compile(
    r"(?:\bnot|n't|\bnever|\bno\s+longer|\bno\s+version\s+of\s+this\s+where)\s+"
    r"(?:(?:really|even|simply|merely|all|that|just|a)\s+)?$",
    _FLAGS,
)
# A correction after the phrase: "..., and it wasn't", "is no excuse".
_CORRECTION = regex.compile(
    r"\b(?:and|but)\s+(?:it|that|this|she|he|they)\s+(?:wasn't|isn't|was\s+not|is\s+not|weren't|"
    r"were\s+not|didn't)\b|\b(?:it|that|this|which)\s+(?:was|is|'s)\s+(?:a\s+lie|an\s+excuse|no\s+"
    r"excuse|not\s+an\s+excuse|not\s+true|a\s+cop-?out)\b|\b(?:is|was)\s+(?:the|an|my)\s+excuse\b|"
    r"\bno\s+excuse\b|\bnot\s+(?:consent|a\s+yes|an\s+excuse|the\s+reason)\b|\bdidn't\s+say\s+yes\b"
    r"|\bwas\s+my\s+way\s+of\b|\bthe\s+choice\s+was\s+mine\b"
    r"|^\s*,?\s*(?:or\s+so\s+)?I\s+(?:told|kept\s+telling|used\s+to\s+tell)\s+myself\b",
    _FLAGS,
)
_SHORT_DENIAL = regex.compile(
    r"^\s*(?:it|that|this|she|he|they|everyone|everybody)\s+(?:wasn't|was\s+not|isn't|is\s+not|"
    r"weren't|were\s+not|didn't)\b[^.!?\n]{0,30}[.!?]|^\s*the\s+choice\s+was\s+mine\b",
    _FLAGS,
)
_OPEN_QUOTE = regex.compile(r"(?:^|[\s(\[:,—-])['‘\"“][^'’\"”]*$")
# The writer as the agent right after: "She pushed me away and I kept going" is not a finding
# of hers; "the one who escalated it" names him.
_OWNS = regex.compile(r"^\s*(?:by\s+me|because\s+of\s+me)\b", _FLAGS)


def _clause(text: str, start: int, end: int) -> tuple[str, str, str]:
    """Text before ``start`` in its clause, after ``end`` in its sentence, and beyond."""
    left = max(text.rfind(c, 0, start) for c in SENTENCE_PUNCT + ";\n") + 1
    stops = [i for i in (text.find(c, end) for c in SENTENCE_PUNCT + "\n") if i != -1]
    right = min(stops) if stops else len(text)
    return text[left:start], text[end:right], text[right + 1 : right + 80]


def named_as_excuse(text: str, start: int, end: int) -> bool:
    """Whether the writer quotes, denies or corrects the phrase at ``start:end``."""
    before, after, beyond = _clause(text, start, end)
    return bool(
        _DISTANCING.search(before)
        or _NEGATED.search(before)
        or _OPEN_QUOTE.search(before)
        or _CORRECTION.search(after)
        or _OWNS.match(after)
        or (not after.strip() and _SHORT_DENIAL.match(beyond))
    )


def detect(text: str, covered: list[tuple[int, int]], *, acknowledge: bool) -> list[Candidate]:
    """Responsibility findings in the covered spans of ``text`` (already folded).

    With ``acknowledge``, the writer was asked to name his excuses: each one is
    returned with an empty suggestion, to be shown as acknowledged.
    """
    found: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for rule in RULES:
        for m in rule.pattern.finditer(text):
            start, end = m.span()
            if not any(s <= start < e for s, e in covered) or overlaps(start, end, taken):
                continue
            if rule.contextual and named_as_excuse(text, start, end):
                continue
            if rule.unless_after and rule.unless_after.match(text, end):
                continue
            if acknowledge:
                suggestion = ""
            else:
                suggestion = rule.suggestion(m) if callable(rule.suggestion) else rule.suggestion
            taken.append((start, end))
            found.append(Candidate(rule.category, start, end, suggestion))
    return found
