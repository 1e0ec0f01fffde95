"""Chart rendering: the one place that knows matplotlib.

Input: a :class:`reportgen.model.ChartSpec` and the template's :class:`reportgen.theme.Theme`,
plus the image format ("svg", "png" or "pdfops"), the placed width in mm and the language(s)
shown ("zh", "en" or "zh+en").
Output: image bytes — SVG with text as outlines (no fonts to embed), PNG at 300 dpi, or PDF
drawing operators with text as outlines (:mod:`reportgen.charts.pdfops`, what the PDF writer
places).

:func:`render` is pure and deterministic: the same input gives the same bytes in any process.
The chart title is never drawn (the document's caption carries it); only axes, labels, the
legend (for several series) and a source note. :mod:`reportgen.charts.cache` wraps it with an
on-disk cache. matplotlib is imported lazily: importing this package costs nothing.
"""

from __future__ import annotations

import io
from typing import Literal

from reportgen.model import ChartSpec
from reportgen.theme import Theme

# Bump whenever drawing code changes what a chart looks like: it invalidates cached images.
RENDERER_VERSION = "9"

ImageFormat = Literal["svg", "png", "pdfops"]
LANG_MODES = ("zh", "en", "zh+en")
FORMATS = ("svg", "png", "pdfops")

__all__ = ["RENDERER_VERSION", "preload", "render", "render_many", "validate"]


def validate(spec: ChartSpec, fmt: str, width_mm: float, langs: str) -> None:
    """Reject specs the drawing code cannot honour; messages name the chart by its title.

    Compose runs the same kind checks first (:func:`reportgen.charts.kinds.problem`) and reports
    them as input errors naming the content's field; here they guard direct callers.
    """
    from reportgen.charts.kinds import problem

    where = f"chart {spec.title.en or spec.title.zh!r}"
    if fmt not in FORMATS:
        raise ValueError(f"{where}: image format must be one of {FORMATS}, not {fmt!r}")
    if langs not in LANG_MODES:
        raise ValueError(f"{where}: langs must be one of {LANG_MODES}, not {langs!r}")
    if not 10 <= width_mm <= 1000:
        raise ValueError(f"{where}: width {width_mm} mm is out of range")
    reason = problem(spec)
    if reason:
        raise ValueError(f"{where}: {reason}")


def preload() -> None:
    """Import what drawing needs (matplotlib is most of a cold chart's start-up), so a worker
    forked early can do it while the build is still reading its content."""
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.figure  # noqa: F401
    import PIL.PngImagePlugin  # noqa: F401

    import reportgen.charts.kinds
    import reportgen.charts.pdfops  # noqa: F401

    reportgen.charts.kinds.names()  # the drawing modules


def _draw(spec: ChartSpec, theme: Theme, width_mm: float, langs: str):
    """Draw ``spec`` and return the laid-out matplotlib Figure (for tests and debugging)."""
    from matplotlib import rc_context

    from reportgen.charts import kinds, style
    from reportgen.charts.axes import with_axes

    validate(spec, "png", width_mm, langs)
    spec = with_axes(spec)
    st = style.make_style(theme)
    with rc_context(style.rc_params(theme, st)):
        return kinds.draw(spec, st, width_mm, langs)


def render(spec: ChartSpec, theme: Theme, fmt: ImageFormat, width_mm: float, langs: str) -> bytes:
    """Render ``spec`` to one image format, ``width_mm`` wide when placed at 100 %."""
    return render_many(spec, theme, (fmt,), width_mm, langs)[fmt]


def render_many(
    spec: ChartSpec, theme: Theme, fmts: tuple[ImageFormat, ...], width_mm: float, langs: str
) -> dict[str, bytes]:
    """Render ``spec`` once and save it in each of ``fmts`` (the layout work is shared)."""
    from matplotlib import rc_context
    from matplotlib.backend_bases import register_backend

    from reportgen.charts import kinds, style
    from reportgen.charts.axes import with_axes

    for fmt in fmts:
        validate(spec, fmt, width_mm, langs)
    spec = with_axes(spec)
    register_backend("pdfops", "reportgen.charts.pdfops", "PDF drawing operators")
    st = style.make_style(theme)
    out = {}
    with rc_context(style.rc_params(theme, st)):
        fig = kinds.draw(spec, st, width_mm, langs)
        if getattr(fig, "laid_out", False):
            # The drawing code's last layout pass saw the figure as it is now (see
            # layout.fit_texts): keep that layout rather than redo constrained layout for every
            # format saved. The PDF's operators then also sit exactly where the PNG's pixels do,
            # and one format drawn alone is the same bytes as drawn beside another (a build
            # whose cache cannot store the warm-up's drawings redraws them one by one: #13).
            # None, not "none": a placeholder engine would still make savefig lay out once more.
            fig.set_layout_engine(None)
        for fmt in fmts:
            buf = io.BytesIO()
            if fmt == "png":
                # zlib level 3 instead of 6: half the encoding time for about 10 % more bytes
                fig.savefig(buf, format="png", dpi=300, metadata={"Software": None}, pil_kwargs={"compress_level": 3})
            elif fmt == "svg":
                fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
            else:
                fig.savefig(buf, format="pdfops")
            out[fmt] = buf.getvalue()
    return out
