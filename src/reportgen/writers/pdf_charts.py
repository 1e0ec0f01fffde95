"""Charts in the PDF: the renderer's PDF operators, each chart a Form XObject placed on the page,
and the chart's text set over it in the document's own embedded fonts.

The chart renderer writes ``pdfops`` (:mod:`reportgen.charts.opsformat`): a content-stream fragment
of shapes needing no fonts or other resources, and its lines of text. The shapes become the content of a form
(compressed once per build, here, rather than with the page in each of ReportLab's layout passes)
that the page draws with ``Do``. The earlier route (SVG -> svglib -> ReportLab shapes, replayed
shape by shape in both passes) was most of a warm build's time.

The text is drawn with ReportLab's own text calls in the theme's chart faces (the fonts the
writer registered: ReportLab subsets them and writes their ToUnicode maps), so a reader can search
and copy it and a later tagging pass can mark it; the chart's CJK characters are in the heading
face's subset (:mod:`reportgen.writers.face_chars`).
"""

from __future__ import annotations

import hashlib
import zlib

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream
from reportlab.platypus import Flowable

from reportgen.charts.opsformat import parse, parse_text
from reportgen.errors import ReportgenError

# The theme roles whose faces the chart renderer measured its text with (reportgen.charts.style).
FACE_ROLES = {"latin": "en_heading", "cjk": "zh_heading"}


class ChartFlowable(Flowable):
    """A chart scaled to ``width_mm``; draws the cached operators inside its own graphics state."""

    def __init__(self, data: bytes, width_mm: float, fonts: dict[str, str] | None = None) -> None:
        super().__init__()
        try:
            w, h, self._ops = parse(data)
            self._texts = parse_text(data)
        except ValueError as err:
            raise ReportgenError(f"the chart renderer returned something else: {err}") from None
        self._scale = width_mm * mm / w
        self.width, self.height = w * self._scale, h * self._scale
        self._box = (w, h)
        self._name = "rgchart-" + hashlib.sha256(data).hexdigest()[:16]  # same chart, same form
        self._deflated = zlib.compress(self._ops)
        self._fonts = fonts or {}
        if self._texts and not all(face in self._fonts for face in FACE_ROLES):
            raise ReportgenError("a chart with text needs the PDF's chart fonts (latin and cjk)")

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        if not canv.hasForm(self._name):
            # Operators only (paths, RGB colours, clips), all balanced by q/Q: they need no
            # resources, so the form's own dictionary is empty rather than inherited.
            form = PDFStream(
                PDFDictionary(
                    {
                        "Type": PDFName("XObject"),
                        "Subtype": PDFName("Form"),
                        "FormType": 1,
                        "BBox": PDFArray([0, 0, *self._box]),
                        "Resources": PDFDictionary({}),
                        "Filter": PDFArray([PDFName("FlateDecode")]),  # set: ReportLab will not compress again
                    }
                ),
                content=self._deflated,
            )
            canv._doc.addForm(self._name, form)
        canv.saveState()
        canv.scale(self._scale, self._scale)
        canv.doForm(self._name)
        for item in self._texts:
            self._draw_text(canv, item)
        canv.restoreState()

    def _draw_text(self, canv, item: dict) -> None:
        canv.saveState()
        canv.translate(item["x"], item["y"])
        if item["angle"]:
            canv.rotate(item["angle"])
        canv.setFillColorRGB(*item["rgb"])
        text = canv.beginText(0, 0)
        for face, dx, chars in item["runs"]:
            text.setTextOrigin(dx, 0)
            text.setFont(self._fonts[face], item["size"])
            text.textOut(chars)
        canv.drawText(text)
        canv.restoreState()


def chart_flowable(data: bytes, width_mm: float, fonts: dict[str, str] | None = None) -> ChartFlowable:
    """``fonts`` maps the chart faces (``latin``, ``cjk``) to registered ReportLab font names."""
    return ChartFlowable(data, width_mm, fonts)


def chart_fonts(pdf_fonts) -> dict[str, str]:
    """The chart faces as the PDF writer registered them (a :class:`PdfFonts`)."""
    return {face: getattr(pdf_fonts, role) for face, role in FACE_ROLES.items()}
