"""The reference document's styles for the body blocks beyond paragraphs and charts.

Input: the :class:`reportgen.theme.Theme`; the python-docx reference document being built by
:func:`reportgen.writers.docx_reference.build_reference`.
Output: style specs (lists, footnotes, links, quotes, notes, table heads and totals, figure
sources) that the reference builder adds like its own, then what a spec cannot say — list
numbering, quote rule, superscript mark, underline, the note box's table style, the total row's
rule — set on those styles, and the numbering definitions
(:mod:`reportgen.writers.docx_numbering`) in ``word/numbering.xml``.

Kept apart from ``docx_reference`` so that a block kind's look lives next to the other block
kinds' and the base module stays about page, body and heading styles.
"""

from __future__ import annotations

from docx.oxml.ns import qn

from reportgen.theme import Theme
from reportgen.writers.docx_numbering import BULLET, DECIMAL, LIST_STYLES, install_definitions, style_numbering
from reportgen.writers.docx_style_builder import border
from reportgen.writers.docx_style_specs import StyleSpec, block_table_specs, resolve
from reportgen.writers.docx_table_styles import add_note_box, add_total_row
from reportgen.writers.docx_xml import PPR_ORDER, RPR_ORDER, STYLE_ORDER, child


def block_style_specs(theme: Theme) -> list[StyleSpec]:
    """One style per list kind and level of the numbering registry, then the table's block styles."""
    specs = []
    for (kind, level), sid in LIST_STYLES.items():
        name = {BULLET: "List Bullet", DECIMAL: "List Number"}[kind] + (f" {level + 1}" if level else "")
        row = {"name": name, "size": "body_zh", "jc": "both", "after": 3, "leading": "leading", "at_least": True}
        specs.append(resolve({**row, "style_id": sid, "builtin_name": name}, theme))
    return specs + block_table_specs(theme)


def finish_block_styles(document, theme: Theme) -> None:
    """What the specs cannot say; then ``word/numbering.xml`` holds our list definitions.

    Runs after the base table styles exist (the total row is a condition of Briefing Table)."""
    styles_el = document.styles.element
    by_id = {st.get(qn("w:styleId")): st for st in styles_el.findall(qn("w:style"))}
    install_definitions(document.part.numbering_part.element, theme)
    for (kind, level), sid in LIST_STYLES.items():
        style_numbering(child(by_id[sid], "pPr", STYLE_ORDER), kind, level, theme)
    mark = child(by_id["FootnoteReference"], "rPr", STYLE_ORDER)
    child(mark, "vertAlign", RPR_ORDER, val="superscript")
    for sid in ("FootnoteReference", "Hyperlink"):
        rfonts = by_id[sid].find(qn("w:rPr")).find(qn("w:rFonts"))
        if rfonts is not None:  # character styles keep the paragraph's faces
            by_id[sid].find(qn("w:rPr")).remove(rfonts)
    child(child(by_id["Hyperlink"], "rPr", STYLE_ORDER), "u", RPR_ORDER, val="single")
    char = round(theme.sizes["body_zh"] * 20)
    quote = child(by_id["Quote"], "pPr", STYLE_ORDER)
    child(quote, "ind", PPR_ORDER, left=str(2 * char), right=str(2 * char))
    bdr = child(quote, "pBdr", PPR_ORDER)
    border(bdr, "left", 18, theme.colours["rule"], space=8)
    note_ppr = child(by_id["NoteText"], "pPr", STYLE_ORDER)
    child(note_ppr, "ind", PPR_ORDER, left="0", firstLine="0")
    add_note_box(document.styles, theme)
    add_total_row(by_id, theme)
