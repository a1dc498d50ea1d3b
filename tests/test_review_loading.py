"""The review's data (word frequencies, the language model) loads only when a review runs."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("wordfreq", "py3langid", "numpy")


def _imported_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    return {name.split(".")[0] for name in out.split()}


def test_start_up_and_list_do_not_load_the_review_data() -> None:
    for code in (
        "import screens.launch",
        "import journal.cli",
        "import journal.posts",
    ):
        loaded = _imported_after(code)
        assert not loaded & set(HEAVY), (code, loaded & set(HEAVY))


def test_a_review_loads_it() -> None:
    loaded = _imported_after("from journal.posts import review; review('Ella no dijo que no.')")
    assert {"wordfreq", "py3langid"} <= loaded
