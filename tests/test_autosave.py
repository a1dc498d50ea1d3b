"""The flow's autosave, on a fake clock: when it is due, and what a write may replace."""

from __future__ import annotations

from screens.autosave import Autosaver


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_autosave_is_due_only_after_the_idle_delay() -> None:
    clock = Clock()
    saver = Autosaver(2.0, clock)
    assert saver.wait() is None and saver.start() is None  # nothing changed
    saver.changed()
    assert saver.wait() == 2.0
    clock.now += 1.5
    saver.changed()  # typing again starts the wait again
    assert saver.wait() == 2.0
    clock.now += 1.9
    assert saver.start() is None
    clock.now += 0.1
    assert saver.start() == 2


def test_one_autosave_at_a_time_and_the_latest_edit_ends_up_saved() -> None:
    clock = Clock()
    saver = Autosaver(2.0, clock)
    saved: list[int] = []
    saver.changed()
    clock.now += 2
    first = saver.start()
    assert first == 1
    saver.changed()  # typed while the first write runs
    clock.now += 5
    assert saver.start() is None  # no second write beside the first
    assert saver.write(first, lambda: saved.append(first))
    saver.done()
    assert saver.dirty  # the later change is still to save
    second = saver.start()
    assert second == 2
    assert saver.write(second, lambda: saved.append(second))
    saver.done()
    assert saved == [1, 2] and not saver.dirty and saver.wait() is None


def test_an_older_version_never_lands_over_a_newer_one() -> None:
    saver = Autosaver(2.0, Clock())
    saved: list[int] = []
    saver.changed()
    saver.changed()
    assert saver.write(2, lambda: saved.append(2))  # leaving wrote the newest
    assert not saver.write(1, lambda: saved.append(1))  # a slow autosave comes after
    assert saved == [2]


def test_lock_seals_it_and_reports_unsaved_work() -> None:
    clock = Clock()
    saver = Autosaver(2.0, clock)
    saver.changed()
    clock.now += 2
    version = saver.start()
    assert version is not None
    assert saver.seal()  # the lock saves the draft itself ...
    assert not saver.write(version, lambda: None)  # ... and the late autosave writes nothing
    assert saver.wait() is None


def test_nothing_to_save_once_the_entry_is_saved() -> None:
    saver = Autosaver(2.0, Clock())
    saver.changed()
    assert saver.write(1, lambda: None, final=True)
    saver.changed()  # a key pressed while "Saving…"
    assert not saver.seal()
    assert not saver.write(2, lambda: None)
