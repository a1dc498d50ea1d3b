"""Passphrase strength, judged by zxcvbn (Dropbox's estimator), not by rules."""

from __future__ import annotations

from dataclasses import dataclass

#: zxcvbn scores 0-4; 0 and 1 fall to an offline attack in seconds to hours.
MIN_SCORE = 2


@dataclass(frozen=True)
class Verdict:
    score: int
    warning: str
    suggestions: tuple[str, ...]
    crack_time: str

    @property
    def acceptable(self) -> bool:
        return self.score >= MIN_SCORE

    def summary(self) -> str:
        parts = [self.warning] if self.warning else []
        parts += list(self.suggestions)
        return " ".join(parts) or "add more words"


def check_passphrase(passphrase: str) -> Verdict:
    from zxcvbn import zxcvbn

    # zxcvbn refuses more than 72 characters; its verdict has long settled by then.
    result = zxcvbn(passphrase[:72])
    feedback = result.get("feedback", {})
    return Verdict(
        score=int(result["score"]),
        warning=str(feedback.get("warning") or ""),
        suggestions=tuple(str(s) for s in feedback.get("suggestions", [])),
        crack_time=str(result["crack_times_display"]["offline_slow_hashing_1e4_per_second"]),
    )
