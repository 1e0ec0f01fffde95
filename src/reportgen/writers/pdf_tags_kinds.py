"""Tagged PDF, structure side: each block kind's structure elements, from the document model.

Input: a :class:`~reportgen.writers.pdf_tags.BlockTags` (the placed block, its flowables and the
text flowables made for it) and the model block.
Output: the block's elements under the document's root, in reading order: the model's order,
Chinese before English, whatever the page's columns do (the parallel layout reads each Chinese
paragraph, then its English).

One function per block kind, registered with :func:`structure`. A kind without one is still
tagged: :func:`fallback` makes its texts paragraphs of a ``Div`` in the order they were made, so
a new block kind never leaves text out of the tree.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reportlab.platypus import Image as RLImage
from reportlab.platypus import ListFlowable, Paragraph, Spacer

from reportgen import model
from reportgen.writers.pdf_charts import ChartFlowable
from reportgen.writers.pdf_tags import BlockTags, Element

_CJK = re.compile(r"[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]")
STRUCTURE: dict[type, Callable[[BlockTags, object], None]] = {}


def structure(kind: type):
    def register(fn):
        STRUCTURE[kind] = fn
        return fn

    return register


def fallback(tags: BlockTags, block) -> None:
    if tags.recorder._made:
        tags.rest(tags.root.add("Div"))


@structure(model.Cover)
def cover(tags: BlockTags, block: model.Cover) -> None:
    # The logo is decorative: left an artifact. The title page's texts read as paragraphs.
    div = tags.root.add("Div")
    for text in (block.title, block.subtitle, block.issuer, block.dateline):
        tags.text(div, "P", text)
    tags.rest(div)


@structure(model.Heading)
def heading(tags: BlockTags, block: model.Heading) -> None:
    tags.text(tags.root, f"H{min(max(block.level, 1), 3)}", block.text)


@structure(model.Paragraph)
def paragraph(tags: BlockTags, block: model.Paragraph) -> None:
    tags.text(tags.root, "P", block.text)
    tags.rest(tags.root)


@structure(model.KeyFigures)
def key_figures(tags: BlockTags, block: model.KeyFigures) -> None:
    tags.text(tags.root, "P", block.title)
    items = tags.root.add("L")
    for item in block.items:
        body = items.add("LI").add("LBody")
        tags.text(body, "P", item.value)
        tags.text(body, "P", item.label)
    tags.rest(items)


@structure(model.Table)
def table(tags: BlockTags, block: model.Table) -> None:
    element = tags.root.add("Table")
    tags.text(element.add("Caption"), "P", tags.placed.caption or block.caption)
    head = element.add("THead").add("TR")
    for column in block.columns:
        cell = head.add("TH", attributes={"O": "Table", "Scope": "Column"})
        tags.text(cell, "P", column.header)
    body = element.add("TBody")
    rows = [*block.rows, *([block.total] if block.total else [])]
    # A text column before numbers names each row (指标 / Indicator): its cells head their rows.
    row_heads = block.columns[0].kind == "text" and any(c.numeric for c in block.columns[1:])
    for row in rows:
        tr = body.add("TR")
        for i, text in enumerate(row):
            cell = tr.add("TH", attributes={"O": "Table", "Scope": "Row"}) if row_heads and i == 0 else tr.add("TD")
            tags.text(cell, "P", text)
    for text in (block.note, block.source):
        tags.text(tags.root, "P", text)
    tags.rest(tags.root)


def _figure(tags: BlockTags, picture, alt: model.Text, caption: model.Text | None, source: model.Text | None):
    div = tags.root.add("Div")
    langs = tags.placed.show(alt)
    figure = div.add(
        "Figure",
        alt="\n".join(alt.get(lang) for lang in langs) or None,
        lang=langs[0] if len(langs) == 1 else None,
    )
    if picture is not None:
        tags.recorder.tag(picture, figure)
    tags.text(div.add("Caption"), "P", caption)
    tags.text(div, "P", source)
    tags.rest(div)


@structure(model.Chart)
def chart(tags: BlockTags, block: model.Chart) -> None:
    # The chart's own text (labels, legend) is drawn inside the Figure's marked content: the
    # Figure's Alt, which states every value, is what a reader is given.
    charts = tags.find(lambda f: isinstance(f, ChartFlowable))
    _figure(tags, charts[0] if charts else None, block.alt, tags.placed.caption or block.caption, None)


@structure(model.Image)
def image(tags: BlockTags, block: model.Image) -> None:
    pictures = tags.find(lambda f: isinstance(f, RLImage)) or tags.find(_picture_like)
    _figure(tags, pictures[0] if pictures else None, block.alt, tags.placed.caption or block.caption, block.source)


def _picture_like(f) -> bool:
    # An image drawn by some other flowable (e.g. a vector drawing): not text, not a spacer, not a group.
    return not isinstance(f, Paragraph | Spacer) and not hasattr(f, "_content") and hasattr(f, "drawOn")


@structure(model.ItemList)
def item_list(tags: BlockTags, block: model.ItemList) -> None:
    labels: list[Element] = []
    _items(tags, tags.root, block.items, block.ordered, 0, labels)
    # The bullets and numbers ReportLab draws, item by item depth first (the order of ``labels``):
    # each is its item's Lbl. Should the list be drawn otherwise, they stay artifacts.
    lists = tags.find(lambda f: isinstance(f, ListFlowable))
    bullets = _bullets(lists[0]) if lists else []
    if len(bullets) == len(labels):
        for bullet, label in zip(bullets, labels, strict=True):
            tags.recorder.tag_bullet(bullet, label)
    tags.rest(tags.root)


def _items(tags: BlockTags, parent: Element, entries, ordered: bool, depth: int, labels: list) -> None:
    numbering = ("Decimal" if depth == 0 else "LowerAlpha") if ordered else ("Disc" if depth == 0 else "None")
    element = parent.add("L", attributes={"O": "List", "ListNumbering": numbering})
    for entry in entries:
        item = element.add("LI")
        labels.append(item.add("Lbl"))
        body = item.add("LBody")
        tags.text(body, "P", entry.text)
        if entry.children:
            _items(tags, body, entry.children, ordered, depth + 1, labels)


def _bullets(list_flowable: ListFlowable) -> list:
    out = []
    for part in list_flowable._content:
        if getattr(part, "_bullet", None) is not None:
            out.append(part._bullet)
        inner = getattr(part, "_flowable", None)
        for nested in (inner, part):
            if isinstance(nested, ListFlowable):
                out += _bullets(nested)
    return out


@structure(model.Quote)
def quote(tags: BlockTags, block: model.Quote) -> None:
    element = tags.root.add("BlockQuote")
    tags.text(element, "P", block.text)
    tags.rest(element)  # the attribution, composed with its dash by the renderer


@structure(model.Note)
def note(tags: BlockTags, block: model.Note) -> None:
    div = tags.root.add("Div")
    tags.text(div, "P", block.title)
    for text in block.paragraphs:
        tags.text(div, "P", text)
    tags.rest(div)


@structure(model.TableOfContents)
def table_of_contents(tags: BlockTags, block: model.TableOfContents) -> None:
    tags.text(tags.root, "H1", block.title)
    toc = tags.root.add("TOC")
    from reportgen.writers.pdf_blocks import _Toc  # pdf_blocks imports this module's recorder

    for flowable in tags.find(lambda f: isinstance(f, _Toc)):
        _tag_entries(tags, flowable, toc)


def _tag_entries(tags: BlockTags, toc_flowable, toc: Element) -> None:
    """ReportLab makes the entries' paragraphs afresh each time the contents are wrapped: tag them
    then, entry n as the n-th TOCI (the same elements in every layout pass)."""
    wrap = toc_flowable.wrap
    entries: list[Element] = []

    def tagged_wrap(avail_width, avail_height):
        size = wrap(avail_width, avail_height)
        leader = toc_flowable.canv.getNamedCB("drawTOCEntryEnd")
        if leader is not None and not getattr(leader, "_rg_artifact", False):
            # The dot leader and page number are drawn inside the entry's paragraph: an artifact
            # (a reader gets the entry's text; its link, which goes to the page, stays in the TOCI).
            def artifact_leader(canvas, kind, label):
                tags.recorder.artifact_within(canvas, lambda: leader(canvas, kind, label))

            artifact_leader._rg_artifact = True
            toc_flowable.canv.setNamedCB("drawTOCEntryEnd", artifact_leader)
        cells = [cell for row in toc_flowable._table._cellvalues for cell in row]
        # ReportLab keeps each cell's flowables as a tuple.
        paragraphs = [f for cell in cells for f in (cell if isinstance(cell, tuple | list) else (cell,))]
        paragraphs = [f for f in paragraphs if isinstance(f, Paragraph)]
        if toc_flowable._lastEntries:
            while len(entries) < len(paragraphs):
                entries.append(toc.add("TOCI"))
            for paragraph, element in zip(paragraphs, entries, strict=False):
                element.text = paragraph.getPlainText()
                # An entry of one language part (sequential layout) is English or Chinese; a
                # bilingual entry is one paragraph, tagged as the document's first language.
                element.lang = "zh" if _CJK.search(element.text) else "en"
                tags.recorder.tag(paragraph, element)
        return size

    toc_flowable.wrap = tagged_wrap
