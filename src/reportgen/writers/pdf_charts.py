"""Charts in the PDF: the renderer's PDF operators, each chart a Form XObject placed on the page.

The chart renderer writes ``pdfops`` (:mod:`reportgen.charts.opsformat`): a content-stream fragment
with text as outlines, needing no fonts or other resources. It becomes the content of a form
(compressed once per build, here, rather than with the page in each of ReportLab's layout passes)
that the page draws with ``Do``. The earlier route (SVG -> svglib -> ReportLab shapes, replayed
shape by shape in both passes) was most of a warm build's time.
"""

from __future__ import annotations

import hashlib
import zlib

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream
from reportlab.platypus import Flowable

from reportgen.charts.opsformat import parse
from reportgen.errors import ReportgenError


class ChartFlowable(Flowable):
    """A chart scaled to ``width_mm``; draws the cached operators inside its own graphics state."""

    def __init__(self, data: bytes, width_mm: float) -> None:
        super().__init__()
        try:
            w, h, self._ops = parse(data)
        except ValueError as err:
            raise ReportgenError(f"the chart renderer returned something else: {err}") from None
        self._scale = width_mm * mm / w
        self.width, self.height = w * self._scale, h * self._scale
        self._box = (w, h)
        self._name = "rgchart-" + hashlib.sha256(data).hexdigest()[:16]  # same chart, same form
        self._deflated = zlib.compress(self._ops)

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
        canv.restoreState()


def chart_flowable(data: bytes, width_mm: float) -> ChartFlowable:
    return ChartFlowable(data, width_mm)
