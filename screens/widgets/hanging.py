"""A lead (a bullet, a label) with its text beside it: wrapped lines hang under the text.

A Static wraps a long line back to its left edge, under the bullet or the label;
here the lead and the text are two widgets side by side, so each wrapped line
starts where the text does. The text is user text: give it as ``safe(...)``.
"""

from __future__ import annotations

from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static


class Hanging(Horizontal):
    DEFAULT_CSS = """
    Hanging {
        height: auto;
        & > .hanging-lead { width: auto; }
        & > .hanging-text { width: 1fr; padding-left: 1; }
    }
    """

    def __init__(self, lead: str | Content, text: str | Content, *, classes: str = "") -> None:
        super().__init__(
            Static(lead, classes="hanging-lead", markup=False),
            Static(text, classes="hanging-text", markup=False),
            classes=classes,
        )
