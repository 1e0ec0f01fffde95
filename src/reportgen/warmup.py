"""Cache warming before the writers run, on every core.

Input: the composed :class:`~reportgen.model.Document`, the theme, the write options and the
formats about to be written.
Output: chart-cache statistics; afterwards the chart images and converted font subsets the
writers will ask for are in the cache folder, so each writer runs as it would on a warm cache.

Why: on a cold cache most of a build's CPU goes into drawing charts (matplotlib) and converting
CJK fonts, and left to the writers it runs where they happen to need it: the PDF writer converts
its fonts and then draws every chart, while the DOCX writer draws the same charts again for its
PNGs. Listed up front, these are independent tasks: each chart is drawn once for both formats,
and the tasks run side by side on all cores (:func:`reportgen.parallel.run`). On a warm cache
there is nothing to draw and no worker is started.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reportgen import model, parallel
from reportgen.charts import cache
from reportgen.layout import arrange
from reportgen.theme import Theme
from reportgen.writers import NEEDS_PAGINATION, PAGINATES, WriteOptions, chart_formats, chart_width_mm, font_tasks


@dataclass(frozen=True, slots=True)
class ChartStats:
    hits: int  # images the writers need that were in the cache already
    misses: int  # images drawn now


def warm(
    document: model.Document,
    theme: Theme,
    options: WriteOptions,
    formats: tuple[str, ...],
) -> ChartStats:
    """Draw the missing charts and, if any, convert the fonts beside them."""
    drawn, hits = _charts_to_draw(document, theme, options, formats)
    if not drawn:
        # On a warm chart cache the PDF writer finds its converted fonts (or converts them)
        # itself: no worker is worth starting.
        return ChartStats(hits=hits, misses=0)
    # One list for the pool: the charts first, for the workers (they start with matplotlib
    # loaded; this process has not imported it and should not); then the fonts, which this
    # process takes from the end — the biggest CJK conversion first, while the workers are still
    # starting — and the workers from the front once the charts are done, until the two meet.
    laid_out = (PAGINATES,) if any(fmt in NEEDS_PAGINATION for fmt in formats) else ()  # the DOCX's page numbers
    fonts = [task for fmt in dict.fromkeys((*laid_out, *formats)) for task in font_tasks(fmt, document, theme)]
    results = parallel.run([*drawn, *reversed(fonts)], here=len(fonts))
    return ChartStats(hits=hits, misses=sum(r for r in results[: len(drawn)] if isinstance(r, int)))


def start_if_cold(document: model.Document, theme: Theme, options: WriteOptions, formats: tuple[str, ...]) -> None:
    """Start the workers' forkserver now if :func:`warm` will need workers, so that it imports
    matplotlib on the other core while this process checks the text and reads the font records
    (a cold build's first worker otherwise starts ~0.7 s late). Nothing happens on a warm cache."""
    if _charts_to_draw(document, theme, options, formats)[0]:
        parallel.start()


def _charts_to_draw(document, theme, options, formats) -> tuple[list, int]:
    """The drawing tasks for the charts not in the cache, and how many images were there."""
    fmts = tuple(dict.fromkeys(image for f in formats for image in chart_formats(f, options)))
    width = chart_width_mm(theme)
    seen: set = set()
    drawn, hits = [], 0
    for placed in arrange(document, options.layout, options.langs):
        if not isinstance(placed.block, model.Chart):
            continue
        langs = "+".join(placed.langs)
        key = (placed.block.spec, langs)
        if key in seen:
            continue
        seen.add(key)
        todo = cache.missing(placed.block.spec, theme, fmts, width, langs)
        hits += len(fmts) - len(todo)
        if todo:
            drawn.append(functools.partial(cache.fill, placed.block.spec, theme, todo, width, langs))
    return drawn, hits
