"""Write tests/data/counting-reference.json: the corpus and the reference outputs for it.

Run from the repository root after `npm ci --prefix tests/reference`:

    python tests/reference/make_golden.py

The differential tests read this file on machines without Node, and prove it current
(same strings, same outputs) on machines with it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers.counting_corpus import CORPUS_EMOJI, SEED, SIZE, corpus
from helpers.reference import GOLDEN, Reference, available


def main() -> None:
    if not available():
        sys.exit("make_golden: needs node and tests/reference/node_modules (npm ci first)")
    texts = corpus()
    ref = Reference()
    try:
        results = ref.measure(texts)
    finally:
        ref.close()
    golden = {
        "seed": SEED,
        "size": SIZE,
        "corpus_emoji": CORPUS_EMOJI,
        "versions": ref.versions,
        "cases": [{"text": t, **r} for t, r in zip(texts, results, strict=True)],
    }
    GOLDEN.write_text(json.dumps(golden, ensure_ascii=True, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN} ({len(texts)} cases)")


if __name__ == "__main__":
    main()
