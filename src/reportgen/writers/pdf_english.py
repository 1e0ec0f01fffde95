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

import json
from importlib.metadata import version

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from reportgen import cachedir

# Widest word gap (space plus stretch) of a justified line, in ems of the type size. Copy
# editors' usual limit for justified text is 0.5 em (kept a little under, as poppler measures
# gaps between glyph boxes); the natural space of the body face is ~0.23 em.
MAX_GAP_EM = 0.45

# Words a copy editor would not break: amounts' scale words (a number's unit must read whole
# beside it; see reportgen.content.quantities) and the like.
UNBROKEN = frozenset({"billion", "million", "trillion", "thousand", "hundred", "percent"})


def hyphenator(lang: str) -> Hyphenator | None:
    """ReportLab's ``hyphenationLang`` as a callable: pyphen's break points for ``lang``, at
    least two letters before a break and three after, and none in proper names (capitalised),
    in words that carry a hyphen already (pyphen would keep the hyphen on both sides), digits,
    or the :data:`UNBROKEN` words. One per language and process."""
    if not lang:
        return None
    found = _HYPHENATORS.get(lang)
    if found is None:
        found = _HYPHENATORS[lang] = Hyphenator(lang)
    return found


def keep_hyphenations() -> None:
    """Store the words hyphenated since the last call, for the next build (after a PDF is laid out)."""
    for found in _HYPHENATORS.values():
        found.keep()


class Hyphenator:
    """pyphen's break points, remembered per word in the cache between builds.

    Reading pyphen's dictionary (11,000 patterns) costs more than laying out the words a report
    hyphenates, and a build of the same report asks for the same words: they are looked up in the
    cache entry of the language first, and the dictionary is read only for a word not there. The
    entry's key names pyphen's version (the dictionaries ship with it) and the rules above."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._dictionary = None
        self._known: dict[str, list[tuple[str, str]]] | None = None
        self._added = False
        self._cache_key: str | None = None

    def __call__(self, word: str) -> list[tuple[str, str]]:
        if not word.isalpha() or word[0].isupper() or word.lower() in UNBROKEN:
            return []
        if self._known is None:
            self._known = _load(cachedir.read(_NAMESPACE, self._key(), ".json"))
        found = self._known.get(word)
        if found is None:
            found = self._known[word] = list(self._pyphen().iterate(word))
            self._added = True
        return list(found)

    def keep(self) -> None:
        if self._added and self._known is not None:
            data = json.dumps(self._known, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            cachedir.write(_NAMESPACE, self._key(), data.encode("utf-8", "surrogatepass"), ".json")
            self._added = False

    def _pyphen(self):
        if self._dictionary is None:
            import pyphen

            self._dictionary = pyphen.Pyphen(lang=self.lang, left=_LEFT, right=_RIGHT)
        return self._dictionary

    def _key(self) -> str:
        if self._cache_key is None:
            rules = ",".join(sorted(UNBROKEN))
            self._cache_key = f"{_KEY_VERSION}|pyphen {version('pyphen')}|{self.lang}|{_LEFT},{_RIGHT}|{rules}"
        return self._cache_key


_HYPHENATORS: dict[str, Hyphenator] = {}
_NAMESPACE = "hyphenation"
_KEY_VERSION = "1"  # bump when what __call__ returns for a word changes
_LEFT, _RIGHT = 2, 3  # letters kept before and after a break


def _load(data: bytes | None) -> dict[str, list[tuple[str, str]]]:
    """The remembered words, or none for an entry of another shape (its checksum already held)."""
    if data is None:
        return {}
    try:
        found = json.loads(data.decode("utf-8", "surrogatepass"))
        return {
            word: [(head, tail) for head, tail in pairs]
            for word, pairs in found.items()
            if isinstance(word, str) and all(isinstance(h, str) and isinstance(t, str) for h, t in pairs)
        }
    except (ValueError, TypeError, AttributeError):
        return {}


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
