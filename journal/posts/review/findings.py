"""What a review finds: the Finding record, its checks, and small text helpers.

All offsets are Python str indices into the text as given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Check = Literal["identifying", "responsibility", "care"]
IDENTIFYING: Check = "identifying"
RESPONSIBILITY: Check = "responsibility"
CARE: Check = "care"
#: The care category for words of despair and self-harm.
SELF_HARM = "self-harm"
SHAME = "shame"


@dataclass(frozen=True)
class Finding:
    check: Check
    category: str
    #: Offsets of ``text`` in the reviewed string (Python str indices).
    start: int
    end: int
    text: str
    #: What the finding means, in plain words.
    message: str
    #: A neutral stand-in or a suggested rewrite for ``text`` (empty: delete it).
    #: Care findings never carry one: they are not a matter of wording.
    suggestion: str
    #: A responsibility finding on a step that asked him to name his excuses:
    #: shown as seen, with nothing to change.
    acknowledged: bool = False

    @property
    def fixable(self) -> bool:
        """Whether a fix replaces text (care and acknowledged findings have none)."""
        return self.check != CARE and not self.acknowledged

    def as_dict(self) -> dict[str, str | int | bool]:
        extra: dict[str, str | int | bool] = {"acknowledged": True} if self.acknowledged else {}
        return {
            "check": self.check,
            "category": self.category,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "suggestion": self.suggestion,
            **extra,
        }


@dataclass(frozen=True)
class Candidate:
    """A detector's hit before it becomes a Finding."""

    category: str
    start: int
    end: int
    suggestion: str
    #: For people: who this is, so repeated mentions share one stand-in.
    person: str = ""


SENTENCE_PUNCT = ".!?…"


def fold(text: str) -> str:
    """Same-length copy with curly apostrophes made straight, for matching."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


def at_sentence_start(text: str, pos: int) -> bool:
    i = pos
    while i > 0 and text[i - 1] in " \t\"'“‘(*[-–—":
        i -= 1
    return i == 0 or text[i - 1] in SENTENCE_PUNCT + "\n:"


def fit_case(text: str, start: int, suggestion: str) -> str:
    """Capitalise a stand-in that opens a sentence."""
    if suggestion[:1].islower() and at_sentence_start(text, start):
        return suggestion[0].upper() + suggestion[1:]
    return suggestion


def overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)
