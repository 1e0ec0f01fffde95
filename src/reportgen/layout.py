"""Layouts and editions: what each block shows, how captions and footnotes are numbered.

Input: a :class:`~reportgen.model.Document`, a layout name and the edition's languages.
Output: an :class:`Arrangement` — the :class:`Placed` blocks every writer walks in order, with
their caption numbers, plus the footnote numbers.

One place decides this for both writers, so the PDF and the DOCX cannot disagree about it:

* ``interleaved`` — each block in both languages, Chinese first (a paragraph, then its English);
* ``parallel`` — as interleaved, but each paragraph pair sits side by side, Chinese left;
* ``sequential`` — the front matter (everything before the first heading) in both languages, then
  the whole body in Chinese, then the whole body again in English, each with its own headings,
  bookmarks and table-of-contents entries; figures and tables are numbered afresh in each part;
* a single-language edition (``langs`` of one) shows the body in that language only; the cover
  keeps both titles, so the edition still says what it is a translation of.

A text whose English equals its Chinese ("41%", "2015–2020") is shown once (:meth:`Placed.show`).
Figures (charts and images) are numbered 图1 / Figure 1, tables 表1 / Table 1; footnotes 1, 2, 3
per document in the order of their first reference, the same mark in both languages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from reportgen.model import (
    Block,
    Chart,
    Cover,
    Document,
    Footnote,
    FootnoteRef,
    Heading,
    Image,
    PageBreak,
    Paragraph,
    Span,
    Table,
    Text,
)
from reportgen.model.walk import texts

LAYOUTS = ("interleaved", "parallel", "sequential")
BOTH = ("zh", "en")

# What a numbered caption is called, per kind of captioned block: (Chinese, English).
CAPTION_KINDS: dict[type, tuple[str, str]] = {Chart: ("图", "Figure"), Image: ("图", "Figure"), Table: ("表", "Table")}


def shown_langs(text: Text, langs: tuple[str, ...]) -> tuple[str, ...]:
    """The languages ``text`` is drawn in: ``langs``, minus an English equal to its Chinese."""
    if "zh" in langs and "en" in langs and text.en == text.zh:
        return tuple(lang for lang in langs if lang != "en")
    return tuple(lang for lang in langs if text.get(lang))


@dataclass(frozen=True, slots=True)
class Placed:
    block: Block
    langs: tuple[str, ...]  # languages shown, in order
    side_by_side: bool = False  # a bilingual paragraph drawn as two columns
    label: Text | None = None  # a captioned block's number: "图1" / "Figure 1", "表2" / "Table 2"

    def show(self, text: Text) -> tuple[str, ...]:
        """The languages this block draws ``text`` in (an English equal to its Chinese once)."""
        return shown_langs(text, self.langs)

    @property
    def caption(self) -> Text | None:
        """The numbered caption, "图1　…" / "Figure 1. …", spans kept; None for an uncaptioned block."""
        caption = getattr(self.block, "caption", None)
        if caption is None or self.label is None:
            return caption
        zh = (Span(f"{self.label.zh}　"), *caption.spans("zh"))
        en = (Span(f"{self.label.en}. "), *caption.spans("en"))
        return Text.of_spans(zh, en)


@dataclass(frozen=True, slots=True)
class Arrangement:
    """The placed blocks (iterate it like a tuple) and the document's footnote numbering."""

    placed: tuple[Placed, ...]
    footnotes: tuple[Footnote, ...]  # in number order: footnotes[0] is mark 1

    def __iter__(self) -> Iterator[Placed]:
        return iter(self.placed)

    def __len__(self) -> int:
        return len(self.placed)

    def __getitem__(self, index):
        return self.placed[index]

    def mark(self, footnote_id: str) -> int:
        """The number printed for a footnote reference (the same in every language)."""
        for n, note in enumerate(self.footnotes, 1):
            if note.id == footnote_id:
                return n
        raise KeyError(footnote_id)


def arrange(document: Document, layout: str, langs: tuple[str, ...] = BOTH) -> Arrangement:
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    placed = _numbered(_place(document.blocks, layout, langs))
    return Arrangement(placed=placed, footnotes=_footnote_order(document, placed))


def _place(blocks: tuple[Block, ...], layout: str, langs: tuple[str, ...]) -> list[Placed]:
    if len(langs) == 1:
        return [Placed(b, BOTH if isinstance(b, Cover) else langs) for b in blocks]
    if layout == "interleaved":
        return [Placed(b, langs) for b in blocks]
    if layout == "parallel":
        # Only a pair that differs goes side by side; "2015–2020" twice in two columns says nothing.
        return [Placed(b, langs, side_by_side=isinstance(b, Paragraph) and b.text.zh != b.text.en) for b in blocks]
    first_heading = next((i for i, b in enumerate(blocks) if isinstance(b, Heading)), len(blocks))
    placed = [Placed(b, langs) for b in blocks[:first_heading]]
    for n, lang in enumerate(langs):
        if n:
            placed.append(Placed(PageBreak(), langs))
        for block in blocks[first_heading:]:
            if isinstance(block, Heading) and n:
                block = replace(block, anchor=f"{block.anchor}-{lang}")  # bookmarks must stay unique
            placed.append(Placed(block, (lang,)))
    return placed


def _numbered(placed: list[Placed]) -> tuple[Placed, ...]:
    """Caption numbers per kind; each language part of the sequential layout counts from its start."""
    counts: dict[tuple[str, ...], dict[str, int]] = {}
    front: dict[str, int] = {}  # what the shared front matter used, so each part continues from it
    out = []
    for item in placed:
        kind = CAPTION_KINDS.get(type(item.block))
        if kind is None:
            out.append(item)
            continue
        part = counts.setdefault(item.langs, dict(front)) if len(item.langs) == 1 else front
        n = part[kind[0]] = part.get(kind[0], 0) + 1
        if part is front:
            for other in counts.values():
                other[kind[0]] = n
        out.append(replace(item, label=Text(zh=f"{kind[0]}{n}", en=f"{kind[1]} {n}")))
    return tuple(out)


def _footnote_order(document: Document, placed: tuple[Placed, ...]) -> tuple[Footnote, ...]:
    """Footnotes in the order of their first reference in the reading order."""
    known = {note.id: note for note in document.footnotes}
    order: dict[str, Footnote] = {}
    for item in placed:
        for text in texts(item.block):
            for lang in item.show(text):
                for span in text.spans(lang):
                    if isinstance(span, FootnoteRef) and span.id not in order:
                        if span.id not in known:
                            raise ValueError(f"footnote reference {span.id!r} has no footnote text")
                        order[span.id] = known[span.id]
    return tuple(order.values())
