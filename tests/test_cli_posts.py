"""The draft and review subcommands, and composing and writing drafts."""

from __future__ import annotations

import argparse
import io
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from journal.cli_posts import HASHTAG_HELP, PLATFORM_HELP, register
from journal.errors import AmendsError, UsageError
from journal.models import Answer, Entry
from journal.posts.compose import (
    build_draft,
    compose_entry,
    compose_text,
    normalise_hashtag,
    normalise_hashtags,
    pick_answers,
    strip_controls,
    write_draft,
)
from journal.posts.counting import PLATFORMS, get_platform

ENTRY = Entry(
    id="ab12cd34" + "0" * 24,
    kind="conduct",
    answers=[
        Answer(step_id="what", prompt="What happened?", text="I kept going after she said no."),
        Answer(step_id="private", prompt="Who?", text="Her name was Maria.", never_export=True),
        Answer(step_id="since", prompt="Since?", text="I have thought about it every day."),
        Answer(step_id="empty", prompt="Anything else?", text="   "),
    ],
)


def _run(argv: list[str], ctx: Any = None) -> int:
    # As journal.cli does: the vault options come in a parent parser.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--vault")
    parser = argparse.ArgumentParser(prog="amends")
    register(parser.add_subparsers(dest="command", required=True), common)
    args = parser.parse_args(argv)
    result: int = args.func(args, ctx)
    return result


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "post.txt"
    path.write_text(
        "I met Sarah at Lincoln High.\n\nI'm sorry if you were offended. It was just a joke.\n",
        encoding="utf-8",
    )
    return path


# --- review --------------------------------------------------------------------


def test_review_human_output_has_line_numbers(text_file: Path, capsys: Any) -> None:
    assert _run(["review", str(text_file)]) == 0
    out = capsys.readouterr().out
    assert "line 1, column 7 · identifying · name: “Sarah”" in out
    assert "line 3, column 5 · responsibility · non-apology" in out
    assert "Suggestion: a school" in out
    assert "4 findings. Nothing is blocked" in out


