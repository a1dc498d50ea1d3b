"""Passphrase strength: zxcvbn's guess count, priced for a stolen vault file.

zxcvbn (Dropbox's estimator) says how many guesses a passphrase takes. What
matters for amends is how long those guesses take someone who has copied the
vault file: offline, at the vault's own Argon2id cost, on many GPUs. SECURITY.md
states the attacker model; ``guesses_per_second`` computes it.

The words (very weak ... very strong) come from the offline time, and so does
the floor: a passphrase is accepted when that time is at least ``ACCEPT_TIME``,
where "strong" begins, so what is accepted is always what the meter calls strong
(SECURITY.md says why ten years).
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from functools import cache
from importlib import resources

from journal.crypto import FLOOR, KdfParams

#: The attacker: this many GPUs, each moving this many bytes a second through memory.
ATTACKER_GPUS = 1_000
GPU_BYTES_PER_SECOND = 3e12  # an H100-class card (3.35 TB/s HBM3), rounded down
#: Argon2 computes each 1 KiB block from two others: three block transfers per block.
BLOCK_TRANSFERS = 3
#: How a new passphrase is offered: EFF's long list, 7,776 words (12.9 bits each).
GENERATED_WORDS = 6
_WORDLIST = "eff_large_wordlist.txt"

_MINUTE, _HOUR, _DAY, _YEAR = 60, 3600, 86_400, 365.25 * 86_400
#: Offline time below which each word applies: very weak, weak, fair, strong, very strong.
_LEVELS = ((_DAY, "very weak"), (30 * _DAY, "weak"), (10 * _YEAR, "fair"))
_VERY_STRONG = 10_000 * _YEAR
#: The floor: a stolen copy must hold out this long against the attacker model, the
#: time where "strong" begins (below it: very weak, weak, fair, all refused).
ACCEPT_SECONDS = _LEVELS[-1][0]
ACCEPT_TIME = "10 years"
#: What to do about a refused passphrase (the CLI adds how to get a generated one).
ADVICE = "add two or three more words"


def guesses_per_second(params: KdfParams) -> float:
    """Guesses a second for the attacker model against Argon2id at ``params``.

    Argon2id is memory-hard: every guess fills ``memory_kib`` KiB and passes over
    it ``iterations`` times, and a GPU is limited by memory bandwidth, not by
    arithmetic. Bandwidth divided by the bytes one guess must move is an upper
    bound on each card's rate (favouring the attacker), times the number of cards.
    """
    per_guess = BLOCK_TRANSFERS * params.memory_kib * 1024 * params.iterations
    return ATTACKER_GPUS * GPU_BYTES_PER_SECOND / per_guess


@dataclass(frozen=True)
class Verdict:
    score: int
    warning: str
    suggestions: tuple[str, ...]
    #: Guesses expected to find it (zxcvbn's, or half the space of a generated one).
    guesses: float
    #: Seconds for the attacker model to make that many guesses.
    offline_seconds: float

    @property
    def acceptable(self) -> bool:
        """A stolen copy would hold out at least ``ACCEPT_TIME``: the meter says strong."""
        return self.offline_seconds >= ACCEPT_SECONDS

    @property
    def word(self) -> str:
        """'very weak' ... 'very strong', by the time a stolen copy would hold out."""
        for limit, word in _LEVELS:
            if self.offline_seconds < limit:
                return word
        return "strong" if self.offline_seconds < _VERY_STRONG else "very strong"

    @property
    def level(self) -> int:
        """0-4, as ``word``."""
        words = ("very weak", "weak", "fair", "strong", "very strong")
        return words.index(self.word)

    @property
    def crack_time(self) -> str:
        return duration(self.offline_seconds)

    def refusal(self) -> str:
        """Why it is refused and what to do, in one sentence (no capital, no full stop)."""
        return (
            f"that is too easy to guess: a stolen copy could be opened in {self.crack_time}, "
            f"and amends needs {ACCEPT_TIME} or more; {ADVICE}"
        )


def check_passphrase(passphrase: str, params: KdfParams = FLOOR) -> Verdict:
    """zxcvbn's verdict, with the offline time at ``params`` (the vault's KDF cost;
    before a vault exists, the floor every vault has at least)."""
    from zxcvbn import zxcvbn

    # zxcvbn refuses more than 72 characters; its verdict has long settled by then.
    result = zxcvbn(passphrase[:72])
    feedback = result.get("feedback", {})
    guesses = float(result["guesses"])
    return Verdict(
        score=int(result["score"]),
        warning=str(feedback.get("warning") or ""),
        suggestions=tuple(str(s) for s in feedback.get("suggestions", [])),
        guesses=guesses,
        offline_seconds=guesses / guesses_per_second(params),
    )


@dataclass(frozen=True)
class Generated:
    """A passphrase of words drawn with ``secrets``, and what it is worth."""

    passphrase: str
    bits: float

    def verdict(self, params: KdfParams = FLOOR) -> Verdict:
        # On average the right one is found halfway through every possibility.
        guesses = 2.0 ** (self.bits - 1)
        return Verdict(4, "", (), guesses, guesses / guesses_per_second(params))


@cache
def wordlist() -> tuple[str, ...]:
    """EFF's long word list, shipped with amends (journal/data, with its licence)."""
    text = resources.files("journal").joinpath("data", _WORDLIST).read_text("utf-8")
    return tuple(text.split())


def generate_passphrase(words: int = GENERATED_WORDS) -> Generated:
    """``words`` words from the EFF long list, each chosen uniformly by ``secrets``."""
    choices = wordlist()
    return Generated(
        " ".join(secrets.choice(choices) for _ in range(words)),
        bits=words * math.log2(len(choices)),
    )


def duration(seconds: float) -> str:
    """'less than a minute', '3 hours', '40 years', 'millions of years'."""
    if seconds < _MINUTE:
        return "less than a minute"
    for unit, name in ((_YEAR, "year"), (_DAY, "day"), (_HOUR, "hour"), (_MINUTE, "minute")):
        if seconds >= unit:
            count = seconds / unit
            if name == "year" and count >= 1e6:
                return "millions of years"
            n = round(count)
            return f"{n:,} {name}{'' if n == 1 else 's'}"
    return "less than a minute"  # pragma: no cover - the loop always returns
