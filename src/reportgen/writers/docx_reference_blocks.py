"""The reference document's styles for the body blocks beyond paragraphs and charts.

Input: the :class:`reportgen.theme.Theme`; the python-docx reference document being built by
:func:`reportgen.writers.docx_reference.build_reference`.
Output: style specs (lists, footnotes, links, quotes, notes, table totals, figure sources) that
the reference builder adds like its own, then what a spec cannot say — list numbering, quote
rule, superscript mark, underline, the note box's table style — set on those styles, and the
numbering definitions (:mod:`reportgen.writers.docx_numbering`) in ``word/numbering.xml``.

Kept apart from ``docx_reference`` so that a block kind's look lives next to the other block
kinds' and the base module stays about page, body and heading styles.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from reportgen.theme import Theme
from reportgen.writers.docx_numbering import BULLET, DECIMAL, LIST_STYLES, install_definitions, style_numbering
from reportgen.writers.docx_xml import (
    PPR_ORDER,
    RPR_ORDER,
    STYLE_ORDER,
    TBLPR_ORDER,
    TCPR_ORDER,
    child,
    hex_colour,
    set_fonts,
)

BORDER_ORDER = ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV", "tl2br", "tr2bl", "between")
NOTE_TABLE = "Note Box"


def note_fill(theme: Theme) -> str:
    """The note box's tint: the theme's ``note`` colour, else the secondary colour at 8 %."""
    if "note" in theme.colours:
        return hex_colour(theme.colours["note"])
    base = hex_colour(theme.colours["secondary"])
    rgb = [int(base[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(255 - (255 - v) * 0.08):02X}" for v in rgb)


def block_style_specs(theme: Theme, spec_type) -> list:
    """Specs in :class:`reportgen.writers.docx_reference.StyleSpec` form (passed in to avoid a cycle)."""
    s, c = theme.sizes, theme.colours
    lead = s.get("leading", 1.5)
    S = spec_type
    specs = []
    for (kind, level), sid in LIST_STYLES.items():
        name = {BULLET: "List Bullet", DECIMAL: "List Number"}[kind] + (f" {level + 1}" if level else "")
        specs.append(
            S(name, size=s["body_zh"], jc="both", after=3, leading=lead, at_least=True, style_id=sid, builtin_name=name)
        )
    specs += [
        S("Footnote Text", size=s["caption"] + 0.5, after=2, leading=1.15, builtin_name="footnote text"),
        S("Footnote Reference", kind="c", base=None, builtin_name="footnote reference"),
        S("Hyperlink", kind="c", base=None, colour=c["secondary"], builtin_name="Hyperlink"),
        S("Quote", size=s["body_zh"], colour=c["text"], jc="both", before=6, after=3, leading=lead, at_least=True),
        S("Quote EN", base="Quote", size=s["body_en"], after=6, lang="en"),
        S("Quote Attribution", base="Quote", size=s["caption"] + 1, colour=c["muted"], jc="right", before=0, after=10),
        S("Note Title", face="heading", element="note_title", size=s["body_en"], colour=c["secondary"], after=3),
        S("Note Text", size=s["body_zh"] - 0.5, jc="both", after=3, leading=lead * 0.95, at_least=True),
        S("Table Head", base="Table Text", face="heading", element="table_head"),
        S("Table Head Number", base="Table Number", face="heading", element="table_head"),
        S("Table Total", base="Table Text", element="table_total"),
        S("Table Total Number", base="Table Number", element="table_total"),
        S("Figure Source", base="Table Note", jc="center", before=0),
    ]
    return specs


def _border(parent, side: str, eighths: int, colour: str, space: int = 0) -> None:
    child(parent, side, BORDER_ORDER, val="single", sz=str(eighths), space=str(space), color=hex_colour(colour))


def _note_table(styles, theme: Theme) -> None:
    """A one-cell table style: a thin rule in the secondary colour round a tinted cell."""
    style = styles.add_style(NOTE_TABLE, WD_STYLE_TYPE.TABLE)
    el = style.element
    child(el, "basedOn", STYLE_ORDER, val="TableNormal")
    child(el, "uiPriority", STYLE_ORDER, val="59")
    rpr = child(el, "rPr", STYLE_ORDER)
    set_fonts(rpr, theme.fonts["en_body"].family, theme.fonts["zh_body"].family)
    tblpr = child(el, "tblPr", STYLE_ORDER)
    borders = child(tblpr, "tblBorders", TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right"):
        _border(borders, side, 6, theme.colours["secondary"])
    mar = child(tblpr, "tblCellMar", TBLPR_ORDER)
    for side, val in (("top", 100), ("left", 160), ("bottom", 60), ("right", 160)):
        child(mar, side, ("top", "left", "start", "bottom", "right", "end"), w=str(val), type="dxa")
    tcpr = child(el, "tcPr", STYLE_ORDER)
    child(tcpr, "shd", TCPR_ORDER, val="clear", color="auto", fill=note_fill(theme))


def _total_row(by_id, theme: Theme) -> None:
    """The ruled table's last row, when the writer marks it (tblLook lastRow): a rule above."""
    table = by_id["BriefingTable"]
    last = table.makeelement(qn("w:tblStylePr"), {qn("w:type"): "lastRow"})
    order = ("pPr", "rPr", "tblPr", "trPr", "tcPr")
    first = table.find(qn("w:tblStylePr"))
    if first is not None:
        first.addnext(last)
    else:
        table.append(last)
    # The weight is the Table Total styles' (not a w:b here: Word would toggle the two off).
    tcpr = child(last, "tcPr", order)
    _border(child(tcpr, "tcBorders", TCPR_ORDER), "top", 8, theme.colours["primary"])


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
    _border(bdr, "left", 18, theme.colours["rule"], space=8)
    note_ppr = child(by_id["NoteText"], "pPr", STYLE_ORDER)
    child(note_ppr, "ind", PPR_ORDER, left="0", firstLine="0")
    _note_table(document.styles, theme)
    _total_row(by_id, theme)
