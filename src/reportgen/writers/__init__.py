"""Writers: one module per output format, all with the same signature.

Input: a :class:`reportgen.model.Document`, the template's :class:`reportgen.theme.Theme` and
:class:`WriteOptions`.
Output: the file's bytes (the caller writes them atomically, or compares them for ``--check``).

``write(document, theme, options) -> bytes`` is the whole contract; a writer never reads the
content files or the template, only the model.

A format that cannot paginate itself (DOCX: Word lays out the pages when it opens the file) is
given the pagination of one that does: the PDF writer also reports a :class:`Pagination` (its
page count and the page of every heading), which the build passes on in
``WriteOptions.pagination``, so the DOCX's pre-filled table of contents and page count match
the PDF until Word recomputes them. Neither writer imports the other.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import importlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from reportgen.model import Chart

ImageFormat = Literal["svg", "png", "pdfops"]

# (chart, format, width in mm, language(s) shown) -> image bytes. The CLI passes the cached
# renderer from reportgen.charts; tests may pass a stub that returns a fixed image.
ChartRenderer = Callable[[Chart, ImageFormat, float, str], bytes]


@dataclass(frozen=True, slots=True)
class Pagination:
    """Where a paginating writer put things: its page count and each heading's page number; and
    how it set each table (in the layout's order): column widths as shares of the text width,
    measured in its fonts, and after which body rows a page broke it."""

    pages: int
    headings: Mapping[str, int]  # heading anchor -> page number
    table_widths: tuple[tuple[float, ...], ...] = ()
    table_breaks: tuple[tuple[int, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class WriteOptions:
    render_chart: ChartRenderer
    # The moment recorded as the document's creation/modification date. Fixed (from
    # SOURCE_DATE_EPOCH or the content's date) so the same input gives the same bytes.
    timestamp: _dt.datetime = _dt.datetime(2000, 1, 1, tzinfo=_dt.UTC)
    # Languages of the edition, in order: ("zh", "en") bilingual, ("zh",) or ("en",) one language.
    langs: tuple[str, ...] = ("zh", "en")
    layout: str = "interleaved"  # see reportgen.layout: interleaved, parallel, sequential
    template_dir: Path | None = None  # for template-owned files such as reference.docx
    docx_charts: str = "native"  # "native": editable Word charts; "image": the 300 ppi PNG
    # PDF standards claimed (reportgen.writers.pdf_standard): "ua-1" always (every PDF is tagged),
    # "a-2b" / "a-2u" for PDF/A-2 with XMP identification and an sRGB output intent.
    pdf_standard: tuple[str, ...] = ("ua-1",)
    extra: dict = field(default_factory=dict)
    pagination: Pagination | None = None  # from the PDF, for writers that cannot paginate (DOCX)


@dataclass(frozen=True, slots=True)
class WriterInfo:
    """One output format. A new format is a module with ``write`` and one entry in :data:`WRITERS`."""

    module: str  # imported only when the format is written (each worker imports its own)
    chart_format: ImageFormat  # the chart image format the writer asks the renderer for
    paginates: bool = False  # also has ``write_paginated`` -> (bytes, Pagination)
    needs_pagination: bool = False  # wants the paginating writer's Pagination (TOC page numbers)
    # Modules it imports late on nearly every build (for a worker's forkserver to load ahead).
    late_imports: tuple[str, ...] = ()
    # The module whose ``font_tasks(document, theme)`` lists the font subsets the
    # writer will need, for reportgen.warmup to make ahead; "" for none. Apart from the writer, so
    # that the build process can ask without importing the writer (that happens in its worker).
    font_tasks: str = ""


WRITERS: dict[str, WriterInfo] = {
    # The PDF's line breaker reads the units registry (reportgen.content) on the first number, its
    # tagging reads the block kinds' structure, and a logo or photo opens Pillow's image plugins.
    "pdf": WriterInfo(
        "reportgen.writers.pdf",
        "pdfops",
        paginates=True,
        font_tasks="reportgen.writers.cjk_subsets",
        late_imports=(
            "reportgen.fonts.preload",  # an edit's new glyphs: converted before the first line
            "reportgen.content.units",
            "reportgen.writers.pdf_tags_kinds",
            *(f"PIL.{kind}ImagePlugin" for kind in ("Bmp", "Gif", "Jpeg", "Ppm", "Png")),
        ),
    ),
    "docx": WriterInfo(
        "reportgen.writers.docx", "png", needs_pagination=True, font_tasks="reportgen.writers.docx_package"
    ),
}
FORMATS = tuple(WRITERS)
NEEDS_PAGINATION = tuple(f for f, w in WRITERS.items() if w.needs_pagination)
PAGINATES = next(f for f, w in WRITERS.items() if w.paginates)
CHART_FORMATS = {f: w.chart_format for f, w in WRITERS.items()}


def chart_formats(fmt: str, options: WriteOptions) -> tuple[str, ...]:
    """The chart images a writer will ask the renderer for (none for native DOCX charts)."""
    if fmt == "docx" and options.docx_charts == "native":
        return ()
    return (CHART_FORMATS[fmt],) if fmt in CHART_FORMATS else ()


def chart_width_mm(theme) -> float:
    """Charts span the text block in every writer (and so share one cached drawing)."""
    return theme.page.text_width_mm


def get_writer(fmt: str) -> Callable[..., bytes]:
    if fmt not in WRITERS:
        raise ValueError(f"unknown output format {fmt!r}")
    return importlib.import_module(WRITERS[fmt].module).write


def report_key(document, options: WriteOptions, version: str) -> str:
    """What names one report for the caches kept from its last build (the PDF's TOC entries and
    line settings, the pagination): its titles, layout and languages, and ``version``, the shape of
    what is kept. Loose on purpose: an edited report keeps its key, and what is kept under it is
    only ever a first guess that the build checks."""
    title = document.meta.title
    parts = [version, title.zh, title.en, options.layout, ",".join(options.langs)]
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def write_timed(fmt: str, document, theme, options: WriteOptions) -> tuple[bytes, float]:
    """Write ``fmt`` and say how long it took: a task a worker can run (this module is light to
    import; the writer's own module is imported only here)."""
    started = time.perf_counter()
    data = get_writer(fmt)(document, theme, options)
    return data, time.perf_counter() - started


def paginate(document, theme, options: WriteOptions) -> tuple[bytes, Pagination]:
    """:func:`get_paginator`'s writer, as a picklable task (the PDF module is imported only when
    it runs, not when a worker merely unpickles the task)."""
    return get_paginator()(document, theme, options)


def beside(formats: tuple[str, ...]) -> tuple[str, ...]:
    """The formats a worker can write while another lays out the paginating one (from the last
    build's pagination, checked afterwards): those needing pagination, when it is written too."""
    if PAGINATES not in formats:
        return ()
    return tuple(fmt for fmt in formats if fmt in NEEDS_PAGINATION)


def beside_preload(formats: tuple[str, ...]) -> tuple[str, ...]:
    """What the forkserver of workers writing ``formats`` side by side imports before their tasks
    (once, ahead of them, on the other core while the build process reads the content): the
    registry, the chart renderer their options carry, and the paginating writer with its late
    imports; () when nothing is written beside it.

    Only the paginating writer: it is the critical path (the longest task, and the one the
    others' pagination comes from), while a writer beside it finishes well before it and can
    import its own modules in its worker. The forkserver's imports are on every build's critical
    path once they outlast the build process's own reading and composing: with the DOCX writer
    among them as well as fontTools (for an edit's new glyphs), the flagship's warm build took
    20 ms longer; without it, as long as before (A/B, 7 runs each)."""
    if not beside(formats):
        return ()
    pdf = WRITERS[PAGINATES]
    return (__name__, "reportgen.charts.cache", pdf.module, *pdf.late_imports)


def subsets_then_write(fmt: str, document, theme, options: WriteOptions) -> tuple[bytes, float]:
    """A writer beside the paginating one: first that writer's font subsets
    (:func:`beside_subsets`), then its own file (which embeds the same ones). Listed here, in the
    worker: the build process hands the task over without walking the document for them."""
    for task in beside_subsets(document, theme):
        task()
    return write_timed(fmt, document, theme, options)


def beside_subsets(document, theme) -> list:
    """The paginating writer's font subsets, the smallest first: its worker converts them from the
    biggest, and one process builds a missing subset at a time
    (:func:`reportgen.cachedir.entry_file`), so a worker beside it shares an edit's new glyphs
    out instead of converting all of them too (ten new characters in a heading grow three
    subsets). On a warm cache each is a look in the cache."""
    return list(reversed(font_tasks(PAGINATES, document, theme)))


def font_tasks(fmt: str, document, theme) -> list:
    """The font subsets writer ``fmt`` will need for ``document``, as picklable tasks to run ahead
    (:attr:`WriterInfo.font_tasks`); [] if it names none."""
    module = WRITERS[fmt].font_tasks
    return list(importlib.import_module(module).font_tasks(document, theme)) if module else []


def get_paginator(fmt: str = PAGINATES) -> Callable[..., tuple[bytes, Pagination]]:
    """The writer that also reports its pagination: ``(document, theme, options) -> (bytes, Pagination)``."""
    if fmt != PAGINATES:
        raise ValueError(f"{fmt!r} does not paginate")
    from reportgen.writers.pdf import write_paginated

    return write_paginated
