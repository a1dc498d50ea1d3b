"""Hooks and fixtures for the hardening suite (issue #7).

The summary hooks live in ``summary_plugin`` so the controller can load them as a
plugin too; importing them here registers them in every process that collects
``tests/hardening``.

Run the default trials with the rest of the suite (``python -m pytest``), the long
ones with ``python -m pytest tests/hardening -m exhaustive`` (about four minutes on
two cores).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .summary_plugin import (
    pytest_configure_node,
    pytest_sessionfinish,
    pytest_terminal_summary,
    pytest_testnodedown,
)
from .support import Zygote

__all__ = [
    "pytest_configure_node",
    "pytest_sessionfinish",
    "pytest_terminal_summary",
    "pytest_testnodedown",
]


@pytest.fixture(scope="module")
def zygote() -> Iterator[Zygote]:
    """A fork server for this module's workers (see ``worker.serve``)."""
    server = Zygote()
    try:
        yield server
    finally:
        server.close()
