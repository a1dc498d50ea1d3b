"""Counting a post the way each platform counts it.

A platform's limit is checked by its own rule, never by ``len()``; each rule is
proven against the platform's own code in tests/test_counting_differential.py:

- X weighs text as twitter-text 3.1.0's ``parseTweet`` does: NFC first, code
  points in the config ranges weigh 1 and all others 2, every emoji that
  twemoji-parser 11.0.2 knows 2, every URL 23 (bare domains such as ``x.ai``
  included). U+FEFF, U+FFFE and U+FFFF make a post invalid whatever its length.
- Bluesky counts grapheme clusters (as @atproto/api's ``graphemeLength``, which
  uses ``Intl.Segmenter``); a URL counts in full.
- Mastodon counts grapheme clusters after its server's own rewrites: a URL with
  protocol counts 23 and ``@user@domain`` counts as ``@user``, exactly where
  ``Account::MENTION_RE`` and the extractor find a mention.
- Threads counts as Meta documents it: 500 characters, each emoji as its UTF-8
  bytes; other characters in UTF-16 code units.
- LinkedIn and Facebook publish a limit but no counting rule; they are counted in
  UTF-16 code units, as a browser text box counts, which never counts fewer than
  the platform could.

URL extraction follows twitter-text's rules (with protocol, and without one for
a known TLD), from its data shipped in ``journal/data/twitter_text.toml``.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

import emoji
import regex

from journal.errors import UsageError

# --- twitter-text data -------------------------------------------------------


@dataclass(frozen=True)
class WeightRange:
    start: int
    end: int
    weight: int


@dataclass(frozen=True)
class XConfig:
    """twitter-text's v3 configuration (``config/v3.json``)."""

    version: int
    max_weighted_tweet_length: int
    scale: int
    default_weight: int
    emoji_parsing_enabled: bool
    transformed_url_length: int
    ranges: tuple[WeightRange, ...]

    def weight(self, code_point: int) -> int:
        for r in self.ranges:
            if r.start <= code_point <= r.end:
                return r.weight
        return self.default_weight


@cache
def _twitter_data() -> dict[str, Any]:
    raw = resources.files("journal").joinpath("data/twitter_text.toml").read_bytes()
    return tomllib.loads(raw.decode("utf-8"))


def shipped_x_config_raw() -> dict[str, Any]:
    """The shipped config exactly as twitter-text's JSON spells it (for tests)."""
    config: dict[str, Any] = _twitter_data()["config"]
    return config


@cache
def x_config() -> XConfig:
    c = shipped_x_config_raw()
    return XConfig(
        version=int(c["version"]),
        max_weighted_tweet_length=int(c["maxWeightedTweetLength"]),
        scale=int(c["scale"]),
        default_weight=int(c["defaultWeight"]),
        emoji_parsing_enabled=bool(c["emojiParsingEnabled"]),
        transformed_url_length=int(c["transformedURLLength"]),
        ranges=tuple(
            WeightRange(int(r["start"]), int(r["end"]), int(r["weight"])) for r in c["ranges"]
        ),
    )


# --- URL extraction (twitter-text rules) ------------------------------------

# Character classes, as twitter-text defines them.
_PUNCT = r"!'#%&()*+,\\\-./:;<=>?@\[\]\^_{|}~$"
_SPACES = r"\x09-\x0d\x20\x85\xa0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_INVALID = r"\ufffe\ufeff\uffff"
_DIRECTIONAL = r"\u202a-\u202e\u061c\u200e\u200f\u2066-\u2069"
_LATIN_ACCENTS = (
    r"\xc0-\xd6\xd8-\xf6\xf8-\xff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259\u025b"
    r"\u0263\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff"
)
_CYRILLIC = r"\u0400-\u04ff"
_INVALID_CHARS = frozenset("\ufffe\ufeff\uffff")

_MAX_URL_LENGTH = 4096
_MAX_LABEL_LENGTH = 63
_MAX_TCO_SLUG_LENGTH = 40


