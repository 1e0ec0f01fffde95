"""Charts in the PDF: the renderer's SVG turned into a ReportLab vector drawing.

The SVG's text is already outlines (the chart renderer writes ``svg.fonttype: path``), so the
drawing brings no fonts of its own: no Helvetica fallback, nothing to embed.

Converting SVG with svglib is the slowest step of a warm build (about 0.3 s a chart, mostly
glyph outlines), so the converted drawing is cached beside the rendered chart, keyed by the SVG's
bytes and the library versions that shape the drawing.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from importlib import metadata

from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from svglib.svglib import svg2rlg

from reportgen.cachedir import cache_dir, store
from reportgen.errors import ReportgenError

_VERSIONS = f"{metadata.version('svglib')}|{metadata.version('reportlab')}|1"


def _converted(svg: bytes) -> Drawing:
    key = hashlib.sha256(_VERSIONS.encode() + b"\0" + svg).hexdigest()
    path = cache_dir() / "charts" / f"{key}.rlg"
    drawing = None
    if path.is_file():
        try:
            # Our own cache folder, written only by this function; a damaged entry is redrawn.
            drawing = pickle.loads(path.read_bytes())
        except Exception:  # noqa: BLE001 - any unreadable cache entry just means "convert again"
            drawing = None
    if drawing is None:
        drawing = svg2rlg(io.BytesIO(svg))
        if drawing is None:
            raise ReportgenError("the chart renderer produced an SVG that svglib cannot read")
        store(path, pickle.dumps(drawing, protocol=pickle.HIGHEST_PROTOCOL))
    return drawing


def chart_flowable(svg: bytes, width_mm: float, font_name: str) -> Drawing:
    drawing = _converted(svg)
    # ReportLab's drawing renderer starts every drawing by selecting its default font
    # (Helvetica), which would land in the PDF unembedded even though no text uses it.
    drawing.initialFontName = font_name
    scale = width_mm * mm / drawing.width
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    return drawing
