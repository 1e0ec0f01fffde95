"""Charts in the PDF: the renderer's SVG turned into a ReportLab vector drawing.

The SVG's text is already outlines (the chart renderer writes ``svg.fonttype: path``), so the
drawing brings no fonts of its own: no Helvetica fallback, nothing to embed.
"""

from __future__ import annotations

import io

from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from svglib.svglib import svg2rlg

from reportgen.errors import ReportgenError


def chart_flowable(svg: bytes, width_mm: float, font_name: str) -> Drawing:
    drawing = svg2rlg(io.BytesIO(svg))
    if drawing is None:
        raise ReportgenError("the chart renderer produced an SVG that svglib cannot read")
    # ReportLab's drawing renderer starts every drawing by selecting its default font
    # (Helvetica), which would land in the PDF unembedded even though no text uses it.
    drawing.initialFontName = font_name
    scale = width_mm * mm / drawing.width
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    return drawing
