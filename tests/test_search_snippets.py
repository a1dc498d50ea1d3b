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
from rich.cells import cell_len
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


def test_the_first_text_that_matches_and_a_tag_only_hit_has_none() -> None:
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


def test_a_match_in_the_answers_is_shown_before_one_in_the_title(vault: Vault) -> None:
    """The list row shows the title already: the snippet shows where his words matched."""
    shouted = Answer(step_id="s", text="I shouted in the kitchen")
    both = Entry(title="The kitchen", answers=[shouted])
    title_only = Entry(title="Kitchen talk", answers=[Answer(step_id="s", text="I said nothing")])
    vault.save_entry(both)
    vault.save_entry(title_only)
    vault.search("kitchen")
    found = vault.snippet(both.id, "kitchen")
    assert found is not None and found.text == "I shouted in the kitchen"
    found = vault.snippet(title_only.id, "kitchen")
    assert found is not None and found.text == "Kitchen talk"


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


#: A long entry whose one match is far in, near its end (issue 15 item 4's case: at 80
#: columns the row ended at "…[link=x]a link[/…", before the match).
FAR = (
    "I kept going over what I said to him that evening, and what I could have said "
    "instead, and the note I wrote him, with [link=x]a link[/link] to the "
    "harbour, where I sat until it was dark."
)


def cells_of(text: str) -> int:
    return cell_len(text)  # as rich, which draws the row, counts them


def test_the_snippet_is_centred_on_the_first_match_and_fits_its_width() -> None:
    for width in (30, 40, 56, 68, 90):
        found = snippet(["Evening", FAR], "harbour", width=width)
        assert found is not None
        assert marked(found) == ["harbour"], width
        assert cells_of(found.text) <= width, (width, found.text)
        start, end = found.spans[0]
        if found.text.endswith("…"):  # text on both sides: the match in the middle
            before, after = cells_of(found.text[:start]), cells_of(found.text[end:])
            assert abs(before - after) <= 12, (width, found.text)
    whole = snippet(["Evening", FAR], "harbour", width=len(FAR))
    assert whole is not None and whole.text == FAR  # room for it all: nothing cut


def test_wide_characters_count_as_two_cells() -> None:
    text = "昨日の夜、私は彼に大きな声を出してしまった。" * 4 + "港" + "まで歩いた。" * 6
    found = snippet([text], "港", width=30)
    assert found is not None and marked(found) == ["港"]
    assert cells_of(found.text) <= 30
    start = found.spans[0][0]
    assert 8 <= cells_of(found.text[:start]) <= 20  # about the middle, counted in cells


async def test_at_80_columns_a_far_match_is_in_its_row(tmp_path: Path) -> None:
    path = make_vault(tmp_path / "vault.db", [entry("Evening", FAR)])
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("slash")
        await type_text(pilot, "harbour")
        await settle(pilot)
        entries = app.screen.query_one(EntryList)
        row = entries.render_line(1)
        assert "harbour" in row.text, row.text
        assert "[link=x]a link[/link]" in row.text  # drawn as the text it is
        assert row.cell_length == entries.scrollable_content_region.width
        styled = [seg for seg in row if seg.text == "harbour"]
        assert styled and styled[0].style is not None and styled[0].style.bold


def test_cli_search_cuts_the_snippet_to_the_terminal(
    run_cli: RunCli, vault_and_code: tuple[Vault, str], tmp_path: Path, monkeypatch: Any
) -> None:
    vault = vault_and_code[0]
    vault.close()
    add_entries(vault.path, Entry(title="Evening", answers=[Answer(step_id="b", text=FAR)]))
    args = ("--vault", vault.path, "--passphrase-file", lines_file(tmp_path, PASSPHRASE))
    monkeypatch.setenv("COLUMNS", "60")
    line = ok(run_cli("search", "harbour", *args)).splitlines()[1]
    assert line.startswith("    …") and "harbour" in line
    assert cells_of(line) <= 60
    [found] = json.loads(ok(run_cli("search", "harbour", "--json", *args)))
    assert "harbour" in found["snippet"]  # --json: the default width, not the terminal's
    assert 60 < cells_of(found["snippet"]) <= 100
