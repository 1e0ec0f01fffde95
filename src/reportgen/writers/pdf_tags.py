"""Tagged PDF, drawing side: the structure elements of one build and the marked content that
ties each page's operators to them.

Input: the flowables :mod:`reportgen.writers.pdf_blocks` makes for each placed block (and the
model text each text flowable shows), then ReportLab's drawing of them.
Output: a :class:`TagRecorder` holding the structure tree in reading order — built from the
document model by :mod:`reportgen.writers.pdf_tags_kinds`, never from drawing order — with, for
every element, the (page, MCID) pieces of content and the link annotations drawn for it;
:mod:`reportgen.writers.pdf_tags_tree` writes it into the finished PDF.

How content is marked: every page starts inside ``/Artifact BMC``, so anything not drawn by a
tagged flowable (running header and footer, rules, table backgrounds, the cover band and logo) is
an artifact by construction. A tagged flowable's drawing closes the artifact, wraps its own
operators in ``/Role <</MCID n>> BDC … EMC`` and reopens it. List bullets and numbers are their
items' ``Lbl`` (:meth:`TagRecorder.tag_bullet`); a table of contents' dot leader and page number
are an artifact inside their entry (:meth:`TagRecorder.artifact_within`). Content drawn twice by the same
flowable object (a table's header row repeated on a continuation page) stays an artifact: the
reader has met it once.

Why instance hooks: ReportLab splits a paragraph into new flowable objects at a page break
(CJKParagraph, Paragraph and table splitting all do), so a tag on the original would be lost.
:meth:`TagRecorder.tag` wraps the instance's ``drawOn`` and ``split``; each piece a split returns
is tagged with the same element (one element, one MCID per page piece). No flowable class is
changed, so the writer's other modules do not know about tagging.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from reportgen import model

LANG_TAGS = {"zh": "zh-CN", "en": "en-US"}


@dataclass(eq=False)
class Element:
    """One structure element: a role (P, H1, Table, TD, Figure ...) and its kids in reading order."""

    role: str
    parent: Element | None = None
    lang: str | None = None  # "zh" / "en"; written as /Lang when it differs from the document's
    alt: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)  # e.g. {"O": "Table", "Scope": "Column"}
    id: str | None = None
    text: str | None = None  # a leaf's text (a link annotation's description falls back to it)
    kids: list[Element] = field(default_factory=list)
    # Filled while drawing (the last layout pass counts): marked-content pieces and link annotations.
    content: list[tuple[int, int]] = field(default_factory=list)  # (page number from 1, MCID)
    annotations: list[tuple[int, int]] = field(default_factory=list)  # (page number, index in /Annots)

    def add(self, role: str, **kw) -> Element:
        child = Element(role, parent=self, **kw)
        self.kids.append(child)
        return child

    def walk(self) -> Iterator[Element]:
        yield self
        for kid in self.kids:
            yield from kid.walk()


class TagRecorder:
    """The structure tree of one PDF build and the marking of its content while it is drawn."""

    def __init__(self, langs: tuple[str, ...]) -> None:
        self.doc_lang = "zh" if "zh" in langs else "en"
        self.root = Element("Document")
        # Text flowables of the block being built, in creation order, and by (text, language).
        self._made: list[tuple[model.Text, str, object] | None] = []
        self._made_at: dict[tuple[model.Text, str], deque[int]] = defaultdict(deque)
        self._note_parents: dict[tuple[str, str], Element] = {}  # (footnote id, lang) -> referencing element
        self._notes: dict[tuple[str, str], Element] = {}
        self._pages: dict[int, int] = defaultdict(int)  # page -> next MCID
        self._drawn: list[object] = []  # flowables drawn in this pass (kept alive, so ids stay unique)
        self._drawn_ids: set[int] = set()
        self._artifact = False
        self._depth = 0
        self._current: Element | None = None  # the element whose marked content is open

    # -- story time: elements from the model -----------------------------------------------------
    def made(self, text: model.Text, lang: str, flowable) -> None:
        """``flowable`` shows ``text`` in ``lang`` (called by the block converter for every text)."""
        self._made_at[(text, lang)].append(len(self._made))
        self._made.append((text, lang, flowable))

    def block(self, placed, flowables: list) -> None:
        """Build the elements of one placed block, in reading order, and tag its flowables."""
        from reportgen.writers.pdf_tags_kinds import STRUCTURE, fallback

        builder = STRUCTURE.get(type(placed.block), fallback)
        builder(BlockTags(self, placed, flowables), placed.block)
        self._made, self._made_at = [], defaultdict(deque)

    def claim(self, text: model.Text, lang: str):
        """The flowable made for ``text`` in ``lang`` in this block (first unclaimed one), or None."""
        waiting = self._made_at.get((text, lang))
        if not waiting:
            return None
        i = waiting.popleft()
        flowable = self._made[i][2]
        self._made[i] = None
        return flowable

    def unclaimed(self) -> list[tuple[model.Text, str, object]]:
        rest = [made for made in self._made if made is not None]
        self._made, self._made_at = [], defaultdict(deque)
        return rest

    def leaf(self, parent: Element, role: str, text: model.Text, lang: str, flowable) -> Element:
        element = parent.add(role, lang=lang, text=text.get(lang))
        for note_id in text.footnote_ids(lang):
            self._note_parents.setdefault((note_id, lang), element)
        self.tag(flowable, element)
        return element

    # -- draw time: marked content ---------------------------------------------------------------
    def tag(self, flowable, element: Element) -> None:
        """Mark everything ``flowable`` (and every piece it splits into) draws as ``element``'s content."""
        draw, split = flowable.drawOn, flowable.split

        def tagged_draw(canvas, x, y, _sW=0):  # noqa: N803 - ReportLab's name
            self._draw(flowable, element, canvas, lambda: draw(canvas, x, y, _sW))

        def tagged_split(avail_width, avail_height):
            pieces = split(avail_width, avail_height)
            for piece in pieces:
                if piece is not flowable:
                    self.tag(piece, element)
            return pieces

        flowable.drawOn, flowable.split = tagged_draw, tagged_split
        flowable._rg_element = element

    def tag_bullet(self, bullet, element: Element) -> None:
        """A list item's label: ReportLab draws it with ``drawOn(indenter, canvas, x, y)``."""
        draw = bullet.drawOn

        def tagged_draw(indenter, canvas, x, y, _sW=0):  # noqa: N803 - ReportLab's name
            self._draw(bullet, element, canvas, lambda: draw(indenter, canvas, x, y, _sW))

        bullet.drawOn = tagged_draw

    def artifact_within(self, canvas, draw: Callable[[], None]) -> None:
        """Inside a tagged flowable's drawing, draw something that is not its content (a table of
        contents' dot leader): the element's marked content pauses, and resumes with a new MCID."""
        current = self._current
        if current is None:
            draw()
            return
        element, code, page = current, canvas._code, canvas.getPageNumber()
        opened = len(code) - 1 - code[::-1].index(_opening(element.role, element.content[-1][1]))
        if not _PAINTS.search("\n".join(code[opened + 1 :])):
            # Nothing painted yet in this piece (ReportLab draws an entry's leader before its text,
            # after only a state change): no empty marked content, the piece starts after the leader.
            del code[opened]
            element.content.pop()
            self._pages[page] -= 1
        else:
            code.append("EMC")
        code.append("/Artifact BMC")
        draw()
        code.append("EMC")
        mcid = self._pages[page]
        self._pages[page] += 1
        code.append(_opening(element.role, mcid))
        element.content.append((page, mcid))

    def footnote(self, note_id: str, lang: str, flowable) -> None:
        """The footnote paragraph drawn at a page foot: a Note, child of the element referencing it."""
        note = self._notes.get((note_id, lang))
        if note is None:
            parent = self._note_parents.get((note_id, lang), self.root)
            note = parent.add("Note", lang=lang, id=f"note-{note_id}-{lang}")
            self._notes[(note_id, lang)] = note
        self.tag(flowable, note)

    def start_pass(self) -> None:
        """A layout pass begins (ReportLab lays the document out more than once): forget the last."""
        for element in self.root.walk():
            element.content.clear()
            element.annotations.clear()
        self._pages.clear()
        self._drawn, self._drawn_ids = [], set()
        self._artifact, self._depth, self._current = False, 0, None

    def begin_page(self, canvas) -> None:
        canvas._code.append("/Artifact BMC")
        self._artifact = True

    def end_page(self, canvas) -> None:
        if self._artifact:
            canvas._code.append("EMC")
        self._artifact = False

    def _draw(self, flowable, element: Element, canvas, draw: Callable[[], None]) -> None:
        if self._depth or id(flowable) in self._drawn_ids:
            draw()  # inside a tagged drawing already, or drawn before (a repeated header): as it is
            return
        self._drawn.append(flowable)
        self._drawn_ids.add(id(flowable))
        code, page = canvas._code, canvas.getPageNumber()
        mcid = self._pages[page]
        self._pages[page] += 1
        if self._artifact:
            code.append("EMC")
        code.append(_opening(element.role, mcid))
        before = len(canvas._annotationrefs)
        element.content.append((page, mcid))
        self._depth += 1
        self._current = element
        try:
            draw()
        finally:
            self._depth -= 1
            self._current = None
        code.append("EMC")
        if self._artifact:
            code.append("/Artifact BMC")
        element.annotations.extend((page, i) for i in range(before, len(canvas._annotationrefs)))


