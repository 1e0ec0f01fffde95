"""A matplotlib backend that writes PDF drawing operators, for charts placed in the PDF.

Input: a laid-out matplotlib Figure (see :mod:`reportgen.charts.kinds`).
Output: ``pdfops`` bytes (:mod:`reportgen.charts.opsformat`): a header line with the size in
points, then a PDF content-stream fragment drawing the chart, origin at the bottom left.

Why not SVG: the PDF writer used to parse the renderer's SVG with svglib and replay the resulting
ReportLab drawing shape by shape on every build (twice: ReportLab lays a document with a table of
contents out in two passes). Writing the operators once, here, lets the writer paste them into the
page as they are. The shapes need no resources at all: colours are plain RGB operators, and the
few translucent colours a chart might have are composited over white (charts sit on white paper)
rather than needing ExtGStates.

Text is not drawn here: each line of text is recorded (position, size, colour, and its runs per
face, see :mod:`reportgen.charts.opsformat`) for the PDF writer to set with the document's own
embedded fonts, so it stays text (searchable, copyable, taggable) and costs a few bytes instead
of outlines. Positions come from matplotlib's own text layout without kerning or ligatures,
as ReportLab sets text. Text in a face that is not a chart face (or mathtext) falls back to
outlines.

Artists with a ``gid`` (bars, wedges, lines: see :mod:`reportgen.charts.kinds`) are marked with a
``%gid <id>`` comment line before their operators, so tests can read bar geometry back.
"""

from __future__ import annotations

import re

from matplotlib import _path
from matplotlib.backend_bases import FigureCanvasBase, RendererBase
from matplotlib.path import Path

from reportgen.charts.opsformat import FORMAT, header, text_lines

# ReportLab sets each character's own glyph at its advance width: lay text out the same way.
_PLAIN = ("-liga", "-clig", "-kern", "-calt")

_PRECISION = 3  # decimals of a point: 1/1000 pt is far below any printer's resolution
# Operator per matplotlib path code (MOVETO, LINETO, CURVE3, CURVE4, CLOSEPOLY). An empty CURVE3
# entry makes matplotlib's C path writer turn quadratic (TrueType glyph) curves into cubic ones.
_CODES = [b"m", b"l", b"", b"c", b"h"]
_CAPS = {"butt": 0, "round": 1, "projecting": 2}
_JOINS = {"miter": 0, "round": 1, "bevel": 2}


def _num(x: float) -> str:
    text = f"{x:.{_PRECISION}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _over_white(rgb, alpha: float) -> tuple[float, float, float]:
    return tuple(1.0 - alpha * (1.0 - c) for c in rgb[:3])  # type: ignore[return-value]


def _colour(rgba, alpha: float | None) -> tuple[tuple[float, float, float], float]:
    a = rgba[3] if len(rgba) > 3 else 1.0
    if alpha is not None:
        a = alpha
    return _over_white(rgba, a), a


