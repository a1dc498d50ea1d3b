"""Splitting a post that is over its platform's limit into a numbered thread.

Each part ends at the best break that fits: a paragraph break, else the end of
a sentence, else a space, else (for one word longer than a whole part) a
grapheme boundary. Nothing is ever cut inside a URL, hashtag or mention; one
that is longer than a part on its own is kept whole in a part of its own and
reported. Each part's " i/n" suffix is counted inside its limit by the
platform's own counter, and the text is packed again if n gains a digit.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import regex

from journal.posts.counting import Platform, grapheme_boundaries, protected_spans

_PARAGRAPH = regex.compile(r"\n[^\S\n]*\n")
_SENTENCE_END = regex.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|[。！？]+[」』”’）]*")
_SPACE = regex.compile(r"\s+")

# Ranks of break, best first. Each rank's candidates include those of better ranks.
_PARAGRAPH_RANK, _SENTENCE_RANK, _WORD_RANK, _GRAPHEME_RANK = range(4)
# A paragraph or sentence break is taken only if it fills at least half the part,
# so that one short opening line doesn't become a post of its own.
_MIN_FILL = 0.5
_MAX_DIGITS = 6


#: Between the parts of a thread written to a file or the clipboard.
PART_SEPARATOR = "\n\n---\n\n"


@dataclass(frozen=True)
class Part:
    #: The part as posted, with its numbering when it is one of several.
    text: str
    #: The part without its numbering.
    body: str
    #: ``text`` counted by the platform's own rule.
    length: int


@dataclass(frozen=True)
class Thread:
    platform: Platform
    parts: tuple[Part, ...]
    #: URLs, hashtags or mentions too long for a part even on their own.
    oversized: tuple[str, ...] = ()

    @property
    def fits(self) -> bool:
        limit = self.platform.limit
        short = limit is None or all(p.length <= limit for p in self.parts)
        return short and not self.refusals

    @property
    def refusals(self) -> tuple[str, ...]:
        """Why the platform would refuse a part whatever its length (X: U+FEFF...)."""
        refuses = self.platform.refuses
        if refuses is None:
            return ()
        return tuple(sorted({r for p in self.parts if (r := refuses(p.text))}))

    def as_text(self) -> str:
        """The thread as saved or copied: its numbered parts, a line between them."""
        return PART_SEPARATOR.join(p.text for p in self.parts) + "\n"


def split_thread(text: str, platform: Platform) -> Thread:
    """Split ``text`` into parts that each fit ``platform``'s limit."""
    body = text.strip()
    length = platform.counter(body)
    if platform.limit is None or length <= platform.limit:
        return Thread(platform, (Part(body, body, length),))
    breaks = _breaks(body)
    digits = 1
    while True:
        bodies, oversized = _pack(body, breaks, platform, digits)
        if len(str(len(bodies))) <= digits or digits >= _MAX_DIGITS:
            break
        digits = len(str(len(bodies)))
    bodies = _hashtags_join_text(bodies, platform)
    n = len(bodies)
    parts = []
    for i, b in enumerate(bodies, 1):
        numbered = f"{b} {i}/{n}"
        parts.append(Part(numbered, b, platform.counter(numbered)))
    return Thread(platform, tuple(parts), tuple(oversized))


_ONLY_HASHTAGS = regex.compile(r"(?:[#＃][\p{L}\p{M}\p{N}_]+\s*)+")


def _hashtags_join_text(bodies: list[str], platform: Platform) -> list[str]:
    """A last part of hashtags alone takes the end of the text before it.

    The whole part before joins when it fits; otherwise its last sentence (or
    its last words) moves over to stand with them.
    """
    if len(bodies) < 2 or not _ONLY_HASHTAGS.fullmatch(bodies[-1]):
        return bodies
    assert platform.limit is not None
    limit, n, tags, prev = platform.limit, len(bodies), bodies[-1], bodies[-2]

    def fits(text: str, parts: int) -> bool:
        return platform.counter(f"{text} {parts}/{parts}") <= limit

    if fits(f"{prev}\n\n{tags}", n - 1):
        return [*bodies[:-2], f"{prev}\n\n{tags}"]
    for pattern in (_SENTENCE_END, _SPACE):
        cuts = sorted({m.end() for m in pattern.finditer(prev) if 0 < m.end() < len(prev)})
        for cut in reversed(cuts):  # the last sentence first: part sizes stay even
            head, tail = prev[:cut].strip(), prev[cut:].strip()
            if head and tail and fits(f"{tail}\n\n{tags}", n):
                return [*bodies[:-2], head, f"{tail}\n\n{tags}"]
    return bodies


