"""The labelled review corpus (tests/data/review/) and its measures.

Run ``python -m tests.helpers.review_corpus`` to print the table for both splits.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from journal.posts.review import Finding, check

DATA = Path(__file__).resolve().parent.parent / "data" / "review"
SPLITS = ("dev", "heldout")
CHECKS = ("identifying", "responsibility", "care")


@dataclass(frozen=True)
class Example:
    kind: str  # a check, "clear-<check>" or "lang"
    category: str
    span: str
    text: str


def load(split: str) -> list[Example]:
    examples = []
    for line in (DATA / f"{split}.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, category, span, text = (part.strip() for part in line.split(" | ", 3))
        examples.append(Example(kind, category, span, text))
    return examples


def _covers(findings: list[Finding], text: str, span: str) -> bool:
    """Whether findings overlap the labelled span (found where the label says)."""
    at = text.lower().find(span.lower())
    if at < 0:
        raise ValueError(f"span {span!r} is not in {text!r}")
    end = at + len(span)
    return any(f.start < end and at < f.end for f in findings)


def _fully_covers(findings: list[Finding], text: str, span: str) -> bool:
    """Whether every detail in the labelled span is replaced.

    The details are its capitalised words and words with digits or "@" in them
    ("Deloitte's Leeds office": Deloitte, Leeds); a span with none ("my
    flatmate") must be found at all.
    """
    at = text.lower().find(span.lower())
    covered: set[int] = set()
    for f in findings:
        covered.update(range(f.start, f.end))
    details = [
        m
        for m in re.finditer(r"\S+", span)
        if m.group()[:1].isupper() or any(c.isdigit() or c == "@" for c in m.group())
    ]
    if not details or span == span.lower():
        return _covers(findings, text, span)
    return all(
        i in covered
        for m in details
        for i in range(at + m.start(), at + m.end())
        if text[i].isalnum()
    )


@dataclass
class Measures:
    #: check -> category -> [found, total]
    recall: dict[str, dict[str, list[int]]]
    #: check -> [flagged near-misses, near-misses]
    false_positives: dict[str, list[int]]
    #: languages: [named and no name guessed, total]
    languages: list[int]
    misses: list[str]

    def rate(self, check_name: str) -> float:
        found = sum(v[0] for v in self.recall[check_name].values())
        total = sum(v[1] for v in self.recall[check_name].values())
        return found / total if total else 1.0

    def fp_rate(self, check_name: str) -> float:
        flagged, total = self.false_positives[check_name]
        return flagged / total if total else 0.0


def measure(split: str) -> Measures:
    recall: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    fps: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    languages = [0, 0]
    misses = []
    for ex in load(split):
        result = check(ex.text)
        by_check = defaultdict(list)
        for f in result.findings:
            by_check[f.check].append(f)
        if ex.kind in CHECKS:
            counts = recall[ex.kind][ex.category]
            counts[1] += 1
            found = by_check[ex.kind]
            hit = (
                _fully_covers(found, ex.text, ex.span)
                if ex.kind == "identifying"
                else _covers(found, ex.text, ex.span)
            )
            counts[0] += hit
            if not hit:
                misses.append(f"miss {ex.kind}/{ex.category}: {ex.text}")
        elif ex.kind.startswith("clear-"):
            name = ex.kind.removeprefix("clear-")
            fps[name][1] += 1
            if by_check[name]:
                fps[name][0] += 1
                shown = ", ".join(f"{f.category}:{f.text!r}" for f in by_check[name])
                misses.append(f"false positive {name}: {ex.text} [{shown}]")
        elif ex.kind == "lang":
            languages[1] += 1
            ok = ex.category in result.not_reviewed and not by_check["identifying"]
            languages[0] += ok
            if not ok:
                misses.append(f"language {ex.category}: {ex.text} {result.languages}")
    return Measures(recall, fps, languages, misses)


def table(split: str, m: Measures) -> str:
    lines = [f"== {split}"]
    for name in CHECKS:
        flagged, near = m.false_positives[name]
        lines.append(
            f"{name}: recall {m.rate(name):.2f}, false positives {m.fp_rate(name):.2f} "
            f"({flagged}/{near} near-misses)"
        )
        for category, (found, total) in sorted(m.recall[name].items()):
            lines.append(f"  {category:<14} {found}/{total}")
    lines.append(f"languages named, no names guessed: {m.languages[0]}/{m.languages[1]}")
    return "\n".join(lines)


if __name__ == "__main__":
    for split in sys.argv[1:] or ["dev"]:
        measures = measure(split)
        print(table(split, measures))
        if "-v" in sys.argv or split == "dev":
            print("\n".join(measures.misses))
