"""DOCX renderer for tables: caption above, a header row that repeats, optional total row.

The header row is marked ``w:tblHeader``, so Word and LibreOffice repeat it on every page the
table runs onto; no row splits across a page (``w:cantSplit``). Figure and number columns use
the right-aligned Table Number style. A total row is the table's last row, turned on in the
table style's "last row" condition (``w:tblLook lastRow``: a rule above it) and written in the
bold Table Total styles. Note and source go under the table.
"""

from __future__ import annotations

from reportgen.model import Table
from reportgen.writers.docx_blocks import Emitter
from reportgen.writers.docx_kinds import renders
from reportgen.writers.docx_xml import TRPR_ORDER, child


def _cell_style(numeric: bool, total: bool, head: bool = False) -> str:
    if head:
        return "TableHeadNumber" if numeric else "TableHead"
    if total:
        return "TableTotalNumber" if numeric else "TableTotal"
    return "TableNumber" if numeric else "TableText"


@renders(Table)
def table(em: Emitter, block: Table) -> None:
    em.caption("TableCaption")
    columns = block.columns
    weights = [1 if col.numeric else 2 for col in columns]
    rows = [tuple(c.header for c in columns), *block.rows]
    if block.total is not None:
        rows.append(block.total)
    out = em.table(len(rows), len(columns), "BriefingTable", weights)
    em.look(out, first_row=True, last_row=block.total is not None)
    child(out.rows[0]._tr.get_or_add_trPr(), "tblHeader", TRPR_ORDER)
    last = len(rows) - 1
    for r, row in enumerate(rows):
        child(out.rows[r]._tr.get_or_add_trPr(), "cantSplit", TRPR_ORDER)
        total = block.total is not None and r == last
        for c, value in enumerate(row[: len(columns)]):
            p = out.cell(r, c).paragraphs[0]._p
            p.style = _cell_style(columns[c].numeric, total, head=r == 0)
            em.add_text(p, value)
    for text in (block.note, block.source):
        if text is not None:
            em.add_text(em.para("TableNote"), text)
