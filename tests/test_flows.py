"""The guided flows: the packaged prompt files, their checks, and the answer parsers."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.commitments import schedule
from journal.errors import AmendsError
from journal.flows import (
    DEFAULT_CHECKIN_OFFSETS,
    FIELDS,
    PROMPTS_DIR,
    Flow,
    Offset,
    PlanError,
    asked,
    flow_label,
    flow_title,
    format_plans,
    get_flow,
    load_flows,
    parse_checkin_offsets,
    parse_plans,
)
from journal.models import KIND_LABELS, KINDS, LABEL_WIDTH, Commitment, Plan

EXPECTED_STEPS = {
    "conduct": (
        "stop_harm",
        "what_happened",
        "thinking",
        "signs",
        "power",
        "affected",
        "since",
        "excuses",
        "sorry_for",
        "pattern",
        "repair",
        "differently",
        "how_are_you",
    ),
    "called_out": (
        "what_was_said",
        "first_urge",
        "true_part",
        "stop_now",
        "what_they_asked",
        "wont_do",
        "talk_it_through",
        "how_are_you",
    ),
    "online": (
        "what_i_did",
        "still_out_there",
        "images",
        "group",
        "affected",
        "told_myself",
        "plans",
        "how_are_you",
    ),
    "bystander": (
        "scene",
        "told_myself",
        "not_my_job",
        "signal",
        "uncomfortable",
        "replay",
        "check_on_them",
        "talk_to_him",
    ),
    "friend_told": (
        "what_he_said",
        "my_reaction",
        "colluding",
        "not_his_spokesman",
        "say_to_him",
        "child_at_risk",
        "how_are_you",
    ),
    "influence": (
        "messages",
        "family",
        "sex_consent",
        "feelings",
        "still_there",
        "better",
        "unlearn",
    ),
    "moment": ("breathe", "plans", "next_thing", "space", "afterwards"),
    "posting": ("why_post", "her", "recognisable", "what_you_will_do", "legal", "read_through"),
    "after_post": ("how_are_you", "reactions", "wont_reply", "notifications", "what_matters"),
    "commitment": ("stop", "start", "high_risk", "plans", "supporter", "checkins"),
    "checkin": (
        "came_up",
        "what_i_did",
        "outcome",
        "lapse_or_harm",
        "stop_harm",
        "in_the_way",
        "plans",
        "next_checkin",
    ),
    "free": ("write",),
}

#: Steps added for issue 14; each must cite a framework of accountability.md.
NEW_STEPS = {
    ("conduct", "stop_harm"),
    ("conduct", "sorry_for"),
    ("conduct", "how_are_you"),
    ("bystander", "talk_to_him"),
    ("influence", "family"),
    ("influence", "sex_consent"),
    ("influence", "feelings"),
    ("influence", "better"),
    ("checkin", "lapse_or_harm"),
    ("checkin", "stop_harm"),
} | {
    (flow, step)
    for flow in ("called_out", "online", "friend_told", "moment", "posting", "after_post")
    for step in EXPECTED_STEPS[flow]
}

#: The frameworks of accountability.md, as the steps' "source" tags name them.
FRAMEWORKS = (
    "IIRP restorative questions",
    "Creative Interventions staircase",
    "Tangney",
    "Latané & Darley",
    "Right To Be 5Ds",
    "Green Dot",
    "Mentors in Violence Prevention",
    "Gollwitzer & Sheeran, 2006",
    "Gollwitzer et al., 2009",
    "Harkin et al., 2016",
    "Mia Mingus, four parts of accountability",
    "Survivor autonomy",
    "Sykes & Matza",
    "Illinois Rape Myth Acceptance Scale",
    "Burn, 2009",
    "Ford, 2000",
    "#ItWasMe, 2017",
    "Publishing safely",
    "Stop It Now",
)

#: Words that pass a verdict on a person rather than on an act.
SHAMING = re.compile(
    r"\b(monsters?|disgusting|evil|predators?|perverts?|creeps?|scum|vile|worthless|"
    r"degenerates?|animals?|sick(?:o|os)?|beasts?|bad\s+(?:man|men|person|people)|"
    r"pathetic|deviants?|rapists?|abusers?|ashamed\s+of\s+yourself)\b",
    re.IGNORECASE,
)

#: Ways of suggesting the writer reach someone.
CONTACTING = re.compile(
    r"\b(contact\w*|reach(?:ing)?\s+out|get\s+in\s+touch|apologi[sz]e\s+to|"
    r"message\s+(?:her|him|them)|call\s+(?:her|him|them)|write\s+to\s+(?:her|him|them))\b",
    re.IGNORECASE,
)


def all_texts(flow: Flow) -> list[str]:
    texts = [flow.title, flow.intro]
    for step in flow.steps:
        texts += [step.question, step.why, step.example or "", *step.choices]
    return texts


def shaming_words(text: str) -> list[str]:
    return [m.group(0) for m in SHAMING.finditer(text)]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;:!?])\s+", text) if s]


@pytest.fixture(scope="module")
def flows() -> dict[str, Flow]:
    return load_flows()


# --- The packaged flows -----------------------------------------------------------------


def test_every_packaged_file_loads(flows: dict[str, Flow]) -> None:
    assert len(flows) == len(list(PROMPTS_DIR.glob("*.toml")))
    # Ordered as KINDS; within a kind, the flow named for it first.
    assert [flows[f].kind for f in flows] == sorted(
        (flow.kind for flow in flows.values()), key=KINDS.index
    )
    assert list(flows) == list(EXPECTED_STEPS)


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_has_its_flow(flows: dict[str, Flow], kind: str) -> None:
    flow = flows[kind]
    assert flow.kind == kind
    if kind != "posting":  # "Posting" holds "Before I post" and "After I posted"
        assert flow.title == KIND_LABELS[kind]


def test_each_flow_has_its_own_short_label_in_the_list(flows: dict[str, Flow]) -> None:
    """The list names an entry by its flow, so "A friend told me what he did" is not
    listed as "Something I witnessed" (a walker could not find the flow he chose)."""
    labels = [flow.label for flow in flows.values()]
    assert len(set(labels)) == len(labels)
    assert all(0 < len(label) <= LABEL_WIDTH for label in labels)
    assert flow_label("friend_told", "bystander") == "A friend told me"
    assert flow_title("friend_told", "bystander") == "A friend told me what he did"
    # An entry with no flow (quick capture, an import) or an unknown one: its kind's.
    assert flow_label(None, "conduct") == flow_title("gone", "conduct") == "Something I did"


@pytest.mark.parametrize("flow_id", EXPECTED_STEPS)
def test_steps_in_order(flows: dict[str, Flow], flow_id: str) -> None:
    assert tuple(step.id for step in flows[flow_id].steps) == EXPECTED_STEPS[flow_id]


def test_every_step_says_why_in_one_sentence_and_tags_its_framework(
    flows: dict[str, Flow],
) -> None:
    for flow in flows.values():
        for step in flow.steps:
            where = (flow.id, step.id)
            assert step.why.strip(), where
            assert len(re.split(r"(?<=[.!?])\s+(?=[A-Z])", step.why)) == 1, where
            tags = [tag.strip() for tag in step.source.split(";")]
            assert tags and all(tag in FRAMEWORKS for tag in tags), where


def test_each_new_step_cites_a_framework_of_the_design_note(flows: dict[str, Flow]) -> None:
    cited = {(f.id, s.id): s.source for f in flows.values() for s in f.steps}
    for where in NEW_STEPS:
        assert where in cited, where
        assert any(name in cited[where] for name in FRAMEWORKS), where


def test_every_intro_says_where_support_is(flows: dict[str, Flow]) -> None:
    for flow in flows.values():
        assert "Support" in flow.intro and "F2" in flow.intro, flow.id


def test_texts_fit_a_small_terminal(flows: dict[str, Flow]) -> None:
    for flow in flows.values():
        assert len(flow.intro) <= 320, flow.id
        for step in flow.steps:
            where = (flow.id, step.id)
            assert step.question.count("?") <= 1, where  # one question at a time
            assert len(step.question) <= 120, where
            assert len(step.why) <= 320, where
            assert step.example is None or len(step.example) <= 100, where


def test_intros_say_he_can_stop_and_that_it_is_encrypted(flows: dict[str, Flow]) -> None:
    for flow in flows.values():
        intro = flow.intro.lower()
        assert "stop at any time" in intro, flow.id
        assert "saved as you go, encrypted" in intro, flow.id
        if any(step.skippable for step in flow.steps):
            assert "skip" in intro and "go back" in intro, flow.id


def test_only_free_write_and_the_check_in_outcome_are_required(flows: dict[str, Flow]) -> None:
    required = {(f.id, s.id) for f in flows.values() for s in f.steps if not s.skippable}
    assert required == {("free", "write"), ("checkin", "outcome")}


def test_repair_says_plainly_the_app_never_suggests_contact(flows: dict[str, Flow]) -> None:
    repair = next(step for step in flows["conduct"].steps if step.id == "repair")
    assert "amends will never suggest contacting the person you harmed" in repair.question
    assert "only on the harmed person's terms" in repair.why
    for rule in ("indirectly", "tagging or liking", "recruit allies", "boundary", "formal process"):
        assert rule in repair.why, rule
    assert "Survivor autonomy" in repair.source


def test_stop_the_harm_comes_first(flows: dict[str, Flow]) -> None:
    first = flows["conduct"].steps[0]
    assert first.id == "stop_harm" and "stop now" in first.question
    assert first.source == "Creative Interventions staircase"


def test_signs_says_no_visible_no_is_not_a_yes(flows: dict[str, Flow]) -> None:
    signs = next(step for step in flows["conduct"].steps if step.id == "signs")
    assert "freeze or go along to stay safe" in signs.why


def test_bystander_check_in_is_next_time_not_contacting_now(flows: dict[str, Flow]) -> None:
    step = next(step for step in flows["bystander"].steps if step.id == "check_on_them")
    assert step.question.startswith("Next time, in the moment")
    assert "leave what happens next to them" in step.question
    assert "long afterwards" in step.why and "serves you more than them" in step.why
    assert "Right To Be 5Ds" in step.source


def test_replay_explains_the_five_ds_and_the_document_rule(flows: dict[str, Flow]) -> None:
    replay = next(step for step in flows["bystander"].steps if step.id == "replay")
    for d in ("Distract", "Delegate", "Document", "Delay", "Direct"):
        assert d in replay.question
    assert "ask the person targeted what to do with it" in replay.why
    assert "never post it without their permission" in replay.why


def test_what_shaped_me_points_to_support_for_survivors_inside_the_flow(
    flows: dict[str, Flow],
) -> None:
    # The intro says it, but the intro shows only in the picker (found by the walker): the
    # step about home, where what was done to him is likeliest to come up, says it too.
    family = next(step for step in flows["influence"].steps if step.id == "family")
    assert "what was done to you" in family.why and "Support (F2)" in family.why
    assert "survivors, men included" in family.why


def test_the_moment_shows_his_own_plans(flows: dict[str, Flow]) -> None:
    shown = [step.id for step in flows["moment"].steps if step.shows == "plans"]
    assert shown == ["plans"]


def test_no_prompt_suggests_contacting_anyone(flows: dict[str, Flow]) -> None:
    for flow in flows.values():
        for text in all_texts(flow):
            for sentence in sentences(text):
                if CONTACTING.search(sentence):
                    assert re.search(r"\bnever\b", sentence), sentence


def test_the_contact_check_catches_a_suggestion() -> None:
    assert CONTACTING.search("You could reach out and apologise to her.")


def test_no_prompt_shames_the_self(flows: dict[str, Flow]) -> None:
    for flow in flows.values():
        for text in all_texts(flow):
            assert shaming_words(text) == [], (flow.id, text)
    for path in PROMPTS_DIR.glob("*.toml"):  # comments too
        assert shaming_words(path.read_text(encoding="utf-8")) == [], path.name


@pytest.mark.parametrize(
    "text",
    [
        "I'm a monster.",
        "What I did was disgusting",
        "Evil",
        "men like me are predators",
        "a PERVERT",
        "I am a bad person",
    ],
)
def test_the_shame_check_catches_verdicts_on_the_self(text: str) -> None:
    assert shaming_words(text)


def test_commitment_steps_fill_commitment_fields(flows: dict[str, Flow]) -> None:
    fields = {step.field for step in flows["commitment"].steps}
    assert fields == set(FIELDS["commitment"])
    # All but "checkins" (read by parse_checkin_offsets into checkin_dates) are
    # Commitment's own fields.
    assert fields - {"checkins"} <= set(Commitment.model_fields)


def test_checkin_steps(flows: dict[str, Flow]) -> None:
    steps = {step.id: step for step in flows["checkin"].steps}
    assert steps["outcome"].field == "outcome"
    assert steps["outcome"].choices == ("kept", "partly", "slipped", "did not come up")
    assert steps["outcome"].input == "choice"
    assert steps["plans"].field == "plans"
    assert steps["next_checkin"].field == "next_checkin"
    assert steps["lapse_or_harm"].choices == ("a lapse in my plan", "someone got hurt")
    choices = ("outcome", "lapse_or_harm")
    assert {s.input for s in steps.values() if s.id not in choices} == {"text"}


def test_a_slip_that_hurt_someone_asks_first_what_he_will_stop_and_shows_support(
    flows: dict[str, Flow],
) -> None:
    """Issue 14: after "slipped", a lapse or harm; for harm, stopping comes first (before
    what got in the way) with Support beside it; after "kept" neither is asked, even when
    an earlier answer of "someone got hurt" is still in the draft."""
    steps = flows["checkin"].steps

    def asked_ids(answers: dict[str, str]) -> list[str]:
        return [s.id for s in steps if asked(s, answers, steps)]

    harm = asked_ids({"outcome": "slipped", "lapse_or_harm": "someone got hurt"})
    assert harm.index("stop_harm") == harm.index("lapse_or_harm") + 1 < harm.index("in_the_way")
    assert {s.id: s for s in steps}["stop_harm"].shows == "support"
    lapse = asked_ids({"outcome": "slipped", "lapse_or_harm": "a lapse in my plan"})
    assert "stop_harm" not in lapse and "in_the_way" in lapse
    kept = asked_ids({"outcome": "kept", "lapse_or_harm": "someone got hurt"})
    assert not {"lapse_or_harm", "stop_harm", "in_the_way"} & set(kept)
    assert "in_the_way" in asked_ids({"outcome": "partly"})


def test_examples_of_structured_answers_parse(flows: dict[str, Flow]) -> None:
    for flow in flows.values():
        for step in flow.steps:
            if step.field == "plans" and step.example:
                assert parse_plans(step.example).errors == []
            if step.field in ("checkins", "next_checkin") and step.example:
                parse_checkin_offsets(step.example)


def test_get_flow_and_cache(flows: dict[str, Flow]) -> None:
    assert get_flow("conduct") == flows["conduct"]
    assert get_flow("conduct") is load_flows()["conduct"]  # read once
    assert load_flows() is not load_flows()  # callers get their own dict


def test_get_flow_unknown() -> None:
    with pytest.raises(AmendsError) as caught:
        get_flow("conduc")
    assert caught.value.message == (
        'unknown flow "conduc" (did you mean "conduct"?); '
        "flows are: conduct, called_out, online, bystander, friend_told, influence, moment, "
        "posting, after_post, commitment, checkin, free"
    )


# --- Malformed files --------------------------------------------------------------------

VALID = """\
id = "sample"
kind = "conduct"
title = "Sample"
intro = "A sample flow."

