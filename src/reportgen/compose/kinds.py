"""Block kinds, compose stage: each content block model -> a document-model block.

One function per kind, registered under the kind's ``type`` with :func:`composes`; the
:class:`~reportgen.compose.blocks.BlockBuilder` looks the kind up here, so a new kind is one
function in this module (plus its schema model, renderers and nothing else).
Each function gets the block, its field path in the content (for error messages) and the
builder (for texts, figures, charts and files).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.content import blocks as schema
from reportgen.content.basics import BiText
from reportgen.content.quantities import figure_text
from reportgen.errors import InputError
from reportgen.model import Column, Image, ItemList, ListItem, Note, PageBreak, Paragraph, Quote, Span, Table, Text

if TYPE_CHECKING:
    from reportgen.compose.blocks import BlockBuilder

Loc = list
Composer = Callable[[object, Loc, "BlockBuilder"], object]
COMPOSERS: dict[str, Composer] = {}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
MIN_PPI = 300


def composes(kind: str):
    def register(fn: Composer) -> Composer:
        COMPOSERS[kind] = fn
        return fn

    return register


@composes("paragraph")
def _paragraph(block: schema.ParagraphIn, loc: Loc, b: BlockBuilder) -> Paragraph:
    return Paragraph(b.rich(block.text, [*loc, "text"]))


@composes("list")
def _list(block: schema.ListIn, loc: Loc, b: BlockBuilder) -> ItemList:
    items = []
    for i, item in enumerate(block.items):
        here = [*loc, "items", i]
        children = tuple(ListItem(b.rich(leaf, [*here, "items", k])) for k, leaf in enumerate(item.items))
        items.append(ListItem(b.rich(item, here), children))
    return ItemList(ordered=block.style == "number", items=tuple(items))


def _header(column: schema.ColumnIn, loc: Loc, b: BlockBuilder) -> Text:
    header = b.rich(column.header, [*loc, "header"])
    if column.unit is None:
        return header
    unit = b.rich(column.unit, [*loc, "unit"])
    zh = (*header.spans("zh"), Span("（"), *unit.spans("zh"), Span("）"))
    en = (*header.spans("en"), Span(" ("), *unit.spans("en"), Span(")"))
    return Text.of_spans(zh, en)


def _cell(value, column: schema.ColumnIn, loc: Loc, b: BlockBuilder) -> Text:
    if isinstance(value, BiText):
        return b.rich(value, loc)
    if column.kind == "figure":
        if not isinstance(value, str) or value not in b.content.figures:
            raise InputError(f"{b.loaded.where(loc)}: a figure column's cell names a figure; no figure {value!r}")
        return figure_text(b.content.figures[value])
    if isinstance(value, bool):
        raise InputError(f"{b.loaded.where(loc)}: a cell is a text or a number, not true/false")
    if isinstance(value, int | float) and column.kind == "number":
        digits = column.decimals if column.decimals is not None else (0 if float(value).is_integer() else 2)
        shown = f"{value:,.{digits}f}".replace("-", "−")
        return Text(shown, shown)
    shown = str(value)
    return b.rich(BiText(zh=shown, en=shown), loc) if shown.strip() else Text("", "")


@composes("table")
def _table(block: schema.TableIn, loc: Loc, b: BlockBuilder) -> Table:
    columns = tuple(Column(_header(col, [*loc, "columns", c], b), kind=col.kind) for c, col in enumerate(block.columns))

    def row(cells, where: Loc) -> tuple[Text, ...]:
        return tuple(_cell(v, block.columns[c], [*where, c], b) for c, v in enumerate(cells))

    return Table(
        caption=b.rich(block.caption, [*loc, "caption"]),
        columns=columns,
        rows=tuple(row(cells, [*loc, "rows", r]) for r, cells in enumerate(block.rows)),
        total=row(block.total, [*loc, "total"]) if block.total else None,
        note=b.rich(block.note, [*loc, "note"]) if block.note else None,
        source=b.rich(block.source, [*loc, "source"]) if block.source else None,
    )


@composes("image")
def _image(block: schema.ImageIn, loc: Loc, b: BlockBuilder) -> Image:
    where = _Where(b, [*loc, "path"])
    folder = b.loaded.path.parent.resolve()
    path = (folder / block.path).resolve()
    if not path.is_relative_to(folder):
        raise InputError(f"{where}: an image must be inside the content's folder")
    if path.suffix.lower() not in (*IMAGE_SUFFIXES, ".svg"):
        raise InputError(f"{where}: an image is a PNG, JPEG or SVG file, not {path.suffix or 'a file without suffix'}")
    if not path.is_file():
        raise InputError(f"{where}: no such image: {block.path}")
    if path.suffix.lower() == ".svg":
        from reportgen.svgimage import BadSvg, check_svg  # svglib is imported only for an SVG

        try:
            check_svg(path)
        except BadSvg as err:
            raise InputError(f"{where}: {block.path}: {err}") from None
    else:
        _check_resolution(path, block.width, b.text_width_mm, where)
    return Image(
        path=path,
        caption=b.rich(block.caption, [*loc, "caption"]),
        alt=b.plain(block.alt),
        source=b.rich(block.source, [*loc, "source"]) if block.source else None,
        width=block.width,
    )


class _Where:
    """``file:line: field`` worked out only when a message needs it (finding lines costs a parse)."""

    def __init__(self, b: BlockBuilder, loc: Loc) -> None:
        self.b, self.loc = b, loc

    def __str__(self) -> str:
        return self.b.loaded.where(self.loc)

    __format__ = lambda self, spec: str(self)  # noqa: E731


def _check_resolution(path: Path, width: float, text_width_mm: float | None, where: _Where) -> None:
    from reportgen import imagefacts

    pixels = imagefacts.checked(path, "verify", lambda: _verified(path, where)).width  # once per file's bytes
    if text_width_mm is not None:
        ppi = pixels / (width * text_width_mm / 25.4)
        if ppi < MIN_PPI:
            need = int(MIN_PPI * width * text_width_mm / 25.4 + 0.999)
            raise InputError(
                f"{where}: {pixels} px wide gives {ppi:.0f} ppi at its placed width; print needs {MIN_PPI} "
                f"(at least {need} px, or a smaller `width`)"
            )


def _verified(path: Path, where: _Where):
    """Pillow's verification of the image, and its size; bad input if it is not whole."""
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    from reportgen.imagefacts import ImageFacts

    try:
        with PILImage.open(path) as im:
            (width, height), fmt, mode = im.size, im.format, im.mode
            im.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as err:
        raise InputError(f"{where}: not a readable image ({err})") from None
    return ImageFacts(fmt or "", mode, width, height)


@composes("chart")
def _chart(block: schema.ChartRefIn, loc: Loc, b: BlockBuilder):
    if block.chart not in b.content.charts:
        raise InputError(f"{b.loaded.where([*loc, 'chart'])}: no chart named {block.chart!r}")
    return b.chart_block(block.chart)


@composes("quote")
def _quote(block: schema.QuoteIn, loc: Loc, b: BlockBuilder) -> Quote:
    attribution = b.rich(block.attribution, [*loc, "attribution"]) if block.attribution else None
    return Quote(b.rich(block.text, [*loc, "text"]), attribution)


@composes("note")
def _note(block: schema.NoteIn, loc: Loc, b: BlockBuilder) -> Note:
    paragraphs = tuple(b.rich(p, [*loc, "paragraphs", i]) for i, p in enumerate(block.paragraphs))
    return Note(b.rich(block.title, [*loc, "title"]), paragraphs)


@composes("page_break")
def _page_break(block: schema.PageBreakIn, loc: Loc, b: BlockBuilder) -> PageBreak:
    return PageBreak()


missing = set(schema.BLOCK_KINDS) - set(COMPOSERS)
assert not missing, f"block kinds without a composer: {missing}"  # noqa: S101 - a developer's slip
