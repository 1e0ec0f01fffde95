"""Setting Chinese (and mixed) paragraphs: total-fit line breaking, punctuation compression and
bounded stretch, after W3C clreq (Requirements for Chinese Text Layout, §3.1.6 and §3.2).

Input: a paragraph's unbreakable units (:func:`reportgen.text.linebreak.segments`), the measure,
a width function for single characters and the font size (the em).
Output: :class:`SetLine` objects, each with every character's x origin, so a renderer only draws.

Rules, all measured in ems of the type size:

* Full-width punctuation carries half an em of white on one side (the closing marks ，。、；：？！
  ）”’》 on the right, the opening marks （“‘《 on the left). Two such marks side by side keep only
  one half of white between them (``，“`` and ``”“`` would otherwise leave a whole em), and an
  opening mark at a line start loses its leading half, so the line does not look indented.
  These compressions are always made.
* Any other full-width mark may give up its half em when a line must shrink to fit (optional
  compression, used only as needed and spread evenly).
* A justified line is filled by adding space between its tokens (characters, Latin words,
  spaces), never more than ``MAX_STRETCH_EM`` per gap: a line that cannot be filled within that
  is avoided by the line breaker, which chooses the breaks of the whole paragraph at once
  (dynamic programming over the break opportunities, as TeX does) to keep every line within the
  bound, using compression where it helps.
* A paragraph does not end in a line of one or two characters where other breaks avoid it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from reportgen.text.linebreak import BREAK_SPACES, is_wide

CLOSING = frozenset("，。、；：？！）」』》〉】〕〗〙〛”’")
OPENING = frozenset("（「『《〈【〔〖〘〚“‘")
PUNCT = CLOSING | OPENING
MAX_STRETCH_EM = 0.15  # widest added space between two characters of a justified line
SHORT_LAST_LINE = 2  # a last line of this many characters or fewer is avoided
_RUN_CHARS = frozenset("—―…⋯")
_INVISIBLE = frozenset("\n\r\u200b")
_EPS = 1e-6

# Costs of the line breaker: a line within the stretch bound costs its squared fill ratio; beyond
# the bound, or a short last line, costs more than any arrangement within the rules.
_OVER_BOUND = 1e4
_SHORT_END = 5e3
_SHRINK_WEIGHT = 2.0  # compressing punctuation is allowed, but filling with space is preferred


@dataclass(frozen=True, slots=True)
class SetLine:
    units: tuple[str, ...]  # the units of this line, as given
    chars: str  # the characters drawn (trailing break spaces and invisibles removed)
    xs: tuple[float, ...]  # each character's origin, from the line's left edge (indent included)
    width: float  # the set width of the line
    positions: tuple[int, ...] = ()  # each drawn character's index in the paragraph's text


def _kind(ch: str) -> str:
    if ch in _RUN_CHARS:
        return "run" + ch
    if ch in BREAK_SPACES or is_wide(ch):
        return "single"
    return "latin"


# The line breaker's per-character facts, worked out once per paragraph (not once per candidate
# line): the kind as a small number (equal kinds join one token, except "single"), and whether
# the character is a closing or an opening mark.
_SINGLE, _LATIN = 0, 1
_RUN_CODE = {ch: 2 + k for k, ch in enumerate(sorted(_RUN_CHARS))}
_CLOSE, _OPEN = 1, 2


def _facts(ch: str, width: float) -> tuple[float, int, int]:
    kind = _RUN_CODE.get(ch)
    if kind is None:
        kind = _SINGLE if ch in BREAK_SPACES or is_wide(ch) else _LATIN
    return width, kind, (_CLOSE if ch in CLOSING else _OPEN if ch in OPENING else 0)


def set_paragraph(
    units: Sequence[str],
    width: float,
    char_width: Callable[[str], float],
    em: float,
    first_width: float | None = None,
    justify: bool = True,
    finishes: bool = True,
    width_at: Callable[[str, int], float] | None = None,
) -> list[SetLine]:
    """Break ``units`` into lines of ``width`` (``first_width`` for the first; the difference is
    the first-line indent) and place every character. ``finishes`` is False for the first part
    of a split paragraph, whose last line is justified like the others. ``width_at(ch, i)``, if
    given, measures the character at index ``i`` of the joined units instead (text with inline
    spans: a strong or superscript character has its own width).

    The setting is a function of the units, every character's width and the other arguments
    alone, so it is remembered under exactly those: ReportLab wraps a paragraph again for every
    table column guess, split attempt and layout pass, with the same result."""
    if not units:
        return []
    if width_at is None:
        width_at = lambda ch, _i: char_width(ch)  # noqa: E731
    widths = tuple(0.0 if ch in _INVISIBLE else width_at(ch, k) for k, ch in enumerate("".join(units)))
    first = width if first_width is None else first_width
    return list(_remembered((tuple(units), widths, width, first, em, justify, finishes)))


class LineStore(Protocol):
    """Settings kept between runs (the PDF writer's cache of a report's paragraphs)."""

    def get(self, key: tuple) -> tuple[SetLine, ...] | None: ...

    def used(self, key: tuple, lines: tuple[SetLine, ...]) -> None: ...


# The store of the build being written, if any (set by the PDF writer around its layout).
store: LineStore | None = None
_memo: dict[tuple, tuple[SetLine, ...]] = {}
_MEMO_SIZE = 4096  # a build sets a few hundred distinct paragraphs; a batch, more


def _remembered(key: tuple) -> tuple[SetLine, ...]:
    """The setting of ``key`` (:func:`_set`'s arguments), from this process's memory, else the
    store, else computed."""
    found = _memo.get(key)
    if found is None:
        found = store.get(key) if store is not None else None
        if found is None:
            found = _set(*key)
        if len(_memo) >= _MEMO_SIZE:
            _memo.clear()
        _memo[key] = found
    if store is not None:
        store.used(key, found)
    return found


def _set(
    units: tuple[str, ...],
    widths: tuple[float, ...],
    width: float,
    first: float,
    em: float,
    justify: bool,
    finishes: bool,
) -> tuple[SetLine, ...]:
    n = len(units)
    half = em / 2
    starts = [0] * (n + 1)
    for k, unit in enumerate(units):
        starts[k + 1] = starts[k] + len(unit)
    bodies = [u.rstrip(BREAK_SPACES) for u in units]
    forced = ["\n" in u[len(b) :] for u, b in zip(units, bodies, strict=True)]
    # each unit's visible characters as (width, kind, mark): its body, then its trailing spaces
    heads, tails = [], []
    for unit, body, at in zip(units, bodies, starts, strict=False):
        facts = [_facts(ch, widths[k]) if ch not in _INVISIBLE else None for k, ch in enumerate(unit, at)]
        heads.append([f for f in facts[: len(body)] if f])
        tails.append([f for f in facts[len(body) :] if f])

    def feed(state: tuple, chars: list) -> tuple:
        """The running measures of a line with ``chars`` appended (what clreq's compressions
        take, how many tokens a justified line can spread its white over)."""
        natural, fixed, optional, tokens, count, last_kind, last_mark = state
        for w, kind, mark in chars:
            if not (tokens and kind == last_kind and kind != _SINGLE):
                tokens += 1
            natural += w
            if mark:
                optional += half
                # "，“" "）。" "”“": the first gives up its white; "（“": the second does; an
                # opening mark at the line start gives up its own
                if last_mark == _CLOSE or (mark == _OPEN and (last_mark == _OPEN or not count)):
                    fixed += half
                    optional -= half
            last_kind, last_mark = kind, mark
            count += 1
        return natural, fixed, optional, tokens, count, last_kind, last_mark

    # best[j]: (cost, start of the last line) of the best setting of units[:j]
    best: list[tuple[float, int]] = [(0.0, 0)] + [(float("inf"), 0)] * n
    empty = (0.0, 0.0, 0.0, 0, 0, -1, 0)
    for i in range(n):
        if best[i][0] == float("inf"):
            continue
        avail = first if i == 0 else width
        m = empty
        for j in range(i + 1, n + 1):
            line = feed(m, heads[j - 1])
            natural, fixed, optional, tokens, count, _, last_mark = line
            set_width = natural - fixed
            last = j == n or forced[j - 1]
            cost = _line_cost(set_width, avail, optional, tokens, em, justify and not (last and finishes))
            if last and finishes and i > 0 and count - (1 if last_mark else 0) <= SHORT_LAST_LINE:
                cost += _SHORT_END
            if set_width - optional > avail + _EPS and j > i + 1:
                break  # overfull: longer lines only get wider
            total = best[i][0] + cost
            if total < best[j][0] - _EPS:
                best[j] = (total, i)
            if forced[j - 1]:
                break
            m = feed(line, tails[j - 1])  # carry on with the unit's tail (spaces between Latin words count)
    breaks = []
    j = n
    while j > 0:
        i = best[j][1]
        breaks.append((i, j))
        j = i
    breaks.reverse()
    measured = lambda _ch, k: widths[k]  # noqa: E731
    return tuple(
        _place(
            units[i:j],
            bodies[j - 1],
            (first if i == 0 else width),
            width - (first if i == 0 else width),
            measured,
            starts[i],
            half,
            justify and not ((j == n or forced[j - 1]) and finishes),
        )
        for i, j in breaks
    )


def _line_cost(set_width: float, avail: float, optional: float, tokens: int, em: float, justify: bool) -> float:
    if set_width > avail + _EPS:  # must shrink
        need = set_width - avail
        if optional <= _EPS or need > optional + _EPS:
            return _OVER_BOUND * 10 * (1 + need / em)  # a single unit wider than the line
        return _SHRINK_WEIGHT * (need / optional) ** 2
    slack = avail - set_width
    if not justify:  # ragged: fewest lines, then lines of even length
        return 1.0 + (slack / avail) ** 2 if avail > 0 else 1.0
    gaps = tokens - 1
    if gaps <= 0:  # one token cannot be spread: only as a last resort, and the emptier the worse
        return _OVER_BOUND * 10 * (1 + slack / em) if slack > _EPS else 0.0
    ratio = slack / (gaps * MAX_STRETCH_EM * em)
    return ratio**2 if ratio <= 1 else _OVER_BOUND * ratio


def _place(
    units: Sequence[str],
    last_body: str,
    avail: float,
    indent: float,
    width_at: Callable[[str, int], float],
    start: int,
    half: float,
    justify: bool,
) -> SetLine:
    text = "".join(units[:-1]) + last_body
    positions = [k for k, ch in enumerate(text, start) if ch not in _INVISIBLE]
    chars = [ch for ch in text if ch not in _INVISIBLE]
    widths = [width_at(ch, k) for ch, k in zip(chars, positions, strict=True)]
    left = [0.0] * len(chars)  # white removed before each glyph's ink
    right = [0.0] * len(chars)
    for k, ch in enumerate(chars):
        prev = chars[k - 1] if k else ""
        if prev in CLOSING and ch in PUNCT:
            right[k - 1] = half
        elif prev in OPENING and ch in OPENING:
            left[k] = half
        elif not prev and ch in OPENING:
            left[k] = half
    natural = sum(widths) - sum(left) - sum(right)
    boundaries = [
        k for k in range(len(chars) - 1) if _kind(chars[k]) == "single" or _kind(chars[k + 1]) != _kind(chars[k])
    ]
    if natural > avail + _EPS:  # optional compression, spread evenly over the marks that have white
        spare = [k for k, ch in enumerate(chars) if ch in PUNCT and not left[k] and not right[k]]
        if spare:
            cut = min(half, (natural - avail) / len(spare))
            for k in spare:
                if chars[k] in CLOSING:
                    right[k] = cut
                else:
                    left[k] = cut
            natural -= cut * len(spare)
    gaps: dict[int, float] = {}
    if justify and boundaries and natural <= avail + _EPS:
        gaps = _spread(avail - natural, boundaries, chars, half * 2)
    xs = []
    x = indent
    for k, w in enumerate(widths):
        xs.append(x - left[k])
        x += w - left[k] - right[k]
        x += gaps.get(k, 0.0)
    return SetLine(tuple(units), "".join(chars), tuple(xs), x - indent, tuple(positions))


def _spread(extra: float, boundaries: list[int], chars: list[str], em: float) -> dict[int, float]:
    """The white a justified line adds after each boundary. The gaps where Chinese meets Latin
    text or a space take it first, up to the bound (clreq 3.2.2: the space between Han and Western
    characters is the adjustable one), so the gaps between Chinese characters stay as narrow as
    they can: wider than a tenth of an em, they read (and copy) as letter-spacing."""
    even = extra / len(boundaries)
    mixed = [k for k in boundaries if (_kind(chars[k]) == "latin") != (_kind(chars[k + 1]) == "latin")]
    if not mixed or len(mixed) == len(boundaries) or even >= MAX_STRETCH_EM * em:
        return dict.fromkeys(boundaries, even)
    wide = min(MAX_STRETCH_EM * em, 2 * even)
    rest = (extra - wide * len(mixed)) / (len(boundaries) - len(mixed))
    out = dict.fromkeys(boundaries, rest)
    out.update(dict.fromkeys(mixed, wide))
    return out