class RendererPdfOps(RendererBase):
    """Collects operators for every path matplotlib draws; text arrives as outlines via draw_path."""

    def __init__(self, width_pt: float, height_pt: float) -> None:
        super().__init__()
        self.width, self.height = width_pt, height_pt
        self._out: list[bytes] = []
        self._texts: list[dict] = []

    # matplotlib asks these to place text and scale lines: 72 units per inch, y upwards (as PDF).
    def flipy(self) -> bool:
        return False

    def get_canvas_width_height(self):
        return self.width, self.height

    def points_to_pixels(self, points):
        return points

    def open_group(self, s, gid=None):
        if gid:
            self._out.append(b"%gid " + re.sub(r"\s", "_", str(gid)).encode("ascii", "replace") + b"\n")

    def close_group(self, s):
        pass

    def option_image_nocomposite(self) -> bool:
        return True

    def draw_image(self, gc, x, y, im, transform=None):
        # No chart kind draws raster images; failing loudly beats dropping a picture silently.
        raise NotImplementedError("pdfops charts cannot contain raster images")

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        runs = None if ismath or not s.strip() else self._runs(s, prop)
        if runs is None:
            super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)  # outlines
            return
        forced = gc.get_alpha() if gc.get_forced_alpha() else None
        rgb, _ = _colour(gc.get_rgb(), forced)
        self._texts.append(
            {
                "x": float(_num(x)),
                "y": float(_num(y)),
                "angle": float(_num(angle)),
                "size": float(_num(prop.get_size_in_points())),
                "rgb": [float(_num(c)) for c in rgb],
                "runs": runs,
            }
        )

    @staticmethod
    def _runs(s: str, prop) -> list | None:
        from matplotlib import _text_helpers, font_manager

        from reportgen.charts.style import face_of

        font = font_manager.get_font(font_manager.fontManager._find_fonts_by_props(prop))
        font.clear()
        font.set_size(prop.get_size_in_points(), 72)  # 72 dpi: positions in points
        runs: list = []
        chars = []
        for item in _text_helpers.layout(s, font, features=_PLAIN):
            face = face_of(item.ft_object.fname)
            if face is None:
                return None
            chars.append(item.char)
            if runs and runs[-1][0] == face:
                runs[-1][2] += item.char
            else:
                runs.append([face, float(_num(item.x)), item.char])
        return runs if "".join(chars) == s else None  # a glyph for several characters: outlines

    def draw_path(self, gc, path, transform, rgbFace=None):
        forced = gc.get_alpha() if gc.get_forced_alpha() else None
        lw = gc.get_linewidth()
        stroke_rgb, stroke_a = _colour(gc.get_rgb(), forced)
        stroke = lw > 0 and stroke_a > 0
        fill = rgbFace is not None
        if fill:
            fill_rgb, fill_a = _colour(rgbFace, forced)
            fill = fill_a > 0
        if not (fill or stroke) or gc.get_hatch():
            return
        ops = [b"q\n"]
        ops += self._clip(gc)
        if fill:
            ops.append(" ".join(_num(c) for c in fill_rgb).encode() + b" rg\n")
        if stroke:
            ops.append(
                f"{_num(lw)} w {_CAPS.get(gc.get_capstyle(), 0)} J {_JOINS.get(gc.get_joinstyle(), 0)} j ".encode()
            )
            offset, dashes = gc.get_dashes()
            if dashes is not None and len(dashes):
                ops.append(f"[{' '.join(_num(d) for d in dashes)}] {_num(offset or 0)} d ".encode())
            ops.append(" ".join(_num(c) for c in stroke_rgb).encode() + b" RG\n")
        clip = (0.0, 0.0, self.width, self.height) if not fill and rgbFace is None else None
        ops.append(self._path_ops(path, transform, clip))
        ops.append(b"B\nQ\n" if fill and stroke else b"f\nQ\n" if fill else b"S\nQ\n")
        self._out.extend(ops)

    def _clip(self, gc) -> list[bytes]:
        ops = []
        rect = gc.get_clip_rectangle()
        if rect is not None:
            x0, y0, w, h = rect.bounds
            ops.append(f"{_num(x0)} {_num(y0)} {_num(w)} {_num(h)} re W n\n".encode())
        clip_path, clip_trans = gc.get_clip_path()
        if clip_path is not None:
            ops.append(self._path_ops(clip_path, clip_trans, None) + b"W n\n")
        return ops

    @staticmethod
    def _path_ops(path: Path, transform, clip) -> bytes:
        # matplotlib's own C writer (used by its PDF backend): fast, and it drops NaN vertices.
        return _path.convert_to_string(path, transform, clip, False, None, _PRECISION, _CODES, True) + b"\n"

    def result(self) -> bytes:
        return header(self.width, self.height, _num) + b"".join(self._out) + text_lines(self._texts)


class FigureCanvasPdfOps(FigureCanvasBase):
    filetypes = {FORMAT: "PDF drawing operators"}

    def __init__(self, figure=None) -> None:
        super().__init__(figure)
        self._renderer: RendererPdfOps | None = None

    def get_renderer(self):
        # The layout engine measures text with the renderer that will draw it.
        if self._renderer is None:
            w, h = self.figure.get_size_inches()
            self._renderer = RendererPdfOps(w * 72, h * 72)
        return self._renderer

    def print_pdfops(self, filename_or_obj, **_kwargs) -> None:
        self.figure.dpi = 72  # savefig restores the figure's own dpi afterwards
        self._renderer = None
        renderer = self.get_renderer()
        self.figure.draw(renderer)
        filename_or_obj.write(renderer.result())

    def get_default_filetype(self) -> str:
        return FORMAT


FigureCanvas = FigureCanvasPdfOps
