"""Counting a post the way each platform counts it.

A platform's limit is checked by its own rule, never by ``len()``:

- X weighs text as twitter-text v3 does: NFC first, code points in the config
  ranges weigh 1 and all others 2, every emoji sequence 2, every URL 23.
- Bluesky counts grapheme clusters; a URL counts in full.
- Mastodon counts grapheme clusters after its own rewrites: a URL (with
  protocol) counts 23 and ``@user@domain`` counts as ``@user``.
- Threads, LinkedIn and Facebook publish a limit but no counting rule; they are
  counted in UTF-16 code units, as a browser text box counts, which never counts
  fewer than the platform could.

URL extraction follows twitter-text's rules (with protocol, and without one for
a known TLD), from its data shipped in ``journal/data/twitter_text.toml``.
"""

from __future__ import annotations

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
    invalid_short_domain: regex.Pattern[str]
    special_short_domain: regex.Pattern[str]
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
    # A lookbehind stands in for twitter-text's consumed "preceding character".
    preceding = rf"(?<=^|[^A-Za-z0-9@\uff20$#\uff03{_INVALID}]|[{_DIRECTIONAL}])"
    extract = (
        rf"{preceding}(?P<url>(?P<protocol>https?://)?(?P<domain>{domain})"
        rf"(?::[0-9]+)?(?P<path>/{path}*)?(?:\?{query_char}*{query_end})?)"
    )
    ascii_domain = rf"(?:(?:[\-a-z0-9{_LATIN_ACCENTS}]+)\.)+(?:{gtld}|{cctld}|{punycode})"
    special_cctld = r"(?:(?:co|tv)(?=[^0-9a-z@]|$))"
    flags = regex.IGNORECASE | regex.VERSION0
    return _UrlRegexes(
        extract=regex.compile(extract, flags),
        tld_dot=regex.compile(rf"\.(?:{gtld}|{cctld}|{punycode})", flags),
        ascii_domain=regex.compile(ascii_domain, flags),
        invalid_short_domain=regex.compile(rf"^{domain_name}{cctld}$", flags),
        special_short_domain=regex.compile(rf"^{domain_name}{special_cctld}$", flags),
        tco=regex.compile(rf"^https?://t\.co/([a-z0-9]+)(?:\?{query_char}*{query_end})?", flags),
    )


def _punycode_ok(domain: str) -> int | None:
    """The domain's length once punycode-encoded, or None if a label is invalid."""
    if domain[:4].lower() == "xn--" and not _url_regexes().ascii_domain.fullmatch(domain):
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
    # twitter-text counts the protocol twice here; kept for fidelity.
    return len(protocol or "https://") + len(url) + encoded - len(domain) <= _MAX_URL_LENGTH


def extract_urls(text: str, *, without_protocol: bool = True) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the URLs in ``text`` (Python str indices).

    ``without_protocol`` also finds bare domains such as ``example.com``, as X
    does; Mastodon links only URLs that have ``http(s)://``.
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
        if not without_protocol or (start > 0 and text[start - 1] in "-_./"):
            continue
        spans.extend(_bare_domains(text, start, end, domain, bool(path)))
    return spans


_SPACE = regex.compile(rf"[{_SPACES}]")
_SPACE_BEFORE = regex.compile(rf"[{_SPACES}]", regex.REVERSE)


def _candidates(text: str) -> Iterator[regex.Match[str]]:
    """What ``finditer`` of the extractor would give, without its quadratic worst case.

    Every URL holds a dot followed by a known TLD, and no space. So only the
    space-free runs that hold such a dot are searched, each on its own: a long
    run of dotted text with no TLD in it ("a.b.c.d…") is never tried position
    by position.
    """
    rx = _url_regexes()
    pos = 0
    while (dot := rx.tld_dot.search(text, pos)) is not None:
        before = _SPACE_BEFORE.search(text, pos, dot.start())
        after = _SPACE.search(text, dot.end())
        run_end = after.start() if after else len(text)
        m = rx.extract.search(text, before.end() if before else pos, run_end)
        if m is None:
            pos = run_end
            continue
        yield m
        pos = m.end()


