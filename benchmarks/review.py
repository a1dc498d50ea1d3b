"""The safety review of a long entry: warm, and the first review in a fresh process.

The entry is 5,000 words: the benchmark corpus's sentences with a story sentence
(names from many places, a workplace, a school, a town, a handle) every tenth
sentence, so every detector has work to do. The first review pays for loading
the word frequencies and the language model, which start-up never does.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from benchmarks import corpus
from benchmarks.measure import Stat

WORDS = 5000
_STORY = (
    "Siobhan told me later that she cried in the car.",
    "I kept texting Oluwaseun after she asked me to stop.",
    "At the Hartwell & Co. party I cornered her, and my manager laughed.",
    "We were at Kings Park High in Leeds back then.",
    "Her Instagram is sunflower.kate and I still looked at it.",
    "It was only a joke, I told everyone, and that was a lie.",
    "We were both pretty wasted, which is no excuse.",
    "Lines were crossed, I wrote once; I crossed them.",
    "Priya from accounts saw it and said nothing, and neither did I.",
    "I don't deserve to live after what I did, some nights.",
)
#: The packages the review added, for the install-size line.
DEPENDENCIES = ("wordfreq", "py3langid", "numpy", "msgpack", "langcodes", "ftfy")


def entry_text(seed: int = 7) -> str:
    rng = random.Random(seed)
    pool = corpus._sentence_pool(rng, 500)
    sentences: list[str] = []
    words = 0
    while words < WORDS:
        sentence = rng.choice(_STORY) if len(sentences) % 10 == 9 else rng.choice(pool)
        sentences.append(sentence)
        words += len(sentence.split())
    return " ".join(" ".join(sentences).split()[:WORDS])


@dataclass(frozen=True)
class ReviewResult:
    warm: Stat
    first: Stat
    findings: int


def measure(runs: int) -> ReviewResult:
    from journal.posts import check

    text = entry_text()
    check(text)  # loads the data once
    warm = []
    for _ in range(max(runs, 5)):
        start = time.perf_counter()
        result = check(text)
        warm.append(time.perf_counter() - start)
    script = (
        "import time, sys\nfrom benchmarks.review import entry_text\ntext = entry_text()\n"
        "start = time.perf_counter()\nfrom journal.posts import check\ncheck(text)\n"
        "print(time.perf_counter() - start)"
    )
    root = Path(__file__).resolve().parent.parent
    first = [
        float(
            subprocess.run(
                [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=root
            ).stdout
        )
        for _ in range(max(runs, 3))
    ]
    return ReviewResult(Stat(tuple(warm)), Stat(tuple(first)), len(result.findings))


def install_size() -> int:
    """Bytes on disk of the packages the review added (and theirs)."""
    total = 0
    for name in DEPENDENCIES:
        try:
            files = metadata.files(name) or []
        except metadata.PackageNotFoundError:
            continue
        for f in files:
            path = Path(str(f.locate()))
            if path.is_file():
                total += path.stat().st_size
    return total


if __name__ == "__main__":
    r = measure(5)
    print(
        f"review of {WORDS} words: median {r.warm.median * 1000:.0f} ms "
        f"(min {r.warm.min * 1000:.0f}), first review in a fresh process "
        f"{r.first.median * 1000:.0f} ms, {r.findings} findings; "
        f"install size of the review's dependencies {install_size() / 2**20:.0f} MiB"
    )
