"""A ReportLab flowable that sets Chinese (and mixed Chinese–English) text properly.

Input: literal text and a :class:`CJKStyle` naming registered TrueType fonts.
Output: a :class:`CJKParagraph` flowable; the PDF writer uses it for every Chinese paragraph,
heading, cover title and table cell.

ReportLab's own ``Paragraph`` breaks CJK text without the punctuation rules of GB/T 15834 and
parses markup, so ``&``/``<`` in content would need escaping. Here line breaking comes from
:mod:`reportgen.text.linebreak` and text is drawn exactly as given.

Justification: every line but the paragraph's last (and lines ended by a hard newline) is
stretched to the full measure. The extra space goes evenly into the gaps between *tokens*: a CJK
character, a space, a whole Latin word or number, a whole dash/ellipsis run. So space is added
between Chinese characters and around Latin words and spaces, but never inside a Latin word or
inside "——". CJK characters are drawn with a PDF character spacing (``Tc``) equal to the gap;
Latin words with ``Tc`` 0 at their own origin.
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
from reportgen.text.linebreak import BREAK_SPACES, is_wide

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

    def __init__(self, text: str, style: CJKStyle) -> None:
        super().__init__()
        text = text.replace("\r\n", "\n").replace("\t", " ")
        self._setup(linebreak.segments(text), style, finishes=True)
        self._check_fonts(text)

    @classmethod
    def _part(cls, units: list[str], style: CJKStyle, finishes: bool) -> CJKParagraph:
        """A piece of a split paragraph that shares the parent's font choices."""
        part = cls.__new__(cls)
        Flowable.__init__(part)
        part._setup(units, style, finishes)
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
            indent = self.style.first_line_indent
            self._lines = linebreak.wrap(self.units, availWidth, self._measure, first_width=availWidth - indent)
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
        head = CJKParagraph._part(head_units, dataclasses.replace(style, space_after=0.0), False)
        # The tail re-wraps from a line start, so at the same width it gets the same lines.
        tail_style = dataclasses.replace(style, space_before=0.0, first_line_indent=0.0)
        tail = CJKParagraph._part(tail_units, tail_style, self.finishes)
        head._font_of = tail._font_of = self._font_of
        return [head, tail]

    def draw(self) -> None:
        canvas = self.canv
        style = self.style
        text = canvas.beginText()
        text.setFillColor(self._colour)
        state: dict[str, object] = {"font": None, "cs": None}
        last = len(self._lines) - 1
        for i, units in enumerate(self._lines):
            line = "".join(units)
            hard_break = "\n" in line
            line = line.rstrip(BREAK_SPACES)
            indent = style.first_line_indent if i == 0 else 0.0
            avail = self.width - indent
            natural = self._measure(line)
            y = self.height - i * style.leading - self._baseline_drop
            justify = style.align == "justify" and not hard_break and not (i == last and self.finishes)
            x = indent
            if style.align == "center":
                x += (avail - natural) / 2
            elif style.align == "right":
                x += avail - natural
            tokens = _tokens(line)
            gap = 0.0
            if justify and len(tokens) > 1 and natural < avail:
                gap = (avail - natural) / (len(tokens) - 1)
            self._draw_line(text, state, tokens, x, y, gap)
        canvas.drawText(text)

    def _draw_line(self, text, state: dict, tokens: list[str], x: float, y: float, gap: float) -> None:
        size = self.style.size
        if gap == 0.0:
            chunks = [("".join(tokens), 0.0)]  # nothing to stretch: one run per font
        else:
            chunks = []
            for token in tokens:
                stretchy = len(token) == 1  # a CJK character or a space: Tc adds the gap
                if stretchy and chunks and chunks[-1][1] == gap:
                    chunks[-1] = (chunks[-1][0] + token, gap)
                else:
                    chunks.append((token, gap if stretchy else 0.0))
        for chunk, char_space in chunks:
            text.setTextOrigin(x, y)
            if state["cs"] != char_space:
                text.setCharSpace(char_space)
                state["cs"] = char_space
            for font, run in self._runs(chunk):
                if state["font"] != font:
                    text.setFont(font, size)
                    state["font"] = font
                text.textOut(run)
            # A stretchy chunk already carries its gaps (Tc after each character); a word or
            # dash run gets its gap here, as the next origin.
            x += self._measure(chunk) + (len(chunk) * gap if char_space else gap)


def _tokens(line: str) -> list[str]:
    """Justification tokens: one CJK character or space each; whole Latin words; dash runs."""
    tokens: list[str] = []
    prev_kind = ""
    for ch in line:
        if ch in _INVISIBLE:
            continue
        if ch in "—―…⋯":
            kind = "run" + ch
        elif ch in BREAK_SPACES or is_wide(ch):
            kind = "single"
        else:
            kind = "latin"
        if tokens and kind == prev_kind and kind != "single":
            tokens[-1] += ch
        else:
            tokens.append(ch)
        prev_kind = kind
    return tokens
