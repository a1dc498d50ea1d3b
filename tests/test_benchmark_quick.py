"""The benchmark's quick mode still runs and prints every figure (no timing is judged)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: Every row of the table: its number and the start of its name.
FIGURES = {
    "1a": "start-up to focused Input: bare Textual app",
    "1b": "start-up to focused Input: amends unlock screen",
    "1c": "storage modules imported by `import screens.app`",
    "1d": "storage modules loaded at the first frame",
    "1e": "pty: spawn → typeable, bare Textual app",
    "1f": "pty: spawn → typeable, `amends` installed from a wheel",
    "1g": "pty: spawn → typeable, `amends` editable checkout",
    "2a": "Argon2id key derivation",
    "2b": "amends list, whole process",
    "2c": "jrnl -n 10, whole process",
    "2d": "PBKDF2-HMAC-SHA256",
    "2e": "list − KDF: amends ÷ jrnl",
    "3a": "unlock, core: open + unlock − KDF",
    "3b": "unlock, core: open + unlock − KDF",
    "3c": "TUI: Enter → home list painted − KDF",
    "3d": "TUI: Enter → home list painted − KDF",
    "4a": "search, per query",
    "4b": "search, per query",
    "4c": "TUI: keystroke → list repainted",
    "4d": "TUI: keystroke → echoed in search",
    "5": "save_entry: seal + durable commit",
    "6": "import_into: amends JSON export",
    "7a": "peak RSS: amends list",
    "7b": "peak RSS: jrnl -n 10",
    "7c": "peak RSS: TUI unlocked, home painted",
    "7d": "RSS after home painted",
    "7e": "peak RSS: TUI unlocked, after searching",
    "8a": "growth per 10×: amends list − KDF",
    "8b": "growth per 10×: amends list − KDF",
    "8c": "growth per 10×: search per query",
    "8d": "growth per 10×: search per query",
    "8e": "growth per 10×: unlock − KDF",
    "8f": "growth per 10×: unlock − KDF",
    "9a": "review of an entry, warm",
    "9b": "first review in a fresh process",
    "9c": "install size of the review's dependencies",
}


def test_quick_benchmark_prints_every_figure(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--out", str(tmp_path / "bench")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    rows = {line.split()[0]: line for line in proc.stdout.splitlines() if line.strip()}
    for key, name in FIGURES.items():
        assert key in rows, f"row {key} ({name}) missing:\n{proc.stdout}"
        assert name in rows[key], f"row {key} is not {name!r}: {rows[key]}"
    assert "QUICK mode" in proc.stdout


def test_the_wheel_is_never_built_from_inside_the_checkout() -> None:
    """The benchmark's default output folder is inside the checkout, which install_wheel
    copies: a scratch folder there copied the checkout into itself (RecursionError in CI)."""
    import pytest

    from benchmarks.pty_startup import install_wheel

    with pytest.raises(ValueError, match="outside the checkout"):
        install_wheel(REPO / "bench-out" / "wheel")


def test_the_bare_app_is_launched_like_the_amends_script(tmp_path: Path) -> None:
    """Row 1e's bare app starts through a console script written like amends' own: the
    same #! line (interpreter, virtual environment) and pip's body."""
    from benchmarks.pty_startup import _PIP_BODY, bare_script

    amends = tmp_path / "bin" / "amends"
    amends.parent.mkdir()
    amends.write_text(f"#!{sys.executable}\n{_PIP_BODY.format(module='screens.launch')}")
    script = Path(bare_script(str(amends), tmp_path / "bare"))
    assert script.read_text().splitlines()[0] == f"#!{sys.executable}"
    assert script.read_text().replace("pty_bare", "screens.launch") == amends.read_text()
    assert (script.parent / "pty_bare.py").exists()
    installed = Path(sys.executable).with_name("amends")
    if installed.exists():  # what pip wrote here: the body the bare script copies
        assert installed.read_text().split("\n", 1)[1] == amends.read_text().split("\n", 1)[1]
