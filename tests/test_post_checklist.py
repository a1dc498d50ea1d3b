"""The post checklist and waiting reminder (journal.post_checklist), with a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from journal.post_checklist import (
    CHECKLIST,
    DEFAULT_WAIT,
    checklist_text,
    describe_wait,
    is_fresh,
    valid_wait_hours,
    waiting_reminder,
)

EDITED = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def test_the_points_asked_for_come_her_first() -> None:
    keys = [point.key for point in CHECKLIST]
    assert keys[0] == "her"
    for key in ("identifiable", "legal", "afterwards", "review_limits", "not_contact"):
        assert key in keys
    text = {point.key: point.text for point in CHECKLIST}
    assert "take away her say" in text["her"]
    assert "write about what you will do, not what happened" in text["her"]
    assert "under your name" in text["identifiable"] and "#ItWasMe" in text["identifiable"]
    assert "no time limit" in text["legal"] and "This is not legal advice" in text["legal"]
    assert "don't reply to her" in text["afterwards"] and "mute" in text["afterwards"]
    assert "misses things" in text["review_limits"]


def test_waiting_counts_from_the_last_edit_and_defaults_to_72_hours() -> None:
    assert timedelta(hours=72) == DEFAULT_WAIT
    assert is_fresh(EDITED, EDITED + timedelta(hours=71, minutes=59))
    assert not is_fresh(EDITED, EDITED + timedelta(hours=72))
    # An entry written long ago but edited now is fresh again: only the edit counts.
    assert is_fresh(EDITED, EDITED + timedelta(minutes=5))
    assert is_fresh(EDITED.replace(tzinfo=None), EDITED + timedelta(hours=1))  # naive is UTC


def test_the_wait_can_be_changed() -> None:
    assert is_fresh(EDITED, EDITED + timedelta(hours=30), wait=timedelta(hours=48))
    assert not is_fresh(EDITED, EDITED + timedelta(hours=30), wait=timedelta(hours=24))
    assert "less than 24 hours ago" in waiting_reminder(timedelta(hours=24))
    assert describe_wait(timedelta(hours=1)) == "1 hour"
    assert describe_wait(timedelta(minutes=90)) == "90 minutes"


def test_the_reminder_suggests_a_reader_but_never_her() -> None:
    reminder = waiting_reminder()
    assert "less than 72 hours ago" in reminder
    assert "therapist or someone you trust" in reminder
    assert "never with the person you harmed" in reminder


def test_wait_hours_from_settings_are_checked() -> None:
    assert valid_wait_hours(72) == 72.0
    assert valid_wait_hours(0.5) == 0.5
    for bad in (0, -1, 24 * 31, True, "72", None):
        assert valid_wait_hours(bad) is None


def test_the_text_numbers_every_point_then_the_reminder() -> None:
    text = checklist_text("Wait.")
    assert text.splitlines()[1].startswith("1. She may see it")
    assert text.endswith("\n\nWait.")
    assert len([line for line in text.splitlines() if line[:1].isdigit()]) == len(CHECKLIST)
