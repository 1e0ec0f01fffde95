"""A ReportLab flowable that sets Chinese (and mixed Chinese–English) text properly.

Input: literal text and a :class:`CJKStyle` naming registered TrueType fonts.
Output: a :class:`CJKParagraph` flowable; the PDF writer uses it for every Chinese paragraph,
heading, cover title and table cell.

ReportLab's own ``Paragraph`` breaks CJK text without the punctuation rules of GB/T 15834 and
parses markup, so ``&``/``<`` in content would need escaping. Here line breaking comes from
:mod:`reportgen.text.linebreak` and text is drawn exactly as given.

Lines and every character's position come from :func:`reportgen.text.justify.set_paragraph`:
breaks chosen for the whole paragraph, punctuation compressed after clreq, justified lines
filled by at most 0.15 em between tokens (never inside a Latin word or a "——" run), no one- or
two-character last line where it can be avoided. Runs of characters with an equal spacing are
drawn with that PDF character spacing (``Tc``); each run starts at its own origin.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus.flowables import Flowable

from reportgen.errors import InputError
from reportgen.text import linebreak
from reportgen.text.justify import SetLine, set_paragraph
from reportgen.text.linebreak import BREAK_SPACES

Align = Literal["justify", "left", "center", "right"]

# Never drawn, so never looked up in a font: hard breaks and the zero-width space.
_INVISIBLE = frozenset("\n\r\u200b")


@dataclass(frozen=True, slots=True)
class CJKStyle:
    font: str  # a registered ReportLab font name
    fallback_font: str | None  # for characters ``font`` lacks (e.g. Latin in a CJK-only face)
    size: float  # points
    leading: float  # baseline-to-baseline distance, points
    colour: str = "#000000"  # hex
    align: Align = "justify"
    first_line_indent: float = 0.0  # points; 2 × size for Chinese body text
    space_before: float = 0.0
    space_after: float = 0.0


def _covers(font_name: str, ch: str) -> bool:
    face = pdfmetrics.getFont(font_name).face
    char_to_glyph = getattr(face, "charToGlyph", None)
    if char_to_glyph is not None:  # TrueType: its cmap
        return ord(ch) in char_to_glyph
    # A standard Type 1 font: WinAnsi covers cp1252.
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


class CJKParagraph(Flowable):
    """One paragraph of literal text, broken by Chinese rules and justified evenly."""

    _start = 0  # the index of this part's first character in the whole paragraph (rich parts)

    def __init__(self, text: str, style: CJKStyle) -> None:
        super().__init__()
        text = text.replace("\r\n", "\n").replace("\t", " ")
        self._setup(linebreak.segments(text), style, finishes=True)
        self._check_fonts(text)

    @classmethod
    def _part(cls, units: list[str], style: CJKStyle, finishes: bool, lines: list[SetLine], width: float):
        """A piece of a split paragraph that shares the parent's font choices and keeps the lines
        the parent set (set again, a part could break differently from the whole)."""
        part = cls.__new__(cls)
        Flowable.__init__(part)
        part._setup(units, style, finishes)
        part._set, part._lines, part._wrapped_for = lines, [list(line.units) for line in lines], width
        return part

    def _setup(self, units: list[str], style: CJKStyle, finishes: bool) -> None:
        self.style = style
        self.units = units
        # False for the first part of a split paragraph: its last line is justified too.
        self.finishes = finishes
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after
        self._colour = HexColor(style.colour)
        self._font_of: dict[str, str] = {}
        self._widths: dict[str, float] = {}
        self._lines: list[list[str]] = []
        self._set: list[SetLine] = []
        self._wrapped_for: float | None = None
        face = pdfmetrics.getFont(style.font).face
        ascent, descent = face.ascent, face.descent
        # Baseline sits half the extra leading plus the ascent (share of the em box) below
        # the line's top: centres the glyphs' em box in the line, like CSS does.
        box = (ascent - descent) or 1000
        self._baseline_drop = (style.leading - style.size) / 2 + style.size * ascent / box

    # ----------------------------------------------------------------- fonts and widths

    def _check_fonts(self, text: str) -> None:
        for pos, ch in enumerate(text):
            if ch not in self._font_of and ch not in _INVISIBLE:
                if self._pick_font(ch) is None:
                    fonts = ", ".join(f for f in (self.style.font, self.style.fallback_font) if f)
                    context = text[max(0, pos - 10) : pos + 11].replace("\n", " ")
                    raise InputError(
                        f"character {ch!r} (U+{ord(ch):04X}) is in no configured font ({fonts}): ...{context}..."
                    )

    def _pick_font(self, ch: str) -> str | None:
        for name in (self.style.font, self.style.fallback_font):
            if name and _covers(name, ch):
                self._font_of[ch] = name
                return name
        return None

    def _runs(self, s: str) -> list[tuple[str, str]]:
        """Split ``s`` into (font, text) runs of the font each character is drawn in."""
        runs: list[tuple[str, str]] = []
        for ch in s:
            if ch in _INVISIBLE:
                continue
            font = self._font_of.get(ch) or self._pick_font(ch) or self.style.font
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + ch)
            else:
                runs.append((font, ch))
        return runs

    def _width_at(self, ch: str, i: int) -> float:
        """The width of the character at index ``i`` of this paragraph's text (one face and size
        here; text with inline spans measures each character in its own)."""
        return self._measure(ch)

    def _measure(self, s: str) -> float:
        width = self._widths.get(s)
        if width is None:
            size = self.style.size
            width = sum(pdfmetrics.stringWidth(t, f, size) for f, t in self._runs(s))
            self._widths[s] = width
        return width

    # ----------------------------------------------------------------- flowable API

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._wrapped_for != availWidth:
            style = self.style
            lines = set_paragraph(
                self.units,
                availWidth,
                self._measure,
                style.size,
                first_width=availWidth - style.first_line_indent,
                justify=style.align == "justify",
                finishes=self.finishes,
                width_at=self._width_at,
            )
            if self._start:  # a later part of a split paragraph: positions count from the whole's start
                lines = [
                    dataclasses.replace(ln, positions=tuple(p + self._start for p in ln.positions)) for ln in lines
                ]
            self._set = lines
            self._lines = [list(line.units) for line in self._set]
            self._wrapped_for = availWidth
        self.width = availWidth
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def minWidth(self) -> float:  # noqa: N802 - ReportLab's name
        widest = max((self._measure(u.rstrip(BREAK_SPACES)) for u in self.units), default=0.0)
        return widest + self.style.first_line_indent

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        total = len(self._lines)
        fit = int((availHeight + 1e-6) // self.style.leading)
        if fit >= total:
            return [self]
        if total >= 4:
            # Orphan/widow control: never one line alone at a page's foot or head.
            if total - fit == 1:
                fit -= 1
            if fit < 2:
                return []
        elif fit < 1:
            return []
        head_units = [u for line in self._lines[:fit] for u in line]
        tail_units = [u for line in self._lines[fit:] for u in line]
        style = self.style
        head = CJKParagraph._part(
            head_units, dataclasses.replace(style, space_after=0.0), False, self._set[:fit], availWidth
        )
        tail_style = dataclasses.replace(style, space_before=0.0, first_line_indent=0.0)
        tail = CJKParagraph._part(tail_units, tail_style, self.finishes, self._set[fit:], availWidth)
        head._font_of = tail._font_of = self._font_of
        return [head, tail]

    def draw(self) -> None:
        canvas = self.canv
        style = self.style
        text = canvas.beginText()
        text.setFillColor(self._colour)
        state: dict[str, object] = {"font": None, "cs": None}
        for i, line in enumerate(self._set):
            y = self.height - i * style.leading - self._baseline_drop
            dx = 0.0
            if style.align in ("center", "right"):
                room = self.width - line.width - (style.first_line_indent if i == 0 else 0.0)
                dx = room / 2 if style.align == "center" else room
            self._draw_line(text, state, line, dx, y)
        canvas.drawText(text)

    def _draw_line(self, text, state: dict, line: SetLine, dx: float, y: float) -> None:
        """Runs of one font and one spacing, each from its first character's origin."""
        chars, xs = line.chars, line.xs
        k0, n = 0, len(chars)
        while k0 < n:
            font = self._font_of.get(chars[k0]) or self._pick_font(chars[k0]) or self.style.font
            k, spacing = k0 + 1, None
            while k < n:
                advance = xs[k] - xs[k - 1] - self._measure(chars[k - 1])
                f = self._font_of.get(chars[k]) or self._pick_font(chars[k]) or self.style.font
                if f != font or (spacing is not None and abs(advance - spacing) > 1e-4):
                    break
                spacing = advance
                k += 1
            char_space = round(spacing or 0.0, 4)
            text.setTextOrigin(xs[k0] + dx, y)
            if state["cs"] != char_space:
                text.setCharSpace(char_space)
                state["cs"] = char_space
            if state["font"] != font:
                text.setFont(font, self.style.size)
                state["font"] = font
            text.textOut(chars[k0:k])
            k0 = k
