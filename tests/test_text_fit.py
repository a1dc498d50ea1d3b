"""``fit``: user text cut to a width in terminal cells, at a word, with '…'."""

from __future__ import annotations

from journal.text import cells, fit

POINT = "It is not a way to reach the person you harmed, or to ask for forgiveness or praise."


def width(text: str) -> int:
    return sum(cells(c) for c in text)


def test_text_that_fits_is_whole_on_one_line() -> None:
    assert fit("Two\nlines", 20) == "Two lines"


def test_a_cut_falls_after_a_whole_word_and_ends_with_an_ellipsis() -> None:
    assert fit(POINT, 36) == "It is not a way to reach the person…"
    assert fit(POINT, 35) == "It is not a way to reach the…"  # "person" did not fit
    assert fit("I said, then left", 9) == "I said…"  # no comma before the '…'


def test_wide_characters_count_as_two_cells() -> None:
    text = "今日は 彼女に 謝った"
    assert fit(text, 10) == "今日は…"
    assert all(width(fit(text, n)) <= n for n in range(1, 20))


def test_a_first_word_longer_than_the_width_is_cut_inside() -> None:
    assert fit("Unforgivably", 5) == "Unfo…"
