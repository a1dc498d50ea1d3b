"""The post screen's own questions: resume a saved post draft, and leave with changes.

Each is asked with ``screens.confirm.ChoiceModal``, the safe choice first and
focused, and Escape's answer too, so a stray key never throws work away.
"""

from __future__ import annotations

RESUME = "You were drafting a post from this entry (saved {when}). Pick up where you left off?"
RESUME_CHOICES = (("resume", "Resume it"), ("over", "Start over"))
RESUME_NOTE = "Starting over replaces the saved draft once you change something."
#: Starting over throws the saved draft away: asked again, keeping it focused (a stray
#: Tab then Enter on the offer lands here, never on a lost draft).
START_OVER = (
    "Start over from the entry? Your saved draft is replaced as soon as you change something."
)
START_OVER_CHOICES = (("resume", "Keep my draft"), ("over", "Start over"))
LEAVE = "Leave this post? Your draft can be kept, encrypted, to come back to."
#: Keep first and focused (and Escape's answer); Stay next, so Tab then Enter still loses
#: nothing; Discard last.
LEAVE_CHOICES = (("keep", "Keep the draft"), ("stay", "Stay"), ("discard", "Discard it"))
#: Leaving once the post is out (saved as a file or copied, whole): its draft is no
#: longer needed, maybe; he says. Keep stays first and focused.
SENT = "The post is {how}. Keep its draft here, encrypted, or delete it?"
SENT_CHOICES = (("keep", "Keep the draft"), ("stay", "Stay"), ("discard", "Delete it"))
