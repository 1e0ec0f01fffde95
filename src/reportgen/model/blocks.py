"""The body blocks a section is made of (beyond the cover, TOC and key figures).

Every reader-facing text is a bilingual :class:`~reportgen.model.inline.Text` that may carry
inline spans. Captions carry no number: the layout numbers figures and tables once
(:attr:`reportgen.layout.Placed.label`, "图1" / "Figure 1") so both writers print the same.
A writer renders a block in the languages :class:`reportgen.layout.Placed` gives it, and
each text of it in ``placed.show(text)`` (an English equal to its Chinese is shown once).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reportgen.model.inline import Text


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of level 1–3; ``anchor`` is unique in the document.

    Writers make it an outline entry / bookmark named by ``anchor`` (internal links
    ``#anchor`` point here) and a TOC entry when the TOC's ``depth`` reaches ``level``.
    """

    level: int  # 1..3
    text: Text
    anchor: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Body text: one paragraph per shown language (two columns in the parallel layout)."""

    text: Text


@dataclass(frozen=True, slots=True)
class ListItem:
    """One item of a list; ``children`` is the one nested level (their own children are empty)."""

    text: Text
    children: tuple[ListItem, ...] = ()


@dataclass(frozen=True, slots=True)
class ItemList:
    """A bulleted (``ordered=False``) or numbered list.

    Writers number / bullet with the format's own list machinery (DOCX ``numbering.xml`` with
    the List Bullet / List Number styles, never a typed "•"); nested items are indented one
    level and numbered "a, b, c" under a numbered list. In two-language display each item
    shows its Chinese then its English, and the English items repeat the same numbers.
    """

    ordered: bool
    items: tuple[ListItem, ...]


ColumnKind = Literal["text", "figure", "number"]


@dataclass(frozen=True, slots=True)
class Column:
    """A table column. ``header`` already names the unit of a number column ("面积（km²）").

    ``kind`` says what the cells hold: ``text``; ``figure``, a content figure formatted per
    language ("674亿元" / "CNY 67.4 billion"); ``number``, a number in the column's unit. Figure
    and number columns are right-aligned (:attr:`numeric`).
    """

    header: Text
    kind: ColumnKind = "text"

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


@dataclass(frozen=True, slots=True)
class Table:
    """A table: caption above, one header row (repeated on every page the table runs onto).

    ``rows`` are the body cells, one :class:`Text` per column; ``total`` is an optional last
    row set apart (bold, rule above); ``note`` and ``source`` go under the table, the source
    after a "资料来源：" / "Source: " the writer does not add — compose has put it in the text.
    """

    caption: Text  # without the number
    columns: tuple[Column, ...]
    rows: tuple[tuple[Text, ...], ...]
    total: tuple[Text, ...] | None = None
    note: Text | None = None
    source: Text | None = None


@dataclass(frozen=True, slots=True)
class Image:
    """A picture from the content's folder: PNG, JPEG or SVG at ``path`` (absolute, validated).

    Placed ``width`` × the text column wide (0 < width ≤ 1), height by its aspect ratio, with
    the numbered caption under it like a chart ("图2" / "Figure 2": images and charts share
    the figure count), then the ``source``. ``alt`` is the alternative text (PDF /Alt,
    DOCX ``descr``). Bitmaps must reach 300 ppi at that size (checked in compose).
    """

    path: Path
    caption: Text
    alt: Text
    source: Text | None = None
    width: float = 1.0


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation set off from the body (indented, with a rule), then "— attribution"."""

    text: Text
    attribution: Text | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """A boxed call-out: a ``title`` ("说明" / "Note") over its paragraphs, in a tinted frame."""

    title: Text
    paragraphs: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class PageBreak:
    """The next block starts on a new page."""
