"""A long table that costs the same per page however many rows follow.

Input: a function that builds a ReportLab ``Table`` (header row first, ``repeatRows=1``) for a
slice of the body rows, and the body rows.
Output: a flowable that lays out and splits like that table would, page by page.

Why: ReportLab splits a table by building the remainder as a new table of *all* remaining rows,
and every new table re-derives per-cell maps (span and no-split ranges, cell rectangles) for
every cell it holds. One split per page over n rows is then O(n²): 500 indicator rows took
175 s. This flowable only ever builds a table of the rows that can reach the current page (a
window that doubles until it overflows the frame) and keeps the rest as plain rows, so each page
costs what its own rows cost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable, Table

WINDOW = 24  # body rows tried first (about a page of bilingual rows); doubled while they fit
LONG = 60  # tables with fewer body rows are left to ReportLab as they are


class LongTable(Flowable):
    def __init__(self, build: Callable[[Sequence, bool], Table], rows: Sequence) -> None:
        super().__init__()
        self.build = build  # (body rows, holds the last row?) -> Table with the header row
        self.rows = rows
        self._table: Table | None = None
        self._taken = 0

    def _window(self, width: float, height: float) -> Table:
        """The table of the first rows: all of them, or enough to overflow ``height``."""
        k = WINDOW
        while True:
            k = min(k, len(self.rows))
            final = k == len(self.rows)
            table = self.build(self.rows[:k], final)
            _, h = table.wrap(width, height)
            if final or h > height:
                self._table, self._taken = table, k
                return table
            k *= 2

    def wrap(self, availWidth, availHeight):
        table = self._window(availWidth, availHeight)
        self.width, self.height = table._width, table._height
        if self._taken < len(self.rows):  # more rows follow: never "fits", so the frame splits it
            self.height = max(self.height, availHeight + 1)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        table = self._window(availWidth, availHeight)
        parts = table.split(availWidth, availHeight)
        if not parts:
            return []
        first = parts[0]
        used = len(first._cellvalues) - 1  # body rows on this page (the header is row 0)
        if used <= 0:
            return []
        rest = self.rows[used:]
        if not rest:
            return [first]
        return [first, LongTable(self.build, rest)]

    def drawOn(self, canvas, x, y, _sW=0):
        # Reached only when every remaining row fits (wrap returned the table's own height).
        assert self._table is not None
        self._table.drawOn(canvas, x, y, _sW)

    def identity(self, maxLen=None):
        return f"<LongTable {len(self.rows)} rows>"
