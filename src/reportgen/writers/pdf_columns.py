"""Two flowables side by side, splitting across pages together (the parallel layout's paragraph pair)."""

from __future__ import annotations

from reportlab.platypus import Flowable


class SideBySide(Flowable):
    """``left`` and ``right`` in two equal columns separated by ``gap``; both start at the same height."""

    def __init__(self, left: Flowable, right: Flowable, gap: float) -> None:
        super().__init__()
        self.left, self.right, self.gap = left, right, gap

    def _column(self, avail_width: float) -> float:
        return (avail_width - self.gap) / 2

    def wrap(self, avail_width, avail_height):
        col = self._column(avail_width)
        _, h1 = self.left.wrap(col, avail_height)
        _, h2 = self.right.wrap(col, avail_height)
        self.width, self.height, self._col = avail_width, max(h1, h2), col
        return self.width, self.height

    def split(self, avail_width, avail_height):
        col = self._column(avail_width)
        parts = []
        for flowable in (self.left, self.right):
            _, h = flowable.wrap(col, avail_height)
            if h <= avail_height:
                parts.append((flowable, None))
                continue
            pieces = flowable.split(col, avail_height)
            if len(pieces) < 2:
                return []  # cannot break here: let the frame move the pair to the next page
            parts.append((pieces[0], pieces[1]))
        (l1, l2), (r1, r2) = parts
        if l2 is None and r2 is None:
            return [self]
        head = SideBySide(l1, r1, self.gap)
        tail = SideBySide(l2 or _Empty(), r2 or _Empty(), self.gap)
        return [head, tail]

    def draw(self) -> None:
        canv = self.canv
        for flowable, x in ((self.left, 0), (self.right, self._col + self.gap)):
            _, h = flowable.wrap(self._col, self.height)
            flowable.drawOn(canv, x, self.height - h)


class _Empty(Flowable):
    def wrap(self, avail_width, avail_height):
        return 0, 0

    def split(self, avail_width, avail_height):
        return []

    def draw(self) -> None:
        pass
