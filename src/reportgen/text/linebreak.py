"""Line breaking for Chinese and mixed Chinese–English text (pure Python).

Input: a paragraph's text. Output: its minimal unbreakable units (:func:`segments`) and those units
filled greedily into lines of a given width (:func:`wrap`).

Rules, after GB/T 15834-2011 §5.1 (punctuation placement) and W3C "Requirements for Chinese Text
Layout" (clreq) §3.1.7:

* a line never starts with a character of :data:`CANNOT_START` (closing punctuation, stops,
  commas, ``%``, ``·``, dashes, ellipses) and never ends with one of :data:`CANNOT_END`
  (opening brackets and quotes). Such a character is glued to its neighbour unit;
* ``——`` and ``……`` (any run of ``—``, ``―``, ``…``, ``⋯``) are one unit, glued to what precedes;
* Latin words, numbers and the ASCII punctuation inside them (``PM2.5``, ``46.1%``, ``3,000``,
  ``e-mail``) are one unit: Latin text breaks only at spaces;
* a number stays with what follows it: never a break between a digit and the next character
  ("2021年", "36家"). After a digit run, magnitude characters (十百千万亿余多) and then the
  longest unit word the units registry can produce (元, 美元, 个, 平方公里, 兆瓦时, 微克/立方米,
  吨二氧化碳当量, ..., see :func:`unit_at`) are kept too, so "674亿元", "3.6万兆瓦时" and "18.5亿平方米"
  never split. A word no unit has is not recognised after a magnitude ("3万棵" may break before 棵).

Spaces (and other breakable white space) stay attached to the end of the unit before them, so
``"".join(segments(text)) == text``. A newline forces a line break in :func:`wrap`.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Sequence

# Closing brackets and quotes, stops, commas, colons, %, middle dots, dashes and ellipses.
CANNOT_START = frozenset("，。、；：？！）》」』】〕〗〉〙〛］｝｠”’»›〞〟…‥⋯‰‱%％·・—―～．｡､),.;:?!]}")
# Opening brackets and quotes.
CANNOT_END = frozenset("（《「『【〔〖〈〘〚［｛｟“‘«‹〝([{")

# White space that is a break opportunity. NBSP (U+00A0), U+2007 and U+202F are *not* here: they
# are no-break spaces and stay inside the unit like a letter.
BREAK_SPACES = " \t\n\r\f\v\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u200b\u205f\u3000"
_BREAK_SPACE_SET = frozenset(BREAK_SPACES)

# Dashes and ellipses: a run of one of them ("——", "……") is one unit.
_RUN_CHARS = frozenset("—―…⋯")

DIGITS = frozenset("0123456789０１２３４５６７８９")
MAGNITUDES = frozenset("十百千万亿余多")
# Unit words kept with a preceding number (after any magnitudes), besides every Chinese unit word
# the units registry can produce (reportgen.content.units.zh_unit_words: CLDR units and currencies,
# SI-prefixed ones such as 兆瓦时, units.yaml). Longest match wins; "/" joins two (元/人, 微克/立方米).
EXTRA_UNITS = frozenset(
    {"人民币", "个", "人", "人次", "家", "项", "户", "名", "位", "次", "倍", "件", "台", "辆", "座", "所", "套"}
    | {"斤", "公斤", "亩", "年", "月", "日", "天", "岁", "度", "%", "％", "个百分点", "百分点"}
)


@functools.cache
def _units_by_first_char() -> dict[str, tuple[str, ...]]:
    from reportgen.content.units import zh_unit_words  # the registry loads on the first number

    by_first: dict[str, list[str]] = {}
    for word in EXTRA_UNITS | zh_unit_words():
        by_first.setdefault(word[0], []).append(word)
    return {ch: tuple(sorted(words, key=len, reverse=True)) for ch, words in by_first.items()}


def unit_at(text: str, k: int) -> int:
    """Length of the longest unit word at ``text[k:]`` (0 if none); ``A/B`` compounds count whole."""
    for word in _units_by_first_char().get(text[k : k + 1], ()):
        if text.startswith(word, k):
            end = k + len(word)
            if text.startswith("/", end):
                more = unit_at(text, end + 1)
                if more:
                    return len(word) + 1 + more
            return len(word)
    return 0


def is_wide(ch: str) -> bool:
    """True for characters set on the CJK grid (ideographs, kana, full-width forms)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _is_run_char(ch: str) -> bool:
    """Part of a Latin-style run: a letter, digit or punctuation that is not CJK or a space."""
    if ch in _BREAK_SPACE_SET or ch in _RUN_CHARS:
        return False
    return ch in DIGITS or not is_wide(ch)


