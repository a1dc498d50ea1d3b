"""Which language each sentence of a text is in, so the review reads only what it can.

The checks cover English. A sentence in another language is named, not guessed
at: its capitalised words are ordinary words of that language (German nouns,
Spanish "Ella"), not names. Language-independent details (links, emails,
handles, phone numbers) are still found everywhere.

py3langid (langid.py's own model, shipped in its wheel, no network code) names
the language; word frequencies from wordfreq settle short sentences, where a
detector alone often guesses a neighbour ("Oluwaseun told me later" is English
with a Yoruba name in it, not Acehnese).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import regex

from journal.posts.review import words

if TYPE_CHECKING:
    from collections.abc import Iterator

COVERED = frozenset({"en"})

#: Languages py3langid may answer with: those wordfreq knows too, so a guess can
#: be checked against real word frequencies.
_CANDIDATES = [
    "ar",
    "bn",
    "bg",
    "ca",
    "cs",
    "da",
    "de",
    "el",
    "en",
    "es",
    "fa",
    "fi",
    "fr",
    "he",
    "hi",
    "hu",
    "id",
    "is",
    "it",
    "ja",
    "ko",
    "lt",
    "lv",
    "mk",
    "ms",
    "nl",
    "no",
    "pl",
    "pt",
    "ro",
    "ru",
    "sk",
    "sl",
    "sv",
    "ta",
    "tr",
    "uk",
    "ur",
    "vi",
    "zh",
]

NAMES = {
    "ar": "Arabic", "bn": "Bengali", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech",
    "da": "Danish", "de": "German", "el": "Greek", "en": "English", "es": "Spanish",
    "fa": "Persian", "fi": "Finnish", "fr": "French", "he": "Hebrew", "hi": "Hindi",
    "hu": "Hungarian", "id": "Indonesian", "is": "Icelandic", "it": "Italian",
    "ja": "Japanese", "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian",
    "mk": "Macedonian", "ms": "Malay", "no": "Norwegian", "nl": "Dutch", "pl": "Polish",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "sv": "Swedish", "ta": "Tamil", "tr": "Turkish", "uk": "Ukrainian",
    "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese",
}  # fmt: skip

_SENTENCE = regex.compile(r"[^.!?…\n]*(?:[.!?…]+|\n|$)")
_WORD = regex.compile(r"[\p{L}\p{M}']+")
_LATIN = regex.compile(r"\p{Latin}")
_LETTER = regex.compile(r"\p{L}")


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    language: str

    @property
    def covered(self) -> bool:
        return self.language in COVERED


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(_CANDIDATES)
    return identifier


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    for m in _SENTENCE.finditer(text):
        if m.end() > m.start():
            yield m.start(), m.end()


def _mean_zipf(tokens: list[str], lang: str) -> float:
    return sum(words.zipf(t, lang) for t in tokens) / len(tokens)


def _plainly_english(tokens: list[str]) -> bool:
    """Nearly every word common in English, and the words commoner in English than
    in any language close to it. Most sentences of an English entry are settled
    here, and the language model loads only for the rest.
    """
    if len(tokens) < 3:
        return False
    common = sum(words.zipf(t) >= 3.0 for t in tokens)
    if common < 0.7 * len(tokens):
        return False
    # The same margin a guess of the model has to clear (see identify).
    english = _mean_zipf(tokens, "en")
    return all(english + 0.5 >= _mean_zipf(tokens, lang) for lang in words.NEIGHBOURS)


def identify(sentence: str) -> str | None:
    """The language of one sentence, or None when it is too short to tell."""
    letters = len(_LETTER.findall(sentence))
    if letters < 8:
        return None
    # Capitalised words are names as often as words: leave them out of the vote.
    tokens = [w.lower() for w in _WORD.findall(sentence) if not w[:1].isupper()]
    latin = len(_LATIN.findall(sentence)) >= letters / 2
    if latin and len(tokens) < 3:
        return None
    if latin and _plainly_english(tokens):
        return "en"
    guess: str = _identifier().classify(sentence)[0]
    if guess == "en" or not latin:
        return guess
    # A Latin-script guess stands only if its words are more common in that
    # language than in English.
    if _mean_zipf(tokens, guess) > _mean_zipf(tokens, "en") + 0.5:
        return guess
    return "en"


def _closer(sentence: str, previous: str) -> str:
    """For a short sentence: English or the language before it, by its words."""
    tokens = [w.lower() for w in _WORD.findall(sentence) if not w[:1].isupper()]
    if previous == "en" or not tokens or not _LATIN.search(sentence):
        return previous
    return "en" if _mean_zipf(tokens, "en") > _mean_zipf(tokens, previous) else previous


def segments(text: str) -> list[Segment]:
    """The text cut into sentences, each with its language.

    A sentence too short to tell takes the language of the one before it
    (English at the start).
    """
    result: list[Segment] = []
    previous = "en"
    for start, end in _sentences(text):
        sentence = text[start:end]
        lang = identify(sentence) or _closer(sentence, previous)
        previous = lang
        if result and result[-1].language == lang:
            result[-1] = Segment(result[-1].start, end, lang)
        else:
            result.append(Segment(start, end, lang))
    return result


def covered_spans(parts: list[Segment]) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in parts if s.covered]
