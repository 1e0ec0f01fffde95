"""The whole pipeline in one call: content file -> output bytes per format.

Nothing is written here; :mod:`reportgen.cli` writes the bytes atomically (or compares them),
so a failure at any stage leaves earlier outputs untouched.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reportgen import cachedir, parallel
from reportgen.charts.cache import make_renderer
from reportgen.compose import compose
from reportgen.content import load_content
from reportgen.data import DataInput
from reportgen.errors import InputError, TextTooLong
from reportgen.glyphs import check_drawn_text, too_long
from reportgen.layout import LAYOUTS
from reportgen.templates import find_template
from reportgen.theme import DOCX_CHART_MODES, load_theme
from reportgen.warmup import start_if_cold, warm
from reportgen.writers import (
    FORMATS,
    NEEDS_PAGINATION,
    PAGINATES,
    WriteOptions,
    beside,
    get_paginator,
    paginate,
    pagination_memory,
    subsets_then_write,
    write_timed,
)
from reportgen.writers.pdf_standard import parse_standards

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    outputs: dict[str, bytes]  # format -> bytes
    template_dir: Path
    content_path: Path
    font_files: tuple[Path, ...]  # the theme's font files, for the manifest
    timings: dict[str, float]  # stage -> seconds
    charts: dict[str, int]  # chart images the writers used: {"hits": found in the cache, "misses": drawn}
    data: Any = None  # reportgen.data.bind.DataUse: the data files read (hashes, queries), bound figures


def _docx_charts(mode: str | None, theme) -> str:
    if mode is None:
        return theme.docx_charts
    if mode not in DOCX_CHART_MODES:
        raise InputError(f"--docx-charts {mode!r} is not one of {', '.join(DOCX_CHART_MODES)}")
    return mode


def build_timestamp(content_date: dt.date) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible-builds.org), else noon UTC on the content's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            stamp = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise InputError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time in seconds") from None
        if not 1980 <= stamp.year <= 2107:  # what a zip entry (the DOCX) can record
            raise InputError(f"SOURCE_DATE_EPOCH={epoch!r} is outside the years 1980–2107")
        return stamp
    return dt.datetime(content_date.year, content_date.month, content_date.day, 12, tzinfo=dt.UTC)


def build(
    content_path: Path,
    template: str | None,
    formats: tuple[str, ...],
    progress: Progress = lambda _: None,
    layout: str | None = None,
    lang: str | None = None,
    lint: bool = True,
    data: DataInput | None = None,
    docx_charts: str | None = None,
    pdf_standard: str | None = None,
) -> BuildResult:
    for fmt in formats:
        if fmt not in FORMATS:
            raise InputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    return _build(
        content_path, template, formats, progress, layout, lang, lint, data or DataInput(), docx_charts, pdf_standard
    )


def _build(
    content_path: Path,
    template: str | None,
    formats: tuple[str, ...],
    progress: Progress,
    layout: str | None,
    lang: str | None,
    lint: bool,
    data: DataInput,
    docx_charts: str | None = None,
    pdf_standard: str | None = None,
) -> BuildResult:
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 4)
        clock = now

    progress("reading content")
    cachedir.check()  # an unusable cache: one warning line, then the build goes on without it
    loaded = load_content(content_path, **data.load_kwargs())
    template_dir = find_template(template)
    theme = load_theme(template_dir)
    lap("content")
    progress("composing")
    document = compose(
        loaded,
        template_dir,
        logo=theme.logo,
        number_scale=theme.number_scale,
        text_width_mm=theme.page.text_width_mm,
    )
    if lint:
        from reportgen.lint import check_loaded

        findings = check_loaded(loaded)
        if findings:
            more = f" (and {len(findings) - 1} more: run `reportgen lint`)" if len(findings) > 1 else ""
            raise InputError(f"{findings[0]}{more}")
    lap("compose")

    if layout is not None and layout not in LAYOUTS:
        raise InputError(f"unknown layout {layout!r} (choose from {', '.join(LAYOUTS)})")
    if lang is not None and lang not in ("zh", "en"):
        raise InputError(f"unknown language {lang!r} (choose zh or en)")
    options = WriteOptions(
        layout=layout or theme.layout,
        langs=(lang,) if lang else ("zh", "en"),
        render_chart=make_renderer(theme),  # matplotlib loads only when a chart must be drawn
        timestamp=build_timestamp(loaded.content.meta.date),
        template_dir=template_dir,
        docx_charts=_docx_charts(docx_charts, theme),
        pdf_standard=theme.pdf_standard if pdf_standard is None else parse_standards(pdf_standard, "--pdf-standard"),
    )
    start_if_cold(document, theme, options, formats)  # workers to come: their imports overlap the check
    check_drawn_text(document, theme, options.langs, loaded)  # the header and charts: no missing glyphs
    lap("prepare")
    progress("drawing charts and preparing fonts")
    chart_stats = warm(document, theme, options, formats)
    lap("warmup")
    progress("writing " + " and ".join(f.upper() for f in formats))
    try:
        outputs, written = _write_all(document, theme, options, formats, lap)
    except TextTooLong:
        raise too_long(loaded) from None
    timings.update({fmt: seconds for fmt, (_, seconds) in written.items()})
    fonts = tuple(p for face in theme.fonts.values() for p in (face.regular, face.bold, face.italic) if p)
    return BuildResult(
        outputs=outputs,
        template_dir=template_dir,
        content_path=content_path,
        font_files=tuple(dict.fromkeys(fonts)),
        timings=timings,
        charts={"hits": chart_stats.hits, "misses": chart_stats.misses},
        data=loaded.data,
    )


def _write_all(document, theme, options: WriteOptions, formats: tuple[str, ...], lap):
    outputs: dict[str, bytes] = {}
    written: dict[str, tuple[bytes, float]] = {}
    rest = formats
    if any(fmt in NEEDS_PAGINATION for fmt in formats):
        # The DOCX's table of contents and page count come from the PDF's pagination, so the PDF
        # is laid out first (and kept, if it was asked for) — or, given the last build's
        # pagination, in a worker while another writes the DOCX from that guess.
        (data, pagination), ahead = _paginate(document, theme, options, formats)
        pagination_memory.remember(document, options, pagination)
        lap(PAGINATES)
        if PAGINATES in formats:
            outputs[PAGINATES] = data
            rest = tuple(fmt for fmt in formats if fmt != PAGINATES)
        options = replace(options, pagination=pagination)
        written.update(ahead)
    # The rest (unless written beside the PDF) in turn, here, with the PDF's pagination.
    for fmt in rest:
        if fmt not in written:
            written[fmt] = write_timed(fmt, document, theme, options)
        outputs[fmt] = written[fmt][0]
    return {fmt: outputs[fmt] for fmt in formats}, written


def _paginate(document, theme, options: WriteOptions, formats: tuple[str, ...]):
    """The paginating writer's (bytes, Pagination), and the formats written beside it in a worker
    from the last build's pagination when that turned out to be this build's: {fmt: (bytes, s)}.

    Only when the CLI started the workers' forkserver early (:func:`reportgen.parallel.start`):
    a worker that first waits for a forkserver to start would finish after the PDF."""
    ahead_formats = beside(formats)
    guess = pagination_memory.guess(document, options) if ahead_formats and parallel.started() else None
    if guess is None:
        return get_paginator()(document, theme, options), {}
    assumed = replace(options, pagination=guess)
    tasks = [functools.partial(subsets_then_write, fmt, document, theme, assumed) for fmt in ahead_formats]
    # Both in workers at once, the PDF (the longer) first: their forkserver imported the PDF
    # writer on another core while this process read the content; the DOCX's worker imports its
    # own writer, and still finishes first. Neither pays for its imports here.
    paginated, *ahead = parallel.run([functools.partial(paginate, document, theme, options), *tasks])
    if paginated[1] != guess:  # the layout moved: those were written with the wrong page numbers
        return paginated, {}
    return paginated, dict(zip(ahead_formats, ahead, strict=True))