def _alternation(words: list[str]) -> str:
    # Longest first, so a TLD is never cut short by one of its prefixes.
    return "|".join(regex.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class _UrlRegexes:
    extract: regex.Pattern[str]
    tld_dot: regex.Pattern[str]
    ascii_domain: regex.Pattern[str]
    tco: regex.Pattern[str]


@cache
def _url_regexes() -> _UrlRegexes:
    tlds = _twitter_data()["tlds"]
    gtld = rf"(?:(?:{_alternation(tlds['generic'])})(?=[^0-9a-z@+\-]|$))"
    cctld = rf"(?:(?:{_alternation(tlds['country'])})(?=[^0-9a-z@+\-]|$))"
    punycode = r"(?:xn--[\-0-9a-z]+)"
    domain_char = rf"[^{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}]"
    subdomain = rf"(?:(?:{domain_char}(?:[_\-]|{domain_char})*)?{domain_char}\.)"
    domain_name = rf"(?:(?:{domain_char}(?:-|{domain_char})*)?{domain_char}\.)"
    domain = rf"(?:{subdomain}*{domain_name}(?:{gtld}|{cctld}|{punycode}))"
    path_char = rf"[a-z{_CYRILLIC}0-9!*';:=+,.$/%#\[\]\-\u2013_~&|@{_LATIN_ACCENTS}]"
    parens = rf"\((?:{path_char}+|(?:{path_char}*\({path_char}+\){path_char}*))\)"
    path_end = rf"(?:[+\-a-z{_CYRILLIC}0-9=_#/{_LATIN_ACCENTS}]|(?:{parens}))"
    path = rf"(?:(?:{path_char}*(?:{parens}{path_char}*)*{path_end})|(?:@{path_char}+/))"
    query_char = r"[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]"
    query_end = r"[a-z0-9\-_&=#/]"
    # The preceding character is consumed, as in twitter-text (regexp/extractUrl.js):
    # it decides where the next URL may start ("a.de/«t.ly" holds two).
    preceding = rf"(?P<before>[^A-Za-z0-9@\uff20$#\uff03{_INVALID}]|[{_DIRECTIONAL}]|^)"
    extract = (
        rf"{preceding}(?P<url>(?P<protocol>https?://)?(?P<domain>{domain})"
        rf"(?::[0-9]+)?(?P<path>/{path}*)?(?:\?{query_char}*{query_end})?)"
    )
    ascii_domain = rf"(?:(?:[\-a-z0-9{_LATIN_ACCENTS}]+)\.)+(?:{gtld}|{cctld}|{punycode})"
    flags = regex.IGNORECASE | regex.VERSION0
    return _UrlRegexes(
        extract=regex.compile(extract, flags),
        tld_dot=regex.compile(rf"\.(?:{gtld}|{cctld}|{punycode})", flags),
        ascii_domain=regex.compile(ascii_domain, flags),
        tco=regex.compile(rf"^https?://t\.co/([a-z0-9]+)(?:\?{query_char}*{query_end})?", flags),
    )


def _punycode_ok(domain: str) -> int | None:
    """The domain's length once punycode-encoded, or None if a label is invalid.

    As twitter-text 3.1.0's lib/idna.js: an ``xn--`` domain (case-sensitive prefix)
    must *contain* an ASCII domain, and every label must encode to 1-63 characters.
    """
    if domain[:4] == "xn--" and not _url_regexes().ascii_domain.search(domain):
        return None
    total = 0
    for label in domain.split("."):
        if label.isascii():
            encoded = label
        else:
            try:
                encoded = "xn--" + label.encode("punycode").decode("ascii")
            except UnicodeError:
                return None
        if not 1 <= len(encoded) <= _MAX_LABEL_LENGTH:
            return None
        total += len(encoded)
    return total + domain.count(".")


def _valid_url(url: str, protocol: str, domain: str) -> bool:
    encoded = _punycode_ok(domain)
    if encoded is None:
        return False
    # As extractUrlsWithIndices.js isValidUrl: UTF-16 lengths, the protocol counted
    # twice when present (it is in ``url`` too); kept for fidelity.
    length = _utf16_len(url) + encoded - _utf16_len(domain)
    return len(protocol or "https://") + length <= _MAX_URL_LENGTH


def extract_urls(text: str, *, without_protocol: bool = True) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the URLs in ``text`` (Python str indices).

    As twitter-text 3.1.0's extractUrlsWithIndices (js/src/extractUrlsWithIndices.js).
    ``without_protocol`` also finds bare domains such as ``example.com`` and
    ``x.ai``, as X does; Mastodon links only URLs that have ``http(s)://``.
    """
    if ("." if without_protocol else ":") not in text:
        return []
    rx = _url_regexes()
    spans: list[tuple[int, int]] = []
    for m in _candidates(text):
        url, protocol, domain, path = m["url"], m["protocol"] or "", m["domain"], m["path"]
        start, end = m.start("url"), m.end("url")
        if not _valid_url(url, protocol, domain):
            continue
        if protocol:
            tco = rx.tco.match(url)
            if tco:
                if len(tco.group(1)) > _MAX_TCO_SLUG_LENGTH:
                    continue
                end = start + len(tco.group(0))
            spans.append((start, end))
            continue
        if not without_protocol or m["before"] in ("-", "_", ".", "/"):
            continue
        spans.extend(_bare_domains(text, start, end, domain, bool(path)))
    return spans


_SPACE = regex.compile(rf"[{_SPACES}]")
_SPACE_BEFORE = regex.compile(rf"[{_SPACES}]", regex.REVERSE)


def _candidates(text: str) -> Iterator[regex.Match[str]]:
    """What ``finditer`` of the extractor would give, without its quadratic worst case.

    Every URL holds a dot followed by a known TLD, and no space. So only the
    space-free runs that hold such a dot are searched, each on its own (from the
    space before it, which the match may consume as its preceding character): a
    long run of dotted text with no TLD in it ("a.b.c.d…") is never tried
    position by position.
    """
    rx = _url_regexes()
    pos = 0
    while (dot := rx.tld_dot.search(text, pos)) is not None:
        before = _SPACE_BEFORE.search(text, pos, dot.start())
        after = _SPACE.search(text, dot.end())
        run_end = after.start() if after else len(text)
        m = rx.extract.search(text, before.start() if before else pos, run_end)
        if m is None:
            pos = run_end
            continue
        yield m
        pos = m.end()


def _bare_domains(
    text: str, start: int, end: int, domain: str, has_path: bool
) -> Iterator[tuple[int, int]]:
    """Every ASCII domain inside a protocol-less match; the last one keeps the path.

    twitter-text 3.1.0 (js/src/extractUrlsWithIndices.js) keeps each one, short
    ccTLD domains included: ``x.ai``, ``r.de`` and ``youtu.be`` are links on X.
    """
    found = list(_url_regexes().ascii_domain.finditer(domain))
    for i, d in enumerate(found):
        last = i == len(found) - 1
        yield (start + d.start(), end if has_path and last else start + d.end())


# --- hashtags and mentions -----------------------------------------------------

_HASHTAG = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}_&/])[#\uff03](?=[\p{L}\p{M}\p{N}_]*\p{L})[\p{L}\p{M}\p{N}_]+"
)
# ``@user`` or Mastodon's ``@user@domain``; not the middle of an email address.
_MENTION = regex.compile(
    r"(?<![\p{L}\p{N}_@\uff20!#$%&*/.+\-])[@\uff20](?P<user>[A-Za-z0-9_]+(?:[.\-]+[A-Za-z0-9_]+)*)"
    r"(?:@(?P<domain>[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+))?"
)


def hashtag_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _HASHTAG.finditer(text)]


def mention_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _MENTION.finditer(text)]


def protected_spans(text: str) -> list[tuple[int, int]]:
    """URLs, hashtags and mentions: spans a post must never be cut inside."""
    spans = sorted(extract_urls(text) + hashtag_spans(text) + mention_spans(text))
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


# --- X (twitter-text v3) -------------------------------------------------------


@dataclass(frozen=True)
class XParse:
    """twitter-text's ``parseTweet`` result.

    The ranges are in UTF-16 code units and inclusive, exactly as twitter-text
    reports them, so they can be compared with its conformance data.
    """

    weighted_length: int
    valid: bool
    permillage: int
    display_range_start: int
    display_range_end: int
    valid_range_start: int
    valid_range_end: int


def _utf16_len(text: str) -> int:
    return sum(2 if ord(c) > 0xFFFF else 1 for c in text)


def _utf16_units(text: str) -> str:
    """``text`` with each UTF-16 code unit as one character (astral ones as surrogates).

    twitter-text and twemoji-parser index and match UTF-16 units; this lets their
    JavaScript patterns run unchanged here.
    """
    if text.isascii() or max(text) <= "\uffff":
        return text
    raw = text.encode("utf-16-le", "surrogatepass")
    return "".join(map(chr, memoryview(raw).cast("H")))


@cache
def _twemoji_pattern() -> re.Pattern[str]:
    """twemoji-parser 11.0.2's pattern, the one twitter-text 3.1.0 finds emoji with."""
    raw = resources.files("journal").joinpath("data/twemoji_parser.toml").read_bytes()
    return re.compile(tomllib.loads(raw.decode("utf-8"))["pattern"])


def _unit_offsets(text: str) -> list[int]:
    """The UTF-16 offset of each str index of ``text`` (and of its end)."""
    offsets = [0]
    for c in text:
        offsets.append(offsets[-1] + (2 if ord(c) > 0xFFFF else 1))
    return offsets


def parse_x(text: str, config: XConfig | None = None) -> XParse:
    """Weigh ``text`` as twitter-text 3.1.0's ``parseTweet`` does (js/src/parseTweet.js).

    Unit by UTF-16 unit of the NFC text: a URL weighs ``transformedURLLength``, an
    emoji that twemoji-parser 11.0.2 knows weighs ``defaultWeight`` (newer emoji are
    weighed by their parts, as the library does), anything else by its range. The
    text is invalid once a unit ends on U+FEFF, U+FFFE or U+FFFF (hasInvalidCharacters).
    """
    cfg = config or x_config()
    normalized = unicodedata.normalize("NFC", text)
    units = _utf16_units(normalized)
    offsets = _unit_offsets(normalized) if len(units) != len(normalized) else None

    def unit(i: int) -> int:
        return offsets[i] if offsets else i

    urls = {unit(s): unit(e) for s, e in extract_urls(normalized)}
    emojis: dict[int, int] = {}
    if cfg.emoji_parsing_enabled:
        for m in _twemoji_pattern().finditer(units):
            emojis[m.start()] = m.end()  # later matches win a start, as in the JS map
    max_units = cfg.max_weighted_tweet_length * cfg.scale
    weighted = 0
    valid = True
    valid_end = 0
    i = 0
    while i < len(units):
        if i in urls:
            end = urls[i]
            weighted += cfg.transformed_url_length * cfg.scale
        elif i in emojis:
            end = emojis[i]
            weighted += cfg.default_weight
        else:
            high = "\ud800" <= units[i] <= "\udbff"
            end = i + 2 if high and "\udc00" <= units[i + 1 : i + 2] <= "\udfff" else i + 1
            weighted += cfg.weight(ord(units[end - 1]))
        valid = valid and units[end - 1] not in _INVALID_CHARS
        if valid and weighted <= max_units:
            valid_end = end - 1
        i = max(end, i + 1)
    original_len = _utf16_len(text)
    return XParse(
        weighted_length=-(-weighted // cfg.scale),
        valid=valid and 0 < weighted <= max_units,
        permillage=weighted * 1000 // max_units,
        display_range_start=0,
        display_range_end=max(original_len - 1, 0),
        valid_range_start=0,
        valid_range_end=valid_end + original_len - len(units),
    )


# --- other counters ------------------------------------------------------------

_GRAPHEME = regex.compile(r"\X")
_MASTODON_URL_LENGTH = 23


def grapheme_count(text: str) -> int:
    return sum(1 for _ in _GRAPHEME.finditer(text))


def grapheme_boundaries(text: str) -> list[int]:
    """Every offset between two grapheme clusters, plus both ends."""
    return [0, *(m.end() for m in _GRAPHEME.finditer(text))]


def utf16_count(text: str) -> int:
    return _utf16_len(text)


def x_count(text: str) -> int:
    return parse_x(text).weighted_length


# Mastodon's server check, from mastodon/mastodon's own source (4.3 and later):
# app/validators/status_length_validator.rb, app/lib/extractor.rb and
# app/models/account.rb (Account::USERNAME_RE, Account::MENTION_RE), with the
# twitter-text gem 3.1 regex its Gemfile pins (end_mention_match). Onigmo's
# [[:word:]] is Letter | Mark | Decimal_Number | Connector_Punctuation.
_RUBY_WORD = r"\p{L}\p{M}\p{Nd}\p{Pc}"
# MENTION_RE = %r{(?<![=/[:word:]])@((#{USERNAME_RE})(?:@[[:word:]]+([.-]+[[:word:]]+)*)?)}
# USERNAME_RE = /[a-z0-9_]+([.-]+[a-z0-9_]+)*/i
_MASTODON_MENTION = regex.compile(
    rf"(?<![=/{_RUBY_WORD}])@(?P<name>(?i:[a-z0-9_]+(?:[.\-]+[a-z0-9_]+)*)"
    rf"(?:@(?P<domain>[{_RUBY_WORD}]+(?:[.\-]+[{_RUBY_WORD}]+)*))?)",
    regex.VERSION0,
)
# twitter-text rb/lib/twitter-text/regex.rb: a mention followed by an at sign, a
# Latin accent or "://" is no mention.
_MASTODON_END_MENTION = regex.compile(rf"[@\uff20]|[{_LATIN_ACCENTS}]|://")
_MASTODON_MAX_DOMAIN = 253  # Extractor::MAX_DOMAIN_LENGTH
_RUBY_BLANK = regex.compile(r"\p{White_Space}*")


def mastodon_mentions(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, username)`` of each mention as Mastodon's Extractor finds them."""
    found = []
    for m in _MASTODON_MENTION.finditer(text):
        if _MASTODON_END_MENTION.match(text, m.end()):
            continue
        if m["domain"] and len(m["domain"]) > _MASTODON_MAX_DOMAIN:
            continue
        found.append((m.start(), m.end(), m["name"].split("@")[0]))
    return found


def mastodon_countable(text: str) -> str:
    """The text Mastodon measures: each URL as 23 x's, ``@user@domain`` as ``@user``.

    As StatusLengthValidator#countable_text: a blank text counts nothing; URLs need a
    protocol; overlapping entities keep the first (remove_overlapping_entities).
    """
    if _RUBY_BLANK.fullmatch(text):
        return ""
    entities: list[tuple[int, int, str | None]] = [
        (s, e, None) for s, e in extract_urls(text, without_protocol=False)
    ]
    entities += mastodon_mentions(text)
    entities.sort(key=lambda entity: entity[0])
    pieces: list[str] = []
    pos = 0
    for start, end, user in entities:
        if start < pos:
            continue
        pieces.append(text[pos:start])
        pieces.append("x" * _MASTODON_URL_LENGTH if user is None else "@" + user)
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def threads_count(text: str) -> int:
    """Threads' count, as Meta documents it for the Threads API.

    Meta for Developers, "Threads Posts" (developers.facebook.com/documentation/
    threads/posts, updated 2026-04-14), Limitations: "Text posts are limited to 500
    characters. Emojis are counted as the number of UTF-8 bytes." So each emoji
    (a sequence whole: 👨‍👩‍👧‍👦 is 25) counts its UTF-8 bytes; every other character
    counts its UTF-16 units, never fewer than any other reading of "characters".
    """
    total, pos = 0, 0
    for found in emoji.emoji_list(text):
        start, end = found["match_start"], found["match_end"]
        total += _utf16_len(text[pos:start]) + len(text[start:end].encode("utf-8"))
        pos = end
    return total + _utf16_len(text[pos:])


def x_refuses(text: str) -> str | None:
    """Why X refuses ``text`` whatever its length, or None.

    twitter-text 3.1.0 (js/src/parseTweet.js, hasInvalidCharacters) marks a post
    invalid when it holds U+FEFF, U+FFFE or U+FFFF.
    """
    found = sorted({f"U+{ord(c):04X}" for c in text if c in _INVALID_CHARS})
    if not found:
        return None
    return f"X refuses posts holding the invisible character {', '.join(found)}: delete it"


def mastodon_count(text: str) -> int:
    return grapheme_count(mastodon_countable(text))


# Facebook shows a "See more" fold on long posts. Meta documents no rule; the
# widely observed behaviour (web and app, 2024) is a fold after about 477
# characters or after the fifth line, whichever comes first, at a word break.
_FACEBOOK_FOLD_CHARS = 477
_FACEBOOK_FOLD_LINES = 5


def facebook_fold(text: str) -> int | None:
    """Offset (str index) of the first character hidden behind "See more", or None."""
    folds: list[int] = []
    newline = -1
    for _ in range(_FACEBOOK_FOLD_LINES):
        newline = text.find("\n", newline + 1)
        if newline == -1:
            break
    else:
        if text[newline:].strip():
            folds.append(newline)
    if utf16_count(text) > _FACEBOOK_FOLD_CHARS:
        cut = _utf16_index(text, _FACEBOOK_FOLD_CHARS)
        space = max(text.rfind(" ", 0, cut + 1), text.rfind("\n", 0, cut + 1))
        folds.append(space if space > 0 else cut)
    return min(folds) if folds else None


def _utf16_index(text: str, units: int) -> int:
    """The str index at which ``units`` UTF-16 code units have been passed."""
    seen = 0
    for i, c in enumerate(text):
        seen += 2 if ord(c) > 0xFFFF else 1
        if seen > units:
            return i
    return len(text)


# --- platforms -------------------------------------------------------------------


@dataclass(frozen=True)
class Platform:
    name: str
    #: The most a single post may count; None for no limit.
    limit: int | None
    #: The platform's own way of counting a post.
    counter: Callable[[str], int]
    label: str = ""
    #: Where a long post folds behind "See more", if the platform folds.
    fold: Callable[[str], int | None] | None = None
    #: Why the platform refuses a text whatever its length (None: it does not).
    refuses: Callable[[str], str | None] | None = None

    def with_limit(self, limit: int) -> Platform:
        """The same platform with another limit (a Mastodon instance's, say)."""
        if limit < 1:
            raise UsageError("a limit must be a positive number")
        return replace(self, limit=limit)


PLATFORMS: dict[str, Platform] = {
    p.name: p
    for p in (
        Platform("x", 280, x_count, "X", refuses=x_refuses),
        Platform("bluesky", 300, grapheme_count, "Bluesky"),
        Platform("mastodon", 500, mastodon_count, "Mastodon"),
        Platform("threads", 500, threads_count, "Threads"),
        Platform("linkedin", 3000, utf16_count, "LinkedIn"),
        Platform("facebook", 63206, utf16_count, "Facebook", facebook_fold),
        Platform("plain", None, grapheme_count, "Plain text"),
    )
}
_ALIASES = {"twitter": "x"}


def get_platform(name: str, limit: int | None = None) -> Platform:
    """The named platform, optionally with its limit overridden."""
    key = _ALIASES.get(name.strip().lower(), name.strip().lower())
    if key not in PLATFORMS:
        raise UsageError("unknown platform; choose one of: " + ", ".join(PLATFORMS))
    platform = PLATFORMS[key]
    return platform.with_limit(limit) if limit is not None else platform


def count(text: str, platform: Platform | str) -> int:
    """How long ``text`` is by the platform's own rule."""
    p = get_platform(platform) if isinstance(platform, str) else platform
    return p.counter(text)
