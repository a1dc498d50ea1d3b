"""Splitting long posts into numbered threads that fit, by each platform's counter."""

from __future__ import annotations

import unicodedata

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.posts.counting import Platform, get_platform, grapheme_count
from journal.posts.splitting import Thread, split_thread


def _assert_well_formed(thread: Thread) -> None:
    limit = thread.platform.limit
    n = len(thread.parts)
    for i, part in enumerate(thread.parts, 1):
        assert part.length == thread.platform.counter(part.text)
        if n > 1:
            assert part.text == f"{part.body} {i}/{n}"
        if limit is not None and part.body not in thread.oversized:
            assert part.length <= limit, part


def _words(thread: Thread) -> list[str]:
    return " ".join(p.body for p in thread.parts).split()


def test_short_text_is_one_unnumbered_part() -> None:
    thread = split_thread("  I did that.  ", get_platform("x"))
    assert [p.text for p in thread.parts] == ["I did that."]
    assert thread.parts[0].length == 11
    assert thread.fits


def test_plain_has_no_limit() -> None:
    text = "word " * 5000
    assert len(split_thread(text, get_platform("plain")).parts) == 1


def test_prefers_paragraph_breaks() -> None:
    para = "I was wrong about what happened that night, and I want to say so plainly."
    text = "\n\n".join([para] * 3)
    thread = split_thread(text, get_platform("x", limit=170))
    _assert_well_formed(thread)
    assert [p.body for p in thread.parts] == [para + "\n\n" + para, para]


def test_prefers_sentence_ends_to_spaces() -> None:
    sentence = "I said things that hurt her and I did not stop when she asked me to."
    text = " ".join([sentence] * 6)
    thread = split_thread(text, get_platform("x", limit=150))
    _assert_well_formed(thread)
    assert len(thread.parts) > 1
    assert all(p.body.endswith(".") for p in thread.parts)
    assert _words(thread) == text.split()


def test_splits_at_spaces_when_a_sentence_is_too_long() -> None:
    text = " ".join(["responsibility"] * 60)
    thread = split_thread(text, get_platform("bluesky", limit=100))
    _assert_well_formed(thread)
    assert _words(thread) == text.split()


def test_numbering_counts_against_the_limit_and_resplits_when_digits_grow() -> None:
    # With a 1-digit total six "ab" fit a part ("ab ab ab ab ab ab 1/9" is 21),
    # which would be 60 words in 10 parts: " 1/10" no longer fits, so it re-splits.
    text = " ".join(["ab"] * 60)
    platform = Platform("test", 21, grapheme_count)
    thread = split_thread(text, platform)
    _assert_well_formed(thread)
    assert len(thread.parts) == 12
    assert thread.parts[0].text == "ab ab ab ab ab 1/12"
    assert _words(thread) == text.split()


def test_x_numbering_is_counted_by_the_weighted_counter() -> None:
    text = "故人西辞黄鹤楼 " * 60  # CJK weighs 2 on X
    thread = split_thread(text, get_platform("x"))
    _assert_well_formed(thread)
    assert all(p.length <= 280 for p in thread.parts)
    assert _words(thread) == text.split()


def test_cjk_splits_after_full_stops() -> None:
    text = "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。" * 12
    thread = split_thread(text, get_platform("x"))
    _assert_well_formed(thread)
    assert len(thread.parts) > 1
    assert all(p.body.endswith("。") for p in thread.parts)
    assert "".join(p.body for p in thread.parts) == text


def test_long_word_is_hard_split_at_grapheme_boundaries() -> None:
    word = "👨‍👩‍👧‍👦e\u0301🇺🇸" * 40
    thread = split_thread(word, get_platform("bluesky", limit=30))
    _assert_well_formed(thread)
    assert len(thread.parts) > 1
    assert "".join(p.body for p in thread.parts) == word
    clusters = regex.findall(r"\X", word)
    assert [c for p in thread.parts for c in regex.findall(r"\X", p.body)] == clusters


def test_a_url_longer_than_a_part_is_kept_whole_and_reported() -> None:
    url = "https://example.com/" + "a" * 400
    text = f"Before the link. {url} After the link."
    thread = split_thread(text, get_platform("bluesky"))
    assert url in [p.body for p in thread.parts]
    assert thread.oversized == (url,)
    assert not thread.fits
    assert _words(thread) == text.split()


def test_never_splits_inside_a_url_hashtag_or_mention() -> None:
    url = "https://example.com/" + "b" * 60
    tag = "#" + "HowIWillChange" * 6
    handle = "@" + "someone_" * 3 + "@mastodon.example"
    text = " ".join(["x" * 50, url, tag, handle, "x" * 50])
    thread = split_thread(text, get_platform("bluesky", limit=70))
    bodies = [p.body for p in thread.parts]
    for token in (url, tag):
        assert any(token in b for b in bodies)
    assert any(handle in b for b in bodies)
    assert thread.oversized == (url, tag)
    # An ordinary word of the same length is hard-split instead.
    assert not any(b == "x" * 50 + " " + url for b in bodies)


