"""Search context: where a hit's words matched, from text already decrypted.

The snippet keeps the user's case and marks every match; the vault gives it only
from text the search index (or opening the entry) already decrypted, so it is safe
to ask for as list rows are drawn; the CLI prints it and puts it in --json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import RunCli
from helpers import PASSPHRASE
from test_cli import add_entries, lines_file, ok
from tui_helpers import SIZE, entry, make_app, make_vault, settle, type_text, unlock

from journal.models import Answer, Entry
from journal.search import snippet
from journal.vault import Vault
from screens.widgets.entry_list import EntryList

VOICE = "Then, at dinner, I raised my VOICE at Sam in front of everyone and walked out."


def marked(found: Any) -> list[str]:
    return [found.text[start:end] for start, end in found.spans]


def test_the_snippet_keeps_case_and_marks_every_word() -> None:
    found = snippet(["Apology", VOICE], "voice sam")
    assert found is not None
    assert marked(found) == ["VOICE", "Sam"]
    assert "raised my VOICE at Sam" in found.text


def test_the_title_comes_first_and_a_tag_only_hit_has_none() -> None:
    found = snippet(["Raised voices", VOICE], "raised")
    assert found is not None and found.text == "Raised voices"
    assert snippet(["Title", "text"], "work") is None  # e.g. matched by its tag


def test_long_text_is_cut_around_the_match_on_word_boundaries() -> None:
    text = " ".join(["filler"] * 40) + " the word HERE matters " + " ".join(["more"] * 40)
    found = snippet([text], "here", width=40)
    assert found is not None
    assert found.text.startswith("…") and found.text.endswith("…")
    assert marked(found) == ["HERE"]
    assert len(found.text) <= 42
    assert "filler" in found.text  # some context before the match
    assert " fill…" not in found.text and "…ller" not in found.text


def test_casefolding_that_changes_length_still_marks_the_right_text() -> None:
    found = snippet(["Die Straße war leer"], "strasse")
    assert found is not None and marked(found) == ["Straße"]
    found = snippet(["ǅemal said İstanbul"], "i̇stanbul")
    assert found is not None and marked(found) == ["İstanbul"]


def test_lines_are_joined_so_a_snippet_is_one_line() -> None:
    found = snippet(["first line\n\nsecond   line"], "second")
    assert found is not None and found.text == "first line second line"
    assert marked(found) == ["second"]


def test_the_vault_never_decrypts_for_a_snippet(vault: Vault) -> None:
    saved = Entry(title="Dinner", answers=[Answer(step_id="s", text=VOICE)])
    vault.save_entry(saved)
    vault.lock()
    vault.unlock(PASSPHRASE)
    assert vault.snippet(saved.id, "voice") is None  # its answers are not decrypted yet
    assert vault._state is not None and saved.id not in vault._state.answers
    assert [e.id for e in vault.search("voice")] == [saved.id]  # the index decrypts once
    found = vault.snippet(saved.id, "voice")
    assert found is not None and marked(found) == ["VOICE"]
    vault.lock()
    assert vault.snippet(saved.id, "voice") is None


def test_cli_search_prints_and_returns_the_snippet(
    run_cli: RunCli, vault_and_code: tuple[Vault, str], tmp_path: Path
) -> None:
    vault = vault_and_code[0]
    vault.close()
    add_entries(
        vault.path,
        Entry(title="Apology", answers=[Answer(step_id="b", text=VOICE)]),
        Entry(title="Work", tags=["sam"], answers=[Answer(step_id="b", text="Took credit")]),
    )
    args = ("--vault", vault.path, "--passphrase-file", lines_file(tmp_path, PASSPHRASE))
    found = json.loads(ok(run_cli("search", "sam", "--json", *args)))
    by_title = {e["title"]: e for e in found}
    apology = by_title["Apology"]
    assert "raised my VOICE at Sam" in apology["snippet"]
    [[start, end]] = apology["matches"]
    assert apology["snippet"][start:end] == "Sam"
    assert by_title["Work"]["snippet"] is None  # only its tag matched
    plain = ok(run_cli("search", "voice", *args))
    assert "\n    Then, at dinner, I raised my VOICE at Sam" in plain
    assert "\x1b" not in plain  # not a terminal: no bold codes


async def test_the_home_list_shows_where_each_hit_matched(tmp_path: Path) -> None:
    path = make_vault(
        tmp_path / "vault.db",
        [
            entry("Dinner", VOICE, minutes_ago=1),
            entry("[bold]x[/]", "I said [red]nothing[/] when he laughed", minutes_ago=2),
        ],
    )
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("slash")
        await type_text(pilot, "laughed")
        await settle(pilot)
        rows = [app.screen.query_one(EntryList).render_line(y).text for y in range(3)]
        assert "[bold]x[/]" in rows[0]
        assert "I said [red]nothing[/] when he laughed" in rows[1]  # as text, not markup
        strip = app.screen.query_one(EntryList).render_line(1)
        styled = [seg for seg in strip if seg.text == "laughed"]
        assert styled and styled[0].style is not None and styled[0].style.bold
        search = app.screen.query_one("#search")
        search.value = ""  # type: ignore[attr-defined]
        await settle(pilot)
        rows = [app.screen.query_one(EntryList).render_line(y).text for y in range(2)]
        assert "Dinner" in rows[0] and "[bold]x[/]" in rows[1]  # one row each again
