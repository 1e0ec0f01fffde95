"""Chinese text with inline spans (strong, emphasis, super/subscript, links, footnote marks), set by
our Chinese line breaker like any other Chinese paragraph.

Input: a :class:`~reportgen.model.Text`'s spans in Chinese, the look of each span (worked out by
the PDF writer: faces, the emphasis rule of the theme, footnote marks and link targets) and a
:class:`~reportgen.writers.pdf_text.CJKStyle`.
Output: :class:`RichCJKParagraph`, a :class:`~reportgen.writers.pdf_text.CJKParagraph` whose
characters each carry their own face, size, rise, colour, link and emphasis mark.

The breaking and the placing of every character are :func:`reportgen.text.justify.set_paragraph`'s
(units from :func:`reportgen.text.linebreak.segments`, so a paragraph with markup keeps the
punctuation rules, the numbers kept with their units and the bounded stretch), measured with each
character's own width. A footnote mark or a superscript is glued to what precedes it, so it never
starts a line. Emphasis follows the theme's ``zh_emphasis``: ``dots`` draws the emphasis mark
(着重号, GB/T 15834) as a dot under each Chinese character, as the DOCX's ``w:em`` does.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics

from reportgen.text import linebreak
from reportgen.text.justify import PUNCT, SetLine
from reportgen.writers.pdf_text import _INVISIBLE, CJKParagraph, CJKStyle, _covers

SCRIPT_SIZE = 0.62  # of the body size: superscripts, subscripts and footnote marks
RISE = {"super": 0.36, "sub": -0.14, "normal": 0.0}  # of the body size
DOT_DROP, DOT_RADIUS = 0.24, 0.075  # the emphasis dot's centre under the baseline, its radius (em)


@dataclass(frozen=True, slots=True)
class Look:
    """How one span's characters are drawn."""

    font: str  # the face for Chinese characters (others may fall back to the style's)
    script: str = "normal"  # normal | super | sub
    latin: str | None = None  # the face for ASCII letters, digits and signs, if not ``font``
    colour: str | None = None  # None: the paragraph's colour
    link: str | None = None  # an external URL, or "#name" for a destination in this PDF
    underline: bool = False
    dots: bool = False  # the emphasis mark under each Chinese character
    note_href: str | None = None  # this character is the mark of that footnote


