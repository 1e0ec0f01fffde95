"""Finding the longest unit word of a vocabulary at a place in a text, without a regular expression.

Input: a vocabulary (the registry's unit spellings: about 500 Chinese words, 1,300 English ones,
330 currency codes and symbols) and a text with a position.
Output: the matched text, or ``None``.

Why not one alternation ``(?:元|亿元|…)`` per vocabulary: compiling three such patterns costs
about 60 ms, paid by every ``reportgen build`` and ``lint`` for a handful of lookups. A word set
probed longest length first gives the same answer — the regex alternation, sorted longest first,
also returns the longest word that matches — at no start-up cost. Each function below states the
pattern it replaces; ``tests/lint/test_words.py`` checks them against those patterns.
"""

from __future__ import annotations

from collections.abc import Iterable

_LATIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


class Vocabulary:
    """A set of words, with the lengths of the words each first character starts, longest first
    (the order an alternation would try them), so most places are rejected by one dict lookup."""

    __slots__ = ("words", "lengths", "empty")

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        by_first: dict[str, set[int]] = {}
        for word in self.words:
            if word:
                by_first.setdefault(word[0], set()).add(len(word))
        self.lengths = {first: tuple(sorted(sizes, reverse=True)) for first, sizes in by_first.items()}
        self.empty = "" in self.words  # an empty branch matches anywhere, as a last resort

    def _longest(self, text: str, pos: int, fits=lambda end: True) -> int | None:
        """The end of the longest word at ``pos`` for which ``fits(end)`` holds."""
        size = len(text)
        for length in self.lengths.get(text[pos : pos + 1], ()):
            end = pos + length
            if end <= size and text[pos:end] in self.words and fits(end):
                return end
        return pos if self.empty and fits(pos) else None

    def match(self, text: str, pos: int = 0) -> str | None:
        """``re.compile('(?:w1|w2|…)').match(text, pos).group(0)``: the longest word at ``pos``."""
        end = self._longest(text, pos)
        return None if end is None else text[pos:end]

    def match_word(self, text: str) -> str | None:
        """``re.match(r'\\s?(?:w1|w2|…)(?![A-Za-z])', text).group(0)``: one optional whitespace
        character, then the longest word not followed by a Latin letter."""

        def unglued(end: int) -> bool:
            return end == len(text) or text[end] not in _LATIN

        # \s? is greedy: first with the whitespace taken (str.isspace is what re's \s matches), then without.
        for skip in (1, 0) if text[:1].isspace() else (0,):
            end = self._longest(text, skip, unglued)
            if end is not None:
                return text[:end]
        return None

    def search_before_end(self, window: str) -> str | None:
        """``re.search(r'(?<![A-Za-z])(?:w1|w2|…)\\s?$', window).group(0)``: a word that is not the
        end of a Latin word and closes the window, maybe with one whitespace character after it."""
        size = len(window)

        def at_end(pos: int) -> bool:  # what `$` accepts: the end, or just before a final newline
            return pos == size or (pos == size - 1 and window[pos] == "\n")

        def closes(end: int) -> bool:
            return (end < size and window[end].isspace() and at_end(end + 1)) or at_end(end)

        for start in range(size + 1):
            if start and window[start - 1] in _LATIN:
                continue
            end = self._longest(window, start, closes)
            if end is not None:
                spaced = end < size and window[end].isspace() and at_end(end + 1)
                return window[start : end + 1 if spaced else end]
        return None