def _breaks(body: str) -> list[list[int]]:
    """Candidate part ends by rank, each list sorted and cumulative."""
    protected = protected_spans(body)
    starts = [s for s, _ in protected]

    def allowed(pos: int) -> bool:
        # Not strictly inside a protected span.
        i = bisect.bisect_left(starts, pos) - 1
        return i < 0 or not protected[i][0] < pos < protected[i][1]

    found: list[set[int]] = [
        {m.start() for m in _PARAGRAPH.finditer(body)},
        {m.end() for m in _SENTENCE_END.finditer(body)},
        {m.start() for m in _SPACE.finditer(body)},
        set(grapheme_boundaries(body)),
    ]
    ranks: list[list[int]] = []
    running = {len(body)}
    for candidates in found:
        running |= candidates
        ranks.append(sorted(p for p in running if p > 0 and allowed(p)))
    return ranks


def _pack(
    body: str, breaks: list[list[int]], platform: Platform, digits: int
) -> tuple[list[str], list[str]]:
    """Greedy packing, with room for a numbering suffix of ``digits`` digits."""
    assert platform.limit is not None
    limit = platform.limit
    bodies: list[str] = []
    oversized: list[str] = []
    start = 0
    span = limit  # where to look first: about as far as the last part went
    placeholder = "9" * digits  # digits all weigh the same on every platform
    while start < len(body):
        suffix = f" {len(bodies) + 1}/{placeholder}"

        @cache
        def size(end: int, start: int = start, suffix: str = suffix) -> int:
            return platform.counter(body[start:end].strip() + suffix)

        end = _choose_end(breaks, start, size, limit, start + span)
        if end is None:
            # Nothing fits: the smallest unit that can't be cut goes alone.
            end = breaks[_GRAPHEME_RANK][bisect.bisect_right(breaks[_GRAPHEME_RANK], start)]
            oversized.append(body[start:end].strip())
        bodies.append(body[start:end].strip())
        span = max(end - start, 1)
        start = _skip_space(body, end)
    return bodies, oversized


def _choose_end(
    breaks: list[list[int]], start: int, size: Callable[[int], int], limit: int, hint: int
) -> int | None:
    def fits(end: int) -> bool:
        return size(end) <= limit

    # How far a part can reach at all (never inside a URL, hashtag or mention);
    # the best break is then looked for within that reach, so no probe ever
    # counts much more than a part's worth of text.
    finest = breaks[_GRAPHEME_RANK]
    reach = _farthest_fitting(finest, bisect.bisect_right(finest, start), len(finest), fits, hint)
    if reach is None:
        return None
    for rank in (_PARAGRAPH_RANK, _SENTENCE_RANK, _WORD_RANK):
        candidates = breaks[rank]
        lo = bisect.bisect_right(candidates, start)
        hi = bisect.bisect_right(candidates, reach)
        if lo == hi:
            continue
        end: int | None = candidates[hi - 1]
        if not fits(candidates[hi - 1]):  # fit is not quite monotone: text can become a URL
            end = _farthest_fitting(candidates, lo, hi, fits)
        if end is not None and (rank == _WORD_RANK or size(end) >= limit * _MIN_FILL):
            return end
    return reach  # no space within reach: one word longer than a part, cut between graphemes


def _farthest_fitting(
    candidates: Sequence[int],
    first: int,
    stop: int,
    fits: Callable[[int], bool],
    hint: int | None = None,
) -> int | None:
    """The last of ``candidates[first:stop]`` that fits, assuming fit is monotone.

    Gallops from the candidate nearest ``hint`` (up if it fits, down if not),
    then bisects: O(log n) counts of little more than a part each. If fit is
    not quite monotone the result still fits; it may not be the very farthest.
    """
    if first >= stop:
        return None
    i = first
    if hint is not None:
        i = min(max(bisect.bisect_right(candidates, hint, first, stop) - 1, first), stop - 1)
    step = 1
    if fits(candidates[i]):
        good = i
        while good + step < stop and fits(candidates[good + step]):
            good += step
            step *= 2
        bad = min(good + step, stop)
    else:
        bad = i
        while True:
            if bad == first:
                return None
            j = max(bad - step, first)
            if fits(candidates[j]):
                good = j
                break
            bad, step = j, step * 2
    while bad - good > 1:
        mid = (good + bad) // 2
        if fits(candidates[mid]):
            good = mid
        else:
            bad = mid
    return candidates[good]


def _skip_space(body: str, pos: int) -> int:
    while pos < len(body) and body[pos].isspace():
        pos += 1
    return pos
