"""Shared fixtures: a real vault file, real cryptography, the cheap test KDF.

Everything here uses ``insecure_kdf_for_tests=True``; one test in test_vault.py
proves the production floor holds without it.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import PASSPHRASE

from journal.cli import main
from journal.vault import Vault

CliResult = tuple[int, str, str]
RunCli = Callable[..., CliResult]


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    """Where the test vault lives; its folder does not exist yet."""
    return tmp_path / "v" / "vault.db"


@pytest.fixture
def vault_and_code(vault_path: Path) -> Iterator[tuple[Vault, str]]:
    """A created, unlocked test vault and its recovery code; closed at teardown."""
    vault, code = Vault.create(vault_path, PASSPHRASE, insecure_kdf_for_tests=True)
    assert code is not None
    try:
        yield vault, code
    finally:
        vault.close()


@pytest.fixture
def vault(vault_and_code: tuple[Vault, str]) -> Vault:
    """A created, unlocked test vault (closed at teardown)."""
    return vault_and_code[0]


@pytest.fixture
def pass_file(tmp_path: Path) -> Path:
    """A file holding the passphrase, for ``--passphrase-file``."""
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """``run_cli(*args, stdin=None) -> (status, stdout, stderr)`` through ``journal.cli.main``.

    ``stdin`` (str or bytes) becomes a non-tty sys.stdin whose ``.buffer`` works.
    ``--help`` and ``--version`` exit through SystemExit; its code is the status.
    """

    def run(*args: str | os.PathLike[str], stdin: str | bytes | None = None) -> CliResult:
        capsys.readouterr()  # drop whatever earlier steps printed
        data = stdin.encode("utf-8") if isinstance(stdin, str) else (stdin or b"")
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        try:
            status = main([os.fspath(a) for a in args], insecure_kdf_for_tests=True)
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 0
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """Run with umask 000, so modes the code gets right are its own doing."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)
