"""English paragraphs for the PDF: hyphenated, justified within a word-gap bound.

Input: ReportLab mini-markup and a ``ParagraphStyle`` (from :mod:`reportgen.writers.pdf_styles`).
Output: a ``Paragraph`` flowable.

ReportLab breaks lines first-fit and, with ``hyphenationLang`` set, hyphenates a word that
overflows the line with pyphen's dictionary for the theme's language. That removes most loose
lines; a justified line that would still open its word gaps beyond ``MAX_GAP_EM`` (a long word
that offers no break, or an amount that must not be split from its unit) is stretched only to
that bound and ends a little short of the margin, so no line shows a river-making gap. The last
line of a paragraph is never stretched anyway.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

# Widest word gap (space plus stretch) of a justified line, in ems of the type size. Copy
# editors' usual limit for justified text is 0.5 em (kept a little under, as poppler measures
# gaps between glyph boxes); the natural space of the body face is ~0.23 em.
MAX_GAP_EM = 0.45

# Words a copy editor would not break: amounts' scale words (a number's unit must read whole
# beside it; see reportgen.content.quantities) and the like.
UNBROKEN = frozenset({"billion", "million", "trillion", "thousand", "hundred", "percent"})


@functools.cache
def hyphenator(lang: str) -> Callable[[str], list[tuple[str, str]]] | None:
    """ReportLab's ``hyphenationLang`` as a callable: pyphen's break points for ``lang``, at
    least two letters before a break and three after, and none in proper names (capitalised),
    in words that carry a hyphen already (pyphen would keep the hyphen on both sides), digits,
    or the :data:`UNBROKEN` words."""
    if not lang:
        return None
    import pyphen

    dictionary = pyphen.Pyphen(lang=lang, left=2, right=3)

    def pairs(word: str) -> list[tuple[str, str]]:
        if not word.isalpha() or word[0].isupper() or word.lower() in UNBROKEN:
            return []
        return list(dictionary.iterate(word))

    return pairs


class EnglishParagraph(Paragraph):
    """A ``Paragraph`` whose justified lines never stretch a word gap past ``MAX_GAP_EM``, and
    whose broken lines keep the space they broke at."""

    def drawPara(self, debug=0):  # noqa: N802 - ReportLab's name
        _keep_line_end_spaces(self.blPara)
        super().drawPara(debug)

    def breakLines(self, width):
        bl = super().breakLines(width)
        if self.style.alignment == TA_JUSTIFY:
            self._bound_gaps(bl)
        return bl

    def _bound_gaps(self, bl) -> None:
        lines = bl.lines
        for i, line in enumerate(lines[:-1]):  # the last line is set flush left anyway
            if bl.kind == 0:  # one font: lines are (unused width, words)
                extra, words = line
                gaps = len(words) - 1 + sum(w.count("\xa0") for w in words)
                size, font = bl.fontSize, bl.fontName
            else:  # several fonts (a CJK run inside English): FragLine objects
                if getattr(line, "lineBreak", False):
                    continue
                extra, gaps = line.extraSpace, line.wordCount - 1
                size, font = line.fontSize, self.style.fontName
            if gaps <= 0 or extra <= 1e-6:
                continue
            natural = stringWidth(" ", font, size)
            if natural + extra / gaps > MAX_GAP_EM * size:
                # Stretched only to the bound: the line ends a little short of the margin
                # (ReportLab spreads a line's unused width over its gaps, so hand it less).
                allowed = max(MAX_GAP_EM * size - natural, 0.0) * gaps
                if bl.kind == 0:
                    lines[i] = (allowed, words)
                else:
                    line.extraSpace = allowed


def _keep_line_end_spaces(bl) -> None:
    """Give every line but the last the space it was broken at, as a trailing (invisible) space.

    ReportLab drops that space, so text read from the PDF -- a screen reader following the tagged
    structure, or a copy -- runs the last word of a line into the first of the next
    ("FiveYears"). A line that ends in a hyphen (pyphen's break, or one typed) gets none: the word
    continues. Applied when drawing, after widths are settled, so the setting is unchanged."""
    for i, line in enumerate(bl.lines[:-1]):
        if bl.kind == 0:  # one font: lines are (unused width, words)
            extra, words = line
            if words and not words[-1].endswith(("-", "\u00ad", " ", "\u00a0")):
                bl.lines[i] = (extra, [*words[:-1], words[-1] + " "])
        else:  # several fonts: the line's last fragment carries the space
            if getattr(line, "lineBreak", False) or not line.words:
                continue
            last = line.words[-1]
            text = getattr(last, "text", None)
            if isinstance(text, str) and text and not text.endswith(("-", "\u00ad", " ", "\u00a0")):
                last.text = text + " "
