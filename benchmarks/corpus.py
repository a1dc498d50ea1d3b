"""A deterministic corpus of realistic journal entries, and its jrnl twin.

Each entry has 4–8 answers and 1–2 KB of text in total, a kind, 0–3 tags and
a date spread over six years. The same ``(n, seed)`` always gives the same
entries, so a built vault can be cached and reused.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from journal.models import KINDS, Answer, Entry

#: Bump when the generator changes: cached vaults built by an older one are rebuilt.
CORPUS_VERSION = 2

#: The search queries: (label, query). The rare word is planted in ~0.3% of entries.
QUERIES: tuple[tuple[str, str], ...] = (
    ("one word", "apologised"),
    ("two words", "pub apology"),
    ("rare word", "lighthouse"),
    ("common word", "work"),
)
RARE_SENTENCE = "For some reason the old lighthouse on the coast came back to me."
RARE_RATE = 0.003

_START = datetime(2020, 1, 1, tzinfo=UTC)
_SPAN_SECONDS = 6 * 365 * 24 * 3600
#: conduct, bystander, influence, moment, posting, commitment, checkin, free
_KIND_WEIGHTS = (30, 15, 10, 3, 2, 10, 15, 20)

_PROMPTS: tuple[tuple[str, str], ...] = (
    ("what_happened", "What happened?"),
    ("thinking", "What were you thinking at the time?"),
    ("affected", "Who was affected, and how?"),
    ("since", "What have you thought about since?"),
    ("excuses", "What did you tell yourself to make it seem fine?"),
    ("pattern", "Has this happened before?"),
    ("repair", "What could you do to make it right?"),
    ("differently", "What will you do differently next time?"),
)

_TAGS = (
    "work", "family", "friends", "partner", "drinking", "online", "gym", "football",
    "office", "party", "commute", "brother", "dad", "team", "groupchat", "holiday",
    "anger", "jokes", "silence", "apology", "repair", "boundaries", "listening", "therapy",
    "pub", "school", "neighbours", "wedding", "stag", "club",
)  # fmt: skip

# Ordered roughly by frequency: earlier words are drawn more often (Zipf weights).
_WORD_TEXT = """
I the and to a it was that my he she they me of in we at what it's
about when not but so because with her him them felt said think
didn't wanted should time nothing people just could would then there
this had have been were be do did if or no all out up one some like
work friend meeting laughed joke told asked again know really group
home night office chat later still others room quiet week message
partner afterwards wrong stopped thought saw heard left stayed came
tried team back tomorrow someone everyone nobody anyone colleague boss
mate brother sister father mother kids party drinks pub train bus phone
photo comment voice table door kitchen weekend morning evening sorry
honest ashamed angry defensive embarrassed uneasy relieved tired proud
calm tense awkward careful patient harsh loud small promise plan change
listen notice repair explain admit interrupted dismissed ignored mocked
pressured teased shouted blamed excused minimised joked shrugged waited
watched walked although unless until while since before after though
trust respect consent boundary pattern habit reason excuse choice
way day year thing things much more very good bad better worse right
first last next other same different own long little big old new young
going get got make made take took see look looked come give gave tell
feel feeling say saying keep kept let put seemed seem turned started
thing life hand hands face eyes head words story friends family women
men woman man girl guy lads boys girlfriend wife husband son daughter
uncle cousin grandad neighbour stranger manager client customer teacher
student coach referee driver waiter barman bouncer landlord flatmate
never always often sometimes once twice usually rarely maybe perhaps
enough almost already even only also too quite rather pretty fairly
apologised apology apologising forgave forgive forgiveness regret
regretted guilt guilty shame responsibility responsible accountable
harm hurt hurting upset upsetting offended offensive uncomfortable
dismissive sarcastic rude cruel unkind mean jealous controlling
pushy aggressive threatening intimidating sulking withdrawn cold
raised voice slammed grabbed pushed followed texted messaged called
replied ignored blocked deleted posted shared forwarded screenshot
lunch dinner breakfast coffee pint beer wine whisky shots round
birthday christmas wedding funeral reunion leaving interview review
promotion deadline project rota shift overtime email slack zoom
car taxi street corner bar club restaurant shop gym pitch changing
stadium match game season training session practice class lecture
hospital doctor therapist counsellor course workshop group circle
memory childhood school teenager uni dad's mum's grandfather's
mornings evenings weekends holidays summer winter spring autumn
rain cold dark late early tonight yesterday lately recently finally
learned learning realised understand understood noticed recognise
accept accepted denied deny admitted pretended avoided avoiding
listened interrupted talked spoke explained argued agreed disagreed
stepped stopped intervened challenged supported checked thanked
asked offered refused waited apologise promised committed planned
kinder slower quieter braver clearer honest honestly openly calmly
angrily quickly slowly suddenly quietly loudly badly properly
"""
_WORDS = list(dict.fromkeys(_WORD_TEXT.split()))

_WEIGHTS = [1.0 / (rank + 3) ** 1.1 for rank in range(len(_WORDS))]


def _sentence(rng: random.Random) -> str:
    words = rng.choices(_WORDS, weights=_WEIGHTS, k=rng.randint(7, 19))
    return " ".join(words).capitalize() + rng.choice((".", ".", ".", "?", "!"))


def _sentence_pool(rng: random.Random, size: int = 4000) -> list[str]:
    return [_sentence(rng) for _ in range(size)]


def _answer_text(rng: random.Random, pool: list[str], target: int) -> str:
    parts: list[str] = []
    length = 0
    while length < target:
        sentence = rng.choice(pool)
        parts.append(sentence)
        length += len(sentence) + 1
    return " ".join(parts)


def _entry(rng: random.Random, pool: list[str]) -> Entry:
    n_answers = rng.randint(4, 8)
    per_answer = rng.randint(1000, 2000) // n_answers
    steps = rng.sample(_PROMPTS, n_answers)
    answers = [
        Answer(step_id=step, prompt=question, text=_answer_text(rng, pool, per_answer))
        for step, question in steps
    ]
    if rng.random() < RARE_RATE:
        answers[-1].text += " " + RARE_SENTENCE
    created = _START + timedelta(seconds=rng.randrange(_SPAN_SECONDS))
    title = rng.choice(pool)[:60].rstrip(" .?!") if rng.random() < 0.7 else ""
    return Entry(
        id=f"{rng.getrandbits(128):032x}",
        kind=rng.choices(KINDS, weights=_KIND_WEIGHTS)[0],
        created_at=created,
        updated_at=created,
        title=title,
        answers=answers,
        tags=rng.sample(_TAGS, rng.choice((0, 1, 1, 2, 2, 3))),
        flow=None,
        starred=rng.random() < 0.05,
    )


def entries(n: int, seed: int) -> Iterator[Entry]:
    """``n`` entries, always the same for the same ``(n, seed)``."""
    rng = random.Random(seed)
    pool = _sentence_pool(rng)
    for _ in range(n):
        yield _entry(rng, pool)


def jrnl_text(items: list[Entry]) -> str:
    """The same entries in jrnl's plain-text format, oldest first.

    jrnl takes an entry's title from its first sentence: a titled entry gets
    the title on the date line, an untitled one starts with its first answer.
    """
    out: list[str] = []
    for entry in sorted(items, key=lambda e: e.created_at):
        stamp = entry.created_at.strftime("%Y-%m-%d %H:%M")
        paragraphs = [a.text for a in entry.answers]
        first = entry.title + "." if entry.title else paragraphs.pop(0)
        tags = " ".join(f"@{t}" for t in entry.tags)
        lines = [f"[{stamp}] {first}", *paragraphs, *([tags] if tags else [])]
        out.append("\n\n".join(lines) + "\n\n")
    return "".join(out)
