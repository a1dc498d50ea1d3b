"""A seeded generator of strings that are hard to count, for the differential tests.

Every string is built from fragments: words in many scripts (RTL among them), emoji of
every Emoji version (ZWJ sequences, skin tones, flags, keycaps, tag sequences), URLs of
many shapes (with and without protocol, bare domains on every kind of TLD, IDN, ports,
paths, queries, punctuation around them), mentions in the shapes Mastodon and X read
differently, hashtags, invisible and directional characters, and random code points from
the whole Unicode range (so marks added in new Unicode versions come up too).
The same seed gives the same strings on every machine: the golden file depends on it.
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path

import emoji

SEED = 20261202
SIZE = 5000
#: The emoji package's data picks the emoji: another release gives other strings.
CORPUS_EMOJI = emoji.__version__

_ROOT = Path(__file__).resolve().parents[2]

WORDS = {
    "latin": ["hello", "world", "Apology", "sorry", "café", "naïve", "Zürich", "straße", "e\u0301"],
    "cyrillic": ["привет", "мир", "ёжик"],
    "greek": ["γειά", "κόσμε", "ΑΒΓ"],
    "arabic": ["مرحبا", "بالعالم", "سلام", "\u0627\u0644\u0652\u0639\u064e\u0631\u064e\u0628"],
    "hebrew": ["שלום", "עולם", "\u05e9\u05b8\u05c1\u05dc\u05d5\u05b9\u05dd"],
    "devanagari": ["नमस्ते", "क्षत्रिय", "हिन्दी", "\u094d\u0924", "क्\u200dष"],
    "bengali": ["বাংলা", "ক্ষ"],
    "tamil": ["தமிழ்", "ஸ்ரீ"],
    "thai": ["สวัสดี", "น้ำ"],
    "khmer": ["សួស្តី", "ក្ម"],
    "myanmar": ["မင်္ဂလာပါ"],
    "tibetan": ["བོད་ཡིག"],
    "cjk": ["日本語", "中文", "你好", "故人"],
    "kana": ["ひらがな", "カタカナ", "ｶﾀｶﾅ", "ガ"],
    "hangul": ["한국어", "\u1100\u1161\u11a8", "\u1112\u1161\u11ab"],
    "ethiopic": ["ሰላም"],
    "mongolian": ["ᠮᠣᠩᠭᠣᠯ\u180e"],
    "fullwidth": ["ＡＢＣ", "１２３"],
    "math": ["𝐀𝐁𝐂", "𝔘𝔫𝔦"],
    "zalgo": ["z\u0351\u0352\u0353a\u0354\u0355l\u0356g\u0357o"],
}

INVISIBLES = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\u00ad",
    "\u2028",
    "\u2029",
    "\u180e",
    "\ufe0f",
    "\ufe0e",
    "\U000e0041",
    "\U000e007f",
    "\u034f",
]
DIRECTIONAL = [
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u061c",
]
SPACES = [" ", " ", " ", "\n", "\t", "\u00a0", "\u3000", "\u2009", "\u202f", "\r\n", "\u0085"]
PUNCT = [
    ".",
    ",",
    "!",
    "?",
    ":",
    ";",
    "(",
    ")",
    "[",
    "]",
    "'",
    '"',
    "-",
    "_",
    "/",
    "=",
    "…",
    "—",
    "«",
    "»",
    "“",
    "”",
    "、",
    "。",
    "&",
    "*",
    "~",
    "|",
    "$",
    "%",
]
BARE_DOMAINS = [
    "x.ai",
    "r.de",
    "youtu.be",
    "notion.so",
    "it.so",
    "foo.jp",
    "t.co",
    "bit.ly",
    "example.com",
    "www.example.org",
    "a.co",
    "b.tv",
    "github.io",
    "goo.gl",
    "xn--bcher-kva.de",
    "bücher.de",
    "日本語.jp",
    "例え.テスト",
    "twitter.jp日本語it.so",
    "sub.domain.example.co.uk",
    "localhost",
    "e.g",
    "i.e",
    "foo.bar",
    "abc.xyz",
]
USERNAMES = ["bob", "alice_1", "a.b", "a-b", "x", "user.name", "_x_", "b0b", "a" * 20, "é"]
HOSTS = [
    "example.com",
    "mastodon.social",
    "localhost",
    "ex-ample.org",
    "a.b.c",
    "x.ai",
    "例え.jp",
    "bücher.de",
    "ex_ample.com",
    "host.",
    ".host",
]
MENTION_BEFORE = ["", " ", "=", "/", "a", "_", "❤️", "(", "，", ".", "-", "@", "＠", "#", "é"]
MENTION_AFTER = ["", " ", "@", "＠", "é", "://", ".", ",", "!", "a", "_", "/", ":", "-"]


@cache
def _tlds() -> tuple[list[str], list[str]]:
    raw = (_ROOT / "journal" / "data" / "twitter_text.toml").read_bytes()
    tlds = tomllib.loads(raw.decode("utf-8"))["tlds"]
    return list(tlds["generic"]), list(tlds["country"])


@cache
def _emoji_by_version() -> dict[int, list[str]]:
    eras: dict[int, list[str]] = {}
    for text, data in sorted(emoji.EMOJI_DATA.items()):
        eras.setdefault(int(data["E"]), []).append(text)
    return eras


def _word(rng: random.Random) -> str:
    return rng.choice(rng.choice(list(WORDS.values())))


def _emoji(rng: random.Random) -> str:
    eras = _emoji_by_version()
    seq = rng.choice(eras[rng.choice(sorted(eras))])
    roll = rng.random()
    if roll < 0.1:  # strip or add a variation selector, as keyboards do
        return seq.replace("\ufe0f", "") if "\ufe0f" in seq else seq + "\ufe0f"
    if roll < 0.15:  # a skin tone on anything
        return seq + chr(rng.randint(0x1F3FB, 0x1F3FF))
    if roll < 0.2:  # a made-up ZWJ sequence
        return seq + "\u200d" + _emoji(rng)
    if roll < 0.23:  # regional indicators, paired or not
        return "".join(chr(rng.randint(0x1F1E6, 0x1F1FF)) for _ in range(rng.randint(1, 3)))
    if roll < 0.25:
        return rng.choice("#*0123456789") + rng.choice(["\ufe0f\u20e3", "\u20e3"])
    return seq


def _domain(rng: random.Random) -> str:
    generic, country = _tlds()
    roll = rng.random()
    if roll < 0.3:
        return rng.choice(BARE_DOMAINS)
    label = rng.choice(
        [
            "a",
            "ab",
            "x",
            "my-site",
            "exa_mple",
            "日本",
            "bücher",
            "xn--p1ai",
            "a" * rng.randint(1, 70),
            "123",
            "-bad",
            "ok-",
        ]
    )
    labels = [label] + [rng.choice(["www", "m", "sub", "a-b"]) for _ in range(rng.randint(0, 2))]
    rng.shuffle(labels)
    tld = rng.choice(generic if rng.random() < 0.5 else country)
    if rng.random() < 0.05:
        tld = rng.choice(["notatld", "comm", "c", "co1", tld.upper()])
    return ".".join([*labels, tld])


def _url(rng: random.Random) -> str:
    scheme = rng.choice(
        ["", "", "http://", "https://", "HTTPS://", "ftp://", "https//", "http:/", "www."]
    )
    url = scheme + _domain(rng)
    if rng.random() < 0.15:
        url += ":" + str(rng.randint(0, 99999))
    if rng.random() < 0.5:
        url += "/" + "/".join(
            rng.choice(
                [
                    "path",
                    "a_b",
                    "wiki/Foo_(bar)",
                    "%20x",
                    "ü",
                    "~u",
                    "a-",
                    "@user",
                    "#frag",
                    "x.html",
                    "",
                    "(",
                    ")",
                ]
            )
            for _ in range(rng.randint(1, 3))
        )
    if rng.random() < 0.3:
        url += "?" + rng.choice(["a=1", "a=1&b=2", "q=hello+world", "x", "=", "a=1.", "!"])
    if rng.random() < 0.05:
        url = "https://t.co/" + "".join(rng.choice("abcXYZ019") for _ in range(rng.randint(1, 45)))
    return url


def _mention(rng: random.Random) -> str:
    at = rng.choice(["@", "@", "@", "＠"])
    core = at + rng.choice(USERNAMES)
    if rng.random() < 0.6:
        core += "@" + rng.choice(HOSTS)
    return rng.choice(MENTION_BEFORE) + core + rng.choice(MENTION_AFTER)


def _hashtag(rng: random.Random) -> str:
    return rng.choice(["#", "＃"]) + rng.choice(
        ["HimThough", "IDidThat", "123", "日本", "a_b", _word(rng), "https", "tag"]
    )


def _code_point(rng: random.Random) -> str:
    while True:
        cp = rng.choice(
            [
                rng.randint(0x20, 0x2FFF),
                rng.randint(0x0900, 0x0DFF),
                rng.randint(0xA000, 0xFFFF),
                rng.randint(0x10000, 0x1FBFF),
                rng.randint(0x0300, 0x036F),
                rng.randint(0x1AB0, 0x1AFF),
                rng.randint(0x20000, 0x3134F),
                rng.randint(0xE0000, 0xE01EF),
            ]
        )
        if not 0xD800 <= cp <= 0xDFFF:
            return chr(cp)


FRAGMENTS: list[tuple[float, Callable[[random.Random], str]]] = [
    (4, _word),
    (3, _emoji),
    (3, _url),
    (2, _mention),
    (1, _hashtag),
    (1, _code_point),
    (1, lambda rng: rng.choice(INVISIBLES)),
    (1, lambda rng: rng.choice(DIRECTIONAL)),
    (1, lambda rng: rng.choice(PUNCT)),
]


def _fragment(rng: random.Random) -> str:
    weights = [w for w, _ in FRAGMENTS]
    return rng.choices([f for _, f in FRAGMENTS], weights)[0](rng)


def _string(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.03:  # near X's limit, with a URL or an emoji at the edge
        return "a" * rng.randint(250, 285) + " " + _fragment(rng)
    if roll < 0.05:
        return _emoji(rng) * rng.randint(1, 200)
    parts = []
    for _ in range(rng.randint(1, 8)):
        parts.append(_fragment(rng))
        parts.append(rng.choice(SPACES) if rng.random() < 0.7 else rng.choice(["", *PUNCT]))
    return "".join(parts).strip(" ") or "a"


def corpus(seed: int = SEED, size: int = SIZE) -> list[str]:
    """``size`` strings, the same ones for the same seed."""
    rng = random.Random(seed)
    return [_string(rng) for _ in range(size)]
