"""The post screen's own questions: resume a saved post draft, and leave with changes.

Each is asked with ``screens.confirm.ChoiceModal``, the safe choice first and
focused, and Escape's answer too; a choice that throws work away is out of the Tab
order and chosen by its own key, so a stray key never throws work away.
"""

from __future__ import annotations

from screens.confirm import Choice

RESUME = "You were drafting a post from this entry (saved {when}). Pick up where you left off?"
#: "Start over" here only asks again (``START_OVER``).
RESUME_CHOICES: tuple[Choice, ...] = (("resume", "Resume it"), ("over", "Start over"))
RESUME_NOTE = "Starting over replaces the saved draft once you change something."
#: Starting over throws the saved draft away: asked again, keeping it focused (a stray
#: Tab then Enter on the offer lands here, never on a lost draft).
START_OVER = (
    "Start over from the entry? Your saved draft is replaced as soon as you change something."
)
START_OVER_CHOICES: tuple[Choice, ...] = (
    ("resume", "Keep my draft"),
    ("over", "Start over", "s"),
)
LEAVE = "Leave this post? Your draft can be kept, encrypted, to come back to."
#: Keep first and focused (and Escape's answer); Tab reaches Stay, never Discard.
LEAVE_CHOICES: tuple[Choice, ...] = (
    ("keep", "Keep the draft"),
    ("stay", "Stay"),
    ("discard", "Discard it", "d"),
)
#: Leaving once the post is out (saved as a file or copied, whole): its draft is no
#: longer needed, maybe; he says. Keep stays first and focused.
SENT = "The post is {how}. Keep its draft here, encrypted, or delete it?"
SENT_CHOICES: tuple[Choice, ...] = (
    ("keep", "Keep the draft"),
    ("stay", "Stay"),
    ("discard", "Delete it", "d"),
)
