"""The unit-word lookups of the lint give what the regular expressions they replace gave."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.lint.numbers import _vocabulary
from reportgen.lint.words import Vocabulary

ZH_AFTER, _, EN_AFTER, _, EN_BEFORE, _ = _vocabulary()


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# The patterns lint.numbers compiled before (one alternation per vocabulary).
ZH_RX = re.compile(f"(?:{_alternation(ZH_AFTER)})")
EN_RX = re.compile(rf"\s?(?:{_alternation(EN_AFTER)})(?![A-Za-z])")
BEFORE_RX = re.compile(rf"(?<![A-Za-z])(?:{_alternation(EN_BEFORE)})\s?$")
ZH, EN, BEFORE = Vocabulary(ZH_AFTER), Vocabulary(EN_AFTER), Vocabulary(EN_BEFORE)


def _group(m: re.Match | None) -> str | None:
    return m.group(0) if m else None


def _pieces(words):
    # Texts made of vocabulary words, their prefixes, letters, spaces and newlines: where the
    # longest-match, the lookahead, the lookbehind and `$` can each go either way.
    vocab = sorted(words)
    word = st.sampled_from(vocab)
    prefix = word.map(lambda w: w[: max(1, len(w) - 1)])
    other = st.sampled_from(["", " ", "\n", "\u00a0", "a", "Z", "1", "元", "/", "s", "es", "\t"])
    return st.lists(st.one_of(word, prefix, other), max_size=5).map("".join)


def test_every_word_matches_itself() -> None:
    for word in ZH_AFTER:
        assert ZH.match(word + "年") == _group(ZH_RX.match(word + "年"))
    for word in EN_AFTER:
        for text in (word, " " + word, word + "s", word + " x"):
            assert EN.match_word(text) == _group(EN_RX.match(text)), text
    for word in EN_BEFORE:
        for text in (word, word + " ", "x" + word, "1 " + word, word + "\n", (" " + word + " ")[-5:]):
            assert BEFORE.search_before_end(text) == _group(BEFORE_RX.search(text)), text


@settings(max_examples=300, deadline=None)
@given(_pieces(ZH_AFTER), st.integers(min_value=0, max_value=3))
def test_zh_longest_word_at_a_position(text: str, pos: int) -> None:
    assert ZH.match(text, pos) == _group(ZH_RX.match(text, pos))


@settings(max_examples=300, deadline=None)
@given(_pieces(EN_AFTER))
def test_en_word_after_a_number(text: str) -> None:
    assert EN.match_word(text) == _group(EN_RX.match(text))


@settings(max_examples=300, deadline=None)
@given(_pieces(EN_BEFORE))
def test_en_word_before_a_number(text: str) -> None:
    window = text[-5:]  # lint.numbers looks at the five characters before a number
    assert BEFORE.search_before_end(window) == _group(BEFORE_RX.search(window))
    assert BEFORE.search_before_end(text) == _group(BEFORE_RX.search(text))


def test_an_empty_word_and_the_end_of_the_text() -> None:
    words = Vocabulary(["", "ab", "abc"])
    assert words.match("abx") == "ab"
    assert words.match("a") == ""  # an alternation with an empty branch matches nothing at worst
    assert words.match("abc", 1) == ""
    assert Vocabulary(["km"]).match_word(" kmh") is None
    assert Vocabulary(["km"]).match_word(" km²") == " km"
    assert Vocabulary(["$"]).search_before_end("1 $ \n") == "$ "  # `$` also matches before a last newline
    assert Vocabulary(["$"]).search_before_end("US$") is None  # the end of a Latin word
