"""Charts in the PDF: the renderer's PDF operators placed on the page as they are.

The chart renderer writes ``pdfops`` (:mod:`reportgen.charts.opsformat`): a content-stream fragment
with text as outlines, needing no fonts or other resources. Pasting it costs nothing per build;
the earlier route (SVG -> svglib -> ReportLab shapes, replayed shape by shape in both layout
passes) was most of a warm build's time.
"""

from __future__ import annotations

from reportlab.lib.units import mm
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

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.scale(self._scale, self._scale)
        # Operators only (paths, RGB colours, clips), all balanced by q/Q: safe to paste verbatim.
        canv.addLiteral(self._ops.decode("latin-1"))
        canv.restoreState()


def chart_flowable(data: bytes, width_mm: float) -> ChartFlowable:
    return ChartFlowable(data, width_mm)
