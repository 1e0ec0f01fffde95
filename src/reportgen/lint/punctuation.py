"""Punctuation and spacing in Chinese text (GB/T 15834, W3C clreq): the lint's typography warnings.

Input: the Chinese side of a text (as written in the content, placeholders and inline markup
included).
Output: :class:`Issue` s — what is wrong, where, and the corrected text (what a ``--fix`` would
write), each reported by ``reportgen lint`` as a warning on the text's line.

Two rules:

* **Half-width punctuation** — ``, ; : ? ! ( )`` next to a Chinese character: Chinese text takes
  the full-width marks ，；：？！（）. A half-width comma between digits (1,069), a colon in a time
  (10:30) or a bracket in Latin text ("(GDP)" inside English words) is not next to a Chinese
  character and is left alone; a bracket pair is corrected as a pair. A space after the mark
  goes with it (the full-width mark carries its own white).
* **Stray spaces** — an ASCII space between two Chinese characters (管城 区), or between a Chinese
  character and a Chinese quotation mark (绘制 “一四四”): Chinese is set without word spaces, and
  the space prints as a visible gap beside the quote's own white. A space between Chinese and a
  Latin word or a number is a matter of house style and is not reported.

A placeholder (``{gdp_2020}``) counts as Chinese: it is filled with an amount worded in Chinese
(674亿元). Markdown's ``**``/``_`` emphasis marks are looked through; a link's ``](`` is not a bracket.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
OPENING_QUOTES = "“‘「『"
CLOSING_QUOTES = "”’」』"
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][^{}]*\}")
_LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*\)")  # Markdown's [text](target): not brackets of the text
_MARKUP = "*_"  # emphasis delimiters: looked through when finding a mark's neighbours
_STAND_IN = "中"  # what a placeholder reads as


@dataclass(frozen=True, slots=True)
class Issue:
    at: int  # position in the text
    kind: str  # "half-width" or "space"
    message: str


def is_cjk(ch: str) -> bool:
    """A Chinese character or full-width mark (Han, CJK punctuation, full-width forms)."""
    code = ord(ch)
    return (
        0x3400 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
    )


def _masked(text: str) -> str:
    """``text`` with each placeholder replaced, character for character, by a Chinese stand-in
    (positions kept), so its neighbours read as Chinese; a link's target by letters."""
    text = _LINK_TARGET.sub(lambda m: "]" + "x" * (len(m.group()) - 1), text)
    return _PLACEHOLDER.sub(lambda m: _STAND_IN * len(m.group()), text)


def _neighbour(text: str, i: int, step: int) -> str:
    """The character next to position ``i`` in direction ``step``, looking through markup."""
    j = i + step
    while 0 <= j < len(text) and text[j] in _MARKUP:
        j += step
    return text[j] if 0 <= j < len(text) else ""


def _chinese(ch: str) -> bool:
    return bool(ch) and (is_cjk(ch) or ch in OPENING_QUOTES or ch in CLOSING_QUOTES)


def issues(text: str) -> list[Issue]:
    """Every half-width mark and stray space in ``text`` (the Chinese of a bilingual text)."""
    return sorted([*_half_width(text), *_spaces(text)], key=lambda issue: issue.at)


def _context(text: str, i: int, step: int) -> str:
    """The first character from ``i`` in direction ``step`` that says which script a mark sits in:
    digits, their ``. %``, spaces and markup are looked through (46.1%;PM10 is in Chinese text)."""
    j = i + step
    while 0 <= j < len(text) and (text[j].isdigit() or text[j] in " .%" + _MARKUP):
        j += step
    return text[j] if 0 <= j < len(text) else ""


