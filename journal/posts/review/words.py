"""Which words are ordinary words of a language, and which are known given names.

Word frequencies come from wordfreq's small lists (shipped in its wheel; loaded
on the first review, never at start-up). A capitalised word that is not an
ordinary word of the sentence's language is a possible name or place.
"""

from __future__ import annotations

import functools
import math
import tomllib
import unicodedata
from functools import cache
from importlib import resources


@cache
def _frequencies(lang: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    try:
        return dict(get_frequency_dict(lang, wordlist="small"))
    except LookupError:
        return {}


@functools.lru_cache(maxsize=65536)
def zipf(word: str, lang: str = "en") -> float:
    """How common ``word`` is in ``lang``, on the Zipf scale (0 unknown, 7 "the")."""
    freq = _frequencies(lang).get(word.lower().replace("’", "'"), 0.0)
    return math.log10(freq) + 9 if freq > 0 else 0.0


#: Languages whose frequencies tell a name (as common everywhere) from a word, and
#: an English sentence from one in a language close to it.
NEIGHBOURS = ("es", "de", "fr", "pt", "it", "nl")


@functools.lru_cache(maxsize=65536)
def english_word(word: str) -> bool:
    """Whether ``word`` is an ordinary English word rather than a name.

    Names are about as common in every language's text ("sarah": 4.5 in English,
    4.1 in Spanish); an English word is far more common in English than in the
    others on average ("wasted": 4.2 against 1.9; "later" is Dutch too).
    """
    en = zipf(word)
    if en < 3.0:
        return False
    other = sum(zipf(word, lang) for lang in NEIGHBOURS) / len(NEIGHBOURS)
    return en - other >= 1.2 or en >= 5.8


def plain(word: str) -> str:
    """``word`` without accents, case-folded: "Lucía" and "lucia" are one name."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@cache
def _names() -> tuple[frozenset[str], frozenset[str]]:
    raw = resources.files("journal").joinpath("data/given_names.toml").read_bytes()
    data = tomllib.loads(raw.decode("utf-8"))
    return (
        frozenset(plain(n) for n in data["names"]),
        frozenset(plain(n) for n in data["also_words"]),
    )


def given_name(word: str) -> bool:
    return plain(word) in _names()[0]


def also_word(word: str) -> bool:
    """A given name that is also an ordinary word (Will, Grace, Mark)."""
    return plain(word) in _names()[1]
