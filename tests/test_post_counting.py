"""Platform-true counting, checked against twitter-text's own conformance data."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from journal.errors import UsageError
from journal.posts.counting import (
    PLATFORMS,
    XConfig,
    count,
    extract_urls,
    facebook_fold,
    get_platform,
    mastodon_countable,
    parse_x,
    shipped_x_config_raw,
    x_config,
    x_refuses,
)

# twitter-text's conformance files, vendored with their licence (tests/data/twitter-text/).
CONFORMANCE = Path(__file__).parent / "data" / "twitter-text"
# validate.yml sections for parseTweet: v3 config, and v2 (no emoji parsing) for the first.
COUNTER_SECTIONS = {
    "WeightedTweetsCounterTest": 2,
    "WeightedTweetsWithDiscountedEmojiCounterTest": 3,
    "UnicodeDirectionalMarkerCounterTest": 3,
}
# extract.yml sections for extractUrls / extractUrlsWithIndices.
URL_SECTIONS = (
    "urls",
    "urls_with_indices",
    "urls_with_directional_markers",
    "tco_urls_with_params",
)
WITH_INDICES = ("urls_with_indices", "urls_with_directional_markers")
# validate.yml "tweets" is the legacy isValidTweetText check, with twitter-text's v1 config.
V1_CONFIG = XConfig(1, 140, 1, 1, False, 23, ())


def _load(name: str) -> dict[str, Any]:
    with (CONFORMANCE / f"twitter-text-{name}.yml").open(encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    return data["tests"]


def _cases(name: str, sections: Iterable[str]) -> list[Any]:
    tests = _load(name)
    return [
        pytest.param(section, case, id=f"{section}: {case['description']}")
        for section in sections
        for case in tests[section]
    ]


COUNTER_CASES = _cases("validate", COUNTER_SECTIONS)
URL_CASES = _cases("extract", URL_SECTIONS)
VALID_CASES = _cases("validate", ["tweets", "urls_without_protocol"])


def test_conformance_cases_were_read() -> None:
    # 44 + 108 + 13 cases today; fewer means the YAML was not read.
    assert (len(COUNTER_CASES), len(URL_CASES), len(VALID_CASES)) == (44, 108, 13)


@pytest.mark.parametrize(("section", "case"), COUNTER_CASES)
def test_twitter_text_counter_conformance(section: str, case: dict[str, Any]) -> None:
    config = x_config()
    if COUNTER_SECTIONS[section] == 2:
        config = replace(config, version=2, emoji_parsing_enabled=False)
    result = parse_x(case["text"], config)
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


@pytest.mark.parametrize(("section", "case"), URL_CASES)
def test_twitter_text_url_conformance(section: str, case: dict[str, Any]) -> None:
    text = case["text"]
    spans = extract_urls(text)
    if section in WITH_INDICES:
        # Indices are UTF-16 offsets in twitter-text.
        got = [{"url": text[s:e], "indices": [_u16(text[:s]), _u16(text[:e])]} for s, e in spans]
        assert got == case["expected"]
    else:
        assert [text[s:e] for s, e in spans] == case["expected"]


@pytest.mark.parametrize(("section", "case"), VALID_CASES)
def test_twitter_text_validity_conformance(section: str, case: dict[str, Any]) -> None:
    text = case["text"]
    if section == "tweets":
        assert parse_x(text, V1_CONFIG).valid == case["expected"]
    else:  # a URL without protocol is found whole
        assert extract_urls(text) == [(0, len(text))]


def _u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_shipped_config_matches_twitter_text() -> None:
    with (CONFORMANCE / "twitter-text-config-v3.json").open(encoding="utf-8") as f:
        assert shipped_x_config_raw() == json.load(f)


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("see https://example.com/a?b=c. Then", ["https://example.com/a?b=c"]),
        ("example.com and www.example.org/path", ["example.com", "www.example.org/path"]),
        # twitter-text 3.x links every bare domain on a known TLD, short ccTLDs too.
        ("foo.jp alone is a link, foo.jp/x too", ["foo.jp", "foo.jp/x"]),
        ("x.ai r.de youtu.be notion.so", ["x.ai", "r.de", "youtu.be", "notion.so"]),
        (
            "twitter.jp日本語it.so中国語foo.jp it.so foo.jp",
            ["twitter.jp", "it.so", "foo.jp", "it.so", "foo.jp"],
        ),
        ("a.de/«t.ly", ["a.de/", "t.ly"]),  # the « is the next URL's preceding character
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
    for name in ("linkedin", "facebook"):
        assert count("a😀", name) == 3  # an astral character is two UTF-16 units
        assert count("é", name) == 1
        assert count("𝐀", name) == 2


def test_threads_counts_emoji_as_their_utf8_bytes() -> None:
    # Meta's Threads API documentation: 500 characters, emojis as their UTF-8 bytes.
    assert count("😀" * 200, "threads") == 800
    assert count("👨‍👩‍👧‍👦", "threads") == 25
    assert count("a😀", "threads") == 5
    assert count("é𝐀", "threads") == 3  # not emoji: UTF-16 units
    assert count("👍🏽 ok", "threads") == 8 + 3
    assert PLATFORMS["threads"].limit == 500


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


# --- the cases of issue 16, each against the platform's own figure -----------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x.ai", 23),
        ("r.de", 23),
        ("The talk is on youtu.be and my notes are on notion.so", 82),
        ("a" * 260 + " see x.ai", 288),
    ],
)
def test_x_counts_bare_domains_as_links(text: str, expected: int) -> None:
    # twitter-text 3.1.0's parseTweet gives these figures (tests/reference/reference.mjs).
    assert count(text, "x") == expected


def test_a_post_with_a_bare_domain_over_the_limit_is_split() -> None:
    from journal.posts.splitting import split_thread

    thread = split_thread("a" * 260 + " see x.ai", PLATFORMS["x"])
    assert len(thread.parts) == 2 and thread.fits


@pytest.mark.parametrize("char", ["\ufeff", "\ufffe", "\uffff"])
def test_x_refuses_its_invalid_characters_and_the_draft_says_so(char: str) -> None:
    from journal.posts.compose import build_draft

    text = f"I said sorry{char} and meant it."
    assert count(text, "x") <= 280 and not parse_x(text).valid
    draft = build_draft([text], PLATFORMS["x"], keep_details=True)
    if char in draft.text:  # the draft may already drop invisible characters
        assert not draft.thread.fits
        assert draft.thread.refusals == (x_refuses(draft.text),)
        assert f"U+{ord(char):04X}" in draft.thread.refusals[0]
    assert x_refuses("no invisible characters here") is None
    assert PLATFORMS["bluesky"].refuses is None


@pytest.mark.parametrize(
    ("text", "library"),
    [("🧑\u200d🤝\u200d🧑", 8), ("❤\ufe0f\u200d🩹", 5), ("🫠", 2), ("👨‍👩‍👧‍👦", 2), ("🏳️‍🌈", 2)],
)
def test_x_counts_emoji_as_twitter_text_310_does(text: str, library: int) -> None:
    # npm's twitter-text 3.1.0 knows emoji up to twemoji 11 (2019): newer sequences count
    # by their parts. amends shows that figure, so nothing it calls fitting is refused.
    assert count(text, "x") == library


def test_x_never_counts_an_emoji_below_what_x_itself_could() -> None:
    # X's own composer (newer emoji data) counts any emoji as 2: amends' figure is never
    # lower, for every emoji sequence Unicode has, alone or after text. A bare (c) or (R)
    # is text to twemoji, weight 1 like any Latin-1 character.
    import emoji

    text_style = {"\u00a9", "\u00ae"}
    every = [e for e in emoji.EMOJI_DATA if e not in text_style]
    low = [e for e in every if count(e, "x") < 2 or count("a " + e, "x") < 4]
    assert len(every) > 5000 and not low


@pytest.mark.parametrize(
    ("text", "expected"), [(" \u094d\u0924", 2), ("क्षत्रिय", 3), ("\U0001faef", 1)]
)
def test_bluesky_graphemes_follow_unicode_17(text: str, expected: int) -> None:
    # @atproto/api's graphemeLength (Intl.Segmenter, ICU 78 / Unicode 17) gives these.
    assert count(text, "bluesky") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x=@bob@example.com", 18),  # no mention after '='
        ("＠bob@example.com", 16),  # a full-width at sign is no mention
        ("thanks ❤️@bob@example.com", 24),  # U+FE0F is a mark, so [[:word:]]
        ("@bob@example.com@", 17),  # end_mention_match: an at sign after it
        ("ping @bob@localhost", 9),  # a one-label domain is a mention
        ("hi @alice@mastodon.social", 9),
        ("@bob@example.com, thanks", 12),
        ("   ", 0),  # a blank status counts nothing
    ],
)
def test_mastodon_mentions_follow_mention_re(text: str, expected: int) -> None:
    assert count(text, "mastodon") == expected
