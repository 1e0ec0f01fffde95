"""DOCX renderers for running text: headings, paragraphs, quotes, notes, page breaks."""

from __future__ import annotations

from reportgen.model import Heading, Note, PageBreak, Paragraph, Quote, Text
from reportgen.writers.docx_blocks import Emitter
from reportgen.writers.docx_fields import break_run, text_run
from reportgen.writers.docx_kinds import renders
from reportgen.writers.docx_xml import PPR_ORDER, TCPR_ORDER, child, twips

BODY = {"zh": "BodyTextZH", "en": "BodyTextEN"}
QUOTE = {"zh": "Quote", "en": "QuoteEN"}
NOTE = {"zh": "NoteText", "en": "NoteText"}
# The dash before an attribution: a Chinese dash is two em dashes long (GB/T 15834 4.9).
ATTRIBUTION_DASH = {"zh": "——", "en": "— "}
PARALLEL_GUTTER_MM = 7.0  # between the parallel layout's Chinese and English columns


@renders(Heading)
def heading(em: Emitter, block: Heading) -> None:
    level = min(max(block.level, 1), 3)
    p = em.para(f"Heading{level}")
    em.add_text(p, block.text, en_style=f"Heading{level}EN")
    em.anchor(p, block.anchor)


@renders(Paragraph)
def paragraph(em: Emitter, block: Paragraph) -> None:
    if em.placed.side_by_side:
        _parallel_row(em, block.text)
        return
    em.per_language(BODY, block.text)


@renders(Quote)
def quote(em: Emitter, block: Quote) -> None:
    em.per_language(QUOTE, block.text)
    if block.attribution is not None:
        p = em.para("QuoteAttribution")
        for i, lang in enumerate(em.show(block.attribution)):
            if i:
                p.append(break_run())
            p.append(text_run(ATTRIBUTION_DASH[lang], lang))
            em.runs(p, block.attribution, lang)


@renders(Note)
def note(em: Emitter, block: Note) -> None:
    """A one-cell table in the Note Box style (a rule round a tinted cell): a box Word and
    LibreOffice both draw the same, however many paragraphs it holds."""
    table = em.table(1, 1, "NoteBox", [1])
    em.look(table, first_row=False)
    cell = table.cell(0, 0)
    title = cell.paragraphs[0]._p
    title.style = "NoteTitle"
    for i, lang in enumerate(em.show(block.title)):
        if i:
            title.append(text_run(" / ", None))
        em.runs(title, block.title, lang)
    for text in block.paragraphs:
        em.per_language(NOTE, text, cell)


@renders(PageBreak)
def page_break(em: Emitter, block: PageBreak) -> None:
    em.pending_break = True


def _parallel_row(em: Emitter, text: Text) -> None:
    """A Chinese | English row; consecutive pairs share one borderless table. Each pair
    starts level; a row may break across a page, both cells continuing on the next (Word's
    own "allow row to break across pages"), so no page is left half empty by a long pair.
    The cells are parted by a gutter of PARALLEL_GUTTER_MM, and the English is set ragged
    right: justified in a half-width column it opens rivers."""
    body = em.doc.element.body
    last = body[-2] if len(body) > 1 else None  # the final child is the sectPr
    if em.parallel_table is None or last is not em.parallel_table._tbl:
        em.parallel_table = em.table(0, 2, "ParallelText", [1, 1])
    row = em.parallel_table.add_row()
    widths = [twips(em.theme.page.text_width_mm) // 2] * 2
    half_gutter = str(twips(PARALLEL_GUTTER_MM / 2))
    margins = {"zh": ("0", half_gutter), "en": (half_gutter, "0")}  # (left, right)
    for cell, lang, w in zip(row.cells, ("zh", "en"), widths, strict=True):
        tcpr = cell._tc.get_or_add_tcPr()
        child(tcpr, "tcW", TCPR_ORDER, w=str(w), type="dxa")
        mar = child(tcpr, "tcMar", TCPR_ORDER)
        for side, value in zip(("left", "right"), margins[lang], strict=True):
            child(mar, side, ("top", "start", "left", "bottom", "end", "right"), w=value, type="dxa")
        p = cell.paragraphs[0]._p
        p.style = BODY[lang]
        if lang == "en":
            child(p.get_or_add_pPr(), "jc", PPR_ORDER, val="left")
        em.runs(p, text, lang)