def test_review_json_offsets_point_into_the_input(text_file: Path, capsys: Any) -> None:
    assert _run(["review", str(text_file), "--json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    text = text_file.read_text(encoding="utf-8")
    assert [f["category"] for f in findings] == [
        "name",
        "school",
        "non-apology",
        "minimising",
    ]
    for f in findings:
        assert set(f) == {"check", "category", "start", "end", "text", "message", "suggestion"}
        assert text[f["start"] : f["end"]] == f["text"]


def test_review_reads_stdin(monkeypatch: Any, capsys: Any) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"Mistakes were made."), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert _run(["review", "--json"]) == 0
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert finding["category"] == "agentless"


def test_review_of_clean_text(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "clean.txt"
    path.write_text("I hurt someone, and I am working on changing.", encoding="utf-8")
    assert _run(["review", str(path)]) == 0
    assert "found nothing" in capsys.readouterr().out


def test_non_utf8_input_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("caf\xe9 Sarah".encode("latin-1"))
    with pytest.raises(UsageError) as excinfo:
        _run(["review", str(path)])
    assert "not valid UTF-8" in excinfo.value.message
    assert "Sarah" not in excinfo.value.message


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        _run(["review", str(tmp_path / "nope.txt")])


def test_json_escapes_terminal_controls(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "evil.txt"
    path.write_text("Sarah\x1b]52;c;aGk=\x07 \u202eevil\x9b", encoding="utf-8")
    _run(["review", str(path), "--json"])
    out = capsys.readouterr().out
    assert not any(c in out for c in "\x1b\x07\u202e\x9b")
    assert json.loads(out)["findings"][0]["text"] == "Sarah"


# --- draft from text -------------------------------------------------------------


def test_draft_json_from_text(text_file: Path, capsys: Any) -> None:
    argv = ["draft", "--text", str(text_file), "--platform", "x", "--hashtag", "himthough"]
    assert _run([*argv, "--hashtag", "#IDidThat", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["platform"] == "x" and data["limit"] == 280
    (part,) = data["parts"]
    assert part["text"].endswith("\n\n#HimThough #IDidThat")
    assert part["length"] == len(part["text"])  # plain ASCII weighs 1 per character
    assert "Sarah" not in part["text"] and "someone" in part["text"]  # redacted by default
    assert {f["category"] for f in data["replaced"]} == {"name", "school"}
    categories = [f["category"] for f in data["findings"]]
    assert categories == ["non-apology", "minimising"]
    for f in data["findings"]:
        assert data["text"][f["start"] : f["end"]] == f["text"]


def test_draft_keep_details_and_limit_make_a_thread(text_file: Path, capsys: Any) -> None:
    argv = ["draft", "--text", str(text_file), "--platform", "mastodon", "--limit", "40"]
    assert _run([*argv, "--keep-details", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["limit"] == 40
    parts = data["parts"]
    assert len(parts) > 1
    assert all(p["length"] <= 40 for p in parts)
    assert parts[0]["text"].endswith(f" 1/{len(parts)}")
    assert "Sarah" in parts[0]["text"]
    assert data["replaced"] == []


def test_draft_human_output(text_file: Path, capsys: Any) -> None:
    assert _run(["draft", "--text", str(text_file), "--platform", "bluesky", "--limit", "50"]) == 0
    out = capsys.readouterr().out
    assert "Bluesky · limit 50 · 3 parts" in out
    assert "[1/3] " in out and "/50" in out
    assert "Replaced 2 identifying details" in out
    assert "amends gives no legal advice" in out


def test_draft_facebook_reports_the_fold(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "long.txt"
    path.write_text("I did this. " * 60, encoding="utf-8")
    _run(["draft", "--text", str(path), "--platform", "facebook", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["fold"] is not None and data["fold"] <= 477
    assert len(data["parts"]) == 1


def test_draft_out_writes_a_private_file_without_controls(tmp_path: Path, capsys: Any) -> None:
    source = tmp_path / "in.txt"
    source.write_text(
        "I did that.\x1b[31m red\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07 \u202eok 👨‍👩‍👧‍👦",
        encoding="utf-8",
    )
    out = tmp_path / "post.txt"
    argv = ["draft", "--text", str(source), "--platform", "plain", "--out", str(out)]
    assert _run(argv) == 0
    assert out.read_text(encoding="utf-8") == "I did that. red link ok 👨‍👩‍👧‍👦\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt", "post.txt"]
    assert f"Wrote the parts to {out}" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["draft", "--platform", "x"],
        ["draft", "ab12", "--text", "-", "--platform", "x"],
        ["draft", "--text", "-", "--answers", "what", "--platform", "x"],
        ["draft", "--text", "-", "--platform", "x", "--hashtag", "two words"],
        ["draft", "--text", "-", "--platform", "x", "--limit", "0"],
        ["draft", "--text", "-", "--platform", "myspace"],
    ],
)
def test_draft_usage_errors(argv: list[str], monkeypatch: Any) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"text"), encoding="utf-8"))
    with pytest.raises(UsageError):
        _run(argv)


def test_metoo_is_not_a_preset() -> None:
    from journal.posts.compose import PRESET_HASHTAGS

    assert PRESET_HASHTAGS == ("#HimThough", "#IDidThat", "#HowIWillChange")


def test_draft_prints_the_checklist_to_stderr_unless_quiet(text_file: Path, capsys: Any) -> None:
    from journal.post_checklist import CHECKLIST

    assert _run(["draft", "--text", str(text_file), "--platform", "x", "--json"]) == 0
    captured = capsys.readouterr()
    json.loads(captured.out)  # stdout stays the JSON alone
    for point in CHECKLIST:
        assert point.text in captured.err
    assert "not legal advice" in captured.err
    assert "You last edited" not in captured.err  # a text file has no last edit to count from
    assert _run(["draft", "--text", str(text_file), "--platform", "x", "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_help_names_every_platform_and_two_presets() -> None:
    # The parser can't list PLATFORMS itself without loading journal.posts for every command.
    assert sorted(PLATFORM_HELP.replace(" or ", ", ").split(", ")) == sorted(PLATFORMS)
    assert "#HimThough" in HASHTAG_HELP and "#IDidThat" in HASHTAG_HELP


def test_draft_of_empty_text_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n", encoding="utf-8")
    with pytest.raises(UsageError):
        _run(["draft", "--text", str(path), "--platform", "x"])


# --- draft from an entry -----------------------------------------------------------


@pytest.fixture
def saved_entry(vault_path: Path, pass_file: Path) -> tuple[Path, Path]:
    """ENTRY saved in a real test vault, closed again so the CLI can open it."""
    from journal.vault import Vault

    vault, _ = Vault.create(vault_path, pass_file.read_text().strip(), insecure_kdf_for_tests=True)
    vault.save_entry(ENTRY.model_copy(deep=True))
    vault.close()
    return vault_path, pass_file


def _draft(saved: tuple[Path, Path], *args: str) -> list[str]:
    vault_path, pass_file = saved
    return ["draft", "ab12", "--vault", str(vault_path), "--passphrase-file", str(pass_file), *args]


def test_draft_from_entry_skips_never_export_answers(
    saved_entry: tuple[Path, Path], run_cli: Any
) -> None:
    status, out, _ = run_cli(*_draft(saved_entry, "--platform", "x", "--json"))
    assert status == 0
    data = json.loads(out)
    assert data["text"] == "I kept going after she said no.\n\nI have thought about it every day."
    assert "Maria" not in out
    assert data["findings"] == []
    # The vault was closed again: it can be opened (and locked) right away.
    from journal.vault import Vault

    Vault.open(saved_entry[0], insecure_kdf_for_tests=True).close()


def test_draft_of_an_entry_edited_lately_reminds_him_to_wait(
    saved_entry: tuple[Path, Path], run_cli: Any
) -> None:
    status, _, err = run_cli(*_draft(saved_entry, "--platform", "x"))
    assert status == 0
    assert "You last edited this entry less than 72 hours ago" in err
    assert "therapist or someone you trust" in err and "never" in err


def test_draft_of_an_entry_edited_long_ago_has_no_reminder(
    vault_path: Path, pass_file: Path, run_cli: Any
) -> None:
    from datetime import timedelta

    from journal.models import now
    from journal.vault import Vault

    old = ENTRY.model_copy(deep=True, update={"updated_at": now() - timedelta(hours=73)})
    vault, _ = Vault.create(vault_path, pass_file.read_text().strip(), insecure_kdf_for_tests=True)
    vault.save_entry(old)
    vault.close()
    status, _, err = run_cli(*_draft((vault_path, pass_file), "--platform", "x"))
    assert status == 0
    assert "Before you post:" in err and "You last edited" not in err


def test_draft_from_entry_in_the_asked_order(saved_entry: tuple[Path, Path], run_cli: Any) -> None:
    status, out, _ = run_cli(
        *_draft(saved_entry, "--platform", "x", "--answers", "since, what", "--json")
    )
    assert status == 0
    data = json.loads(out)
    assert data["text"] == "I have thought about it every day.\n\nI kept going after she said no."


def test_draft_refuses_a_never_export_answer(saved_entry: tuple[Path, Path], run_cli: Any) -> None:
    status, out, err = run_cli(*_draft(saved_entry, "--platform", "x", "--answers", "what,private"))
    assert status == 2
    assert "never to leave the vault" in err
    assert "Maria" not in out + err


def test_draft_of_an_unknown_entry(saved_entry: tuple[Path, Path], run_cli: Any) -> None:
    vault_path, pass_file = saved_entry
    status, _, err = run_cli(
        "draft",
        "ffff",
        "--platform",
        "x",
        "--vault",
        str(vault_path),
        "--passphrase-file",
        str(pass_file),
    )
    assert status == 1 and err.startswith("amends: no entry")


# --- composing -----------------------------------------------------------------------


def test_pick_answers() -> None:
    assert [a.step_id for a in pick_answers(ENTRY)] == ["what", "since"]
    assert [a.step_id for a in pick_answers(ENTRY, ["since", "what"])] == ["since", "what"]
    with pytest.raises(UsageError):
        pick_answers(ENTRY, ["private"])
    with pytest.raises(UsageError):
        pick_answers(ENTRY, ["nope"])


def test_compose() -> None:
    assert compose_text(["  one ", "", "two"], ["#MeToo"]) == "one\n\ntwo\n\n#MeToo"
    assert compose_text(["one"]) == "one"
    assert compose_entry(ENTRY, ["what"], ["ididthat"]) == (
        "I kept going after she said no.\n\n#IDidThat"
    )


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("himthough", "#HimThough"),
        ("#HOWIWILLCHANGE", "#HowIWillChange"),
        ("metoo", "#metoo"),  # not a preset: his own casing
        ("#MyOwnTag_2", "#MyOwnTag_2"),
        ("  ＃Überlegung ", "#Überlegung"),
    ],
)
def test_normalise_hashtag(tag: str, expected: str) -> None:
    assert normalise_hashtag(tag) == expected


@pytest.mark.parametrize("tag", ["two words", "#", "", "#123", "#no-dashes", "#tab\there"])
def test_normalise_hashtag_rejects(tag: str) -> None:
    with pytest.raises(UsageError):
        normalise_hashtag(tag)


def test_normalise_hashtags_drops_duplicates() -> None:
    assert normalise_hashtags(["IDidThat", "#ididthat", "#Mine"]) == ["#IDidThat", "#Mine"]


def test_build_draft_redacts_by_default() -> None:
    draft = build_draft(["I met Sarah in Portland."], get_platform("x"), ["#IDidThat"])
    assert draft.text == "I met someone in a city.\n\n#IDidThat"
    assert [f.text for f in draft.replaced] == ["Sarah", "Portland"]
    kept = build_draft(["I met Sarah."], get_platform("x"), keep_details=True)
    assert kept.text == "I met Sarah."
    assert [f.category for f in kept.findings] == ["name"]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x1b[1;31mb\x1b[0mc", "abc"),
        ("a\x1b]8;;https://evil.example\x07link\x1b]8;;\x1b\\b", "alinkb"),
        ("copy\x1b]52;c;ZXZpbA==\x07me", "copyme"),
        ("a\x9b31mb", "ab"),
        ("\u202eabc\u202c \u2066x\u2069", "abc x"),
        ("keep\ttabs\nand lines", "keep\ttabs\nand lines"),
        ("bell\x07 nul\x00 del\x7f c1\x85", "bell nul del c1"),
        ("👨‍👩‍👧‍👦 zwj stays", "👨‍👩‍👧‍👦 zwj stays"),
        ("\x1b[2Jclear\r\nline", "clear\nline"),
    ],
)
def test_strip_controls(raw: str, clean: str) -> None:
    assert strip_controls(raw) == clean


def test_write_draft_replaces_atomically(tmp_path: Path) -> None:
    target = tmp_path / "draft.txt"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o644)
    write_draft(target, "new \x1b[2Jtext")
    assert target.read_text(encoding="utf-8") == "new text"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["draft.txt"]


def test_write_draft_reports_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(AmendsError):
        write_draft(tmp_path / "no" / "such" / "dir.txt", "text")


# --- honest limits, languages, care, invisible characters (issue 12, 13 §8) ---------------


def test_review_json_names_languages_and_what_it_did_not_read(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "mixed.txt"
    path.write_text("I was wrong. Ella no dijo que no, y yo lo sabía.", encoding="utf-8")
    assert _run(["review", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["languages"] == ["en", "es"]
    assert data["not_reviewed"] == ["es"]
    assert data["findings"] == []
    assert any("Spanish" in note for note in data["notes"])
    assert _run(["review", str(path)]) == 0
    out = capsys.readouterr().out
    assert "The review does not read Spanish" in out
    assert "The review can miss things" in out


def test_every_review_says_it_can_miss_things(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "clean.txt"
    path.write_text("I hurt someone, and I am working on changing.", encoding="utf-8")
    _run(["review", str(path)])
    out = capsys.readouterr().out
    assert out.count("found nothing") == 1
    assert "read it again as the person it is about" in out


def test_care_finding_shows_a_way_to_support(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "dark.txt"
    path.write_text("Sometimes I think about ending things.", encoding="utf-8")
    _run(["review", str(path)])
    out = capsys.readouterr().out
    assert "care · self-harm" in out
    assert "Support: " in out and "Suggestion" not in out
    _run(["review", str(path), "--json"])
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert finding["check"] == "care"


def test_draft_json_has_languages_and_drops_invisible_characters(
    tmp_path: Path, capsys: Any
) -> None:
    path = tmp_path / "hidden.txt"
    path.write_text("I was wrong\u200b.\u2028I am sorry\U000e0041\U000e0042.", encoding="utf-8")
    assert _run(["draft", "--text", str(path), "--platform", "plain", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["text"] == "I was wrong.\nI am sorry."
    assert data["invisible_removed"] == 4
    assert data["languages"] == ["en"]
    assert data["not_reviewed"] == []
    assert any("can miss things" in note for note in data["notes"])
    _run(["draft", "--text", str(path), "--platform", "plain"])
    assert "Removed 4 invisible characters" in capsys.readouterr().out


def test_draft_redacts_a_realistic_story(tmp_path: Path, capsys: Any) -> None:
    story = (
        "In 2016 I was a shift lead at Brightline Logistics in Leeds. Siobhan had just "
        "started, and I kept messaging her. Her Instagram is siobhan.k_art.\n"
        "Oluwaseun from accounts told me to stop. I laughed. Siobhan left in March.\n"
        "We had met years before at Kings Park High, where Wanjiru and I were friends."
    )
    path = tmp_path / "story.txt"
    path.write_text(story, encoding="utf-8")
    _run(["draft", "--text", str(path), "--platform", "plain", "--json"])
    text = json.loads(capsys.readouterr().out)["text"]
    for detail in (
        "2016",
        "Brightline",
        "Leeds",
        "Siobhan",
        "siobhan.k_art",
        "Oluwaseun",
        "Kings Park",
        "Wanjiru",
    ):
        assert detail not in text, (detail, text)
    assert text.count("\n") == story.count("\n")
    assert "I laughed." in text
