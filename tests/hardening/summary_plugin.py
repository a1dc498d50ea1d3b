"""Gets each hardening group's one summary line into the test log.

A group calls ``record(line)`` once, when its trials are done. The line is
printed (captured like any output), appended to the file named by
``$AMENDS_HARDENING_REPORT`` when that is set, and shown at the end of the run:

- without xdist, in a "amends hardening summary" section of pytest's terminal
  summary (``pytest_terminal_summary``);
- under xdist, the controller never loads ``tests/hardening/conftest.py`` (it does
  not collect, and only loads conftests of the test paths and their ``test*``
  folders). So a worker writes its lines straight to its stderr, which xdist
  workers inherit from the controller, with pytest's capture suspended: they
  land in the CI log, prefixed ``amends hardening:``, just before pytest's
  closing line.
- If the controller does load this module (``pytest_plugins =
  ["hardening.summary_plugin"]`` in ``tests/conftest.py``), the workers hand their
  lines over through xdist's ``workeroutput`` instead and the controller prints
  them all in one terminal-summary section.

``tests/hardening/conftest.py`` re-exports the hooks; the flags in ``_STATE``
keep them from acting twice when this module is also registered as a plugin.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest

#: Key in xdist's workerinput (set by a controller that has this plugin) and workeroutput.
_KEY = "amends_hardening_summary"
_LINES: list[str] = []
_FROM_WORKERS: list[str] = []
_NODES_SEEN: set[int] = set()
_STATE = {"handed_over": False, "printed": False}


def record(line: str) -> None:
    """Report one group's summary line: stdout, the report file, the end of the run."""
    print(line)
    _LINES.append(line)
    report = os.environ.get("AMENDS_HARDENING_REPORT")
    if report:
        with open(report, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """Controller: tell each worker that this controller will print its lines."""
    node.workerinput[_KEY] = True


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """Controller: collect the lines a finished worker handed over (once per worker)."""
    if id(node) in _NODES_SEEN:
        return
    _NODES_SEEN.add(id(node))
    _FROM_WORKERS.extend(getattr(node, "workeroutput", {}).get(_KEY, []))


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Worker: hand the lines to the controller, or write them to the inherited stderr."""
    config = session.config
    workerinput = getattr(config, "workerinput", None)
    if workerinput is None or not _LINES or _STATE["handed_over"]:
        return
    _STATE["handed_over"] = True
    if workerinput.get(_KEY):
        config.workeroutput[_KEY] = list(_LINES)  # type: ignore[attr-defined]
        return
    text = "".join(f"amends hardening: {line}\n" for line in _LINES)
    capman = config.pluginmanager.getplugin("capturemanager")
    if capman is None:
        sys.__stderr__.write("\n" + text)
        sys.__stderr__.flush()
        return
    with capman.global_and_fixture_disabled():
        sys.stderr.write("\n" + text)
        sys.stderr.flush()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Controller or a run without xdist: one section with every group's line."""
    if hasattr(terminalreporter.config, "workerinput") or _STATE["printed"]:
        return
    lines = _LINES + _FROM_WORKERS
    if not lines:
        return
    _STATE["printed"] = True
    terminalreporter.write_sep("-", "amends hardening summary")
    for line in lines:
        terminalreporter.write_line(line)
