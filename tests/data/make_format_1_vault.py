"""Writes tests/data/format-1-vault.db: a vault as this version stores it, kept so
that later versions are tested against a file they did not write themselves.

Run once, from the repository root: ``python tests/data/make_format_1_vault.py``.
Never re-run it to make a failing test pass: a vault that no longer opens is the bug.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path

from journal.models import Answer, Commitment, Draft, Entry, Plan
from journal.vault import Vault

OUT = Path(__file__).with_name("format-1-vault.db")
PASSPHRASE = "correct horse battery staple"
WHEN = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)


def main() -> None:
    if OUT.exists():
        sys.exit(f"{OUT} exists; it is a fixture, not an output")
    vault, code = Vault.create(OUT, PASSPHRASE, insecure_kdf_for_tests=True)
    with vault:
        conduct = Entry(
            id="a" * 32,
            kind="conduct",
            title="The joke at the stag do",
            tags=["friends", "jokes"],
            flow="conduct",
            starred=True,
            created_at=WHEN,
            updated_at=WHEN,
            answers=[
                Answer(step_id="what_happened", prompt="What happened?", text="I laughed along."),
                Answer(step_id="affected", prompt="Who was affected?", text="Ünïcödé 🙂\nline 2"),
            ],
        )
        untitled = Entry(
            id="b" * 32,
            kind="bystander",
            created_at=datetime(2025, 1, 2, 3, 4, 5, 123456, tzinfo=UTC),
            updated_at=WHEN,
            answers=[Answer(step_id="saw", text="\n  First line of an untitled one \nmore")],
        )
        commitment = Commitment(
            id="c" * 32,
            created_at=WHEN,
            updated_at=WHEN,
            stop="laughing along",
            start="saying it is not funny",
            plans=[Plan(situation="a mate makes that joke", action="say 'not funny, mate'")],
            checkin_dates=[date(2026, 12, 28)],
            source_entry_id=conduct.id,
        )
        draft = Draft(
            id="d" * 32, flow="bystander", kind="bystander", step_index=1, title="half done",
            answers=[Answer(step_id="saw", text="not finished")], created_at=WHEN,
        )  # fmt: skip
        vault.save_many([conduct, untitled, commitment])
        vault.save_draft(draft)
    print(f"wrote {OUT}; recovery code: {code}")


if __name__ == "__main__":
    main()