def _bare_domains(
    text: str, start: int, end: int, domain: str, has_path: bool
) -> Iterator[tuple[int, int]]:
    """ASCII domains inside a protocol-less match; the last one keeps the path."""
    rx = _url_regexes()
    found = list(rx.ascii_domain.finditer(domain))
    for i, d in enumerate(found):
        last = i == len(found) - 1
        if has_path and last:
            yield (start + d.start(), end)
        elif rx.special_short_domain.match(d.group()) or not rx.invalid_short_domain.match(
            d.group()
        ):
            yield (start + d.start(), start + d.end())


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


def _emoji_spans(text: str) -> dict[int, int]:
    spans: dict[int, int] = {}
    for e in emoji.emoji_list(text):
        # twemoji (which twitter-text uses) reads a bare © or ® as text.
        if e["emoji"] in ("©", "®"):
            continue
        spans[e["match_start"]] = e["match_end"]
    return spans


def parse_x(text: str, config: XConfig | None = None) -> XParse:
    """Weigh ``text`` as twitter-text v3's ``parseTweet`` does."""
    cfg = config or x_config()
    normalized = unicodedata.normalize("NFC", text)
    urls = dict(extract_urls(normalized))
    emojis = _emoji_spans(normalized) if cfg.emoji_parsing_enabled else {}
    max_units = cfg.max_weighted_tweet_length * cfg.scale
    weighted = 0
    valid = True
    valid_end = 0
    unit_end = 0  # UTF-16 offset just past the current unit
    i = 0
    while i < len(normalized):
        if i in urls or i in emojis:
            end = urls[i] if i in urls else emojis[i]
            weighted += cfg.transformed_url_length * cfg.scale if i in urls else cfg.default_weight
            unit_end += _utf16_len(normalized[i:end])
        else:
            end, code_point = i + 1, ord(normalized[i])
            weighted += cfg.weight(code_point)
            unit_end += 2 if code_point > 0xFFFF else 1
        valid = valid and normalized[end - 1] not in _INVALID_CHARS
        if valid and weighted <= max_units:
            valid_end = unit_end - 1
        i = end
    original_len = _utf16_len(text)
    return XParse(
        weighted_length=-(-weighted // cfg.scale),
        valid=valid and 0 < weighted <= max_units,
        permillage=weighted * 1000 // max_units,
        display_range_start=0,
        display_range_end=max(original_len - 1, 0),
        valid_range_start=0,
        valid_range_end=valid_end + original_len - _utf16_len(normalized),
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


def mastodon_countable(text: str) -> str:
    """The text Mastodon measures: each URL as 23 x's, ``@user@domain`` as ``@user``."""
    urls = extract_urls(text, without_protocol=False)
    pieces: list[str] = []
    pos = 0
    for s, e in urls:
        pieces.append(_shorten_mentions(text[pos:s]))
        pieces.append("x" * _MASTODON_URL_LENGTH)
        pos = e
    pieces.append(_shorten_mentions(text[pos:]))
    return "".join(pieces)


def _shorten_mentions(text: str) -> str:
    return str(_MENTION.sub(lambda m: text[m.start() : m.start("user")] + m["user"], text))


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

    def with_limit(self, limit: int) -> Platform:
        """The same platform with another limit (a Mastodon instance's, say)."""
        if limit < 1:
            raise UsageError("a limit must be a positive number")
        return replace(self, limit=limit)


PLATFORMS: dict[str, Platform] = {
    p.name: p
    for p in (
        Platform("x", 280, x_count, "X"),
        Platform("bluesky", 300, grapheme_count, "Bluesky"),
        Platform("mastodon", 500, mastodon_count, "Mastodon"),
        Platform("threads", 500, utf16_count, "Threads"),
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
