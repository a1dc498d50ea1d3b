"""The platforms' own counters, run in one Node process (tests/reference/reference.mjs).

``.ci/run`` installs the pinned npm packages (tests/reference/package-lock.json) into
tests/reference/node_modules. Without Node or those packages, ``available()`` is False and
the differential tests read the golden file instead, written by the same code:

    python tests/reference/make_golden.py
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "reference"
GOLDEN = Path(__file__).resolve().parents[1] / "data" / "counting-reference.json"
_BATCH = 500


def available() -> bool:
    return shutil.which("node") is not None and (REFERENCE_DIR / "node_modules").is_dir()


class Reference:
    """One Node process; ``measure`` sends batches of strings over stdin/stdout."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            ["node", str(REFERENCE_DIR / "reference.mjs")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=REFERENCE_DIR,
        )
        self.versions: dict[str, str] = json.loads(self._readline())

    def _readline(self) -> str:
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            raise RuntimeError("the Node reference process ended early")
        return line

    def measure(self, texts: list[str]) -> list[dict[str, Any]]:
        assert self._proc.stdin is not None
        results: list[dict[str, Any]] = []
        for i in range(0, len(texts), _BATCH):
            self._proc.stdin.write(json.dumps(texts[i : i + _BATCH]) + "\n")
            self._proc.stdin.flush()
            results.extend(json.loads(self._readline()))
        return results

    def close(self) -> None:
        if self._proc.stdin:
            self._proc.stdin.close()
        self._proc.wait(timeout=30)
