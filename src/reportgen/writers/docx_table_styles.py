"""The reference document's table styles: the ruled briefing table, the borderless ones, the note box.

Input: python-docx's styles of the reference document being built, the theme.
Output: ``Briefing Table`` (rules above, below and between rows in the theme's colours, a tinted
header row that repeats on every page, a rule over a total row), ``Key Figures Table`` and
``Parallel Text`` (no borders: the key-figure panel and the parallel layout's paragraph pairs)
and ``Note Box`` (one tinted cell in a thin rule).

A table style sets no w:b: the cells' paragraph styles (Table Head, Table Total) carry the
weight and faces, since a bold set in both a table style and a paragraph style toggles off in Word.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from reportgen.theme import Theme
from reportgen.writers.docx_style_builder import border, ppr, rpr
from reportgen.writers.docx_xml import (
    PPR_ORDER,
    RPR_ORDER,
    STYLE_ORDER,
    TBLPR_ORDER,
    TCPR_ORDER,
    child,
    half_points,
    hex_colour,
    set_fonts,
)

NOTE_TABLE = "Note Box"
_CELL_MARGIN_ORDER = ("top", "left", "start", "bottom", "right", "end")
_CONDITION_ORDER = ("pPr", "rPr", "tblPr", "trPr", "tcPr")


def add_table_styles(styles, theme: Theme) -> None:
    _table_style(styles, "Briefing Table", theme, ruled=True)
    _table_style(styles, "Key Figures Table", theme, ruled=False)
    _table_style(styles, "Parallel Text", theme, ruled=False)  # the parallel layout's paragraph pairs


def note_fill(theme: Theme) -> str:
    """The note box's tint: the theme's ``note`` colour, else the secondary colour at 8 %."""
    if "note" in theme.colours:
        return hex_colour(theme.colours["note"])
    base = hex_colour(theme.colours["secondary"])
    rgb = [int(base[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(255 - (255 - v) * 0.08):02X}" for v in rgb)


def _cell_margins(tblpr, top: int, left: int, bottom: int, right: int) -> None:
    mar = child(tblpr, "tblCellMar", TBLPR_ORDER)
    for side, val in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        child(mar, side, _CELL_MARGIN_ORDER, w=str(val), type="dxa")


def _new_table_style(styles, name: str):
    el = styles.add_style(name, WD_STYLE_TYPE.TABLE).element
    child(el, "basedOn", STYLE_ORDER, val="TableNormal")
    child(el, "uiPriority", STYLE_ORDER, val="59")
    return el


def _table_style(styles, name: str, theme: Theme, ruled: bool) -> None:
    el = _new_table_style(styles, name)
    child(ppr(el), "spacing", PPR_ORDER, before="0", after="0", line="240", lineRule="auto")
    run = rpr(el)
    set_fonts(run, theme.fonts["en_body"].family, theme.fonts["zh_body"].family)
    child(run, "sz", RPR_ORDER, val=half_points(theme.sizes["table"]))
    child(run, "szCs", RPR_ORDER, val=half_points(theme.sizes["table"]))
    tblpr = child(el, "tblPr", STYLE_ORDER)
    borders = child(tblpr, "tblBorders", TBLPR_ORDER)
    colour, rule = theme.colours["primary"], theme.colours["rule"]
    if ruled:
        border(borders, "top", 12, colour)
        border(borders, "bottom", 12, colour)
        border(borders, "insideH", 4, rule)
    else:
        for side in ("top", "bottom", "insideH"):
            border(borders, side, 0, "#FFFFFF", val="nil")
    for side in ("left", "right", "insideV"):
        border(borders, side, 0, "#FFFFFF", val="nil")
    _cell_margins(tblpr, 45, 85, 45, 85)
    if not ruled:
        return
    first = el.makeelement(qn("w:tblStylePr"), {qn("w:type"): "firstRow"})
    el.append(first)
    child(first, "trPr", _CONDITION_ORDER)
    child(first.find(qn("w:trPr")), "tblHeader", ("cantSplit", "tblHeader"))
    tcpr = child(first, "tcPr", _CONDITION_ORDER)
    border(child(tcpr, "tcBorders", TCPR_ORDER), "bottom", 8, colour)
    child(tcpr, "shd", TCPR_ORDER, val="clear", color="auto", fill=hex_colour(theme.colours["table_header"]))


def add_note_box(styles, theme: Theme) -> None:
    """A one-cell table style: a thin rule in the secondary colour round a tinted cell."""
    el = _new_table_style(styles, NOTE_TABLE)
    set_fonts(child(el, "rPr", STYLE_ORDER), theme.fonts["en_body"].family, theme.fonts["zh_body"].family)
    tblpr = child(el, "tblPr", STYLE_ORDER)
    borders = child(tblpr, "tblBorders", TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right"):
        border(borders, side, 6, theme.colours["secondary"])
    _cell_margins(tblpr, 100, 160, 60, 160)
    tcpr = child(el, "tcPr", STYLE_ORDER)
    child(tcpr, "shd", TCPR_ORDER, val="clear", color="auto", fill=note_fill(theme))


def add_total_row(by_id, theme: Theme) -> None:
    """The ruled table's last row, when the writer marks it (tblLook lastRow): a rule above."""
    table = by_id["BriefingTable"]
    last = table.makeelement(qn("w:tblStylePr"), {qn("w:type"): "lastRow"})
    first = table.find(qn("w:tblStylePr"))
    if first is not None:
        first.addnext(last)
    else:
        table.append(last)
    tcpr = child(last, "tcPr", _CONDITION_ORDER)
    border(child(tcpr, "tcBorders", TCPR_ORDER), "top", 8, theme.colours["primary"])