def _atoms(text: str) -> list[str]:
    """Split into atoms: one CJK character, one Latin run (with number tails), or one dash run.

    Breakable white space is appended to the atom before it.
    """
    atoms: list[str] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch in _BREAK_SPACE_SET:
            j = i + 1
            while j < n and text[j] in _BREAK_SPACE_SET:
                j += 1
            if atoms:
                atoms[-1] += text[i:j]
            else:
                atoms.append(text[i:j])
            i = j
            continue
        j = i + 1
        if ch in _RUN_CHARS:
            while j < n and text[j] == ch:
                j += 1
        elif _is_run_char(ch):
            while j < n and _is_run_char(text[j]):
                j += 1
        if text[j - 1] in DIGITS:
            j = _number_tail(text, j)
        atoms.append(text[i:j])
        i = j
    return atoms


def _number_tail(text: str, j: int) -> int:
    """End of the number ending at ``j``: magnitudes, then a unit word (or one character)."""
    n = len(text)
    k = j
    while k < n and text[k] in MAGNITUDES:
        k += 1
    # A unit word may itself start with a magnitude character (十亿分之): try each split point.
    ends = [p + unit_at(text, p) for p in range(j, k + 1) if unit_at(text, p)]
    if ends:
        return max(ends)
    if k == j and k < n and text[k] not in _BREAK_SPACE_SET and text[k] not in _RUN_CHARS:
        # Never a break right after a digit, whatever follows ("2021年" is already a unit
        # above; this keeps e.g. "36家" or "12届" together too).
        return k + 1
    return k


def segments(text: str) -> list[str]:
    """The minimal unbreakable units of ``text``, in order; they concatenate back to ``text``."""
    units: list[str] = []
    for atom in _atoms(text):
        if units and _glue(units[-1], atom):
            units[-1] += atom
        else:
            units.append(atom)
    return units


def _glue(prev: str, atom: str) -> bool:
    body = prev.rstrip(BREAK_SPACES)
    if len(body) < len(prev) and "\n" in prev[len(body) :]:
        return False  # a hard line break is never undone
    if not body:
        return True  # leading white space of the paragraph goes with the first unit
    return atom[0] in CANNOT_START or body[-1] in CANNOT_END


# Widths are floats summed from glyph advances: allow for rounding.
_EPS = 1e-6


def wrap(
    units: Sequence[str],
    width: float,
    measure: Callable[[str], float],
    first_width: float | None = None,
) -> list[list[str]]:
    """Fill ``units`` greedily into lines no wider than ``width`` (``first_width`` for line 1).

    ``measure(s)`` gives the width of a string. Trailing white space of a line's last unit does
    not count against the width (it is not drawn). A unit wider than a whole line is broken by
    characters as a last resort. A unit ending in white space containing "\\n" ends its line.
    """
    lines: list[list[str]] = []
    cur: list[str] = []
    cur_w = 0.0

    def limit() -> float:
        return first_width if (first_width is not None and not lines) else width

    for unit in units:
        body = unit.rstrip(BREAK_SPACES)
        tail = unit[len(body) :]
        w_body = measure(body) if body else 0.0
        if cur and cur_w + w_body > limit() + _EPS:
            lines.append(cur)
            cur, cur_w = [], 0.0
        if not cur and w_body > limit() + _EPS:
            pieces = _break_by_chars(body, limit, measure, lines)
            cur, cur_w = [pieces[-1] + tail], measure(pieces[-1])
        else:
            cur.append(unit)
            cur_w += w_body
        if tail:
            cur_w += measure(tail)
            if "\n" in tail:
                lines.append(cur)
                cur, cur_w = [], 0.0
    if cur:
        lines.append(cur)
    return lines


def _break_by_chars(
    body: str, limit: Callable[[], float], measure: Callable[[str], float], lines: list[list[str]]
) -> list[str]:
    """Cut an over-wide unit into pieces; all but the last are appended to ``lines``."""
    start = 0
    while True:
        end = start + 1  # at least one character per line, however narrow the line
        while end < len(body) and measure(body[start : end + 1]) <= limit() + _EPS:
            end += 1
        if end >= len(body):
            return [body[start:]]
        lines.append([body[start:end]])
        start = end
