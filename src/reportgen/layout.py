"""Layouts and editions: which language(s) each block shows, in what order, and how.

Input: a :class:`~reportgen.model.Document`, a layout name and the edition's languages.
Output: a tuple of :class:`Placed` blocks that every writer walks in order.

One place decides this for both writers, so the PDF and the DOCX cannot disagree about it:

* ``interleaved`` — each block in both languages, Chinese first (a paragraph, then its English);
* ``parallel`` — as interleaved, but each paragraph pair sits side by side, Chinese left;
* ``sequential`` — the front matter (everything before the first heading) in both languages, then
  the whole body in Chinese, then the whole body again in English, each with its own headings,
  bookmarks and table-of-contents entries;
* a single-language edition (``langs`` of one) shows the body in that language only; the cover
  keeps both titles, so the edition still says what it is a translation of.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportgen.model import Block, Cover, Document, Heading, PageBreak, Paragraph

LAYOUTS = ("interleaved", "parallel", "sequential")
BOTH = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Placed:
    block: Block
    langs: tuple[str, ...]  # languages shown, in order
    side_by_side: bool = False  # a bilingual paragraph drawn as two columns


def arrange(document: Document, layout: str, langs: tuple[str, ...] = BOTH) -> tuple[Placed, ...]:
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    blocks = document.blocks
    if len(langs) == 1:
        return tuple(Placed(b, BOTH if isinstance(b, Cover) else langs) for b in blocks)
    if layout == "interleaved":
        return tuple(Placed(b, langs) for b in blocks)
    if layout == "parallel":
        return tuple(Placed(b, langs, side_by_side=isinstance(b, Paragraph)) for b in blocks)
    first_heading = next((i for i, b in enumerate(blocks) if isinstance(b, Heading)), len(blocks))
    placed = [Placed(b, langs) for b in blocks[:first_heading]]
    for n, lang in enumerate(langs):
        if n:
            placed.append(Placed(PageBreak(), langs))
        for block in blocks[first_heading:]:
            if isinstance(block, Heading) and n:
                block = replace(block, anchor=f"{block.anchor}-{lang}")  # bookmarks must stay unique
            placed.append(Placed(block, (lang,)))
    return tuple(placed)
