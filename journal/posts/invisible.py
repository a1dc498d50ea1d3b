"""Invisible characters in a draft: gone before it leaves the vault.

Zero-width characters, line and paragraph separators, word joiners and Unicode
tag characters show nothing, but they travel with the text: a post can carry
hidden words or a watermark in them. A draft keeps none, and says how many it
dropped. What writing needs stays: a joiner inside an emoji sequence or between
letters of a script that uses it (Hindi, Persian), and the tag characters of a
flag such as Scotland's.
"""

from __future__ import annotations

import regex

# Tag characters that spell a flag's subdivision after U+1F3F4 (🏴), ending in CANCEL TAG.
_FLAG = r"\U0001F3F4[\U000E0020-\U000E007E]+\U000E007F"
_WRITTEN_WITH_JOINERS = (
    r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]|[\p{L}\p{M}--\p{Latin}--\p{Common}]"
)
_JOINER_BETWEEN = rf"(?<={_WRITTEN_WITH_JOINERS})[\u200c\u200d](?={_WRITTEN_WITH_JOINERS})"
_INVISIBLE = regex.compile(
    rf"(?P<keep>{_FLAG}|{_JOINER_BETWEEN})"
    r"|(?P<line>[\u2028\u2029])"
    r"|[\u200b-\u200f\u2060-\u2064\u206a-\u206f\ufeff\u00ad\u180e\u034f\u115f\u1160\u3164"
    r"\uffa0\U000E0000-\U000E007F\u200c\u200d]",
    regex.V1,
)


def strip_invisible(text: str) -> tuple[str, int]:
    """``text`` without hidden characters (separators become line breaks), and how many."""
    removed = 0

    def replace(m: regex.Match[str]) -> str:
        nonlocal removed
        if m["keep"]:
            return str(m.group())
        removed += 1
        return "\n" if m["line"] else ""

    return _INVISIBLE.sub(replace, text), removed
