"""DOCX renderers for the front matter: cover, table of contents, key figures."""

from __future__ import annotations

import math

from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from reportgen.model import Cover, KeyFigures, TableOfContents
from reportgen.writers.docx_blocks import Emitter
from reportgen.writers.docx_fields import append_all, field_begin, field_end, hyperlink, tab_run, text_run
from reportgen.writers.docx_kinds import renders
from reportgen.writers.docx_xml import PPR_ORDER, TRPR_ORDER, child, set_paragraph_style


@renders(Cover)
def cover(em: Emitter, block: Cover) -> None:
    if block.logo is not None:
        run = DocxParagraph(em.para("Normal"), em.doc._body).add_run()
        run.add_picture(str(block.logo), height=Mm(14))
        em.describe(run._r, block.issuer or block.title, "logo")
    first = em.langs[0]
    em.runs(em.para("Title"), block.title, first)
    if em.bilingual:
        em.runs(em.para("TitleEN"), block.title, "en")
    if block.subtitle is not None:
        em.add_text(em.para("Subtitle"), block.subtitle)
    em.add_text(em.para("CoverMeta"), block.dateline)
    if block.issuer is not None:
        em.add_text(em.para("CoverMeta"), block.issuer)
    em.pending_break = True


@renders(TableOfContents)
def toc(em: Emitter, block: TableOfContents) -> None:
    em.add_text(em.para("TOCHeading"), block.title)
    depth = min(max(block.depth, 1), 3)
    entries = [(h, langs) for h, langs in em.headings if h.level <= depth]
    begin = field_begin(rf'TOC \o "1-{depth}" \h \z \u')
    if not entries:
        p = em.para("TOC1")
        append_all(p, begin)
        p.append(text_run("—", None))
        p.append(field_end())
        return
    for i, (h, langs) in enumerate(entries):
        p = em.para(f"TOC{min(max(h.level, 1), 3)}")
        if i == 0:
            append_all(p, begin)
        runs = []
        for j, lang in enumerate(lang for lang in langs if h.text.get(lang)):
            if j:
                runs.append(text_run("  ", None))
            runs.append(text_run(h.text.get(lang), lang))
        # The cached page numbers are the PDF's (same content, same page size and margins);
        # Word rebuilds the whole TOC on open (updateFields) from its own layout. Plain text,
        # not PAGEREF fields: LibreOffice drops PAGEREF fields inside a TOC's cached result.
        pages = em.options.pagination.headings if em.options.pagination else {}
        if h.anchor in pages:
            runs += [tab_run(), text_run(str(pages[h.anchor]), None)]
        p.append(hyperlink(em.bookmarks[h.anchor], runs))
        if i == len(entries) - 1:
            p.append(field_end())


@renders(KeyFigures)
def key_figures(em: Emitter, block: KeyFigures) -> None:
    """Values over labels, as in the PDF: each row of figures is two table rows (values, then
    labels), so a row's labels line up whether or not a value shows an English line; the value
    row is kept with its label row and neither splits."""
    em.add_text(em.para("KeyFiguresTitle"), block.title)
    items = block.items
    if not items:
        return
    cols = min(len(items), 4)
    rows = math.ceil(len(items) / cols)
    table = em.table(2 * rows, cols, "KeyFiguresTable", [1] * cols)
    trs = table._tbl.tr_lst
    for tr in trs:
        child(tr.get_or_add_trPr(), "cantSplit", TRPR_ORDER)
    for i, item in enumerate(items):
        row, col = 2 * (i // cols), i % cols
        # The rows' own w:tc elements (no merged cells here): Table.cell() rebuilds the grid each call.
        tc = trs[row].tc_lst[col]
        langs = em.show(item.value)
        p = tc.p_lst[0]
        set_paragraph_style(p, "KeyFigureValue")
        em.runs(p, item.value, langs[0])
        if len(langs) > 1:
            em.runs(em.para("KeyFigureValueEN", _Cell(tc, table)), item.value, "en")
        for value in tc.iter(qn("w:p")):
            child(value.get_or_add_pPr(), "keepNext", PPR_ORDER)
        label = trs[row + 1].tc_lst[col].p_lst[0]
        set_paragraph_style(label, "KeyFigureLabel")
        em.add_text(label, item.label)
