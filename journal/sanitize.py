"""Making stored text safe to show in a terminal or write to an export.

User text can hold anything: ANSI CSI/OSC sequences (OSC 52 writes the
clipboard, OSC 8 makes links), C0/C1 controls, NUL, bidi overrides. Display
code shows such characters as visible stand-ins; exports drop them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST),
# DCS/SOS/PM/APC (ESC P|X|^|_ ... ST) and two-character escapes.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x9d[^\x07\x9c]*(?:\x07|\x9c)?"
)
# C0 (but tab and newline), DEL, C1, bidi embeddings/overrides/isolates.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """Remove escape sequences and control characters; keep \\n and \\t.

    Zero-width joiners stay: emoji sequences need them.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def drop_control_chars(text: str) -> str:
    """Remove control characters only (not the printable rest of a sequence).

    For text drawn cell by cell: these characters take no cells, so dropping
    them keeps every other character where the editor placed it.
    """
    return _CONTROL.sub("", text)


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛, ␀, ...
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def neutralise(text: str) -> str:
    """Text safe for a terminal widget: every control shown, none obeyed."""
    return _CONTROL.sub(_visible, text.replace("\r\n", "\n"))


#: Characters JSON may carry raw that a terminal can obey: DEL, C1 controls (U+009B is
#: CSI), bidi overrides, line/paragraph separators. Escaped, the JSON stays exact.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_json(value: Any, default: Callable[[Any], Any] | None = None) -> str:
    """Indented JSON that is safe to print: exact, but nothing a terminal obeys.

    Outside strings JSON holds only ASCII, so the escapes land inside strings.
    """
    text = json.dumps(value, ensure_ascii=False, indent=2, default=default)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