[[steps]]
id = "first"
question = "What happened?"
why = "The first restorative question."
source = "IIRP"

[[steps]]
id = "thinking"
question = "What were you thinking?"
why = "The second restorative question (IIRP)."
source = "IIRP"
example = "I wanted to win."
skippable = false
"""

F = "prompts/sample.toml"
S2 = 'step 2 ("thinking")'


def case(name: str, old: str, new: str, message: str) -> object:
    return pytest.param(old, new, message, id=name)


STEPS = VALID[VALID.index("[[steps]]") :]
KINDS_LIST = "conduct, bystander, influence, moment, posting, commitment, checkin, free"

MALFORMED = [
    case(
        "syntax",
        'question = "What were you thinking?"',
        "question = ",
        f"{F}: invalid TOML at line 14, column 12: invalid value",
    ),
    case(
        "missing question",
        'question = "What were you thinking?"\n',
        "",
        f'{F}: {S2}: missing "question"',
    ),
    case(
        "empty why",
        'why = "The second restorative question (IIRP)."',
        'why = "  "',
        f'{F}: {S2}: "why" is empty',
    ),
    case(
        "empty example",
        'example = "I wanted to win."',
        'example = ""',
        f'{F}: {S2}: "example" is empty',
    ),
    case(
        "question not a string",
        'question = "What were you thinking?"',
        "question = 3",
        f'{F}: {S2}: "question" must be a string, not a number',
    ),
    case(
        "skippable not a bool",
        "skippable = false",
        'skippable = "no"',
        f'{F}: {S2}: "skippable" must be true or false, not a string',
    ),
    case(
        "duplicate step id",
        'id = "thinking"',
        'id = "first"',
        f'{F}: step 2 ("first"): duplicate step id (also step 1)',
    ),
    case(
        "bad step id",
        'id = "thinking"',
        'id = "Thinking It"',
        f'{F}: step 2 ("Thinking It"): "id" must be lowercase letters, digits and "_", '
        'starting with a letter (got "Thinking It")',
    ),
    case(
        "missing step id",
        'id = "thinking"\n',
        "",
        f'{F}: step 2: missing "id"',
    ),
    case(
        "unknown step key",
        "skippable = false",
        "skipable = false",
        f'{F}: {S2}: unknown key "skipable" (did you mean "skippable"?)',
    ),
    case(
        "unknown flow key",
        'title = "Sample"',
        'titel = "Sample"',
        f'{F}: unknown key "titel" (did you mean "title"?)',
    ),
    case(
        "after without only_after",
        "skippable = false",
        'after = "first"',
        f'{F}: {S2}: "after" goes with "only_after"',
    ),
    case(
        "label too long for the list",
        'title = "Sample"',
        'title = "Sample"\nlabel = "A label far too long for it"',
        f'{F}: "label" is 27 characters; the entry list has room for 21',
    ),
    case(
        "missing intro",
        'intro = "A sample flow."\n',
        "",
        f'{F}: missing "intro"',
    ),
    case(
        "unknown kind",
        'kind = "conduct"',
        'kind = "conducts"',
        f'{F}: unknown kind "conducts" (did you mean "conduct"?); kinds are: {KINDS_LIST}',
    ),
    case(
        "no steps",
        STEPS,
        "",
        f"{F}: no steps; add at least one [[steps]] table",
    ),
    case(
        "steps not tables",
        STEPS,
        'steps = "what happened"',
        f'{F}: "steps" must be [[steps]] tables, not a string',
    ),
    case(
        "field outside commitment",
        "skippable = false",
        'field = "stop"',
        f'{F}: {S2}: "field" is only for commitment and checkin flows, not conduct',
    ),
    case(
        "one choice",
        "skippable = false",
        'choices = ["kept"]',
        f'{F}: {S2}: "choices" needs at least two options',
    ),
    case(
        "repeated choice",
        "skippable = false",
        'choices = ["kept", "kept"]',
        f'{F}: {S2}: "choices" lists "kept" twice',
    ),
    case(
        "choice not a string",
        "skippable = false",
        'choices = ["kept", 2]',
        f'{F}: {S2}: "choices" item 2 must be a string, not a number',
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), MALFORMED)
def test_malformed_file_gives_one_clear_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    directory = tmp_path / "prompts"
    directory.mkdir()
    assert old in VALID
    (directory / "sample.toml").write_text(VALID.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(AmendsError) as caught:
        load_flows(directory)
    assert caught.value.message == message
    assert "\n" not in caught.value.message


def test_the_valid_sample_loads(tmp_path: Path) -> None:
    (tmp_path / "sample.toml").write_text(VALID, encoding="utf-8")
    flow = load_flows(tmp_path)["sample"]
    assert [step.id for step in flow.steps] == ["first", "thinking"]
    assert flow.steps[0].skippable and not flow.steps[1].skippable
    assert flow.steps[0].example is None and flow.steps[1].example == "I wanted to win."


def test_commitment_field_typo(tmp_path: Path) -> None:
    text = VALID.replace('kind = "conduct"', 'kind = "commitment"').replace(
        "skippable = false", 'field = "stp"'
    )
    (tmp_path / "sample.toml").write_text(text, encoding="utf-8")
    with pytest.raises(AmendsError) as caught:
        load_flows(tmp_path)
    assert caught.value.message == (
        f'{tmp_path.name}/sample.toml: {S2}: unknown field "stp" (did you mean "stop"?); '
        "commitment fields are: stop, start, high_risk, plans, supporter, checkins"
    )


def test_field_filled_twice(tmp_path: Path) -> None:
    text = VALID.replace('kind = "conduct"', 'kind = "checkin"').replace(
        'why = "The', 'field = "plans"\nwhy = "The'
    )
    (tmp_path / "sample.toml").write_text(text, encoding="utf-8")
    with pytest.raises(AmendsError) as caught:
        load_flows(tmp_path)
    assert caught.value.message == (
        f'{tmp_path.name}/sample.toml: {S2}: field "plans" is already filled by step 1'
    )


def test_duplicate_flow_ids_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(VALID, encoding="utf-8")
    (tmp_path / "b.toml").write_text(
        VALID.replace('kind = "conduct"', 'kind = "free"'), encoding="utf-8"
    )
    with pytest.raises(AmendsError) as caught:
        load_flows(tmp_path)
    name = tmp_path.name
    assert caught.value.message == (
        f'{name}/b.toml: flow id "sample" is already used by {name}/a.toml'
    )


def test_not_utf8_and_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(AmendsError, match=r"no flow files"):
        load_flows(tmp_path)
    (tmp_path / "sample.toml").write_bytes(b'id = "\xff"\n')
    with pytest.raises(AmendsError) as caught:
        load_flows(tmp_path)
    assert caught.value.message == f"{tmp_path.name}/sample.toml: is not UTF-8 text"


def test_syntax_error_at_end_of_file(tmp_path: Path) -> None:
    (tmp_path / "sample.toml").write_text(VALID + 'why = "unfinished', encoding="utf-8")
    with pytest.raises(AmendsError) as caught:
        load_flows(tmp_path)
    assert caught.value.message == (
        f"{tmp_path.name}/sample.toml: invalid TOML at end of file: unterminated string"
    )


# --- If-then plans ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "situation", "action"),
    [
        ("If I've had three drinks, then I drink water", "I've had three drinks", "I drink water"),
        ("if she pulls away then I stop", "she pulls away", "I stop"),
        ("If a mate jokes about rape, I will say no", "a mate jokes about rape", "I will say no"),
        ("If she hesitates, I'll stop.", "she hesitates", "I'll stop."),
        ("when I'm on the apps late -> I close the app", "I'm on the apps late", "I close the app"),
        ("When he starts → I change the subject", "he starts", "I change the subject"),
        ("Whenever I'm drunk: I go home", "I'm drunk", "I go home"),
        ("Someone makes a joke -> I say it isn't", "Someone makes a joke", "I say it isn't"),
        ("- If X, then Y", "X", "Y"),
        ("2. If X then Y", "X", "Y"),
        ("If I'm drinking, I stop, then go home", "I'm drinking", "I stop, then go home"),
        ("If she says no, then I stop -> and leave", "she says no", "I stop -> and leave"),
        ("   IF  X ,  THEN  Y  ", "X", "Y"),
    ],
)  # fmt: skip
def test_parse_plans_reads_a_line(line: str, situation: str, action: str) -> None:
    parsed = parse_plans(line)
    assert parsed.errors == []
    assert parsed.plans == [Plan(situation=situation, action=action)]


def test_parse_plans_names_each_line_it_cannot_read() -> None:
    text = "\r\n".join(
        [
            "If I'm tired, then I go home",
            "",
            "I will be better",
            "If I'm drunk",
            "If , then leave",
            "When it starts, then",
            "When it starts -> I leave",
        ]
    )
    parsed = parse_plans(text)
    assert parsed.plans == [
        Plan(situation="I'm tired", action="I go home"),
        Plan(situation="it starts", action="I leave"),
    ]
    form = '"If <situation>, then <what I\'ll do>"'
    assert [str(error) for error in parsed.errors] == [
        f'line 3: start with "If" or "When": {form}',
        f'line 4: add "then" before what you will do: {form}',
        f'line 5: the situation (the "if" part) is empty: {form}',
        f'line 6: what you will do (the "then" part) is empty: {form}',
    ]
    assert parsed.errors[0] == PlanError(line=3, reason=parsed.errors[0].reason)


def test_parse_plans_of_nothing() -> None:
    assert parse_plans("") == ([], [])
    assert parse_plans("\n  \n- \n") == ([], [])


@given(st.text())
def test_parse_plans_never_raises(text: str) -> None:
    plans, errors = parse_plans(text)
    assert all(plan.situation and plan.action for plan in plans)
    assert all(error.line >= 1 for error in errors)


_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1).map(str.strip)
_situation = _words.filter(lambda s: s != "" and "then" not in s.split())
_action = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1
).map(str.strip)


# "If X, then: Y" reads as action "Y", so an action that itself starts with ":" or ","
# is ambiguous in the text form; the round trip holds for every other action.
_unambiguous_action = _action.filter(lambda a: a != "" and a[0] not in ",:")


@given(st.lists(st.builds(Plan, situation=_situation, action=_unambiguous_action), max_size=5))
def test_format_plans_reads_back(plans: list[Plan]) -> None:
    parsed = parse_plans(format_plans(plans))
    assert parsed.errors == []
    assert parsed.plans == plans


# --- Check-in offsets -------------------------------------------------------------------


W, M = (lambda n: Offset(days=7 * n)), (lambda n: Offset(months=n))


@pytest.mark.parametrize(
    ("text", "offsets"),
    [
        ("", [W(1), M(1), M(3)]),
        ("  \n ", [W(1), M(1), M(3)]),
        ("1 week, 1 month, 3 months", [W(1), M(1), M(3)]),
        ("3 months, 1 week, 1 month", [W(1), M(1), M(3)]),
        ("2 weeks and 6 weeks", [W(2), W(6)]),
        ("1w 1m 3m", [W(1), M(1), M(3)]),
        ("In 2 weeks.", [W(2)]),
        ("in a fortnight", [W(2)]),
        ("a week; a month", [W(1), M(1)]),
        ("one week then two months", [W(1), M(2)]),
        ("7, 30", [Offset(days=7), Offset(days=30)]),
        ("10 days", [Offset(days=10)]),
        ("6 months, 1 year", [M(6), M(12)]),
        ("1 week, 7 days", [W(1)]),
        ("30 days, 1 month", [Offset(days=30), M(1)]),
        # A user writes "today" or "tomorrow" as readily as "1 week" (found by a walk:
        # "today, 1 week, 1 month" could not be saved).
        ("today, 1 week, 1 month", [Offset(), W(1), M(1)]),
        ("Tomorrow, then in a fortnight", [Offset(days=1), W(2)]),
        ("0 days", [Offset()]),
    ],
)
def test_parse_checkin_offsets(text: str, offsets: list[Offset]) -> None:
    assert parse_checkin_offsets(text) == offsets


def test_default_offsets_are_a_fresh_list() -> None:
    offsets = parse_checkin_offsets("")
    offsets.append(Offset(days=1))
    assert parse_checkin_offsets("") == list(DEFAULT_CHECKIN_OFFSETS) == [W(1), M(1), M(3)]


@pytest.mark.parametrize(
    ("start", "text", "due"),
    [
        (date(2026, 12, 2), "1 month", date(2027, 1, 2)),  # not Jan 1 (30 days)
        (date(2026, 1, 31), "1 month", date(2026, 2, 28)),  # clamped to the month's end
        (date(2028, 1, 31), "1 month", date(2028, 2, 29)),  # a leap year
        (date(2026, 3, 31), "1 month", date(2026, 4, 30)),
        (date(2026, 8, 31), "6 months", date(2027, 2, 28)),
        (date(2028, 2, 29), "1 year", date(2029, 2, 28)),
        (date(2026, 11, 15), "3 months", date(2027, 2, 15)),
        (date(2026, 12, 2), "1 week", date(2026, 12, 9)),
        (date(2026, 12, 2), "30 days", date(2027, 1, 1)),
        (date(2026, 12, 31), "today", date(2026, 12, 31)),
        (date(2026, 12, 31), "tomorrow", date(2027, 1, 1)),
    ],
)
def test_months_are_calendar_months(start: date, text: str, due: date) -> None:
    assert schedule(start, parse_checkin_offsets(text)) == [due]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("soon", "couldn't read it"),
        ("1 week, whenever", "couldn't read it"),
        ("two", "a number needs a unit"),
        ("20 years", "keep check-ins within 10 years"),
        ("9" * 50, "keep check-ins within 10 years"),
    ],
)
def test_parse_checkin_offsets_refuses(text: str, reason: str) -> None:
    with pytest.raises(AmendsError) as caught:
        parse_checkin_offsets(text)
    assert caught.value.message == (
        f'check-in times: {reason}; write them like "1 week, 1 month, 3 months"'
    )


@given(st.text())
def test_parse_checkin_offsets_returns_days_or_a_clear_error(text: str) -> None:
    try:
        days = parse_checkin_offsets(text)
    except AmendsError as error:
        assert error.message.startswith("check-in times: ")
        return
    assert len(days) == len(set(days))
    assert [d.approx_days for d in days] == sorted(d.approx_days for d in days)
    assert all(0 <= d.approx_days <= 3653 for d in days)