def test_url_counts_23_on_x_so_it_never_overflows() -> None:
    url = "https://example.com/" + "c" * 400
    text = " ".join(["word"] * 60 + [url] + ["word"] * 60)
    thread = split_thread(text, get_platform("x"))
    _assert_well_formed(thread)
    assert thread.oversized == ()
    assert any(url in p.body for p in thread.parts)


def test_rtl_and_combining_marks_stay_attached() -> None:
    word = "مرحبا بالعالم שָׁלוֹם "
    text = word * 40
    thread = split_thread(text, get_platform("mastodon", limit=60))
    _assert_well_formed(thread)
    assert _words(thread) == text.split()
    for part in thread.parts:
        assert unicodedata.category(part.body[0]) != "Mn"


# --- properties ------------------------------------------------------------------

_ascii = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC", min_size=1, max_size=8)
_cjk = st.text(alphabet="故人西辞黄鹤楼烟花三月下扬州", min_size=1, max_size=6)
_rtl = st.text(alphabet="مرحبابالعالمשלוםעולם", min_size=1, max_size=6)
_emoji = st.lists(
    st.sampled_from(["😀", "👨‍👩‍👧‍👦", "👍🏽", "🇺🇸", "🏴󠁧󠁢󠁥󠁮󠁧󠁿", "1️⃣", "❤️"]), min_size=1, max_size=3
).map("".join)
_combining = st.sampled_from(["e\u0301", "n\u0303te", "a\u0308\u0301b", "Zoë"])
_entities = st.sampled_from(
    [
        "https://example.com/a",
        "example.org",
        "t.co/abc",
        "http://foo.co.jp/x?y=1",
        "#HimThough",
        "@someone",
        "@a@b.social",
    ]
)
_word = st.one_of(_ascii, _cjk, _rtl, _emoji, _combining, _entities)
_punctuated = st.tuples(_word, st.sampled_from(["", "", ".", "!", "?", ","])).map("".join)
_separator = st.sampled_from([" ", " ", " ", "\n", "\n\n", "  "])
_texts = st.lists(st.tuples(_punctuated, _separator), max_size=60).map(
    lambda pairs: "".join(w + s for w, s in pairs)
)
_platforms = st.sampled_from(
    [
        get_platform("x", limit=60),
        get_platform("bluesky", limit=50),
        get_platform("mastodon", limit=60),
        # Threads counts an emoji as its UTF-8 bytes: three England flags are 84, so a
        # smaller limit leaves no room for the numbering and hard-splits a word (the
        # next property covers that).
        get_platform("threads", limit=100),
    ]
)


@settings(max_examples=200, deadline=None)
@given(text=_texts, platform=_platforms)
def test_parts_give_back_the_words_in_order(text: str, platform: Platform) -> None:
    thread = split_thread(text, platform)
    assert " ".join(p.body for p in thread.parts).split() == text.split()
    _assert_well_formed(thread)
    assert thread.oversized == ()


_long_word = st.text(alphabet="abcdefgh故人😀", min_size=40, max_size=120)


@settings(max_examples=100, deadline=None)
@given(
    words=st.lists(st.one_of(_punctuated, _long_word), min_size=1, max_size=20),
    platform=_platforms,
)
def test_hard_splits_lose_nothing(words: list[str], platform: Platform) -> None:
    text = " ".join(words)
    thread = split_thread(text, platform)
    # Every non-space character survives, in order, whatever was hard-split.
    assert "".join(c for p in thread.parts for c in p.body if not c.isspace()) == (
        "".join(c for c in text if not c.isspace())
    )
    _assert_well_formed(thread)


def test_hashtags_join_the_last_part_of_text_when_they_fit() -> None:
    # The text ends a paragraph just short of a part's limit: packing alone would
    # leave "#HimThough #IDidThat #WhatIWillDo 3/3" as a part of its own.
    from journal.posts import build_draft

    text = " ".join(["I did that and I own it."] * 11)
    tags = ["#HimThough", "#IDidThat", "#WhatIWillDo"]
    draft = build_draft([text], get_platform("x"), tags)
    parts = draft.thread.parts
    assert len(parts) > 1
    assert all(p.length <= 280 for p in parts)
    last = parts[-1].body
    assert last.endswith("\n\n#HimThough #IDidThat #WhatIWillDo")
    assert last.split("\n\n")[0].strip(), "the hashtags stand alone"
    joined = " ".join(p.body for p in parts).replace("\n\n#", " #")
    assert " ".join(joined.split()) == " ".join((text + " " + " ".join(tags)).split())


def test_hashtags_that_do_not_fit_keep_a_part_of_their_own() -> None:
    text = "x " * 138 + "\n\n#HimThough #IDidThat"
    thread = split_thread(text, get_platform("x"))
    assert all(p.length <= 280 for p in thread.parts)
    # One unbreakable run of text: nothing can move beside the hashtags.
    assert thread.parts[-1].body.endswith("#HimThough #IDidThat")
