"""A table that splits over pages like a typesetter would, at a cost per page however long it is.

Input: a function that builds a ReportLab ``Table`` (header row first, ``repeatRows=1``) for a
slice of the body rows, the body rows, how many of them are body rows proper (not the total row),
the caption's flowables and the continued caption's (续表1 / "Table 1 (continued)").
Output: a flowable that lays out and splits page by page.

How it splits (issue #15): never one row alone at a page's foot or head — a split leaves at
least :data:`MIN_ROWS` body rows on each side, or the table moves to the next page whole (a total
row does not count as a body row: it travels with the last two); each continuation starts with
the continued caption above the repeated header row.

Why a window: ReportLab splits a table by building the remainder as a new table of *all*
remaining rows, and every new table re-derives per-cell maps for every cell it holds. One split
per page over n rows is then O(n²): 500 indicator rows took 175 s. This flowable only ever
builds a table of the rows that can reach the current page (a window that doubles until it
overflows the frame) and keeps the rest as plain rows, so each page costs what its own rows cost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable, Table

from reportgen.writers.table_layout import MIN_ROWS

WINDOW = 24  # body rows tried first (about a page of bilingual rows); doubled while they fit
LONG = 60  # tables with fewer rows are built whole at once


class TablePart(Flowable):
    def __init__(
        self,
        build: Callable[[Sequence, bool], Table],
        rows: Sequence,
        body_rows: int,
        continued: Callable[[], list[Flowable]],
        frame_height: float,
        breaks: list[int] | None = None,
        start: int = 0,
        caption: list[Flowable] | None = None,
    ) -> None:
        super().__init__()
        self.build = build  # (rows, holds the last row?) -> Table with the header row
        self.rows = rows
        self.body_rows = body_rows  # rows[:body_rows] are body rows; any after them, the total
        self.continued = continued
        self.frame_height = frame_height
        # After which body rows the table broke (absolute row numbers), for the DOCX to follow.
        self.breaks = [] if breaks is None else breaks
        self.start = start  # the first row's number in the whole table
        # Drawn above the header: the table's own caption on its first part (so a table that moves
        # takes it along), the continued caption on every later one.
        self.caption = continued() if start else list(caption or [])
        self._table: Table | None = None
        self._taken = 0

    def _caption_height(self, width: float) -> float:
        return sum(f.wrap(width, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in self.caption)

    def _window(self, width: float, height: float) -> Table:
        """The table of the first rows: all of them, or enough to overflow ``height``."""
        k = len(self.rows) if len(self.rows) < LONG else WINDOW
        while True:
            k = min(k, len(self.rows))
            final = k == len(self.rows)
            table = self.build(self.rows[:k], final)
            _, h = table.wrap(width, height)
            if final or h > height:
                self._table, self._taken = table, k
                return table
            k *= 2

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        if not self.start:  # the table's first part, in a new layout pass: its breaks are to come
            self.breaks.clear()
        caption = self._caption_height(availWidth)
        table = self._window(availWidth, availHeight - caption)
        self.width, self.height = table._width, table._height + caption
        if self._taken < len(self.rows):  # more rows follow: never "fits", so the frame splits it
            self.height = max(self.height, availHeight + 1)
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803
        caption = self._caption_height(availWidth)
        table = self._window(availWidth, availHeight - caption)
        heights = table._rowHeights  # header first
        room = availHeight - caption - heights[0]
        fits = 0
        while fits < min(self._taken, self.body_rows) and heights[1 + fits] <= room + 1e-6:
            room -= heights[1 + fits]
            fits += 1
        # The rows after the split: at least MIN_ROWS body rows (plus the total row, if any).
        fit = min(fits, self.body_rows - MIN_ROWS)
        if fit < MIN_ROWS:
            if availHeight < 0.9 * self.frame_height:
                return []  # the whole table (or this part) moves to the next page
            # A fresh page can do no better: there a short part beats no progress.
            fit = min(fits, max(self.body_rows - 1, 1))
            if fit < 1:
                return []
        first = self.build(self.rows[:fit], False)
        self.breaks.append(self.start + fit)
        rest = TablePart(
            self.build,
            self.rows[fit:],
            self.body_rows - fit,
            self.continued,
            self.frame_height,
            self.breaks,
            self.start + fit,
        )
        return [_Stack([*self.caption, first]) if self.caption else first, rest]

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802
        # Reached only when every remaining row fits (wrap returned the true height).
        assert self._table is not None
        _Stack([*self.caption, self._table]).drawAt(canvas, x, y, self.width, self.height)

    def identity(self, maxLen=None):  # noqa: N803
        return f"<TablePart {len(self.rows)} rows>"


class _Stack(Flowable):
    """Flowables drawn one under the other (a continued caption over its table part); it fits by
    construction, so it never splits."""

    def __init__(self, parts: list[Flowable]) -> None:
        super().__init__()
        self.parts = parts

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self._sizes = [p.wrap(availWidth, availHeight) for p in self.parts]
        self.width = max(w for w, _ in self._sizes)
        self.height = sum(
            h + p.getSpaceBefore() + p.getSpaceAfter() for p, (_, h) in zip(self.parts, self._sizes, strict=True)
        )
        return self.width, self.height

    def draw(self) -> None:
        self.drawAt(self.canv, 0, 0, self.width, self.height)

    def drawAt(self, canvas, x, y, width, height) -> None:  # noqa: N802
        top = y + height
        for part in self.parts:
            _, h = part.wrap(width, 1e6) if not isinstance(part, Table) else (part._width, part._height)
            top -= part.getSpaceBefore() + h
            part.drawOn(canvas, x, top)
            top -= part.getSpaceAfter()
