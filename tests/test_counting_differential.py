"""amends' counters against the platforms' own code, on thousands of generated strings.

The reference side is twitter-text 3.1.0 (``parseTweet``, ``extractUrlsWithIndices``) and
@atproto/api (``RichText.graphemeLength``) run in Node (tests/helpers/reference.py), and
for Mastodon a replica of its server check (tests/helpers/mastodon_replica.py). Without
Node the reference outputs come from the golden file, which these tests prove current
whenever Node is there. Every disagreement fails, with its string shrunk to a minimal one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from helpers import mastodon_replica, reference
from helpers.counting_corpus import CORPUS_EMOJI, SEED, SIZE, corpus

from journal.posts.counting import count, extract_urls, parse_x

Case = dict[str, Any]
#: How many failing strings a message shows, each shrunk.
_SHOWN = 5


@pytest.fixture(scope="module")
def ref() -> Iterator[reference.Reference | None]:
    if not reference.available():
        yield None
        return
    node = reference.Reference()
    yield node
    node.close()


@pytest.fixture(scope="module")
def cases(ref: reference.Reference | None) -> list[Case]:
    if ref is None:
        golden = json.loads(reference.GOLDEN.read_text(encoding="utf-8"))
        return list(golden["cases"])
    texts = corpus()
    return [{"text": t, **r} for t, r in zip(texts, ref.measure(texts), strict=True)]


def _spans(raw: list[list[int]]) -> list[tuple[int, int]]:
    return [(s, e) for s, e in raw]


# What amends says and what the platform says, for one reference result.
CHECKS: dict[str, tuple[Callable[[str], Any], Callable[[Case], Any]]] = {
    "x weighted length": (lambda t: count(t, "x"), lambda c: c["x"]),
    "x valid": (lambda t: parse_x(t).valid, lambda c: c["x_valid"]),
    "x urls": (extract_urls, lambda c: _spans(c["x_urls"])),
    "urls with protocol": (
        lambda t: extract_urls(t, without_protocol=False),
        lambda c: _spans(c["urls_with_protocol"]),
    ),
    "bluesky graphemes": (lambda t: count(t, "bluesky"), lambda c: c["bluesky"]),
    "mastodon length": (
        lambda t: count(t, "mastodon"),
        lambda c: mastodon_replica.status_length(c["text"], _spans(c["urls_with_protocol"])),
    ),
}


def disagreements(check: str, cases: list[Case]) -> list[Case]:
    ours, theirs = CHECKS[check]
    return [c for c in cases if ours(c["text"]) != theirs(c)]


def shrink(text: str, disagrees: Callable[[list[str]], list[bool]]) -> str:
    """A smaller string that still disagrees: chunks of code points dropped, halving."""
    size = max(len(text) // 2, 1)
    while True:
        candidates = [text[:i] + text[i + size :] for i in range(0, len(text), size)]
        candidates = [c for c in candidates if c]
        verdicts = disagrees(candidates) if candidates else []
        smaller = next((c for c, v in zip(candidates, verdicts, strict=True) if v), None)
        if smaller is not None:
            text = smaller
            size = min(size, max(len(text) // 2, 1))
        elif size == 1:
            return text
        else:
            size //= 2


def _report(check: str, failing: list[Case], ref: reference.Reference | None) -> str:
    ours, theirs = CHECKS[check]
    lines = [f"{len(failing)} disagreement(s) on {check}; minimal strings:"]
    for case in failing[:_SHOWN]:
        text = case["text"]
        if ref is not None:

            def disagrees(texts: list[str]) -> list[bool]:
                assert ref is not None
                results = ref.measure(texts)
                return [
                    ours(t) != theirs({"text": t, **r}) for t, r in zip(texts, results, strict=True)
                ]

            text = shrink(text, disagrees)
            case = {"text": text, **ref.measure([text])[0]}
        lines.append(f"  {text!r}: amends {ours(text)!r}, platform {theirs(case)!r}")
    return "\n".join(lines)


@pytest.mark.parametrize("check", list(CHECKS))
def test_amends_agrees_with_the_platform(
    check: str, cases: list[Case], ref: reference.Reference | None
) -> None:
    failing = disagreements(check, cases)
    assert not failing, _report(check, failing, ref)


def test_the_corpus_is_hard(cases: list[Case]) -> None:
    # The generator must keep producing what the issue listed; a dull corpus proves nothing.
    assert len(cases) == SIZE
    texts = [c["text"] for c in cases]
    assert sum(bool(c["x_urls"]) for c in cases) > SIZE // 4
    assert sum(bool(c["urls_with_protocol"]) for c in cases) > SIZE // 10
    assert sum(any(ch in t for ch in "\ufeff\ufffe\uffff") for t in texts) > 50
    assert sum(not c["x_valid"] for c in cases) > 50
    assert sum("@" in t for t in texts) > SIZE // 4
    assert sum(any("\u0590" <= ch <= "\u06ff" for ch in t) for t in texts) > SIZE // 10
    assert sum(c["x"] > 280 for c in cases) > 50


def test_the_golden_file_is_current(ref: reference.Reference | None) -> None:
    golden = json.loads(reference.GOLDEN.read_text(encoding="utf-8"))
    assert (golden["seed"], golden["size"]) == (SEED, SIZE)
    if golden["corpus_emoji"] != CORPUS_EMOJI:
        pytest.skip(
            f"golden corpus drawn with emoji {golden['corpus_emoji']}, here {CORPUS_EMOJI}: "
            "run python tests/reference/make_golden.py where Node is"
        )
    texts = corpus()
    assert [c["text"] for c in golden["cases"]] == texts, (
        "the corpus changed: run python tests/reference/make_golden.py"
    )
    if ref is None:
        pytest.skip("no Node here: the golden file's outputs are checked where Node is")
    if ref.versions != golden["versions"]:
        pytest.skip(f"golden written with {golden['versions']}, Node here is {ref.versions}")
    fresh = ref.measure(texts)
    stale = [
        t for t, c, r in zip(texts, golden["cases"], fresh, strict=True) if {**r, "text": t} != c
    ]
    assert not stale, f"{len(stale)} golden outputs are stale; run make_golden.py"


def test_shrink_finds_a_minimal_string() -> None:
    def has_two_xs(texts: list[str]) -> list[bool]:
        return [t.count("x") >= 2 for t in texts]

    assert shrink("abc x def x ghi", has_two_xs) == "xx"
