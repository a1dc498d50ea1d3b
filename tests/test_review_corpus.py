"""The review's own numbers on its labelled corpus (tests/data/review/), as floors.

dev.txt was tuned on; heldout.txt was written first and frozen, and the same
floors hold on it. heldout-2.txt was written (by the same hands, so it is less
independent than a stranger's set) before the rules for "she made me do it" and its
kin, and not tuned on. ``python -m tests.helpers.review_corpus dev heldout`` prints
precision and recall per check and category.
"""

from __future__ import annotations

import pytest

from tests.helpers.review_corpus import CHECKS, load, measure, table

# check: (recall floor, ceiling on false positives among its near-misses)
FLOORS = {"identifying": (0.9, 0.15), "responsibility": (0.8, 0.1), "care": (0.9, 0.1)}


def test_corpus_is_large_and_varied() -> None:
    examples = load("dev") + load("heldout") + load("heldout-2")
    assert len(examples) >= 400
    for name in CHECKS:
        assert sum(e.kind == f"clear-{name}" for e in examples) >= 10, name
    assert len({e.category for e in examples if e.kind == "lang"}) >= 3


@pytest.mark.parametrize("split", ["dev", "heldout", "heldout-2"])
def test_floors(split: str) -> None:
    m = measure(split)
    report = table(split, m) + "\n" + "\n".join(m.misses)
    for name, (recall, fp) in FLOORS.items():
        assert m.rate(name) >= recall, report
        assert m.fp_rate(name) <= fp, report
    assert m.languages[0] == m.languages[1], report
    print(report)
