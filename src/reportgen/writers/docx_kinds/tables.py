"""DOCX renderer for tables: caption above, a header row that repeats, optional total row.

The header row is marked ``w:tblHeader``, so Word and LibreOffice repeat it on every page the
table runs onto; no row splits across a page (``w:cantSplit``). Figure and number columns, and
their heads, use the right-aligned Table Number / Table Head Number styles. A total row is the
table's last row, turned on in the table style's "last row" condition (``w:tblLook lastRow``: a
rule above it) and written in the bold Table Total styles. Note and source go under the table.

Widths and page breaks follow the PDF (issue #15; :mod:`reportgen.writers.table_layout`):

* Column widths are the ones the PDF measured from the content in the embedded fonts (shares of
  the text width, passed in the :class:`~reportgen.writers.Pagination`), so an amount such as
  "CNY 32.9 billion" is never broken in Word either. Without a PDF they are estimated from the text.
* No row alone at a page break: the header row and the first body row, and the rows before the
  last body row (and before the total), are "keep with next" (``w:keepNext`` on their
  paragraphs, Word's own way to hold rows together), so Word moves rows rather than strand one.
* 续表 / "(continued)": Word repeats a header row as it is and has no header that changes on
  later pages (LibreOffice, tested, shows an ``IF``/``PAGE`` field there as raw numbers). What a
  Word user does is split the table where the page breaks and set "续表1" above the second part;
  the writer does that at the PDF's breaks: each continuation is its own table in the same style,
  with its header row (marked to repeat if it runs on), under a Table Caption paragraph "续表1 /
  Table 1 (continued)" that starts a new page. A user who edits the text so the pages move merges
  the parts back (select both, Layout > Merge) or moves the caption.
"""

from __future__ import annotations

from docx.oxml.ns import qn

from reportgen.model import Table
from reportgen.writers.docx_blocks import Emitter
from reportgen.writers.docx_fields import break_run, text_run
from reportgen.writers.docx_kinds import renders
from reportgen.writers.docx_xml import PPR_ORDER, TRPR_ORDER, child, set_paragraph_style
from reportgen.writers.table_layout import MIN_ROWS, column_widths, continued_caption, estimate


def _cell_style(numeric: bool, total: bool, head: bool = False) -> str:
    if head:
        return "TableHeadNumber" if numeric else "TableHead"
    if total:
        return "TableTotalNumber" if numeric else "TableTotal"
    return "TableNumber" if numeric else "TableText"


def _layout(em: Emitter, block: Table, number: int) -> tuple[list[float], tuple[int, ...]]:
    """Column shares and row breaks: the PDF's for this table, else an estimate and none."""
    pagination = em.options.pagination
    if pagination is not None and number <= len(pagination.table_widths):
        shares = pagination.table_widths[number - 1]
        if len(shares) == len(block.columns):
            breaks = pagination.table_breaks[number - 1] if number <= len(pagination.table_breaks) else ()
            return list(shares), tuple(b for b in breaks if 0 < b < len(block.rows))
    langs = em.langs
    cells = [
        ["\n".join(text.get(lang) for lang in langs if text.get(lang)) for text in row]
        for row in (tuple(c.header for c in block.columns), *block.rows, *((block.total,) if block.total else ()))
    ]
    size = em.theme.sizes["table"]
    least, natural = estimate(cells, size, 2 * 4.25)
    room = em.theme.page.text_width_mm * 72 / 25.4
    widths = column_widths(least, natural, room)
    return [w / room for w in widths], ()


def _keep_with_next(tr) -> None:
    for p in tr.iter(qn("w:p")):
        child(p.get_or_add_pPr(), "keepNext", PPR_ORDER)


def _continued(em: Emitter, block: Table) -> None:
    """The caption above a continuation: "续表1" / "Table 1 (continued)", on a new page."""
    text = continued_caption(em.placed.label, block.caption)
    p = em.para("TableCaption")
    child(p.get_or_add_pPr(), "pageBreakBefore", PPR_ORDER)
    for i, lang in enumerate(em.show(text)):
        if i:
            p.append(break_run())
        p.append(text_run(text.get(lang), lang))


@renders(Table)
def table(em: Emitter, block: Table) -> None:
    em.tables += 1
    shares, breaks = _layout(em, block, em.tables)
    em.caption("TableCaption")
    columns = block.columns
    weights = [max(round(share * 100000), 1) for share in shares]
    head = tuple(c.header for c in columns)
    bounds = [0, *breaks, len(block.rows)]
    for part, (lo, hi) in enumerate(zip(bounds, bounds[1:], strict=False)):
        final = hi == len(block.rows)
        if part:
            _continued(em, block)
        rows = [head, *block.rows[lo:hi]]
        total_row = block.total is not None and final
        if total_row:
            rows.append(block.total)
        out = em.table(len(rows), len(columns), "BriefingTable", weights)
        em.look(out, first_row=True, last_row=total_row)
        trs = out._tbl.tr_lst
        child(trs[0].get_or_add_trPr(), "tblHeader", TRPR_ORDER)
        body = hi - lo
        # Held with the next row: the header and the first body row (two rows at a page's head),
        # the rows before the last body row and before the total (two body rows at its foot).
        keep = {0, *range(1, min(MIN_ROWS, body)), *range(max(body - MIN_ROWS + 1, 1), body + total_row)}
        for r, (row, tr) in enumerate(zip(rows, trs, strict=True)):
            child(tr.get_or_add_trPr(), "cantSplit", TRPR_ORDER)
            total = total_row and r == len(rows) - 1
            # The row's own w:tc elements, in order (the table has no merged cells): python-docx's
            # Table.cell(r, c) rebuilds the whole cell grid on every call, O(cells²) per table.
            for c, (value, tc) in enumerate(zip(row[: len(columns)], tr.tc_lst, strict=False)):
                p = tc.p_lst[0]
                set_paragraph_style(p, _cell_style(columns[c].numeric, total, head=r == 0))
                em.add_text(p, value)
            if r in keep and r < len(rows) - 1:
                _keep_with_next(tr)
    for text in (block.note, block.source):
        if text is not None:
            em.add_text(em.para("TableNote"), text)
