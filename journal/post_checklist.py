"""What to weigh before a post leaves amends, shared by the app and ``amends draft``.

The checklist is her experience first, then what the writer risks and how to
get through what follows. The waiting reminder counts from the entry's last
edit, not its creation: an old entry edited today is fresh again. Neither
blocks anything; the app asks for one tick per point.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import NamedTuple


class Point(NamedTuple):
    #: A short stable name (the app's checkbox ids, tests).
    key: str
    text: str


CHECKLIST: tuple[Point, ...] = (
    Point(
        "her",
        "She may see it without choosing to. It can bring the harm back, bring her unwanted "
        "attention and pressure to respond, and take away her say over whether her story is "
        "told. If you can't know she'd be all right with it, write about what you will do, "
        "not what happened.",
    ),
    Point(
        "identifiable",
        "It goes out under your name, so a detail like “a coworker at my first job” plus your "
        "profile can identify her. Some #ItWasMe posts did exactly that.",
    ),
    Point(
        "not_contact",
        "It is not a way to reach the person you harmed, or to ask for forgiveness or praise.",
    ),
    Point(
        "permanent",
        "Once posted, it is public and permanent: deleting it later doesn't undo screenshots "
        "and shares.",
    ),
    Point(
        "legal",
        "It can be used as evidence and can affect a complaint or case that is going on; "
        "serious sexual offences often have no time limit, and naming others can bring legal "
        "claims. Talk to a lawyer before you post. This is not legal advice.",
    ),
    Point(
        "afterwards",
        "Have a plan for afterwards: don't reply to her or argue with her, don't delete and "
        "repost in a panic, mute notifications, and know where Support is (F2 in amends).",
    ),
    Point(
        "review_limits",
        "amends' review looks for details that could identify someone and for language that "
        "shifts responsibility, but it misses things: read every line yourself.",
    ),
    Point(
        "specific",
        "Specific things you will do say more than who you are now: “I will…”, not “I'm an "
        "ally now”.",
    ),
)

#: How long after the last edit the reminder shows, unless Settings says otherwise.
DEFAULT_WAIT = timedelta(hours=72)
#: The longest wait Settings accepts.
MAX_WAIT = timedelta(days=30)


def is_fresh(last_edit: datetime, now: datetime, wait: timedelta = DEFAULT_WAIT) -> bool:
    """Whether the entry was last edited less than ``wait`` before ``now``.

    Aware datetimes; a naive one is taken as UTC.
    """
    if last_edit.tzinfo is None:
        last_edit = last_edit.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now - last_edit < wait


def waiting_reminder(wait: timedelta = DEFAULT_WAIT) -> str:
    """The reminder for an entry edited less than ``wait`` ago: a suggestion, not a block."""
    return (
        f"You last edited this entry less than {describe_wait(wait)} ago. Consider waiting, "
        "and reading the post through with a therapist or someone you trust first; never "
        "with the person you harmed. The entry stays in your journal."
    )


def describe_wait(wait: timedelta) -> str:
    """'72 hours', '1 hour', '90 minutes'."""
    minutes = round(wait.total_seconds() / 60)
    if minutes % 60:
        return f"{minutes} minute{'s' * (minutes != 1)}"
    hours = minutes // 60
    return f"{hours} hour{'s' * (hours != 1)}"


def valid_wait_hours(value: object) -> float | None:
    """Hours between a minute and MAX_WAIT; anything else (a bool, text) is None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if 0 < value * 3600 <= MAX_WAIT.total_seconds() else None


def checklist_text(reminder: str | None = None) -> str:
    """The checklist as plain numbered lines, then ``reminder`` when given (the CLI's)."""
    lines = ["Before you post:"]
    lines += [f"{number}. {point.text}" for number, point in enumerate(CHECKLIST, 1)]
    if reminder:
        lines += ["", reminder]
    return "\n".join(lines)
