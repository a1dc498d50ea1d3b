"""The ``amends`` command line: every command, its errors and exit statuses
(2 usage, 3 wrong passphrase or unreadable header, 4 damaged, 5 busy, 1 other)."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import CliResult, RunCli
from helpers import (
    NEW_PASSPHRASE,
    PASSPHRASE,
    REPO,
    header_row,
    open_vault,
    put_record,
    raw_db,
    records,
    set_header_row,
)

from journal.cli import main
from journal.models import Answer, Entry
from journal.vault import Vault

CODE = re.compile(r"\b(?:[0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}\b")
WRONG = "amends: wrong passphrase, or the vault header is damaged"
BUSY = "amends: this vault is open in another amends process; close it there and try again\n"
#: What a terminal could obey: C0 (but tab and newline), DEL, C1, bidi controls.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CONTROLLED = (
    "Bell\x07 esc\x1b[31mred\x1b[0m osc\x1b]52;c;SGVsbG8=\x07 c1\x9b31m "
    "nul\x00 bidi\u202eevil\u202c del\x7f cr\r end"
)
COMMANDS = [
    "init",
    "add",
    "list",
    "show",
    "search",
    "delete",
    "passwd",
    "recover",
    "info",
    "verify",
    "backup",
    "export",
    "import",
]


def assert_error(result: CliResult, status: int, *fragments: str) -> str:
    """One line on stderr starting 'amends:', the status, never a traceback."""
    code, out, err = result
    assert code == status, result
    assert "Traceback" not in out + err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("amends: "), err
    for fragment in fragments:
        assert fragment in err, (fragment, err)
    return lines[0]


def ok(result: CliResult) -> str:
    code, out, err = result
    assert code == 0, result
    assert "Traceback" not in err
    return out


@pytest.fixture
def made(vault_and_code: tuple[Vault, str]) -> tuple[Path, str]:
    """A test vault, closed so the CLI can take the lock; and its recovery code."""
    vault, code = vault_and_code
    vault.close()
    return vault.path, code


@pytest.fixture
def cli(run_cli: RunCli, made: tuple[Path, str], pass_file: Path) -> RunCli:
    """run_cli with --vault and --passphrase-file of the test vault appended."""

    def run(*args: str | os.PathLike[str], stdin: str | bytes | None = None) -> CliResult:
        return run_cli(*args, "--vault", made[0], "--passphrase-file", pass_file, stdin=stdin)

    return run


def lines_file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "lines.txt"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def count(path: Path, passphrase: str = PASSPHRASE) -> int:
    vault = open_vault(path, passphrase)
    try:
        return len(vault.entries())
    finally:
        vault.close()


def add_entries(path: Path, *entries: Entry) -> list[Entry]:
    vault = open_vault(path)
    try:
        vault.save_many(list(entries))
    finally:
        vault.close()
    return list(entries)


# ----------------------------------------------------------------------- init
def test_init_creates_a_vault_and_shows_the_recovery_code_once(
    run_cli: RunCli, vault_path: Path, tmp_path: Path
) -> None:
    secrets = lines_file(tmp_path, PASSPHRASE, PASSPHRASE)
    out = ok(run_cli("init", "--vault", vault_path, "--passphrase-file", secrets))
    assert f"Created an encrypted vault at {vault_path}" in out
    codes = CODE.findall(out)
    assert len(codes) == 1
    assert stat.S_IMODE(vault_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(vault_path.parent.stat().st_mode) == 0o700
    vault = Vault.open(vault_path, insecure_kdf_for_tests=True)
    vault.unlock_with_recovery(codes[0])
    vault.close()
    open_vault(vault_path).close()
    info = json.loads(ok(run_cli("info", "--vault", vault_path, "--json")))
    assert info["recovery_code"] is True
    assert_error(
        run_cli("init", "--vault", vault_path, "--passphrase-file", secrets), 1, "already exists"
    )


def test_init_without_recovery_code(run_cli: RunCli, vault_path: Path, tmp_path: Path) -> None:
    secrets = lines_file(tmp_path, PASSPHRASE)
    out = ok(
        run_cli("init", "--no-recovery-code", "--vault", vault_path, "--passphrase-file", secrets)
    )
    assert not CODE.search(out) and "Recovery code" not in out
    info = json.loads(ok(run_cli("info", "--vault", vault_path, "--json")))
    assert info["recovery_code"] is False
    assert "Recovery: none" in ok(run_cli("info", "--vault", vault_path))
    recover = lines_file(tmp_path, "0" * 32, NEW_PASSPHRASE, NEW_PASSPHRASE)
    assert_error(
        run_cli("recover", "--vault", vault_path, "--passphrase-file", recover),
        1,
        "without a recovery code",
    )


@pytest.mark.parametrize(
    ("lines", "fragment"),
    [
        (["password1", "password1"], "too easy to guess"),
        (["aaaaaaaaaaaa", "aaaaaaaaaaaa"], "too easy to guess"),
        ([PASSPHRASE, PASSPHRASE + "!"], "differ"),
        ([""], "cannot be empty"),
        (["", ""], "cannot be empty"),
    ],
)
def test_init_refuses_weak_or_mismatched_passphrases(
    run_cli: RunCli, vault_path: Path, tmp_path: Path, lines: list[str], fragment: str
) -> None:
    secrets = lines_file(tmp_path, *lines)
    assert_error(run_cli("init", "--vault", vault_path, "--passphrase-file", secrets), 2, fragment)
    assert not vault_path.exists()


def test_init_refuses_a_folder(run_cli: RunCli, tmp_path: Path) -> None:
    secrets = lines_file(tmp_path, PASSPHRASE, PASSPHRASE)
    assert_error(run_cli("init", "--vault", tmp_path, "--passphrase-file", secrets), 1, "folder")


# ------------------------------------------------------------------------ add
def test_add_from_argument_and_stdin(cli: RunCli, made: tuple[Path, str]) -> None:
    out = ok(cli("add", "I was unkind", "--title", "Dinner", "--tag", "#family", "--tag", "sam"))
    short = re.fullmatch(r"Added ([0-9a-f]{8})\n", out)
    assert short
    ok(cli("add", "-", "--kind", "conduct", stdin="line one\nline two\n"))
    listed = json.loads(ok(cli("list", "--json")))
    by_title = {e["title"]: e for e in listed}
    assert by_title["Dinner"]["tags"] == ["family", "sam"]
    assert by_title["Dinner"]["short_id"] == short.group(1)
    assert by_title["line one"]["kind"] == "conduct"
    vault = open_vault(made[0])
    entry = vault.get_entry(by_title["line one"]["id"])
    vault.close()
    assert entry.answers[0].text == "line one\nline two\n"


def test_add_refusals_change_nothing(run_cli: RunCli, cli: RunCli, made: tuple[Path, str]) -> None:
    ok(cli("add", "kept"))
    assert_error(cli("add", "x", "--kind", "rant"), 2, "unknown kind")
    assert_error(cli("add", "   "), 2, "empty")
    assert_error(cli("add", "-", stdin=b"caf\xe9 \xff\xfe"), 2, "not UTF-8")
    both = run_cli("add", "-", "--vault", made[0], "--passphrase-file", "-", stdin="x")
    assert_error(both, 2, "both the text and the passphrase")
    assert count(made[0]) == 1


def test_a_10_mb_entry_is_refused_and_nothing_is_lost(cli: RunCli, made: tuple[Path, str]) -> None:
    ok(cli("add", "kept"))
    before = records(made[0])
    line = assert_error(cli("add", "-", stdin="x" * (10 * 1024 * 1024)), 2, "too large")
    assert "(10.0 MiB)" in line and "the limit is 4 MiB" in line  # its real size, once
    assert records(made[0]) == before
    assert "ok: 1 records" in ok(cli("verify"))


def test_control_characters_are_stored_exactly_and_never_shown(
    cli: RunCli, made: tuple[Path, str]
) -> None:
    (entry,) = add_entries(
        made[0],
        Entry(title=CONTROLLED, answers=[Answer(step_id="b", text=CONTROLLED)], tags=["t\x1b[2J"]),
    )
    shown = ok(cli("show", entry.id))
    assert not UNSAFE.search(shown), repr(shown)
    assert "Bell" in shown and "end" in shown and "evil" in shown
    as_json = ok(cli("show", entry.id, "--json"))
    assert not UNSAFE.search(as_json), repr(as_json)  # escaped, not raw
    doc = json.loads(as_json)
    assert doc["title"] == CONTROLLED and doc["answers"][0]["text"] == CONTROLLED
    assert doc["tags"] == ["t\x1b[2J"]
    listed = ok(cli("list"))
    assert not UNSAFE.search(listed)
    listed_json = ok(cli("list", "--json"))
    assert not UNSAFE.search(listed_json)
    assert json.loads(listed_json)[0]["title"] == CONTROLLED
    assert not UNSAFE.search(ok(cli("search", "Bell", "--json")))


# ---------------------------------------------------------------- list, search
def _dated(title: str, day: int, kind: str = "free", tags: tuple[str, ...] = ()) -> Entry:
    when = datetime(2025, 3, day, 12, tzinfo=UTC)
    return Entry(title=title, kind=kind, tags=list(tags), created_at=when, updated_at=when)


def test_list_filters(cli: RunCli, made: tuple[Path, str]) -> None:
    add_entries(
        made[0],
        _dated("first", 1, "conduct", ("work",)),
        _dated("second", 10, "free", ("Family",)),
        _dated("third", 20, "conduct", ("family", "work")),
    )

    def titles(*args: str) -> list[str]:
        return [e["title"] for e in json.loads(ok(cli("list", "--json", *args)))]

    assert titles() == ["third", "second", "first"]
    assert titles("--kind", "conduct") == ["third", "first"]
    assert titles("--tag", "family") == ["third", "second"]
    assert titles("--tag", "#work", "--kind", "conduct") == ["third", "first"]
    assert titles("--since", "2025-03-10") == ["third", "second"]
    assert titles("--until", "2025-03-10") == ["second", "first"]
    assert titles("--since", "2025-03-02", "--until", "2025-03-19") == ["second"]
    assert titles("-n", "1") == ["third"]
    assert titles("--kind", "checkin") == []
    plain = ok(cli("list"))
    assert re.search(r"^[0-9a-f]{8}  2025-03-20 12:00  conduct     third$", plain, re.M), plain
    assert_error(cli("list", "--since", "March"), 2, "not a date")
    code, out, err = cli("list", "--kind", "checkin")
    assert (code, out, err) == (0, "", "No entries.\n")


def test_search(cli: RunCli, made: tuple[Path, str]) -> None:
    add_entries(
        made[0],
        Entry(title="Apology", answers=[Answer(step_id="b", text="I raised my voice at Sam")]),
        Entry(title="Work", kind="conduct", answers=[Answer(step_id="b", text="Took credit")]),
    )
    found = json.loads(ok(cli("search", "VOICE sam", "--json")))
    assert [e["title"] for e in found] == ["Apology"]
    assert json.loads(ok(cli("search", "voice credit", "--json"))) == []
    assert [
        e["title"] for e in json.loads(ok(cli("search", "", "--kind", "conduct", "--json")))
    ] == ["Work"]
    assert "Apology" in ok(cli("search", "raised"))


# ----------------------------------------------------------------------- show
def test_show_by_id_and_prefix(cli: RunCli, made: tuple[Path, str]) -> None:
    one, two, _ = add_entries(
        made[0],
        Entry(id="abcd1" + "0" * 27, title="one", tags=["x"]),
        Entry(
            id="abcd2" + "0" * 27,
            title="two",
            answers=[Answer(step_id="s", prompt="Why?", text="Because")],
        ),
        Entry(title="three"),
    )
    assert ok(cli("show", one.id)).startswith("one\n" + one.id)
    assert ok(cli("show", "ABCD1")).startswith("one\n")
    shown = ok(cli("show", "abcd2"))
    assert "— Why?\nBecause" in shown
    assert json.loads(ok(cli("show", "abcd2", "--json")))["id"] == two.id
    assert "Tags: x" in ok(cli("show", one.id[:8]))
    assert_error(cli("show", "abcd"), 2, "matches 2")
    assert_error(cli("show", "abc"), 2, "at least 4")
    assert_error(cli("show", "ffffffff"), 1, "no entry")


def test_show_names_the_flow_an_entry_came_from(cli: RunCli, made: tuple[Path, str]) -> None:
    (told,) = add_entries(made[0], Entry(title="told", kind="bystander", flow="friend_told"))
    assert f"{told.id} · A friend told me what he did · " in ok(cli("show", told.id))


# --------------------------------------------------------------------- delete
def test_delete_needs_yes_without_a_terminal(cli: RunCli, made: tuple[Path, str]) -> None:
    doomed, kept = add_entries(made[0], Entry(title="doomed"), Entry(title="kept"))
    assert_error(cli("delete", doomed.id[:8]), 2, "not deleted", "--yes")
    assert count(made[0]) == 2
    assert ok(cli("delete", doomed.id[:8], "--yes")) == f"Deleted {doomed.short_id}\n"
    vault = open_vault(made[0])
    assert [e.id for e in vault.entries()] == [kept.id]
    vault.close()
    assert_error(cli("delete", doomed.id, "--yes"), 1, "no entry")


# --------------------------------------------------------------------- passwd
def test_passwd_changes_the_passphrase(
    run_cli: RunCli, made: tuple[Path, str], tmp_path: Path
) -> None:
    path = made[0]
    add_entries(path, Entry(title="kept"))
    add_entries(path, Entry(title="also kept"))
    secrets = lines_file(tmp_path, PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)
    result = run_cli("passwd", "--vault", path, "--passphrase-file", secrets)
    out = ok(result)
    assert "Passphrase changed. Your recovery code still works." in out
    assert result[2] == "Re-encrypting 2 records…\n"  # every record sealed again: said once
    assert count(path, NEW_PASSPHRASE) == 2
    old = lines_file(tmp_path, PASSPHRASE)
    line = assert_error(run_cli("list", "--vault", path, "--passphrase-file", old), 3)
    assert line.startswith(WRONG)


@pytest.mark.parametrize(
    ("lines", "status", "fragment"),
    [
        ([PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE + "x"], 2, "differ"),
        ([PASSPHRASE, "password1", "password1"], 2, "too easy"),
        (["not the passphrase", NEW_PASSPHRASE, NEW_PASSPHRASE], 3, "wrong passphrase"),
        ([PASSPHRASE], 2, "needs 2 lines"),
    ],
)
def test_passwd_refusals_change_nothing(
    run_cli: RunCli,
    made: tuple[Path, str],
    tmp_path: Path,
    lines: list[str],
    status: int,
    fragment: str,
) -> None:
    path = made[0]
    before = header_row(path)
    secrets = lines_file(tmp_path, *lines)
    assert_error(run_cli("passwd", "--vault", path, "--passphrase-file", secrets), status, fragment)
    assert header_row(path) == before
    open_vault(path, PASSPHRASE).close()


def test_passwd_on_a_format_1_vault_replaces_a_code_it_cannot_carry(
    run_cli: RunCli, tmp_path: Path
) -> None:
    import shutil

    stored = Path(__file__).parent / "data" / "format-1-vault.db"
    path = Path(shutil.copy(stored, tmp_path / "v.db"))
    secrets = lines_file(tmp_path, PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)
    out = ok(run_cli("passwd", "--vault", path, "--passphrase-file", secrets))
    assert "Your old recovery code no longer works" in out
    new_code = out.split("your new recovery code is ")[1].split(".")[0]
    vault = Vault.open(path, insecure_kdf_for_tests=True)
    with vault:
        vault.unlock_with_recovery(new_code)
        assert len(vault.entries()) == 2


# -------------------------------------------------------------------- recover
def test_recover_with_the_code(run_cli: RunCli, made: tuple[Path, str], tmp_path: Path) -> None:
    path, code = made
    add_entries(path, Entry(title="kept"))
    typed = code.lower().replace("-", "")
    secrets = lines_file(tmp_path, typed, NEW_PASSPHRASE, NEW_PASSPHRASE)
    assert "New passphrase set" in ok(
        run_cli("recover", "--vault", path, "--passphrase-file", secrets)
    )
    assert count(path, NEW_PASSPHRASE) == 1
    assert_error(
        run_cli("list", "--vault", path, "--passphrase-file", lines_file(tmp_path, PASSPHRASE)),
        3,
    )


@pytest.mark.parametrize(
    ("first", "status", "fragment"),
    [
        ("0" * 32, 3, "does not open this vault"),
        ("not-a-code", 2, "not a recovery code"),
    ],
)
def test_recover_refusals_change_nothing(
    run_cli: RunCli, made: tuple[Path, str], tmp_path: Path, first: str, status: int, fragment: str
) -> None:
    path = made[0]
    before = header_row(path)
    secrets = lines_file(tmp_path, first, NEW_PASSPHRASE, NEW_PASSPHRASE)
    assert_error(
        run_cli("recover", "--vault", path, "--passphrase-file", secrets), status, fragment
    )
    assert header_row(path) == before


# ----------------------------------------------------------------------- info
def test_info_with_and_without_passphrase(
    run_cli: RunCli, cli: RunCli, made: tuple[Path, str]
) -> None:
    path = made[0]
    add_entries(path, Entry(title="a"), Entry(title="b"))
    bare = json.loads(ok(run_cli("info", "--vault", path, "--json")))
    assert set(bare) == {
        "path",
        "size_bytes",
        "format_version",
        "schema_version",
        "kdf",
        "recovery_code",
    }
    assert bare["path"] == str(path)
    assert bare["size_bytes"] >= path.stat().st_size > 0
    assert (bare["format_version"], bare["schema_version"]) == (2, 1)
    assert set(bare["kdf"]) == {"algorithm", "memory_kib", "iterations", "lanes"}
    assert bare["kdf"]["algorithm"] == "argon2id" and bare["kdf"]["lanes"] == 4
    assert bare["recovery_code"] is True
    full = json.loads(ok(cli("info", "--json")))
    assert {k: full[k] for k in ("entries", "drafts", "commitments")} == {
        "entries": 2,
        "drafts": 0,
        "commitments": 0,
    }
    text = ok(cli("info"))
    assert f"Vault:    {path}" in text and "Argon2id" in text and "Entries:  2" in text
    assert_error(run_cli("info", "--vault", path, "--unlock"), 2, "no passphrase")


def test_info_reads_a_vault_open_elsewhere(
    run_cli: RunCli, vault: Vault, vault_path: Path, pass_file: Path
) -> None:
    vault.save_entry(Entry(title="held"))
    info = json.loads(ok(run_cli("info", "--vault", vault_path, "--json")))
    assert info["format_version"] == 2
    assert run_cli("info", "--vault", vault_path, "--passphrase-file", pass_file) == (5, "", BUSY)


# --------------------------------------------------------------------- verify
def test_verify_ok_damaged_and_manifest(cli: RunCli, made: tuple[Path, str]) -> None:
    path = made[0]
    a, b, c = add_entries(path, Entry(title="a"), Entry(title="b"), Entry(title="c"))
    assert ok(cli("verify")) == "ok: 3 records open and match the manifest\n"
    rows = records(path)
    put_record(path, a.id, rows[b.id])  # b's ciphertext under a's id
    code, out, err = cli("verify")
    assert code == 4
    assert f"damaged: {a.id}" in out
    assert_error((code, out, err), 4, "1 damaged records", "restore from a backup")
    # Other commands still run, with a warning.
    code, out, err = cli("list")
    assert code == 0 and err.startswith("amends: warning:") and "run amends verify" in err
    put_record(path, a.id, rows[a.id])
    assert ok(cli("verify")).startswith("ok: 3 records")
    with raw_db(path) as con:
        con.execute("DELETE FROM records WHERE id = ?", (c.id,))
    code, out, err = cli("verify")
    assert code == 4 and "manifest: records were deleted, added or rolled back" in out
    assert_error((code, out, err), 4, "manifest mismatch")
    put_record(path, c.id, rows[c.id])
    assert ok(cli("verify")).startswith("ok: 3 records")
    # Roll one entry back to its previous version, bytes and version number and all.
    vault = open_vault(path)
    b.title = "b, edited"
    vault.save_entry(b)
    vault.close()
    assert ok(cli("verify")).startswith("ok: 3 records")
    put_record(path, b.id, rows[b.id])
    code, out, err = cli("verify")
    assert code == 4 and "damaged:" not in out and "manifest:" in out
    assert_error((code, out, err), 4, "0 damaged records, manifest mismatch")


# --------------------------------------------------------------------- backup
def test_backup_is_an_encrypted_vault_of_its_own(
    cli: RunCli, made: tuple[Path, str], tmp_path: Path, permissive_umask: None
) -> None:
    entries = add_entries(made[0], Entry(title="a"), Entry(title="b"))
    dest = tmp_path / "backups" / "copy.db"
    assert "Backed up to" in ok(cli("backup", dest))
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert b"SQLite format 3" in dest.read_bytes()[:16]
    assert sorted(p.name for p in dest.parent.iterdir()) == ["copy.db"]
    copy = open_vault(dest)
    assert sorted(e.id for e in copy.entries()) == sorted(e.id for e in entries)
    assert copy.verify().ok
    copy.close()
    assert_error(cli("backup", dest), 1, "already exists")


# --------------------------------------------------------------------- export
def test_export_json_and_markdown_warn_and_are_private(
    cli: RunCli, made: tuple[Path, str], tmp_path: Path, permissive_umask: None
) -> None:
    add_entries(
        made[0],
        Entry(title="First", answers=[Answer(step_id="b", text="plain words")], tags=["t1"]),
        Entry(title=CONTROLLED, answers=[Answer(step_id="b", text=CONTROLLED)]),
        Entry(title="Last one", answers=[Answer(step_id="b", text="after the controls")]),
    )
    for fmt in ("json", "markdown"):
        out_path = tmp_path / f"export.{fmt}"
        code, out, err = cli("export", "--format", fmt, "--out", out_path)
        assert code == 0 and out == ""
        assert err.startswith("amends: warning: this writes your whole journal in plaintext")
        assert "Exported to" in err
        assert stat.S_IMODE(out_path.stat().st_mode) == 0o600
        text = out_path.read_text(encoding="utf-8")
        assert not UNSAFE.search(text), repr(text)
        for words in ("First", "plain words", "Bell", "end", "Last one", "after the controls"):
            assert words in text, (fmt, words)
        if fmt == "json":
            doc = json.loads(text)
            assert doc["format"] == "amends-export" and len(doc["entries"]) == 3
    code, out, err = cli("export")
    assert code == 0 and err.startswith("amends: warning:")
    assert len(json.loads(out)["entries"]) == 3
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".", "export"))) == [
        "export.json",
        "export.markdown",
    ]


# --------------------------------------------------------------------- import
def test_import_round_trips_an_amends_export(
    run_cli: RunCli, cli: RunCli, made: tuple[Path, str], tmp_path: Path, pass_file: Path
) -> None:
    originals = add_entries(
        made[0],
        Entry(title="a", kind="conduct", tags=["x"], answers=[Answer(step_id="s", text="α\nβ")]),
        Entry(title="b", starred=True),
    )
    exported = tmp_path / "export.json"
    ok(cli("export", "--out", exported))
    other = tmp_path / "other.db"
    Vault.create(other, PASSPHRASE, insecure_kdf_for_tests=True)[0].close()
    target = ("--vault", other, "--passphrase-file", pass_file)
    assert ok(run_cli("import", exported, *target)) == "Imported 2 items\n"
    assert ok(run_cli("import", exported, *target)) == "Imported 0 items; already here: 2\n"
    vault = open_vault(other)
    for original in originals:
        assert vault.get_entry(original.id) == original
    vault.close()


def test_import_a_jrnl_export_and_a_plain_list(
    cli: RunCli, made: tuple[Path, str], tmp_path: Path
) -> None:
    jrnl = Path(__file__).parent / "data" / "jrnl-4.6-export.json"
    assert ok(cli("import", jrnl)) == "Imported 5 items\n"
    plain = tmp_path / "plain.json"
    plain.write_text(
        json.dumps(
            [
                {"title": "from a list", "body": "text", "tags": ["a"], "kind": "conduct"},
                {"body": "no title", "created_at": "2024-02-03T04:05:06+01:00"},
            ]
        )
    )
    assert ok(cli("import", "-", stdin=plain.read_bytes().decode())) == "Imported 2 items\n"
    one = json.dumps([{"title": "just one"}])
    assert ok(cli("import", "-", stdin=one)) == "Imported 1 item\n"
    titles = {e["title"]: e for e in json.loads(ok(cli("list", "--json")))}
    assert titles["from a list"]["kind"] == "conduct" and titles["from a list"]["tags"] == ["a"]
    assert titles["no title"]["created_at"] == "2024-02-03T04:05:06+01:00"
    assert len(titles) == 8


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('[{"title": "ok"}, {"title": 5}]', "item 2"),
        ('[{"title": "ok"}, {"title": "x", "kind": "rant"}]', "item 2"),
        ('[{"title": "ok"}, "just text"]', "item 2"),
        ('[{"title": "a"}, {"title": "b"}, {"created_at": "yesterday"}]', "item 3"),
        ('{"entries": [{"title": "ok", "date": "2024-01-01"}, {"date": "2024-01-02"}]}', "item 2"),
        ('{"format": "amends-export", "entries": [{"id": "mine", "title": "x"}]}', "item 1"),
        ('{"format": "amends-export", "entries": "none"}', "not a list"),
        ("{not json", "not valid JSON"),
        ('"a string"', "looks like a lone JSON string"),
        pytest.param("[" * 100_000, "nested", id="deeply-nested"),
    ],
)
def test_a_bad_import_names_the_item_and_imports_nothing(
    cli: RunCli, made: tuple[Path, str], tmp_path: Path, content: str, fragment: str
) -> None:
    add_entries(made[0], Entry(title="already"))
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    assert_error(cli("import", bad), 2, fragment)
    assert count(made[0]) == 1


def test_import_refuses_unreadable_files(
    run_cli: RunCli, cli: RunCli, made: tuple[Path, str], tmp_path: Path
) -> None:
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes(b'[{"title": "caf\xe9"}]')
    assert_error(cli("import", latin1), 2, "not UTF-8")
    assert_error(cli("import", tmp_path / "missing.json"), 2, "cannot read")
    both = run_cli("import", "-", "--vault", made[0], "--passphrase-file", "-", stdin="[]")
    assert_error(both, 2, "stdin")
    assert count(made[0]) == 0


# ------------------------------------------------------------------------ help
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(run_cli: RunCli, command: str) -> None:
    code, out, err = run_cli(command, "--help")
    assert code == 0 and err == ""
    assert out.startswith(f"usage: amends {command}")
    assert "--vault" in out and "--passphrase-file" in out


def test_top_level_help_and_version(run_cli: RunCli) -> None:
    code, out, _ = run_cli("--help")
    assert code == 0
    for command in COMMANDS:
        assert command in out
    code, out, _ = run_cli("--version")
    assert code == 0 and out.startswith("amends ")


# ------------------------------------------------------------------ bad input
def test_usage_errors(run_cli: RunCli, cli: RunCli, made: tuple[Path, str], tmp_path: Path) -> None:
    assert_error(run_cli("frobnicate"), 2, "see amends --help")
    assert_error(run_cli("show"), 2, "required")
    assert_error(cli("list", "-n", "many"), 2, "invalid int")
    path = made[0]
    assert_error(run_cli("list", "--vault", path), 2, "no passphrase", "--passphrase-file")
    assert_error(
        run_cli("list", "--vault", path, "--passphrase-file", tmp_path / "nope"),
        2,
        "cannot read the passphrase file",
    )
    empty = tmp_path / "empty-pass"
    empty.write_text("")
    assert_error(run_cli("list", "--vault", path, "--passphrase-file", empty), 2, "needs 1 lines")
    binary = tmp_path / "binary-pass"
    binary.write_bytes(b"\xff\xfe\n")
    assert_error(run_cli("list", "--vault", path, "--passphrase-file", binary), 2, "not UTF-8")
    from_stdin = run_cli("list", "--vault", path, "--passphrase-file", "-", stdin=PASSPHRASE)
    assert from_stdin == (0, "", "No entries.\n")


def test_wrong_passphrase_and_damaged_header_read_the_same(
    run_cli: RunCli, made: tuple[Path, str], tmp_path: Path, pass_file: Path
) -> None:
    path = made[0]
    wrong = lines_file(tmp_path, "Correct horse battery staple")
    wrong_line = assert_error(run_cli("list", "--vault", path, "--passphrase-file", wrong), 3)
    data, mac = header_row(path)
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x04
    set_header_row(path, bytes(flipped), mac)
    damaged_line = assert_error(run_cli("list", "--vault", path, "--passphrase-file", pass_file), 3)
    assert wrong_line == damaged_line
    assert wrong_line.startswith(WRONG)
    set_header_row(path, data, mac)
    set_header_row(path, data, bytes(32))
    assert assert_error(run_cli("verify", "--vault", path, "--passphrase-file", pass_file), 3) == (
        wrong_line
    )


def test_bad_vault_files(
    run_cli: RunCli, made: tuple[Path, str], tmp_path: Path, pass_file: Path
) -> None:
    def listing(path: Path) -> CliResult:
        return run_cli("list", "--vault", path, "--passphrase-file", pass_file)

    assert_error(listing(tmp_path / "missing.db"), 1, "no vault at", "amends init")
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    assert_error(listing(empty), 3, "is empty")
    assert empty.read_bytes() == b""
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(made[0].read_bytes()[:1000])
    assert_error(listing(truncated), 3, "damaged", "backup")
    text = tmp_path / "notes.txt"
    text.write_text("dear diary\n" * 200)
    assert_error(listing(text), 3, "not an amends vault")
    assert text.read_text() == "dear diary\n" * 200
    assert_error(listing(tmp_path), 1, "is a folder")
    assert_error(run_cli("info", "--vault", tmp_path / "missing.db"), 1, "no vault at")
    for name in ("missing.db", "truncated.db", "notes.txt"):
        assert_error(run_cli("info", "--vault", tmp_path / name), 1 if name == "missing.db" else 3)


def test_busy_vault_exits_5(
    run_cli: RunCli, vault: Vault, vault_path: Path, pass_file: Path
) -> None:
    for command in (["list"], ["add", "x"], ["verify"], ["passwd"], ["backup", "b.db"]):
        code, out, err = run_cli(*command, "--vault", vault_path, "--passphrase-file", pass_file)
        assert (code, out, err) == (5, "", BUSY), command


def _make_read_only(folder: Path) -> str:
    """Make ``folder`` unwritable; returns how (chmod, or chattr +i for root)."""
    if os.geteuid() != 0:
        folder.chmod(0o500)
        return "chmod"
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("running as root, which ignores folder permissions, and chattr is missing")
    done = subprocess.run([chattr, "+i", str(folder)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(
            "running as root, which ignores folder permissions, and this filesystem "
            f"refuses chattr +i: {done.stderr.decode().strip()}"
        )
    return "chattr"


def _make_writable(folder: Path, how: str) -> None:
    if how == "chmod":
        folder.chmod(0o700)
    else:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_folder_is_reported_and_nothing_is_lost(
    run_cli: RunCli, made: tuple[Path, str], tmp_path: Path, pass_file: Path
) -> None:
    path = made[0]
    add_entries(path, Entry(title="kept"))
    before = path.read_bytes()
    folder = path.parent
    secrets = lines_file(tmp_path, PASSPHRASE, PASSPHRASE)
    how = _make_read_only(folder)
    try:
        for args in (["add", "more"], ["list"]):
            line = assert_error(run_cli(*args, "--vault", path, "--passphrase-file", pass_file), 1)
            assert "folder must be writable" in line and str(path) in line, line
        code, out, err = run_cli("init", "--vault", folder / "new.db", "--passphrase-file", secrets)
        # init says it is measuring the machine before it tries to write.
        progress, line = err.splitlines()
        assert progress.startswith("Measuring")
        assert_error((code, out, line + "\n"), 1, "cannot open", "new.db")
        assert sorted(p.name for p in folder.iterdir()) == ["vault.db"]
        assert path.read_bytes() == before
    finally:
        _make_writable(folder, how)
    assert count(path) == 1


# -------------------------------------------------- the real thing, end to end
def test_console_script_end_to_end_with_production_kdf(tmp_path: Path) -> None:
    """The installed ``amends`` script, production Argon2id (~0.75 s a derivation)."""
    script = Path(sys.executable).with_name("amends")
    if not script.exists():
        found = shutil.which("amends")
        if found is None:
            pytest.skip("the amends console script is not installed")
        script = Path(found)
    vault = tmp_path / "real" / "vault.db"
    secrets = lines_file(tmp_path, PASSPHRASE, PASSPHRASE)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("AMENDS_VAULT", None)

    def amends(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(script), *args, "--vault", str(vault), "--passphrase-file", str(secrets)],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )

    init = amends("init")
    assert init.returncode == 0, init.stderr
    assert CODE.search(init.stdout)
    add = amends("add", "-", "--title", "End to end", stdin="written through the real script\n")
    assert add.returncode == 0, add.stderr
    listed = amends("list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [e["title"] for e in json.loads(listed.stdout)] == ["End to end"]
    info = json.loads(amends("info", "--json").stdout)
    assert info["kdf"]["memory_kib"] >= 64 * 1024 and info["kdf"]["iterations"] >= 3
    assert info["entries"] == 1
    assert b"written through" not in vault.read_bytes()


def test_init_accepts_a_passphrase_longer_than_zxcvbn_reads(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """zxcvbn refuses more than 72 characters; a long passphrase must still work."""
    long = "walnut ladder orbit cinema " * 4  # 108 characters
    pass_file = tmp_path / "long.txt"
    pass_file.write_text(long + "\n", encoding="utf-8")
    vault = tmp_path / "long.db"
    status, _, err = run_cli("init", "--vault", vault, "--passphrase-file", pass_file)
    assert status == 0, err
    status, _, err = run_cli("list", "--vault", vault, "--passphrase-file", pass_file)
    assert status == 0, err


def test_passphrase_file_lines_end_only_at_newlines(tmp_path: Path, run_cli: RunCli) -> None:
    """A passphrase holding U+2028 or a form feed works from a file as at the prompt."""
    odd = "walnut\u2028ladder\x0corbit cinema quartz"
    pass_file = tmp_path / "odd.txt"
    pass_file.write_text(odd + "\r\n", encoding="utf-8")
    vault = tmp_path / "odd.db"
    assert run_cli("init", "--vault", vault, "--passphrase-file", pass_file)[0] == 0
    from journal.vault import Vault

    with Vault.open(vault, insecure_kdf_for_tests=True) as opened:
        opened.unlock(odd)
        assert opened.is_unlocked


def test_the_app_is_handed_in_by_the_console_script(tmp_path: Path) -> None:
    """No command (or 'checkin ID') opens the app through the launcher the console
    script passes in; the core alone has none and says so in one line."""
    from screens.launch import open_app

    calls: list[tuple[Path, str | None]] = []

    def launcher(
        path: Path,
        *,
        insecure_kdf_for_tests: bool = False,
        checkin: str | None = None,
        debug: bool = False,
    ) -> int:
        calls.append((path, checkin))
        return 0

    vault = tmp_path / "v.db"
    assert main(["--vault", str(vault)], launch_app=launcher) == 0
    assert main(["checkin", "abcd1234", "--vault", str(vault)], launch_app=launcher) == 0
    assert calls == [(vault, None), (vault, "abcd1234")]
    assert main(["--vault", str(vault)]) == 2
    assert callable(open_app)
    entry_points = (Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert 'amends = "screens.launch:main"' in entry_points


def test_vault_and_passphrase_options_go_before_or_after_the_command(
    run_cli: RunCli, made: tuple[Path, str], pass_file: Path, tmp_path: Path
) -> None:
    """A command's own copy of --vault must not reset one given before the command."""
    path = made[0]
    ok(run_cli("--vault", path, "--passphrase-file", pass_file, "add", "before"))
    ok(run_cli("add", "after", "--vault", path, "--passphrase-file", pass_file))
    ok(run_cli("--vault", path, "add", "mixed", "--passphrase-file", pass_file))
    listed = ok(run_cli("--passphrase-file", pass_file, "list", "--vault", path))
    assert [line.split()[-1] for line in listed.splitlines()] == ["mixed", "after", "before"]
    # Given twice, the one after the command wins.
    elsewhere = tmp_path / "elsewhere.db"
    assert_error(run_cli("--vault", path, "list", "--vault", elsewhere), 1, "no vault at")


def test_import_refuses_a_device_in_one_line(cli: RunCli) -> None:
    # /dev/zero never ends: it is refused by its type before anything is read.
    assert_error(cli("import", "/dev/zero"), 2, "/dev/zero is not a regular file")


def test_list_tag_finds_jrnl_tags_with_or_without_their_prefix(cli: RunCli) -> None:
    edge = Path(__file__).parent / "data" / "jrnl-4.6-edge-export.json"
    assert ok(cli("import", edge)) == "Imported 5 items\n"
    assert ok(cli("import", edge)) == "Imported 0 items; already here: 5\n"
    for tag in ("work", "@work", "#work"):
        assert "Tagged both ways" in ok(cli("list", "--tag", tag))
