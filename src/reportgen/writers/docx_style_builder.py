"""Writing a :class:`~reportgen.writers.docx_style_specs.StyleSpec` as a ``w:style`` element.

Input: python-docx's styles part of the reference document, specs, the theme.
Output: the styles, added (or the built-in one of that id edited) with every font slot named,
weight, colour, size, language, spacing, indent, alignment and outline level as the spec says;
plus the border and tab-stop helpers the reference's other styles use.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from reportgen.theme import Theme, weights
from reportgen.writers.docx_style_specs import StyleSpec
from reportgen.writers.docx_xml import (
    PPR_ORDER,
    RPR_ORDER,
    STYLE_ORDER,
    child,
    half_points,
    hex_colour,
    remove,
    set_fonts,
    set_lang,
)

BORDER_ORDER = (
    "top",
    "left",
    "start",
    "bottom",
    "right",
    "end",
    "insideH",
    "insideV",
    "tl2br",
    "tr2bl",
    "between",
    "bar",
)


def ppr(el):
    return child(el, "pPr", STYLE_ORDER)


def rpr(el):
    return child(el, "rPr", STYLE_ORDER)


def border(parent, side: str, eighths: int, colour: str, space: int = 0, val: str = "single"):
    """A border edge (w:top, w:insideH, ...) of ``eighths`` of a point in ``colour``."""
    return child(parent, side, BORDER_ORDER, val=val, sz=str(eighths), space=str(space), color=hex_colour(colour))


def tabs(paragraph_properties, stops: list[tuple[str, int, str]]) -> None:
    """Replace the tab stops: (alignment, position in twips, leader) each."""
    remove(paragraph_properties, "tabs")
    parent = child(paragraph_properties, "tabs", PPR_ORDER)
    for val, pos, leader in stops:
        tab = parent.makeelement(qn("w:tab"), {})
        tab.set(qn("w:val"), val)
        tab.set(qn("w:leader"), leader)
        tab.set(qn("w:pos"), str(pos))
        parent.append(tab)


def add_style(styles, by_id: dict, spec: StyleSpec, theme: Theme) -> None:
    """Add ``spec`` as a new style, or restyle python-docx's built-in one of the same id."""
    sid = spec.sid
    el = by_id.get(sid)
    if el is None:
        kind = WD_STYLE_TYPE.PARAGRAPH if spec.kind == "p" else WD_STYLE_TYPE.CHARACTER
        el = styles.add_style(spec.name, kind).element
        el.set(qn("w:styleId"), sid)
        child(el, "qFormat", STYLE_ORDER)
        by_id[sid] = el
    if spec.builtin_name:
        child(el, "name", STYLE_ORDER, val=spec.builtin_name)
        el.attrib.pop(qn("w:customStyle"), None)
    if spec.base:
        child(el, "basedOn", STYLE_ORDER, val=spec.base.replace(" ", ""))
    if spec.kind == "p":
        # After a heading comes Chinese body text; after anything else, more of the same.
        child(el, "next", STYLE_ORDER, val="BodyTextZH" if spec.name.startswith("Heading") else sid)
    apply_spec(el, spec, theme)


def apply_spec(style_el, spec: StyleSpec, theme: Theme) -> None:
    """Set the spec's run and (for a paragraph style) paragraph properties on ``style_el``."""
    latin = theme.fonts["en_heading" if spec.face == "heading" else "en_body"].family
    east = theme.fonts["zh_heading" if spec.face == "heading" else "zh_body"].family
    bold = spec.bold
    if spec.element is not None:
        # w:b applies to both scripts of a run: a style for English text takes the English
        # weight, any other the Chinese one (never a bold the Chinese face lacks).
        en, zh = weights.face(theme, spec.element, "en"), weights.face(theme, spec.element, "zh")
        latin, east = theme.fonts[en.role].family, theme.fonts[zh.role].family
        bold = en.bold if spec.lang == "en" else zh.bold
        if spec.kind == "c" and spec.lang == "en" and en.bold == zh.bold:
            # An English run style inside a paragraph of the same element inherits its weight:
            # Word toggles a w:b set in both a paragraph and a character style (off again),
            # LibreOffice does not; left unsaid, both show the paragraph's bold.
            bold = None
    run = rpr(style_el)
    set_fonts(run, latin, east)
    if bold is not None:
        child(run, "b", RPR_ORDER, val="1" if bold else "0")
        child(run, "bCs", RPR_ORDER, val="1" if bold else "0")
    if spec.colour:
        child(run, "color", RPR_ORDER, val=hex_colour(spec.colour))
    if spec.size:
        child(run, "sz", RPR_ORDER, val=half_points(spec.size))
        child(run, "szCs", RPR_ORDER, val=half_points(spec.size))
    if spec.lang == "en":
        set_lang(run, val="en-US")
    elif spec.lang == "zh":
        set_lang(run, east_asia="zh-CN")
    if spec.kind == "p":
        _paragraph(ppr(style_el), spec, theme)


def _paragraph(props, spec: StyleSpec, theme: Theme) -> None:
    if spec.keep_next:
        child(props, "keepNext", PPR_ORDER)
        child(props, "keepLines", PPR_ORDER)
    if spec.face == "heading":  # titles, headings, captions: never hyphenated
        child(props, "suppressAutoHyphens", PPR_ORDER)
    if spec.before is not None or spec.after is not None or spec.leading is not None:
        spacing = child(props, "spacing", PPR_ORDER)
        if spec.before is not None:
            spacing.set(qn("w:before"), str(round(spec.before * 20)))
        if spec.after is not None:
            spacing.set(qn("w:after"), str(round(spec.after * 20)))
        if spec.leading is not None:
            if spec.at_least and spec.size:
                spacing.set(qn("w:line"), str(round(spec.leading * spec.size * 20)))
                spacing.set(qn("w:lineRule"), "atLeast")
            else:
                spacing.set(qn("w:line"), str(round(spec.leading * 240)))
                spacing.set(qn("w:lineRule"), "auto")
    if spec.first_line_chars:
        size = spec.size or theme.sizes["body_zh"]
        first_line = str(round(size * 20 * spec.first_line_chars / 100))
        child(props, "ind", PPR_ORDER, firstLineChars=str(spec.first_line_chars), firstLine=first_line)
    if spec.jc:
        child(props, "jc", PPR_ORDER, val=spec.jc)
    if spec.outline is not None:
        child(props, "outlineLvl", PPR_ORDER, val=str(spec.outline))
