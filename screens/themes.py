"""Themes amends adds to Textual's own: a high-contrast one."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="amends-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#000000",
    success="#00ff00",
    warning="#ffff00",
    error="#ff6060",
    dark=True,
    variables={
        "text-muted": "#ffffff",
        "foreground-muted": "#ffffff",
        "border": "#ffffff",
        "border-blurred": "#c0c0c0",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#ffff00",
        "block-cursor-text-style": "bold",
        "footer-key-foreground": "#ffff00",
        "footer-description-foreground": "#ffffff",
        "input-cursor-background": "#ffff00",
        "input-cursor-foreground": "#000000",
        "input-selection-background": "#ffff00 50%",
    },
)

THEMES: tuple[Theme, ...] = (HIGH_CONTRAST,)
DEFAULT_THEME = "textual-dark"
