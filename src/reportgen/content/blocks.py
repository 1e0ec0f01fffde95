"""The content schema of a section's blocks: one pydantic model per block kind, by ``type``.

A section is ``blocks:`` — an ordered list, each item naming its kind with ``type:`` — plus
``sections:`` for its sub-sections. Each kind registers itself here with :func:`block_kind`;
the discriminated union :data:`BlockIn` is built from that registry, so a new kind is one class
in this module (and its composer, renderers; see :mod:`reportgen.compose.kinds`).
Every reader-facing text may use inline markup (see :mod:`reportgen.compose.inline`).
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field, model_validator

from reportgen.content.basics import BiText, Finite, Name, NonEmpty, Strict

BLOCK_KINDS: dict[str, type[Strict]] = {}


def block_kind(name: str):
    """Register a block model under its ``type`` value."""

    def register(cls: type[Strict]) -> type[Strict]:
        BLOCK_KINDS[name] = cls
        return cls

    return register


@block_kind("paragraph")
class ParagraphIn(Strict):
    type: Literal["paragraph"]
    text: BiText


class ListLeafIn(BiText):
    """A nested list item (no further level)."""


class ListItemIn(BiText):
    items: list[ListLeafIn] = []  # the one nested level


@block_kind("list")
class ListIn(Strict):
    type: Literal["list"]
    style: Literal["bullet", "number"] = "bullet"
    items: list[ListItemIn] = Field(min_length=1)


class ColumnIn(Strict):
    header: BiText
    kind: Literal["text", "figure", "number"] = "text"
    unit: BiText | None = None  # a number column's unit, shown in the header: 面积（km²） / Area (km²)
    decimals: int | None = Field(default=None, ge=0, le=6)  # number columns: digits after the point


# A cell: a bilingual text, a language-neutral string ("2020"), a figure's name (figure columns)
# or a number (number columns). Which one a column expects is checked by compose.
Cell = Union[BiText, int, Finite, str]  # noqa: UP007


@block_kind("table")
class TableIn(Strict):
    type: Literal["table"]
    caption: BiText
    columns: list[ColumnIn] = Field(min_length=1)
    rows: list[list[Cell]] = Field(min_length=1)
    total: list[Cell] | None = None  # a last row set apart: 合计 / Total
    note: BiText | None = None
    source: BiText | None = None

    @model_validator(mode="after")
    def _rows_fit_columns(self) -> TableIn:
        width = len(self.columns)
        for r, row in enumerate([*self.rows, *([self.total] if self.total else [])]):
            if len(row) != width:
                which = "total" if r == len(self.rows) else f"rows[{r}]"
                raise ValueError(f"{which} has {len(row)} cells, the table has {width} columns")
        return self


@block_kind("image")
class ImageIn(Strict):
    type: Literal["image"]
    path: NonEmpty  # PNG, JPEG or SVG, relative to the content file's folder
    caption: BiText
    alt: BiText  # what the picture shows, for readers who cannot see it
    source: BiText | None = None
    width: float = Field(default=1.0, gt=0, le=1)  # share of the text column


@block_kind("chart")
class ChartRefIn(Strict):
    type: Literal["chart"]
    chart: Name  # a key of the content's `charts`


@block_kind("quote")
class QuoteIn(Strict):
    type: Literal["quote"]
    text: BiText
    attribution: BiText | None = None


@block_kind("note")
class NoteIn(Strict):
    type: Literal["note"]
    title: BiText = BiText(zh="说明", en="Note")
    paragraphs: list[BiText] = Field(min_length=1)


@block_kind("page_break")
class PageBreakIn(Strict):
    type: Literal["page_break"]


BlockIn = Annotated[Union[tuple(BLOCK_KINDS.values())], Field(discriminator="type")]  # noqa: UP007
