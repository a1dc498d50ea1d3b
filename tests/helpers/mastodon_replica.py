"""A replica of Mastodon's server-side length check, written from Mastodon's own source.

Mastodon has no npm package; this follows, line by line:

- ``app/validators/status_length_validator.rb`` (mastodon/mastodon, 4.3 and later):
  ``countable_text`` returns '' for a blank text; otherwise the URLs *with* a protocol
  (``extract_urls_with_indices(str, extract_url_without_protocol: false)``) and the
  mentions are extracted, overlaps removed (``remove_overlapping_entities``), each URL
  rewritten as 23 x's and each mention as ``@`` + its part before the second ``@``; the
  length is ``str.each_grapheme_cluster.size``.
- ``app/lib/extractor.rb`` ``extract_mentions_or_lists_with_indices``: ``text.scan``
  with ``Account::MENTION_RE``; a match is dropped when the text after it matches
  twitter-text's ``end_mention_match`` or when its domain is over 253 characters.
- ``app/models/account.rb`` (4.4 source, ``Account::FaspConcern`` era):
  ``USERNAME_RE = /[a-z0-9_]+([.-]+[a-z0-9_]+)*/i`` and
  ``MENTION_RE = %r{(?<![=/[:word:]])@((#{USERNAME_RE})(?:@[[:word:]]+([.-]+[[:word:]]+)*)?)}``.
- twitter-text gem 3.1 (``rb/lib/twitter-text/regex.rb``, which Mastodon's Gemfile pins):
  ``end_mention_match = /\\A(?:#{at_signs}|#{latin_accents}|:\\/\\/)/``, ``at_signs = /[@＠]/``.

Onigmo's ``[[:word:]]`` is Letter | Mark | Decimal_Number | Connector_Punctuation and
``[[:space:]]`` is White_Space. The URL spans come from the reference side (twitter-text's
own ``extractUrlsWithIndices`` in Node, or the golden file), never from amends.
"""

from __future__ import annotations

import regex

_WORD = r"\p{L}\p{M}\p{Nd}\p{Pc}"
_USERNAME = r"(?i:[a-z0-9_]+(?:[.\-]+[a-z0-9_]+)*)"
MENTION_RE = regex.compile(
    rf"(?<![=/{_WORD}])@((?P<username>{_USERNAME})(?:@[{_WORD}]+(?:[.\-]+[{_WORD}]+)*)?)",
    regex.VERSION0,
)
_LATIN_ACCENTS = (
    "\xc0-\xd6\xd8-\xf6\xf8-\xff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259\u025b"
    "\u0263\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff"
)
END_MENTION_MATCH = regex.compile(rf"(?:[@＠]|[{_LATIN_ACCENTS}]+|://)")
_BLANK = regex.compile(r"[\p{White_Space}]*")
_GRAPHEME = regex.compile(r"\X")
MAX_DOMAIN_LENGTH = 253
URL_PLACEHOLDER = "x" * 23


def mentions(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, screen_name)`` as Mastodon's extractor finds them."""
    if "@" not in text and "＠" not in text:
        return []
    found = []
    for m in MENTION_RE.finditer(text):
        if END_MENTION_MATCH.match(text, m.end()):
            continue
        screen_name = m.group(1)
        _, _, domain = screen_name.partition("@")
        if domain and len(domain) > MAX_DOMAIN_LENGTH:
            continue
        found.append((m.start(1) - 1, m.end(1), screen_name))
    return found


def countable_text(text: str, url_spans: list[tuple[int, int]]) -> str:
    if _BLANK.fullmatch(text):
        return ""
    entities = sorted(
        [(s, e, None) for s, e in url_spans] + mentions(text), key=lambda entity: entity[0]
    )
    kept: list[tuple[int, int, str | None]] = []
    for entity in entities:  # remove_overlapping_entities
        if kept and kept[-1][1] > entity[0]:
            continue
        kept.append(entity)
    out, pos = [], 0
    for start, end, screen_name in kept:
        out.append(text[pos:start])
        out.append(URL_PLACEHOLDER if screen_name is None else "@" + screen_name.split("@")[0])
        pos = end
    out.append(text[pos:])
    return "".join(out)


def status_length(text: str, url_spans: list[tuple[int, int]]) -> int:
    return sum(1 for _ in _GRAPHEME.finditer(countable_text(text, url_spans)))
