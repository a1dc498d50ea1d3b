"""The safety review: labelled positives for every category, and near-misses."""

from __future__ import annotations

import pytest

from journal.posts.review import (
    MESSAGES,
    Finding,
    apply_fix,
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
    ("We met at the Rusty Anchor Pub.", "identifying", "venue", "the Rusty Anchor Pub"),
    (
        "It was after a show at Madison Square Garden Arena.",
        "identifying",
        "venue",
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
        "conditional-apology",
        "sorry if you were offended",
    ),
    (
        "I'm sorry you felt that way.",
        "responsibility",
        "conditional-apology",
        "sorry you felt that way",
    ),
    (
        "I apologise if anyone felt uncomfortable.",
        "responsibility",
        "conditional-apology",
        "apologise if anyone felt uncomfortable",
    ),
    ("I'm sorry, but she kept texting me.", "responsibility", "apology-but", "sorry, but"),
    (
        "This isn't an excuse, but I was stressed.",
        "responsibility",
        "apology-but",
        "This isn't an excuse, but",
    ),
    ("Mistakes were made.", "responsibility", "agentless", "Mistakes were made"),
    ("Things got out of hand that night.", "responsibility", "agentless", "Things got out of hand"),
    ("She got hurt that night.", "responsibility", "agentless", "She got hurt"),
    ("I was drunk.", "responsibility", "intoxication", "I was drunk"),
    ("We had been drinking all night.", "responsibility", "intoxication", "We had been drinking"),
    ("The alcohol made me do things.", "responsibility", "intoxication", "The alcohol made me"),
    ("It was just a joke.", "responsibility", "trivialising", "just a joke"),
    ("It was harmless fun.", "responsibility", "trivialising", "harmless fun"),
    ("She overreacted about it.", "responsibility", "trivialising", "She overreacted"),
    ("She didn't say no.", "responsibility", "consent-misreading", "She didn't say no"),
    ("There were mixed signals.", "responsibility", "consent-misreading", "mixed signals"),
    ("She was into it at first.", "responsibility", "consent-misreading", "She was into it"),
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
    ("I'm a monster.", "responsibility", "shame", "I'm a monster"),
    ("I am disgusting.", "responsibility", "shame", "I am disgusting"),
    ("I'm a terrible person.", "responsibility", "shame", "I'm a terrible person"),
    ("Some nights I want to kill myself.", "responsibility", "self-harm", "kill myself"),
    ("I don't want to be alive anymore.", "responsibility", "self-harm", "don't want to be alive"),
    ("I just want to end it all.", "responsibility", "self-harm", "end it all"),
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


def _by(findings: list[Finding], check: str) -> list[Finding]:
    return [f for f in findings if f.check == check]


@pytest.mark.parametrize(("text", "check", "category", "span"), POSITIVES)
def test_positive(text: str, check: str, category: str, span: str) -> None:
    findings = review(text)
    hits = [(f.check, f.category, f.text) for f in findings]
    assert (check, category, span) in hits
    for f in findings:
        assert text[f.start : f.end] == f.text
        assert f.message == MESSAGES[f.category]


def test_every_category_has_at_least_two_positives() -> None:
    counts: dict[str, int] = {}
    for _, _, category, _ in POSITIVES:
        counts[category] = counts.get(category, 0) + 1
    assert set(counts) == set(MESSAGES)
    assert min(counts.values()) >= 2


@pytest.mark.parametrize(("text", "check"), NEAR_MISSES)
def test_near_miss(text: str, check: str) -> None:
    assert _by(review(text), check) == []


def test_near_miss_set_is_large_enough() -> None:
    assert sum(1 for _, check in NEAR_MISSES if check == "responsibility") >= 15


def test_offsets_are_str_indices_with_emoji_and_curly_apostrophes() -> None:
    text = "😀👨‍👩‍👧‍👦 I’m sorry, but Sarah said it was fine."
    findings = review(text)
    assert [(f.category, f.text) for f in findings] == [
        ("apology-but", "sorry, but"),
        ("name", "Sarah"),
    ]
    for f in findings:
        assert text[f.start : f.end] == f.text


def test_messages_are_calm_and_self_harm_points_to_resources() -> None:
    assert "Resources screen" in MESSAGES["self-harm"]
    assert "what you did" in MESSAGES["shame"]
    for message in MESSAGES.values():
        lowered = message.lower()
        for word in ("monster", "disgusting", "pathetic", "shame on", "you are a"):
            assert word not in lowered


def test_self_harm_is_shown_even_in_a_quoting_context() -> None:
    findings = review("I told myself I would kill myself.")
    assert [f.category for f in findings] == ["self-harm"]
    assert findings[0].suggestion == ""


def test_suggestions_fit_the_sentence() -> None:
    (f,) = review("Sarah said no.")
    assert f.suggestion == "Someone"
    assert apply_fix("Sarah said no.", f) == "Someone said no."
    (g,) = review("It was just a joke.")
    assert apply_fix("It was just a joke.", g) == "It was a joke."
    (h,) = review("She was into it.")
    assert apply_fix("She was into it.", h) == "I didn't make sure she wanted it."
    (i,) = review("I'm sorry, but she kept texting me.")
    assert apply_fix("I'm sorry, but she kept texting me.", i) == "I'm sorry. She kept texting me."


def test_apply_fix_tidies_a_deletion() -> None:
    text = "As a father of daughters, I understand now."
    (f,) = review(text)
    assert apply_fix(text, f) == "I understand now."
    text = "A girl named Xiomara was there."
    (g,) = review(text)
    assert apply_fix(text, g) == "A girl was there."


def test_apply_fix_refuses_stale_and_self_harm_findings() -> None:
    text = "I met Sarah."
    (f,) = review(text)
    with pytest.raises(ValueError):
        apply_fix("I met Maria.", f)
    (g,) = review("I want to end it all.")
    with pytest.raises(ValueError):
        apply_fix("I want to end it all.", g)


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
        "We were at a bar in a city with someone. "
        "I was drunk."
    )
    assert len(applied) == 9
    assert redact(text) == redacted
    assert _by(review(redacted), "identifying") == []
    # Responsibility findings are left for the writer to decide on.
    assert [f.category for f in _by(review(redacted), "responsibility")] == ["intoxication"]


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
        "message": MESSAGES["agentless"],
        "suggestion": "I made mistakes",
    }


def test_position() -> None:
    text = "one\ntwo three\nfour"
    assert position(text, 0) == (1, 1)
    assert position(text, text.index("three")) == (2, 5)
    assert position(text, text.index("four")) == (3, 1)