# Operators that paint (text, paths, shadings, XObjects); a conservative test on operator text.
_PAINTS = re.compile(r"(?<![\w/])(BT|Tj|TJ|S|s|f\*?|F|B\*?|b\*?|sh|Do|BI)(?![\w])")


def _opening(role: str, mcid: int) -> str:
    return f"/{role} <</MCID {mcid}>> BDC"


class BlockTags:
    """What a block's structure builder works with: the recorder, the placed block, its flowables."""

    def __init__(self, recorder: TagRecorder, placed, flowables: list) -> None:
        self.recorder, self.placed, self.flowables = recorder, placed, flowables
        self.root = recorder.root

    def text(self, parent: Element, role: str, text: model.Text | None) -> list[Element]:
        """An element per language ``text`` was drawn in (Chinese first), each tagging its flowable."""
        out = []
        if text is None:
            return out
        for lang in ("zh", "en"):
            flowable = self.recorder.claim(text, lang)
            if flowable is not None:
                out.append(self.recorder.leaf(parent, role, text, lang, flowable))
        return out

    def rest(self, parent: Element, role: str = "P") -> None:
        """Texts the builder did not place (e.g. an attribution the renderer composed): in creation order."""
        for text, lang, flowable in self.recorder.unclaimed():
            self.recorder.leaf(parent, role, text, lang, flowable)

    def find(self, wanted: Callable[[object], bool]) -> list:
        """Flowables of this block (looking inside groups, tables and columns) that ``wanted`` accepts."""
        return [f for f in _walk(self.flowables) if wanted(f)]


_INSIDE = ("_content", "_flowable", "left", "right", "inner", "figure", "rest", "_cellvalues", "rows")


def _walk(obj, seen: set[int] | None = None) -> Iterator[object]:
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, list | tuple):
        for item in obj:
            yield from _walk(item, seen)
        return
    if isinstance(obj, str | int | float) or obj is None:
        return
    yield obj
    for name in _INSIDE:
        inner = getattr(obj, name, None) if name in getattr(obj, "__dict__", {}) else None
        if inner is not None:
            yield from _walk(inner, seen)