def _half_width(text: str) -> Iterator[Issue]:
    masked = _masked(text)
    flagged = set()
    for i, ch in enumerate(masked):
        if ch not in FULL_WIDTH or ch in "()":
            continue
        if ch in ",:" and 0 < i < len(masked) - 1 and masked[i - 1].isdigit() and masked[i + 1].isdigit():
            continue  # a number's grouping (1,069), a time or ratio (10:30, 1:1.05)
        if _chinese(_context(masked, i, -1)) or _chinese(_context(masked, i, 1)):
            flagged.add(i)
    # Brackets, as a pair: Chinese inside, or a Chinese character right outside either half.
    opened: list[int] = []
    for i, ch in enumerate(masked):
        if ch == "(":
            opened.append(i)
        elif ch == ")" and opened:
            start = opened.pop()
            inside = any(is_cjk(c) for c in masked[start + 1 : i])
            if inside or _chinese(_neighbour(masked, start, -1)) or _chinese(_neighbour(masked, i, 1)):
                flagged |= {start, i}
    for i in sorted(flagged):
        yield Issue(i, "half-width", f"half-width {text[i]!r} in Chinese text (use {FULL_WIDTH[text[i]]!r})")


def _spaces(text: str) -> Iterator[Issue]:
    masked = _masked(text)
    for m in re.finditer(r" +", masked):
        before = _neighbour(masked, m.start(), -1)
        after = _neighbour(masked, m.end() - 1, 1)
        if before in FULL_WIDTH:  # the space after a half-width mark goes with the mark's fix
            continue
        if not (before and after):
            continue
        if is_cjk(before) and is_cjk(after):
            yield Issue(
                m.start(), "space", "space between Chinese characters (two phrases are parted by a full-width '　')"
            )
        elif (is_cjk(before) or before in CLOSING_QUOTES) and after in OPENING_QUOTES:
            yield Issue(m.start(), "space", f"space before the Chinese quotation mark {after!r}")
        elif before in CLOSING_QUOTES and is_cjk(after):
            yield Issue(m.start(), "space", f"space after the Chinese quotation mark {before!r}")
        elif before in OPENING_QUOTES and is_cjk(after):
            yield Issue(m.start(), "space", f"space after the Chinese quotation mark {before!r}")
        elif is_cjk(before) and after in CLOSING_QUOTES:
            yield Issue(m.start(), "space", f"space before the Chinese quotation mark {after!r}")


def fixed(text: str, found: list[Issue] | None = None) -> str:
    """``text`` with every issue corrected: what a ``--fix`` would write."""
    found = issues(text) if found is None else found
    out, skip_space = [], False
    marks = {issue.at for issue in found if issue.kind == "half-width"}
    spaces = {issue.at for issue in found if issue.kind == "space"}
    i = 0
    while i < len(text):
        ch = text[i]
        if i in marks:
            while out and out[-1] == " ":  # a full-width mark takes no space before it either
                out.pop()
            out.append(FULL_WIDTH[ch])
            skip_space = True
        elif ch == " " and (skip_space or i in spaces):
            j = i
            while j < len(text) and text[j] == " ":
                j += 1
            i = j
            skip_space = False
            continue
        else:
            out.append(ch)
            skip_space = False
        i += 1
    return "".join(out)


def excerpt(text: str, at: int, width: int = 10) -> str:
    """The corrected text around position ``at``, for a one-line suggestion."""
    lo, hi = max(at - width, 0), min(at + width + 1, len(text))
    near = [Issue(i.at - lo, i.kind, i.message) for i in issues(text) if lo <= i.at < hi]
    return ("…" if lo else "") + fixed(text[lo:hi], near) + ("…" if hi < len(text) else "")


def warnings(raw: object, loc: list | None = None) -> Iterator[tuple[list, str]]:
    """``(loc, message)`` for every issue in the Chinese of every ``{zh, en}`` text of the raw
    content; ``loc`` ends in ``"zh"`` (its line is the Chinese text's). ``meta.keywords`` is a
    list for search engines and document properties, comma-separated by convention: not checked."""
    loc = loc or []
    if isinstance(raw, dict):
        value = raw.get("zh") if ("zh" in raw and "en" in raw) else None
        if isinstance(value, str):
            for issue in issues(value):
                yield [*loc, "zh"], f"warning: {issue.message}; fix: {excerpt(value, issue.at)}"
        for key, child in raw.items():
            if key != "zh" and not (loc == ["meta"] and key == "keywords"):
                yield from warnings(child, [*loc, key])
    elif isinstance(raw, list):
        for i, child in enumerate(raw):
            yield from warnings(child, [*loc, i])