class RichCJKParagraph(CJKParagraph):
    """Chinese text of several looks, broken and justified by the Chinese rules."""

    def __init__(self, pieces: list[tuple[str, Look]], style: CJKStyle) -> None:
        text, looks = "", []
        for piece, look in pieces:
            piece = piece.replace("\r\n", "\n").replace("\t", " ")
            text += piece
            looks += [look] * len(piece)
        self._init_rich(looks, 0)
        CJKParagraph.__init__(self, text, style)
        self.units = _glue_marks(self.units, looks)

    def _init_rich(self, looks: list[Look], start: int) -> None:
        self._looks, self._start = looks, start
        self._char_font: dict[tuple[str, str, str | None], str] = {}

    # -- fonts and widths -------------------------------------------------------------------------
    def _check_fonts(self, text: str) -> None:
        super()._check_fonts(text)  # the style's faces draw every character...
        for k, ch in enumerate(text):  # ...and the span faces fall back to them
            if ch not in _INVISIBLE:
                self._face(ch, self._looks[k])

    def _face(self, ch: str, look: Look) -> str:
        key = (ch, look.font, look.latin)
        face = self._char_font.get(key)
        if face is None:
            if look.latin and ch.isascii() and not ch.isspace() and _covers(look.latin, ch):
                face = look.latin
            elif _covers(look.font, ch):
                face = look.font
            else:
                face = self._font_of.get(ch) or self.style.font
            self._char_font[key] = face
        return face

    def _size(self, look: Look) -> float:
        return self.style.size * (SCRIPT_SIZE if look.script != "normal" else 1.0)

    def _width_at(self, ch: str, i: int) -> float:
        look = self._looks[i + self._start]
        return pdfmetrics.stringWidth(ch, self._face(ch, look), self._size(look))

    # -- flowable API -------------------------------------------------------------------------------
    def split(self, availWidth: float, availHeight: float) -> list:  # noqa: N803
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            head, tail = parts
            head._init_rich(self._looks, self._start)
            tail._init_rich(self._looks, self._start + sum(len(u) for u in head.units))
            head._char_font = tail._char_font = self._char_font
        return parts

    def footnote_hrefs(self) -> set[str]:
        """The footnotes whose marks this paragraph (or this part of it) prints."""
        end = self._start + sum(len(u) for u in self.units)
        return {h for look in self._looks[self._start : end] if (h := look.note_href)}

    def draw(self) -> None:
        canvas, style = self.canv, self.style
        for i, line in enumerate(self._set):
            y = self.height - i * style.leading - self._baseline_drop
            dx = 0.0
            if style.align in ("center", "right"):
                room = self.width - line.width - (style.first_line_indent if i == 0 else 0.0)
                dx = room / 2 if style.align == "center" else room
            self._draw_rich_line(canvas, line, dx, y)

    def _draw_rich_line(self, canvas, line: SetLine, dx: float, y: float) -> None:
        chars, xs, positions = line.chars, line.xs, line.positions
        n = len(chars)
        k0 = 0
        while k0 < n:
            look = self._looks[positions[k0]]
            face = self._face(chars[k0], look)
            k = k0 + 1
            while k < n and self._looks[positions[k]] == look and self._face(chars[k], look) == face:
                k += 1
            self._draw_run(canvas, chars, xs, positions, k0, k, look, face, dx, y)
            k0 = k

    def _draw_run(self, canvas, chars, xs, positions, k0, k, look: Look, face: str, dx, y) -> None:
        size = self._size(look)
        colour = HexColor(look.colour or self.style.colour)
        base = y + RISE[look.script] * self.style.size
        canvas.saveState()
        canvas.setFillColor(colour)
        text = canvas.beginText()
        text.setFont(face, size)
        j0 = k0
        while j0 < k:
            # characters the setter spaced evenly go out as one string with that character spacing
            # (Tc), so a text extractor sees the stretch as spacing, not as spaces between words
            j, spacing = j0 + 1, None
            while j < k:
                advance = xs[j] - xs[j - 1] - pdfmetrics.stringWidth(chars[j - 1], face, size)
                if spacing is not None and abs(advance - spacing) > 1e-4:
                    break
                spacing = advance
                j += 1
            text.setTextOrigin(xs[j0] + dx, base)
            text.setCharSpace(round(spacing or 0.0, 4))
            text.textOut(chars[j0:j])
            j0 = j
        canvas.drawText(text)
        x0 = xs[k0] + dx
        x1 = xs[k - 1] + dx + pdfmetrics.stringWidth(chars[k - 1], face, size)
        if look.underline:
            canvas.setStrokeColor(colour)
            canvas.setLineWidth(0.5)
            canvas.line(x0, y - 0.12 * self.style.size, x1, y - 0.12 * self.style.size)
        if look.dots:
            em = self.style.size
            for j in range(k0, k):
                ch = chars[j]
                if linebreak.is_wide(ch) and ch not in PUNCT and not ch.isspace():
                    w = pdfmetrics.stringWidth(ch, face, size)
                    canvas.circle(xs[j] + dx + w / 2, y - DOT_DROP * em, DOT_RADIUS * em, stroke=0, fill=1)
        if look.link:
            rect = (x0, y - 0.2 * self.style.size, x1, y + 0.85 * self.style.size)
            if look.link.startswith("#"):
                canvas.linkRect("", look.link[1:], rect, relative=1, thickness=0)
            else:
                canvas.linkURL(look.link, rect, relative=1, thickness=0)
        canvas.restoreState()


def _glue_marks(units: list[str], looks: list[Look]) -> list[str]:
    """A unit that starts with a raised or lowered character (a footnote mark, km², CO₂) joins
    the unit before it: the mark belongs to what it follows and never opens a line."""
    out: list[str] = []
    pos = 0
    for unit in units:
        if out and unit and looks[pos].script != "normal":
            out[-1] += unit
        else:
            out.append(unit)
        pos += len(unit)
    return out
