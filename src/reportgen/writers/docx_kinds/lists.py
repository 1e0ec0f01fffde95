"""DOCX renderer for bulleted and numbered lists, on Word's own numbering (numbering.xml).

Each item is a paragraph in List Bullet / List Number (List Bullet 2 / List Number 2 for the
nested level) carrying a ``w:numPr``; the mark is Word's, never a typed "•" or "1.". With two
languages shown, an item's Chinese paragraph is followed by its English one, and the English
paragraphs form a list instance of their own, so they repeat the Chinese numbers (1, 1, 2, 2
read as "1. 中文 / 1. English"), as the model asks.

An item whose English the layout hides (equal to its Chinese) has no English paragraph; the
English instance would then count one short, so the next English paragraph opens a new
instance starting at the right number.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.model import ItemList, ListItem
from reportgen.writers.docx_blocks import Emitter
from reportgen.writers.docx_kinds import renders
from reportgen.writers.docx_numbering import list_style, number_paragraph


@dataclass
class _Instance:
    """One language's list instance and what Word will number its next paragraph."""

    num_id: int
    start1: int  # where the nested level (re)starts in this instance
    shown: tuple[int, int] = (0, 0)  # numbers of the last paragraph: (item, nested item or 0)

    def next_number(self, level: int) -> tuple[int, int]:
        item, sub = self.shown
        if level == 0:
            return item + 1, 0
        return item, sub + 1 if sub else self.start1


@renders(ItemList)
def item_list(em: Emitter, block: ItemList) -> None:
    instances: dict[str, _Instance] = {}
    counts = [0, 0]

    def paragraph(item: ListItem, level: int) -> None:
        counts[level] += 1
        if level == 0:
            counts[1] = 0
        want = (counts[0], counts[1])
        for lang in em.show(item.text) or em.langs[:1]:
            inst = instances.get(lang)
            if inst is None or inst.next_number(level) != want:
                starts = (counts[0], 1) if level == 0 else (counts[0] + 1, counts[1])
                # Opened on a nested item, the instance counts its items from the next one.
                inst = instances[lang] = _Instance(em.lists.new_list(block.ordered, starts), starts[1])
            p = em.para(list_style(block.ordered, level))
            number_paragraph(p, inst.num_id, level)
            em.runs(p, item.text, lang)
            inst.shown = want

    for item in block.items:
        paragraph(item, 0)
        for sub in item.children:
            paragraph(sub, 1)
