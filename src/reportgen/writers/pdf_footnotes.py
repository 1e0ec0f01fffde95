"""PDF footnotes in room reserved at the foot of the text frame, on the page of their reference.

A block whose text references footnotes is wrapped in a :class:`NoteCarrier`: it fits where the
frame has room for it plus the footnotes it brings to the page (and the separator rule, for the
page's first), and, once drawn, raises the frame's bottom by that much, so what follows flows into
the frame that is left. Body text therefore never runs into the footnotes, and they stay inside the text block
(the bottom margin stays empty but for the page number). Where the block is split over a page
break, each part carries the footnotes whose references (link marks ``#fn-N-lang`` in the
paragraph markup) fell into it, so a reference that moves to the next page takes its footnote
along. The page's footnotes are drawn at its end, under a short rule, at the foot of the frame.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph
from reportlab.platypus.doctemplate import FrameBreak, NullActionFlowable

RULE_SPACE = 4 * mm  # white above the rule, the rule, white below it
NOTE_GAP = 1.0  # points between two footnotes


def note_href(mark: int, lang: str) -> str:
    """Where a footnote mark links to (the footnote's text at its page foot)."""
    return f"#fn-{mark}-{lang}"


def hrefs_in(flowable) -> set[str]:
    """The footnote link marks a flowable (or any flowable inside it) holds."""
    if isinstance(flowable, Paragraph):
        return _frag_hrefs(flowable.frags)
    own = getattr(flowable, "footnote_hrefs", None)
    if own is not None:
        return set(own() if callable(own) else own)
    out: set[str] = set()
    for attr in ("_content", "_flowables", "left", "right", "figure", "rest", "inner"):
        value = getattr(flowable, attr, None)
        for child in value if isinstance(value, list | tuple) else [value] if value is not None else []:
            if isinstance(child, Flowable | list | tuple):
                out |= hrefs_in(child) if isinstance(child, Flowable) else _many(child)
    for row in getattr(flowable, "_cellvalues", None) or []:
        for cell in row:
            out |= _many(cell if isinstance(cell, list | tuple) else [cell])
    return {h for h in out if h.startswith("#fn-")}


def _many(items) -> set[str]:
    out: set[str] = set()
    for item in items:
        if isinstance(item, Flowable):
            out |= hrefs_in(item)
        elif isinstance(item, list | tuple):
            out |= _many(item)
    return out


def _frag_hrefs(frags) -> set[str]:
    out: set[str] = set()
    for frag in frags or []:
        if isinstance(frag, list):  # a split paragraph's words: [width, (frag, text), ...]
            for sub in frag[1:]:
                if isinstance(sub, tuple):
                    out |= {link[1] for link in getattr(sub[0], "link", None) or []}
        else:
            out |= {link[1] for link in getattr(frag, "link", None) or []}
    return {h for h in out if h.startswith("#fn-")}


def _height(f, aw: float, ah: float, canv=None) -> float:
    _, h = f.wrapOn(canv, aw, ah) if canv is not None else f.wrap(aw, ah)
    return f._H if isinstance(f, KeepTogether) else h  # a group answers "split me" with a huge height


def _flat(content: list) -> list:
    """What is drawn: a group that fitted whole is its flowables (ReportLab never draws the group)."""
    out: list = []
    for f in content:
        out += _flat(list(f._content)) if isinstance(f, KeepTogether) else [f]
    return out


class PageNotes:
    """The footnotes of the page being laid out, and the room reserved for them."""

    def __init__(self, measure) -> None:
        self.measure = measure  # (note_id, lang) -> its paragraph's height
        self.refs: list[tuple[str, str]] = []
        self.reserved = 0.0

    def new_page(self) -> None:
        self.refs, self.reserved = [], 0.0

    def room_for(self, refs) -> float:
        """What ``refs`` add to this page's footnote area."""
        new = [r for r in dict.fromkeys(refs) if r not in self.refs]
        if not new:
            return 0.0
        return (0.0 if self.refs else RULE_SPACE) + sum(self.measure(r) + NOTE_GAP for r in new)


class NoteCarrier(Flowable):
    """A block's flowables and the footnotes they reference (``refs``: (note id, language, href))."""

    def __init__(self, content: list, refs: list[tuple[str, str, str]], notes: PageNotes) -> None:
        super().__init__()
        self.content, self.refs, self.notes = content, refs, notes
        self.keepWithNext = getattr(content[-1], "keepWithNext", 0) if content else 0
        self._room = 0.0

    def footnote_hrefs(self) -> set[str]:
        return {href for _, _, href in self.refs}

    def _keys(self):
        return [(note_id, lang) for note_id, lang, _ in self.refs]

    def _content_height(self, aw: float, ah: float) -> float:
        total = 0.0
        for i, f in enumerate(self.content):
            h = _height(f, aw, max(ah - total, 0), getattr(self, "canv", None))
            total += h + (f.getSpaceBefore() if i else 0) + (f.getSpaceAfter() if i < len(self.content) - 1 else 0)
        return total

    def wrap(self, aw, ah):
        # The frame asks with the room it has left: the block fits only with its footnotes' room
        # too, but takes only its own height here (that room is taken at the frame's foot).
        self._room = self.notes.room_for(self._keys())
        self._h = self._content_height(aw, ah - self._room)
        fits = self._h + self._room <= ah + 1e-6
        self.width, self.height = aw, self._h if fits else self._h + self._room
        return self.width, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802 - ReportLab's name
        return self.content[0].getSpaceBefore() if self.content else 0

    def getSpaceAfter(self) -> float:  # noqa: N802 - ReportLab's name
        return self.content[-1].getSpaceAfter() if self.content else 0

    def draw(self) -> None:
        y = self.height
        drawn = _flat(self.content)
        for i, f in enumerate(drawn):
            _, h = f.wrapOn(self.canv, self.width, self.height)
            if i:
                y -= f.getSpaceBefore()
            y -= h
            f.drawOn(self.canv, 0, y)
            y -= f.getSpaceAfter() if i < len(drawn) - 1 else 0
        frame = getattr(self, "_frame", None)
        if frame is not None and self._room:
            frame._y1p += self._room
        self.notes.reserved += self._room
        for key in self._keys():
            if key not in self.notes.refs:
                self.notes.refs.append(key)

    def split(self, aw, ah):
        room = self.notes.room_for(self._keys())
        avail = ah - room
        head: list = []
        rest = list(self.content)
        used = 0.0
        while rest and avail - used > 0:
            f = rest[0]
            gap = f.getSpaceBefore() if head else 0
            h = _height(f, aw, avail - used - gap, getattr(self, "canv", None))
            if used + gap + h <= avail + 1e-6:
                head.append(rest.pop(0))
                used += gap + h + f.getSpaceAfter()
                continue
            canv = getattr(self, "canv", None)
            room_left = avail - used - gap
            parts = (
                (f.splitOn(canv, aw, room_left) if canv is not None else f.split(aw, room_left))
                if room_left > 0
                else []
            )
            if parts and isinstance(f, KeepTogether):
                # a group that goes on only on the next page (FrameBreak first), or whose parts
                # now go one by one (a null action first)
                if isinstance(parts[0], FrameBreak):
                    break
                parts = [p for p in parts if not isinstance(p, NullActionFlowable)]
                rest[0:1] = parts
                continue
            if not parts or parts[0] is f or len(parts) < 2:
                break
            rest[0:1] = parts
            if used + gap + _height(parts[0], aw, room_left, canv) > avail + 1e-6:
                break
        if not head:
            return []
        here = set().union(*(hrefs_in(f) for f in head))
        first = [r for r in self.refs if r[2] in here]
        later = [r for r in self.refs if r[2] not in here]
        out: list = [NoteCarrier(head, first, self.notes)]
        if rest:
            out.append(NoteCarrier(rest, later, self.notes))
        return out


def draw_page_notes(canv, paragraphs: list, x0: float, bottom: float, width: float, colour: str) -> None:
    """The page's footnote paragraphs (``(href, paragraph)``) stacked up from the frame's foot, under
    a short rule; each footnote is the destination its marks link to."""
    heights = [p.wrap(width, 10_000)[1] for _, p in paragraphs]
    top = bottom + sum(h + NOTE_GAP for h in heights)
    canv.saveState()
    canv.setStrokeColor(HexColor(colour))
    canv.setLineWidth(0.5)
    rule_y = top + RULE_SPACE / 2
    canv.line(x0, rule_y, x0 + 30 * mm, rule_y)
    y = top
    defined = canv.__dict__.setdefault("_rg_note_dests", set())
    for (href, para), h in zip(paragraphs, heights, strict=True):
        if href not in defined:  # the first page that prints it (a note referenced twice prints twice)
            canv.bookmarkHorizontal(href[1:], x0, y)
            defined.add(href)
        y -= h
        para.drawOn(canv, x0, y)
        y -= NOTE_GAP
    canv.restoreState()
