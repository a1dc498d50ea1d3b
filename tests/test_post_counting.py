"""Platform-true counting, checked against twitter-text's own conformance data."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from journal.errors import UsageError
from journal.posts.counting import (
    PLATFORMS,
    count,
    extract_urls,
    facebook_fold,
    get_platform,
    mastodon_countable,
    parse_x,
    shipped_x_config_raw,
)

# twitter-text's conformance files, vendored with their licence (tests/data/twitter-text/).
CONFORMANCE = Path(__file__).parent / "data" / "twitter-text"
COUNTER_SECTIONS = (
    "WeightedTweetsWithDiscountedEmojiCounterTest",
    "UnicodeDirectionalMarkerCounterTest",
)


def _load_validate() -> dict[str, Any]:
    with (CONFORMANCE / "twitter-text-validate.yml").open(encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    return data["tests"]


def _counter_cases() -> list[Any]:
    tests = _load_validate()
    return [
        pytest.param(case, id=f"{section}: {case['description']}")
        for section in COUNTER_SECTIONS
        for case in tests[section]
    ]


COUNTER_CASES = _counter_cases()


def test_conformance_cases_were_read() -> None:
    # The two sections hold 24 cases today; fewer means the YAML was not read.
    assert len(COUNTER_CASES) >= 24


@pytest.mark.parametrize("case", COUNTER_CASES)
def test_twitter_text_conformance(case: dict[str, Any]) -> None:
    result = parse_x(case["text"])
    got = {
        "weightedLength": result.weighted_length,
        "valid": result.valid,
        "permillage": result.permillage,
        "displayRangeStart": result.display_range_start,
        "displayRangeEnd": result.display_range_end,
        "validRangeStart": result.valid_range_start,
        "validRangeEnd": result.valid_range_end,
    }
    expected = case["expected"]
    assert {k: got[k] for k in expected} == expected


def test_shipped_config_matches_twitter_text() -> None:
    with (CONFORMANCE / "twitter-text-config-v3.json").open(encoding="utf-8") as f:
        assert shipped_x_config_raw() == json.load(f)


@pytest.mark.parametrize(
    "case",
    _load_validate()["urls_without_protocol"],
    ids=lambda c: c["description"],
)
def test_urls_without_protocol_are_found_whole(case: dict[str, Any]) -> None:
    text = case["text"]
    assert extract_urls(text) == [(0, len(text))]


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("see https://example.com/a?b=c. Then", ["https://example.com/a?b=c"]),
        ("example.com and www.example.org/path", ["example.com", "www.example.org/path"]),
        ("foo.jp alone is not a link, foo.jp/x is", ["foo.jp/x"]),
        ("e.g. and i.e. are not links", []),
        ("mail john@example.com", []),
        ("https://t.co/abc123?x=1", ["https://t.co/abc123?x=1"]),
        ("(http://example.com/wiki/Foo_(bar))", ["http://example.com/wiki/Foo_(bar)"]),
    ],
)
def test_extract_urls(text: str, urls: list[str]) -> None:
    assert [text[s:e] for s, e in extract_urls(text)] == urls


def test_long_dotted_text_without_a_tld_is_fast() -> None:
    # twitter-text's pattern alone backtracks quadratically here (minutes for this).
    text = "a." * 5000 + " see example.com"
    started = time.perf_counter()
    assert [text[s:e] for s, e in extract_urls(text)] == ["example.com"]
    assert count(text, "x") == 10000 + 5 + 23
    assert time.perf_counter() - started < 5


def test_extract_urls_with_protocol_only() -> None:
    text = "example.com and https://example.org"
    assert [text[s:e] for s, e in extract_urls(text, without_protocol=False)] == [
        "https://example.org"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello", 5),
        ("e\u0301", 1),  # NFC makes it one code point of weight 1
        ("👨‍👩‍👧‍👦", 2),  # one emoji sequence
        ("©", 1),  # a bare © is text for twemoji
        ("故人", 4),
        ("https://example.com/" + "a" * 100, 23),
        ("example.com", 23),
    ],
)
def test_x_weights(text: str, expected: int) -> None:
    assert count(text, "x") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello", 5),
        ("👨‍👩‍👧‍👦", 1),
        ("👍🏽🇺🇸", 2),
        ("e\u0301a\u0308", 2),
        ("مرحبا", 5),
        ("https://example.com/abc", 23),  # URLs count in full on Bluesky
    ],
)
def test_bluesky_counts_graphemes(text: str, expected: int) -> None:
    assert count(text, "bluesky") == expected


def test_mastodon_counts_urls_as_23_and_mentions_without_domain() -> None:
    long_url = "https://example.com/" + "a" * 200
    assert count(long_url, "mastodon") == 23
    assert count("hi @alice@mastodon.social", "mastodon") == len("hi @alice")
    assert count("hi @alice", "mastodon") == len("hi @alice")
    # A bare domain is not a link on Mastodon, so it counts in full.
    assert count("example.com", "mastodon") == len("example.com")
    assert mastodon_countable("@bob@example.social, see http://x.org") == "@bob, see " + "x" * 23
    assert count("👨‍👩‍👧‍👦", "mastodon") == 1


def test_utf16_platforms() -> None:
    for name in ("threads", "linkedin", "facebook"):
        assert count("a😀", name) == 3  # an astral character is two UTF-16 units
        assert count("é", name) == 1


def test_platform_registry() -> None:
    assert {n: p.limit for n, p in PLATFORMS.items()} == {
        "x": 280,
        "bluesky": 300,
        "mastodon": 500,
        "threads": 500,
        "linkedin": 3000,
        "facebook": 63206,
        "plain": None,
    }
    assert get_platform("Twitter").name == "x"
    assert get_platform("mastodon", limit=1000).limit == 1000
    assert PLATFORMS["mastodon"].limit == 500  # the registry is not changed
    with pytest.raises(UsageError):
        get_platform("myspace")
    with pytest.raises(UsageError):
        get_platform("mastodon", limit=0)


def test_facebook_fold() -> None:
    assert facebook_fold("short post") is None
    assert facebook_fold("one\ntwo\nthree\nfour\nfive") is None
    six_lines = "one\ntwo\nthree\nfour\nfive\nsix"
    assert facebook_fold(six_lines) == six_lines.index("\nsix")
    long = "word " * 200
    fold = facebook_fold(long)
    assert fold is not None and fold <= 477 and long[fold] == " "
    assert PLATFORMS["facebook"].fold is facebook_fold
    assert PLATFORMS["x"].fold is None
