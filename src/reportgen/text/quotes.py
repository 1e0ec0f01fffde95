"""Typographic quotes and apostrophes for English text.

Input: an English string as typed (``Guancheng's``, ``"six streets"``).
Output: the same string with curly marks (``Guancheng’s``, ``“six streets”``).

Applied once to every English text when the content is read, so every writer and every layout
sets the same marks. Chinese text is left as typed: its quotes are full-width already, and a
half-width mark there is a lint finding (:mod:`reportgen.lint.cjk`), not something to guess at.
"""

from __future__ import annotations

import re

# Before an opening mark: the start, a space, an opening bracket or dash, or another opening quote.
_OPENS_AFTER = r"(?:(?<=^)|(?<=[\s(\[{\u2014\u2013/‘“]))"
_ELISION = re.compile(r"'(?=\d\d?s?\b)")  # '90s, '21: an apostrophe although it follows a space
_OPEN_SINGLE = re.compile(_OPENS_AFTER + "'")
_OPEN_DOUBLE = re.compile(_OPENS_AFTER + '"')


def english_quotes(text: str) -> str:
    """Straight ' and " as typographic ’ ‘ and “ ”."""
    if "'" not in text and '"' not in text:
        return text
    text = _ELISION.sub("\u2019", text)
    text = _OPEN_DOUBLE.sub("\u201c", text)
    text = text.replace('"', "\u201d")
    text = _OPEN_SINGLE.sub("\u2018", text)
    return text.replace("'", "\u2019")
