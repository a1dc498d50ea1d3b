"""The safety review: labelled positives for every category, near-misses, and redaction.

The measured corpus (precision and recall per check) is in test_review_corpus.py.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.posts.review import (
    LIMITS,
    Finding,
    apply_fix,
    check,
    position,
    redact,
    redact_findings,
    review,
)

# (text, check, category, the text the finding should cover)
POSITIVES: list[tuple[str, str, str, str]] = [
    # identifying
    ("I met Sarah at a party.", "identifying", "name", "Sarah"),
    ("Then Kevin Walsh laughed along.", "identifying", "name", "Kevin Walsh"),
    ("I told my coworker Priya it was fine.", "identifying", "name", "coworker Priya"),
    ("A girl named Xiomara was there.", "identifying", "name", "named Xiomara"),
    ("and then Grace left the room.", "identifying", "name", "Grace"),
    ("She tagged me as @jane_doe99 afterwards.", "identifying", "handle", "@jane_doe99"),
    (
        "He posted it from @mark@mastodon.social too.",
        "identifying",
        "handle",
        "@mark@mastodon.social",
    ),
    (
        "Her address was jane.doe@example.com back then.",
        "identifying",
        "email",
        "jane.doe@example.com",
    ),
    (
        "Write to j_smith+notes@mail.example.org.",
        "identifying",
        "email",
        "j_smith+notes@mail.example.org",
    ),
    ("I called 555-123-4567 over and over.", "identifying", "phone", "555-123-4567"),
    ("Her number was (555) 987 6543.", "identifying", "phone", "(555) 987 6543"),
    ("I kept texting +44 7700 900123 that week.", "identifying", "phone", "+44 7700 900123"),
    (
        "Her profile is at https://example.com/u/jane.",
        "identifying",
        "link",
        "https://example.com/u/jane",
    ),
    ("I found her on instagram.com/janedoe later.", "identifying", "link", "instagram.com/janedoe"),
    ("She lived at 42 Elm Street, Apt 3B.", "identifying", "address", "42 Elm Street, Apt 3B"),
    ("We walked down Maple Avenue together.", "identifying", "address", "Maple Avenue"),
    ("It happened on March 3rd, 2015, at night.", "identifying", "date", "on March 3rd, 2015"),
    ("It was 3/14/2016 when I said it.", "identifying", "date", "3/14/2016"),
    ("This was in the summer of 2009.", "identifying", "date", "in the summer of 2009"),
    ("I met her when she was 19.", "identifying", "age", "when she was 19"),
    ("I was 35 and she was only 19, at the time.", "identifying", "age", "only 19"),
    ("She was a 17-year-old student.", "identifying", "age", "17-year-old"),
    ("He was in my class at Lincoln High.", "identifying", "school", "Lincoln High"),
    (
        "We were both at the University of Michigan.",
        "identifying",
        "school",
        "the University of Michigan",
    ),
    ("It was my first year at Acme Inc.", "identifying", "workplace", "Acme Inc"),
    (
        "I worked at Pinecrest Logistics for two years.",
        "identifying",
        "workplace",
        "Pinecrest Logistics",
    ),
    ("It was a long night in Portland.", "identifying", "place", "Portland"),
    ("I moved to New York afterwards.", "identifying", "place", "New York"),
    ("We met at the Rusty Anchor Pub.", "identifying", "institution", "the Rusty Anchor Pub"),
    (
        "It was after a show at Madison Square Garden Arena.",
        "identifying",
        "institution",
        "Madison Square Garden Arena",
    ),
    ("I hurt my ex from college.", "identifying", "relationship", "my ex from college"),
    ("I cornered the new intern twice.", "identifying", "relationship", "the new intern"),
    ("I flirted with my boss's wife.", "identifying", "relationship", "my boss's wife"),
    ("I was cruel to my ex-wife for years.", "identifying", "relationship", "my ex-wife"),
    # responsibility
    (
        "I'm sorry if you were offended.",
        "responsibility",
        "non-apology",
        "sorry if you were offended",
    ),
    (
        "I'm sorry you felt that way.",
        "responsibility",
        "non-apology",
        "sorry you felt that way",
    ),
    (
        "I apologise if anyone felt uncomfortable.",
        "responsibility",
        "non-apology",
        "apologise if anyone felt uncomfortable",
    ),
    ("I'm sorry, but she kept texting me.", "responsibility", "non-apology", "sorry, but"),
    (
        "This isn't an excuse, but I was stressed.",
        "responsibility",
        "non-apology",
        "This isn't an excuse, but",
    ),
    ("Mistakes were made.", "responsibility", "agentless", "Mistakes were made"),
    ("Things got out of hand that night.", "responsibility", "agentless", "Things got out of hand"),
    ("She got hurt that night.", "responsibility", "agentless", "She got hurt"),
    ("I was drunk.", "responsibility", "alcohol", "I was drunk"),
    ("We had been drinking all night.", "responsibility", "alcohol", "We had been drinking"),
    ("The alcohol made me do things.", "responsibility", "alcohol", "The alcohol made me"),
    ("It was just a joke.", "responsibility", "minimising", "just a joke"),
    ("It was harmless fun.", "responsibility", "minimising", "harmless fun"),
    ("She overreacted about it.", "responsibility", "attacking", "She overreacted"),
    ("She didn't say no.", "responsibility", "consent", "She didn't say no"),
    ("There were mixed signals.", "responsibility", "consent", "mixed signals"),
    ("She was into it at first.", "responsibility", "consent", "She was into it"),
    ("Boys will be boys.", "responsibility", "normalising", "Boys will be boys"),
    ("Everyone did it back then.", "responsibility", "normalising", "Everyone did it"),
    ("It was locker-room talk.", "responsibility", "normalising", "locker-room talk"),
    ("I'm a good guy.", "responsibility", "self-centring", "I'm a good guy"),
    (
        "As a father of daughters, I understand now.",
        "responsibility",
        "self-centring",
        "As a father of daughters",
    ),
    ("Please forgive me.", "responsibility", "self-centring", "Please forgive me"),
    ("I'm a monster.", "care", "shame", "I'm a monster"),
    ("I am disgusting.", "care", "shame", "I am disgusting"),
    ("I'm a terrible person.", "care", "shame", "I'm a terrible person"),
    ("Some nights I want to kill myself.", "care", "self-harm", "kill myself"),
    ("I don't want to be alive anymore.", "care", "self-harm", "don't want to be alive"),
    ("I just want to end it all.", "care", "self-harm", "end it all"),
]

# Texts that name the harm, quote or deny an excuse, or merely look alike:
# no finding of the given check.
NEAR_MISSES: list[tuple[str, str]] = [
    ("She said no and I kept going.", "responsibility"),
    ("I was not drunk; I knew what I was doing.", "responsibility"),
    ("I told myself it was just a joke, and it wasn't.", "responsibility"),
    ("I used to say boys will be boys.", "responsibility"),
    ("It wasn't just a joke. It hurt her.", "responsibility"),
    ("It was not harmless fun.", "responsibility"),
    ('I hid behind "everyone did it" for years.', "responsibility"),
    ("Being drunk is no excuse for what I did.", "responsibility"),
    ("She didn't say yes, and I didn't ask.", "responsibility"),
    ("I stopped telling myself she was into it.", "responsibility"),
    ("I'm sorry I hurt you.", "responsibility"),
    ("I made mistakes, and I am responsible for them.", "responsibility"),
    ("I did a terrible thing.", "responsibility"),
    ("I used to think I was a good guy.", "responsibility"),
    ("Mixed signals is the excuse I used.", "responsibility"),
    ("Things didn't get out of hand; I pushed them there.", "responsibility"),
    ("I'm not a monster, and I'm not a saint; I did something harmful.", "responsibility"),
    ("I thought she was into it. She wasn't.", "responsibility"),
    ("It's not that I was drunk. I chose it.", "responsibility"),
    ("She got hurt because of me.", "responsibility"),
    ("I don't want to die; I want to change.", "responsibility"),
    ("Will I ever change? Grace is something I must earn.", "identifying"),
    ("Hope matters. Mark my words.", "identifying"),
    ("In March I started therapy, and I pray to God in English.", "identifying"),
    ("I was 5 minutes late and 2 drinks in. There were 20 people.", "identifying"),
    ("#HimThough #IDidThat #HowIWillChange", "identifying"),
    ("I went to Sunday School as a boy.", "identifying"),
    ("I hurt someone I worked with, and I lied about it.", "identifying"),
]


def _by(findings: list[Finding], check_name: str) -> list[Finding]:
    return [f for f in findings if f.check == check_name]


@pytest.mark.parametrize(("text", "check_name", "category", "span"), POSITIVES)
def test_positive(text: str, check_name: str, category: str, span: str) -> None:
    findings = review(text)
    at = text.index(span)
    hits = [
        f
        for f in findings
        # Identifying details may be found as another kind ("my coworker Priya": a role).
        if f.check == check_name
        and (check_name == "identifying" or f.category == category)
        and f.start < at + len(span)
        and at < f.end
    ]
    assert hits, [(f.check, f.category, f.text) for f in findings]
    for f in findings:
        assert text[f.start : f.end] == f.text


@pytest.mark.parametrize(("text", "check_name"), NEAR_MISSES)
def test_near_miss(text: str, check_name: str) -> None:
    assert _by(review(text), check_name) == []


def test_offsets_are_str_indices_with_emoji_and_curly_apostrophes() -> None:
    text = "😀👨‍👩‍👧‍👦 I’m sorry, but Sarah said it was fine."
    findings = review(text)
    assert [(f.category, f.text) for f in findings] == [
        ("non-apology", "I’m sorry, but"),
        ("name", "Sarah"),
    ]
    for f in findings:
        assert text[f.start : f.end] == f.text


def test_care_messages_are_kind_and_point_to_support() -> None:
    for text in ("I don't deserve to live after what I did.", "I'm a terrible person."):
        (f,) = review(text)
        assert f.check == "care"
        assert "Support" in f.message
        assert f.suggestion == ""
        assert not f.fixable
        for word in ("monster", "disgusting", "pathetic", "shame on", "you are a"):
            assert word not in f.message.lower()


def test_despair_is_shown_even_in_a_quoting_context() -> None:
    findings = review("I told myself I would kill myself.")
    assert [(f.check, f.category) for f in findings] == [("care", "self-harm")]


def test_shame_about_the_self_is_care_not_responsibility() -> None:
    assert [(f.check, f.category) for f in review("I'm a terrible person.")] == [("care", "shame")]
    assert review("I'm ashamed of what I did.") == []


def test_named_or_denied_excuses_are_not_flagged() -> None:
    for text in (
        "I told myself it was just a joke, and it wasn't.",
        "I was drunk, and that is no excuse.",
        'I hid behind "everyone did it" for years.',
        "It wasn't a misunderstanding; I knew she didn't want it.",
    ):
        assert _by(review(text), "responsibility") == [], text


def test_a_step_that_asks_for_excuses_acknowledges_them() -> None:
    text = "That everyone does it. That it was just a joke."
    flagged = _by(review(text), "responsibility")
    assert [f.category for f in flagged] == ["normalising", "minimising"]
    acknowledged = _by(review(text, names_excuses=True), "responsibility")
    assert [f.category for f in acknowledged] == ["normalising", "minimising"]
    for f in acknowledged:
        assert f.suggestion == ""
        assert "named this" in f.message


def test_suggestions_fit_the_sentence() -> None:
    (f,) = review("Sarah said no.")
    assert f.suggestion == "Someone"
    assert apply_fix("Sarah said no.", f) == "Someone said no."
    (g,) = review("It was just a joke.")
    assert apply_fix("It was just a joke.", g) == "It was a joke."
    (h,) = review("She was into it.")
    assert apply_fix("She was into it.", h) == "I didn't make sure she wanted it."


def test_apply_fix_tidies_a_deletion() -> None:
    text = "As a father of daughters, I understand now."
    (f,) = review(text)
    assert apply_fix(text, f) == "I understand now."


def test_apply_fix_refuses_stale_and_care_findings() -> None:
    text = "I met Sarah."
    (f,) = review(text)
    with pytest.raises(ValueError):
        apply_fix("I met Sara.", f)
    (g,) = review("I want to die.")
    with pytest.raises(ValueError):
        apply_fix("I want to die.", g)


# --- redaction keeps the text whole ------------------------------------------------------

# The broken examples, and what a person would have written.
REDACTED = [
    (
        "She works at Brightline.\nMy manager at Google laughed.\n",
        "She works at a company.\nA colleague at a company laughed.\n",
    ),
    ("It was on 12 Park Road. I watched.", "It was on a street. I watched."),
    ("We were at Kings Park High together.", "We were at a school together."),
    (
        "We met at St Xavier's in Mumbai, in Class 12.",
        "We met at a school in a city, in Class 12.",
    ),
    (
        "At the Hartwell & Co. holiday party I cornered Siobhan.",
        "At the company holiday party I cornered someone.",
    ),
    ("It was at Deloitte's Leeds office.", "It was at a company's office."),
    (
        "Sarah from HR called me in. Sarah said no.",
        "A colleague called me in. That colleague said no.",
    ),
    (
        "Ngaio and Hemi saw it. Later Hemi left.",
        "Someone and someone else saw it. Later someone else left.",
    ),
    ("Her TikTok username is sunflowerkate.", "Her TikTok username is (username removed)."),
    ("I told Dr. Anjali Rao it was fine.", "I told someone it was fine."),
    ("I grabbed Gabriela's waist.", "I grabbed someone's waist."),
    ("I kept asking the new hire out.", "I kept asking a colleague out."),
    ("My flatmate moved out.", "Someone I lived with moved out."),
    (
        "She was the only female firefighter at Station 12.",
        "She was someone.",
    ),
]


@pytest.mark.parametrize(("text", "expected"), REDACTED)
def test_redaction_reads_as_written(text: str, expected: str) -> None:
    assert redact(text) == expected
    assert _by(review(expected), "identifying") == []


def test_redact_replaces_every_identifying_detail() -> None:
    text = (
        "I met Sarah Jones at Lincoln High when she was 19, on March 3rd, 2015. "
        "Her email was sj@example.com and her number 555-123-4567. "
        "We were at the Rusty Anchor Pub in Portland with my boss's wife. "
        "I was drunk."
    )
    redacted, applied = redact_findings(text)
    assert redacted == (
        "I met someone at a school back then, years ago. "
        "Her email was (email removed) and her number (phone number removed). "
        "We were at the bar in a city with someone close to me. "
        "I was drunk."
    )
    assert len(applied) == 9
    assert _by(review(redacted), "identifying") == []
    # Responsibility findings are left for the writer to decide on.
    assert [f.category for f in _by(review(redacted), "responsibility")] == ["alcohol"]


def test_other_languages_are_named_not_guessed_at() -> None:
    for text, code in (
        ("Ella no dijo que no, y yo lo sabía.", "es"),
        ("Das war nicht in Ordnung, und ich wusste es.", "de"),
    ):
        result = check(text)
        assert result.not_reviewed == (code,)
        assert result.findings == ()
        assert redact(text) == text
        assert "does not read" in result.notes[0]
    mixed = check("I was wrong. Ella no dijo que no, y yo lo sabía. Sarah knew.")
    assert mixed.languages == ("en", "es")
    assert [f.text for f in mixed.findings] == ["Sarah"]


def test_every_result_carries_the_limits_line() -> None:
    assert check("I did it, and I am sorry.").notes == (LIMITS,)
    assert check("").notes == (LIMITS,)
    assert check("Sarah said no.").notes[-1] == LIMITS


_WORDS = st.sampled_from(
    [
        "I",
        "she",
        "Sarah",
        "Siobhan",
        "at",
        "Google",
        "Leeds",
        "in",
        "my",
        "flatmate",
        "the",
        "only",
        "woman",
        "on",
        "12",
        "Park",
        "Road",
        "@kate",
        "kate@example.com",
        "2019",
        "was",
        "16",
        ",",
        ".",
        "!",
        "\n",
        "\n\n",
        "Hartwell",
        "&",
        "Co.",
        "Kings",
        "High",
        "St",
        "Xavier's",
        "her",
        "manager",
        "Dr.",
        "Rao",
        "from",
        "HR",
        "username",
        "is",
        "kx_9",
        "drunk",
        "just",
        "a",
        "joke",
        " ",
        "\n",
    ]
)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(_WORDS, max_size=30).map(" ".join))
def test_redaction_properties(text: str) -> None:
    findings = [f for f in review(text) if f.check == "identifying"]
    redacted = redact(text)
    # Never joins lines; nothing outside a finding's span changes.
    assert redacted.count("\n") == text.count("\n")
    kept, at = [], 0
    for f in sorted(findings, key=lambda f: f.start):
        assert "\n" not in f.text
        kept.append(text[at : f.start])
        at = f.end
    kept.append(text[at:])
    position_in = 0
    for piece in kept:
        found = redacted.find(piece, position_in)
        assert found >= 0
        position_in = found + len(piece)
    # Idempotent.
    assert redact(redacted) == redacted


def test_review_is_pure_and_ordered() -> None:
    text = "I was drunk with Sarah in Portland. It was just a joke."
    first = review(text)
    assert first == review(text)
    assert [f.start for f in first] == sorted(f.start for f in first)


def test_finding_as_dict() -> None:
    (f,) = review("Mistakes were made.")
    assert f.as_dict() == {
        "check": "responsibility",
        "category": "agentless",
        "start": 0,
        "end": 18,
        "text": "Mistakes were made",
        "message": f.message,
        "suggestion": "I made mistakes",
    }


def test_position() -> None:
    text = "one\ntwo three\nfour"
    assert position(text, 0) == (1, 1)
    assert position(text, text.index("three")) == (2, 5)
    assert position(text, text.index("four")) == (3, 1)
