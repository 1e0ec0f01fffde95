"""Tables in the PDF: caption above, header row repeated on every page, widths from the content.

Input: a :class:`~reportgen.model.Table` placed by the layout.
Output: flowables — the caption and a :class:`~reportgen.writers.pdf_longtable.TablePart`.

* Column widths come from the cells (:mod:`reportgen.writers.table_layout`): every column at
  least as wide as its longest unbreakable piece in the theme's fonts (so "CNY 32.9 billion" or
  平方公里 never breaks), the rest shared by how much each column would grow. The widths are kept
  (``flow.table_widths``, shares of the text width) for the DOCX, which has no fonts to measure.
* A numeric column is right-aligned, its head too.
* A page break leaves at least two body rows on each side (or moves the table), and the part on
  the next page starts with 续表1 / "Table 1 (continued)" above the repeated header.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer, Table, TableStyle

from reportgen import model
from reportgen.writers.pdf_kinds import renders
from reportgen.writers.pdf_longtable import TablePart
from reportgen.writers.pdf_text import CJKParagraph
from reportgen.writers.table_layout import column_widths, continued_caption

PADDING = 4  # points, each side of a cell
BIG = 1e5  # "no line break": the width a cell is set at to measure its natural width


@renders(model.Table)
def table(flow, block: model.Table) -> list:
    s = flow.s
    flow.tables += 1
    caption = flow.placed.caption or block.caption
    head = [
        flow.pair(col.header, s.zh_head_cell_num, s.en_head_cell_num)
        if col.numeric
        else flow.pair(col.header, s.zh_head_cell, s.en_head_cell)
        for col in block.columns
    ]
    body = []
    for row in block.rows:
        cells = []
        for col, cell in zip(block.columns, row, strict=True):
            zh_style = s.zh_cell_num if col.numeric else s.zh_cell
            en_style = s.en_cell_num if col.numeric else s.en_cell
            cells.append(flow.pair(cell, zh_style, en_style))
        body.append(cells)
    if block.total:
        body.append(
            [
                flow.pair(
                    cell,
                    s.zh_total_num if col.numeric else s.zh_total,
                    s.en_total_num if col.numeric else s.en_total,
                )
                for col, cell in zip(block.columns, block.total, strict=True)
            ]
        )
    notes = [*flow.pair(block.note, s.zh_note, s.en_note)] if block.note else []
    if block.source:
        notes += flow.pair(block.source, s.zh_note, s.en_note)
    widths = content_widths([head, *body], flow.width)
    flow.table_widths.append(tuple(w / flow.width for w in widths))
    rule, primary = HexColor(s.theme.colours["rule"]), HexColor(s.primary)

    def make(body_rows, final: bool) -> Table:
        # ``final``: these rows end the table, so its total row and notes (if any) are among them.
        rows = [head, *body_rows]
        note = bool(notes) and final
        if note:
            # The note is the table's last row, so a page break can never part it from the table.
            rows.append([notes] + [""] * (len(block.columns) - 1))
        last = len(rows) - (2 if note else 1)
        out = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        style = [
            flow.cell_font(),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), HexColor(s.theme.colours["table_header"])),
            ("LINEABOVE", (0, 0), (-1, 0), 1, primary),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, primary),
            ("LINEBELOW", (0, 1), (-1, last), 0.3, rule),
            ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        for i, col in enumerate(block.columns):
            if col.numeric:
                style.append(("ALIGN", (i, 0), (i, last), "RIGHT"))
        if block.total and final:
            style.append(("LINEABOVE", (0, last), (-1, last), 0.8, primary))
        if note:
            # ...and it travels with the last data row: never a continued table holding only the note.
            style += [
                ("SPAN", (0, -1), (-1, -1)),
                ("TOPPADDING", (0, -1), (-1, -1), 5),
                ("NOSPLIT", (0, last), (-1, -1)),
            ]
        out.setStyle(TableStyle(style))
        return out

    again = continued_caption(flow.placed.label, block.caption)
    again_langs = flow.placed.show(again)

    def continued() -> list:
        # Made afresh for each later page, and not through flow.pair: a pagination artifact (like
        # the repeated header row), not content of the document's structure.
        made = [
            CJKParagraph(again.zh, s.zh_caption) if lang == "zh" else s.en(again.en, s.en_caption)
            for lang in again_langs
        ]
        return [Spacer(1, 1 * mm), *made]

    page = s.theme.page
    frame_height = (page.height_mm - page.top_mm - page.bottom_mm) * mm
    breaks: list[int] = []
    flow.table_breaks[flow.tables] = breaks  # filled as the pages are laid out
    title = flow.pair(caption, s.zh_caption, s.en_caption)
    part = TablePart(make, body, len(block.rows), continued, frame_height, breaks, caption=title)
    # The caption is part of the table's first part: it moves with the first rows. A table is
    # started only with room for its caption and the first rows below it.
    return [Spacer(1, 4 * mm), CondPageBreak(50 * mm), part]


def content_widths(rows: list[list[list]], room: float) -> list[float]:
    """Column widths for rows of cells (each a list of flowables), measured as they will be set."""
    columns = list(zip(*rows, strict=True))
    least = [max((_least(f) for cell in col for f in cell), default=0.0) + 2 * PADDING for col in columns]
    natural = [max((_natural(f) for cell in col for f in cell), default=0.0) + 2 * PADDING for col in columns]
    return column_widths(least, natural, room)


def _least(flowable) -> float:
    """The longest piece the line breaker never splits (a word, an amount with its unit)."""
    return flowable.minWidth() if hasattr(flowable, "minWidth") else 0.0


def _natural(flowable) -> float:
    """The width of the cell's text set without a line break (its widest hard line)."""
    if isinstance(flowable, CJKParagraph):
        flowable.wrap(BIG, BIG)
        width = max((line.width for line in flowable._set), default=0.0) + flowable.style.first_line_indent
        return width
    if isinstance(flowable, Paragraph):
        flowable.wrap(BIG, BIG)
        return max(flowable.getActualLineWidths0(), default=0.0)
    return _least(flowable)
