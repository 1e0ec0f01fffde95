"""Cache warming before the writers run, on every core.

Input: the composed :class:`~reportgen.model.Document`, the theme, the write options and the
formats about to be written.
Output: chart-cache statistics; afterwards the chart images and converted font subsets the
writers will ask for are in the cache folder, so each writer runs as it would on a warm cache.

Why: on a cold cache most of a build's CPU goes into drawing charts (matplotlib) and converting
CJK fonts, and left to the writers it runs where they happen to need it: the PDF writer converts
its fonts and then draws every chart, while the DOCX writer draws the same charts again for its
PNGs. Listed up front, these are independent tasks: each chart is drawn once for both formats,
and the tasks run side by side on all cores (:func:`reportgen.parallel.run_tasks`). On a warm
cache there is nothing to draw and nothing is forked.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass

from reportgen import model
from reportgen.charts import cache
from reportgen.layout import arrange
from reportgen.parallel import EarlyPool, run_tasks
from reportgen.theme import Theme
from reportgen.writers import WriteOptions, chart_formats, chart_width_mm, get_writer


@dataclass(frozen=True, slots=True)
class ChartStats:
    hits: int  # images the writers need that were in the cache already
    misses: int  # images drawn now


def warm(
    document: model.Document,
    theme: Theme,
    options: WriteOptions,
    formats: tuple[str, ...],
    pool: EarlyPool | None = None,
) -> ChartStats:
    """Draw the missing charts (and, if any, convert the PDF's fonts alongside). ``pool``, if
    given, is used for the drawing, or closed when there is nothing to draw."""
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
    if not drawn:
        # On a warm chart cache the PDF writer finds its converted fonts (or converts them)
        # itself: no fork is worth it.
        if pool is not None:
            pool.close()
        return ChartStats(hits=hits, misses=0)
    fonts: list = []
    if "pdf" in formats:
        from reportgen.writers.pdf import font_tasks

        fonts = font_tasks(document, theme)
    if pool is not None and pool.workers:
        # The pool's workers have matplotlib loaded already and draw on every core; this process
        # converts the fonts meanwhile. It joins in the drawing only if it has matplotlib too
        # (importing it here would cost more than the charts it could take).
        def alongside() -> None:
            for task in fonts:
                task()
            for fmt in formats:
                get_writer(fmt)  # their imports, which the writing would otherwise wait for

        results = pool.run(drawn, alongside=alongside, join="matplotlib.figure" in sys.modules)
    else:
        results = run_tasks(fonts + drawn)  # the body face is the longest task: first
    return ChartStats(hits=hits, misses=sum(r for r in results if isinstance(r, int)))
