"""Schedule arithmetic, due detection and linking, on a frozen clock."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
import time_machine

from journal import commitments as cm
from journal.cli import main
from journal.exchange import export_json, import_into
from journal.flows import get_flow
from journal.models import Answer, Commitment, Entry
from journal.vault import Vault

PASSPHRASE = "correct horse battery staple"


def _answers(flow_id: str, **by_field: str) -> list[Answer]:
    flow = get_flow(flow_id)
    return [
        Answer(step_id=s.id, prompt=s.question, text=by_field.get(s.field or s.id, ""))
        for s in flow.steps
    ]


def _commitment_entry(checkins: str = "") -> Entry:
    return Entry(
        kind="commitment",
        flow="commitment",
        answers=_answers(
            "commitment",
            stop="Laughing along with jokes about women at the pub",
            start="Saying 'not funny' and changing the subject",
            plans="If a friend jokes about a woman being drunk, then I say 'not funny'\n"
            "When the group chat shares a photo -> I leave the chat",
            supporter="Sam",
            checkins=checkins,
        ),
    )


def test_default_schedule_is_one_week_one_month_three_months() -> None:
    c = cm.commitment_from_entry(_commitment_entry(), get_flow("commitment"), date(2026, 1, 31))
    # Calendar months, clamped to the end of a shorter month.
    assert c.checkin_dates == [date(2026, 2, 7), date(2026, 2, 28), date(2026, 4, 30)]
    assert [p.situation for p in c.plans] == [
        "a friend jokes about a woman being drunk",
        "the group chat shares a photo",
    ]
    assert c.supporter == "Sam"
    assert c.start.startswith("Saying")


def test_custom_schedule_and_leap_day() -> None:
    c = cm.commitment_from_entry(
        _commitment_entry("2 weeks, 6 weeks"), get_flow("commitment"), date(2028, 2, 29)
    )
    assert c.checkin_dates == [date(2028, 3, 14), date(2028, 4, 11)]


@pytest.mark.parametrize(
    ("on", "due"),
    [(date(2026, 2, 6), False), (date(2026, 2, 7), True), (date(2026, 4, 1), True)],
)
def test_due_all_day_on_its_date(on: date, due: bool) -> None:
    c = Commitment(checkin_dates=[date(2026, 2, 7)])
    assert cm.is_due(c, on) is due


def test_paused_or_closed_is_never_due() -> None:
    for status in ("paused", "closed"):
        c = Commitment(checkin_dates=[date(2026, 2, 7)], status=status)
        assert not cm.is_due(c, date(2026, 3, 1))


def test_due_list_orders_longest_waiting_first() -> None:
    a = Commitment(checkin_dates=[date(2026, 2, 10)])
    b = Commitment(checkin_dates=[date(2026, 2, 1)])
    c = Commitment(checkin_dates=[date(2026, 3, 1)])
    assert cm.due_commitments([a, b, c], date(2026, 2, 15)) == [b, a]


def test_record_checkin_answers_the_due_date_and_adds_next() -> None:
    flow = get_flow("checkin")
    c = Commitment(checkin_dates=[date(2026, 2, 7), date(2026, 3, 2)])
    checkin = Entry(
        answers=_answers(
            "checkin",
            outcome="partly",
            plans="If the speeches start, then I count my drinks",
            next_checkin="2 weeks",
        )
    )
    c, checkin = cm.record_checkin(c, checkin, flow, date(2026, 2, 9))
    assert checkin.kind == "checkin" and checkin.commitment_id == c.id
    assert checkin.due_on == date(2026, 2, 7)
    assert checkin.outcome == "partly"
    assert [p.action for p in c.plans] == ["I count my drinks"]
    assert c.checkin_dates == [date(2026, 2, 23), date(2026, 3, 2)]


def test_early_checkin_keeps_pending_dates() -> None:
    c = Commitment(checkin_dates=[date(2026, 2, 7)])
    checkin = Entry(answers=_answers("checkin", outcome="kept"))
    c, checkin = cm.record_checkin(c, checkin, get_flow("checkin"), date(2026, 2, 1))
    assert checkin.due_on is None
    assert c.checkin_dates == [date(2026, 2, 7)]


@pytest.mark.parametrize(
    ("on", "answer", "after"),
    [
        # A day early, "1 month": the next check-in is a month on, and the dates before it
        # give way (found by a walk: it still said "next check-in 2026-12-08").
        (date(2026, 12, 7), "1 month", [date(2027, 1, 7), date(2027, 3, 1)]),
        # Due and answered: the new date goes first; the later ones stay.
        (date(2026, 12, 8), "2 weeks", [date(2026, 12, 22), date(2027, 1, 1), date(2027, 3, 1)]),
        (date(2026, 12, 8), "tomorrow", [date(2026, 12, 9), date(2027, 1, 1), date(2027, 3, 1)]),
        (date(2026, 12, 8), "6 months", [date(2027, 6, 8)]),
        # Left blank: the schedule stays.
        (date(2026, 12, 7), "", [date(2026, 12, 8), date(2027, 1, 1), date(2027, 3, 1)]),
    ],
)
def test_the_next_check_in_answer_is_the_next_check_in(
    on: date, answer: str, after: list[date]
) -> None:
    c = Commitment(checkin_dates=[date(2026, 12, 8), date(2027, 1, 1), date(2027, 3, 1)])
    checkin = Entry(answers=_answers("checkin", outcome="kept", next_checkin=answer))
    c, _ = cm.record_checkin(c, checkin, get_flow("checkin"), on)
    assert c.checkin_dates == after


def test_history_and_on_time_share() -> None:
    c = Commitment()
    done = [
        Entry(
            kind="checkin",
            commitment_id=c.id,
            due_on=date(2026, 2, 7),
            outcome="kept",
            created_at=datetime(2026, 2, 8, 12).astimezone(),
        ),
        Entry(
            kind="checkin",
            commitment_id=c.id,
            due_on=date(2026, 3, 2),
            outcome="slipped",
            created_at=datetime(2026, 3, 20, 12).astimezone(),
        ),
        Entry(kind="checkin", commitment_id="other", due_on=date(2026, 3, 2)),
    ]
    points = cm.history(c, done)
    assert [p.outcome for p in points] == ["kept", "slipped"]
    assert [p.on_time for p in points] == [True, False]
    assert cm.on_time_share(points) == (1, 2)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv), insecure_kdf_for_tests=True)
    return status, capsys.readouterr().out


def test_due_at_unlock_through_the_cli_and_survives_export_import_and_passwd(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "vault.db"
    pass_file = tmp_path / "pass"
    pass_file.write_text(PASSPHRASE + "\n")
    with time_machine.travel(datetime(2026, 1, 31, 9).astimezone(), tick=False):
        vault, _ = Vault.create(path, PASSPHRASE, insecure_kdf_for_tests=True)
        source = _commitment_entry()
        commitment = cm.commitment_from_entry(source, get_flow("commitment"), cm.today())
        vault.save_many([source, commitment])
        vault.close()
        status, out = _run(
            capsys,
            "commitments",
            "--due",
            "--json",
            "--vault",
            str(path),
            "--passphrase-file",
            str(pass_file),
        )
        assert status == 0 and json.loads(out) == []
    with time_machine.travel(datetime(2026, 2, 7, 23, 59).astimezone(), tick=False):
        status, out = _run(
            capsys,
            "commitments",
            "--due",
            "--json",
            "--vault",
            str(path),
            "--passphrase-file",
            str(pass_file),
        )
        listed = json.loads(out)
        assert [c["id"] for c in listed] == [commitment.id]
        assert listed[0]["next_checkin"] == "2026-02-07" and listed[0]["due"] is True
        assert listed[0]["source_entry_id"] == source.id
        assert "supporter" not in listed[0]
        # A passphrase change keeps the schedule.
        pass_file.write_text(
            f"{PASSPHRASE}\nanother long passphrase for us\nanother long passphrase for us\n"
        )
        assert (
            _run(capsys, "passwd", "--vault", str(path), "--passphrase-file", str(pass_file))[0]
            == 0
        )
        vault = Vault.open(path, insecure_kdf_for_tests=True)
        vault.unlock("another long passphrase for us")
        exported = export_json(vault).encode()
        vault.close()
    assert b"Sam" not in exported  # the supporter's name never leaves the vault
    other, _ = Vault.create(tmp_path / "other.db", PASSPHRASE, insecure_kdf_for_tests=True)
    added, present = import_into(other, exported)
    assert (added, present) == (2, 0)
    restored = other.get_commitment(commitment.id)
    assert restored.checkin_dates == commitment.checkin_dates
    assert restored.source_entry_id == source.id
    assert cm.is_due(restored, date(2026, 2, 7))
    other.close()
