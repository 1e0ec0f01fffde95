"""Two flowables side by side, splitting across pages together (the parallel layout's paragraph pair)."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether


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


class KeepStart(KeepTogether):
    """Kept together where it fits; where it does not, split in place (both columns running on
    over the page break) unless less than ``min_start`` is left, then started on the next page.

    ReportLab's ``KeepTogether`` moves any group that does not fit to the next frame, which left
    pages of the parallel layout half empty before each long paragraph pair.
    """

    def __init__(self, flowables, min_start: float) -> None:
        super().__init__(flowables)
        self.min_start = min_start

    def split(self, aW, aH):  # noqa: N803 - ReportLab's names
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        content = self._content[:]
        if self._H > aH and aH < self.min_start:
            content.insert(0, self.FrameBreak())
        elif self._H > aH:
            # Split here: the headings in the group must not regroup with the pair through their
            # keep-with-next (the document would wrap them in a KeepTogether again and move them).
            # min_start leaves room for them and the pair's first lines.
            for flowable in content:
                flowable.keepWithNext = 0
        return content


class FitFigure(KeepTogether):
    """A figure kept with its caption that, rather than leave the rest of a page empty, is drawn
    a little smaller (down to ``min_scale``) where that makes it fit; otherwise it moves to the
    next page as a ``KeepTogether`` would. Charts and SVG images are vector drawings, so they lose
    nothing; a raster picture drawn smaller gains resolution."""

    def __init__(self, figure: Flowable, rest: list, min_scale: float = 0.75) -> None:
        super().__init__([figure, *rest])
        self.figure, self.rest, self.min_scale = figure, rest, min_scale

    def split(self, aW, aH):  # noqa: N803 - ReportLab's names
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H > aH:
            _, fig_h = self.figure.wrap(aW, aH)
            scale = (aH - (self._H - fig_h)) / fig_h if fig_h else 0.0
            if self.min_scale <= scale < 1:
                # what joined the group in front of the figure (its heading) stays in front
                lead = self._content[: next(i for i, f in enumerate(self._content) if f is self.figure)]
                return [*lead, _Scaled(self.figure, scale * 0.995), *self.rest]
        return super().split(aW, aH)


class _Scaled(Flowable):
    """``inner`` drawn at ``factor`` of its size, centred in the frame."""

    def __init__(self, inner: Flowable, factor: float) -> None:
        super().__init__()
        self.inner, self.factor = inner, factor

    def wrap(self, avail_width, avail_height):
        w, h = self.inner.wrap(avail_width, avail_height / self.factor)
        self._avail = avail_width
        self.width, self.height = avail_width, h * self.factor
        self._inner_w = w * self.factor
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.translate((self._avail - self._inner_w) / 2, 0)
        canv.scale(self.factor, self.factor)
        self.inner.drawOn(canv, 0, 0)
        canv.restoreState()


class HeadingGroup(KeepStart):
    """What ReportLab builds for a keep-with-next chain (a heading and the block after it): kept
    whole where it fits, else split in place while ``MIN_START`` is left, so a heading followed
    by a long paragraph does not take that paragraph to the next page and leave this one empty.
    Set as the document template's ``keepTogetherClass``."""

    MIN_START = 45 * 72 / 25.4  # points: a heading and the first lines of what follows

    def __init__(self, flowables, maxHeight=None) -> None:  # noqa: N803 - ReportLab's signature
        super().__init__(flowables, self.MIN_START)
