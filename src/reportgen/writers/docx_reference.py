"""Build the template's ``reference.docx``: the Word styles the DOCX writer fills with content.

Input: a :class:`reportgen.theme.Theme` (fonts, sizes, colours, page).
Output: the bytes of a styles-only DOCX (empty body). It is committed to the template folder so a
user can restyle briefings by editing it in Word (as with pandoc's ``--reference-doc``); the
writer only ever names styles, so their look comes from here.

Every style sets all four font slots by name (Latin face in ascii/hAnsi/cs, Chinese face in
eastAsia) and no theme-font attribute survives: python-docx's ``Font.name`` sets only
ascii/hAnsi, and a leftover ``w:eastAsiaTheme`` makes Word show Chinese in the theme's font.

Run ``python -m reportgen.writers.docx_reference templates/briefing`` to regenerate.
"""

from __future__ import annotations

import datetime as _dt
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from reportgen.theme import Theme, weights
from reportgen.writers.docx_package import set_compatibility_mode
from reportgen.writers.docx_reference_blocks import block_style_specs, finish_block_styles
from reportgen.writers.docx_xml import (
    PPR_ORDER,
    RPR_ORDER,
    SECTPR_ORDER,
    STYLE_ORDER,
    TBLPR_ORDER,
    TCPR_ORDER,
    child,
    half_points,
    hex_colour,
    normalise_zip,
    remove,
    set_fonts,
    set_lang,
    set_setting,
    strip_theme_fonts,
    twips,
)

REFERENCE_NAME = "reference.docx"
FIXED_DATE = _dt.datetime(2000, 1, 1, tzinfo=_dt.UTC)

# Built-in styles kept from python-docx's default template; everything else is dropped.
KEEP = {
    "Normal",
    "DefaultParagraphFont",
    "TableNormal",
    "NoList",
    "Header",
    "HeaderChar",
    "Footer",
    "FooterChar",
    "Heading1",
    "Heading2",
    "Heading3",
    "Heading1Char",
    "Heading2Char",
    "Heading3Char",
    "Title",
    "TitleChar",
    "Subtitle",
    "SubtitleChar",
    "Caption",
    "TOCHeading",
    "BodyText",
    "BodyTextChar",
}
# Styles that name no faces: a link or a footnote mark keeps the faces of the text it sits in.
NO_FONTS = {"DefaultParagraphFont", "TableNormal", "NoList", "FootnoteReference", "Hyperlink"}


@dataclass(frozen=True)
class StyleSpec:
    name: str
    base: str | None = "Normal"
    kind: str = "p"  # p(aragraph) or c(haracter)
    face: str = "body"  # body or heading
    size: float | None = None
    bold: bool | None = None
    colour: str | None = None
    jc: str | None = None
    before: float | None = None  # points
    after: float | None = None
    leading: float | None = None  # line height as a multiple; None leaves it inherited
    at_least: bool = False  # leading as an "at least" height (body text: never clips big glyphs)
    keep_next: bool = False
    outline: int | None = None
    first_line_chars: int | None = None
    lang: str | None = None  # "zh" or "en"
    style_id: str | None = None
    builtin_name: str | None = None  # the lowercase name Word uses for built-in styles
    # The kind of text (reportgen.theme.weights): its faces and weight then come from the one
    # table both writers read, overriding ``face`` and ``bold``.
    element: str | None = None


def style_specs(theme: Theme) -> list[StyleSpec]:
    s, c = theme.sizes, theme.colours
    lead = s.get("leading", 1.5)
    specs = [
        StyleSpec("Normal", base=None, size=s["body_en"], colour=c["text"], after=0, leading=1.0),
        StyleSpec("Body Text", jc="both", size=s["body_zh"], after=0),
        StyleSpec(
            "Body Text ZH",
            base="Body Text",
            size=s["body_zh"],
            jc="both",
            after=3,
            leading=lead,
            at_least=True,
            first_line_chars=200,
            lang="zh",
        ),
        StyleSpec(
            "Body Text EN",
            base="Body Text",
            size=s["body_en"],
            jc="both",
            after=10,
            leading=lead * 0.92,
            at_least=True,
            lang="en",
        ),
        StyleSpec(
            "Title",
            element="title",
            face="heading",
            size=s["title"],
            bold=True,
            colour=c["primary"],
            before=150,
            after=4,
            leading=1.0,
            keep_next=True,
        ),
        StyleSpec(
            "Title EN",
            element="title",
            base="Title",
            face="heading",
            size=round(s["title"] * 0.72, 1),
            bold=True,
            colour=c["primary"],
            before=0,
            after=14,
            lang="en",
        ),
        StyleSpec(
            "Subtitle",
            element="subtitle",
            face="heading",
            size=s["subtitle"],
            bold=False,
            colour=c["secondary"],
            before=6,
            after=6,
            leading=1.15,
        ),
        StyleSpec("Cover Meta", size=s["subtitle"] - 2, colour=c["muted"], before=30, after=0, leading=1.2),
        StyleSpec(
            "Caption",
            element="caption",
            face="heading",
            size=s["caption"] + 0.5,
            bold=False,
            colour=c["text"],
            before=3,
            after=12,
            leading=1.1,
            jc="center",
            builtin_name="caption",
        ),
        StyleSpec("Table Caption", base="Caption", before=10, after=4, keep_next=True),
        StyleSpec("Figure", jc="center", before=8, after=2, leading=1.0, keep_next=True),
        StyleSpec("Table Text", size=s["table"], after=0, leading=1.05),
        StyleSpec("Table Number", base="Table Text", jc="right"),
        StyleSpec("Table Note", size=s["caption"], colour=c["muted"], before=3, after=12, leading=1.1),
        StyleSpec(
            "Key Figures Title",
            element="heading",
            face="heading",
            size=s["heading3"],
            bold=True,
            colour=c["secondary"],
            before=12,
            after=6,
            keep_next=True,
        ),
        StyleSpec(
            "Key Figure Value",
            element="key_figure_value",
            face="heading",
            size=s["key_figure"],
            bold=True,
            colour=c["primary"],
            jc="center",
            before=4,
            after=0,
            leading=1.0,
        ),
        StyleSpec(
            "Key Figure Value EN",
            element="key_figure_value",
            base="Key Figure Value",
            size=round(s["key_figure"] * 0.6, 1),
            before=0,
            after=2,
            lang="en",
        ),
        StyleSpec("Key Figure Label", size=s["table"], colour=c["muted"], jc="center", after=4, leading=1.1),
        StyleSpec(
            "TOC Heading",
            element="heading",
            base="Normal",
            face="heading",
            size=s["heading1"],
            bold=True,
            colour=c["primary"],
            before=0,
            after=12,
            keep_next=True,
        ),
        StyleSpec("Header", size=s["header"], colour=c["muted"], leading=1.0, after=0),
        StyleSpec("Footer", size=s["header"], colour=c["muted"], leading=1.0, after=0, jc="center"),
    ]
    for level, before in ((1, 18), (2, 12), (3, 9)):
        size = s[f"heading{level}"]
        specs.append(
            StyleSpec(
                f"Heading {level}",
                element="heading",
                face="heading",
                size=size,
                bold=True,
                colour=c["primary"] if level < 3 else c["secondary"],
                before=before,
                after=6,
                leading=1.1,
                keep_next=True,
                outline=level - 1,
                builtin_name=f"heading {level}",
            )
        )
        specs.append(
            StyleSpec(
                f"Heading {level} EN",
                element="heading",
                kind="c",
                base=None,
                face="heading",
                size=round(size * 0.8, 1),
                lang="en",
            )
        )
        specs.append(
            StyleSpec(
                f"TOC {level}",
                face="body",
                size=s["body_en"],
                bold=level == 1,
                before=4 if level == 1 else 1,
                after=1,
                leading=1.15,
                builtin_name=f"toc {level}",
                style_id=f"TOC{level}",
            )
        )
    return specs


def _ppr(el):
    return child(el, "pPr", STYLE_ORDER)


def _rpr(el):
    return child(el, "rPr", STYLE_ORDER)


def _apply(style_el, spec: StyleSpec, theme: Theme) -> None:
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
    rpr = _rpr(style_el)
    set_fonts(rpr, latin, east)
    if bold is not None:
        child(rpr, "b", RPR_ORDER, val="1" if bold else "0")
        child(rpr, "bCs", RPR_ORDER, val="1" if bold else "0")
    if spec.colour:
        child(rpr, "color", RPR_ORDER, val=hex_colour(spec.colour))
    if spec.size:
        child(rpr, "sz", RPR_ORDER, val=half_points(spec.size))
        child(rpr, "szCs", RPR_ORDER, val=half_points(spec.size))
    if spec.lang == "en":
        set_lang(rpr, val="en-US")
    elif spec.lang == "zh":
        set_lang(rpr, east_asia="zh-CN")
    if spec.kind != "p":
        return
    ppr = _ppr(style_el)
    if spec.keep_next:
        child(ppr, "keepNext", PPR_ORDER)
        child(ppr, "keepLines", PPR_ORDER)
    if spec.face == "heading":  # titles, headings, captions: never hyphenated
        child(ppr, "suppressAutoHyphens", PPR_ORDER)
    if spec.before is not None or spec.after is not None or spec.leading is not None:
        spacing = child(ppr, "spacing", PPR_ORDER)
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
        child(
            ppr,
            "ind",
            PPR_ORDER,
            firstLineChars=str(spec.first_line_chars),
            firstLine=str(round(size * 20 * spec.first_line_chars / 100)),
        )
    if spec.jc:
        child(ppr, "jc", PPR_ORDER, val=spec.jc)
    if spec.outline is not None:
        child(ppr, "outlineLvl", PPR_ORDER, val=str(spec.outline))


def _border(parent, tag: str, size_eighths: int, colour: str, space: int = 0, val: str = "single"):
    return child(
        parent,
        tag,
        ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV", "tl2br", "tr2bl", "between", "bar"),
        val=val,
        sz=str(size_eighths),
        space=str(space),
        color=hex_colour(colour),
    )


def _tabs(ppr, stops: list[tuple[str, int, str]]) -> None:
    remove(ppr, "tabs")
    tabs = child(ppr, "tabs", PPR_ORDER)
    for val, pos, leader in stops:
        tab = tabs.makeelement(qn("w:tab"), {})
        tab.set(qn("w:val"), val)
        tab.set(qn("w:leader"), leader)
        tab.set(qn("w:pos"), str(pos))
        tabs.append(tab)


def _table_style(styles, name: str, theme: Theme, ruled: bool) -> None:
    style = styles.add_style(name, WD_STYLE_TYPE.TABLE)
    el = style.element
    child(el, "basedOn", STYLE_ORDER, val="TableNormal")
    child(el, "uiPriority", STYLE_ORDER, val="59")
    ppr = _ppr(el)
    child(ppr, "spacing", PPR_ORDER, before="0", after="0", line="240", lineRule="auto")
    rpr = _rpr(el)
    set_fonts(rpr, theme.fonts["en_body"].family, theme.fonts["zh_body"].family)
    child(rpr, "sz", RPR_ORDER, val=half_points(theme.sizes["table"]))
    child(rpr, "szCs", RPR_ORDER, val=half_points(theme.sizes["table"]))
    tblpr = child(el, "tblPr", STYLE_ORDER)
    borders = child(tblpr, "tblBorders", TBLPR_ORDER)
    colour, rule = theme.colours["primary"], theme.colours["rule"]
    if ruled:
        _border(borders, "top", 12, colour)
        _border(borders, "bottom", 12, colour)
        _border(borders, "insideH", 4, rule)
    else:
        for side in ("top", "bottom", "insideH"):
            _border(borders, side, 0, "#FFFFFF", val="nil")
    for side in ("left", "right", "insideV"):
        _border(borders, side, 0, "#FFFFFF", val="nil")
    mar = child(tblpr, "tblCellMar", TBLPR_ORDER)
    for side, val in (("top", 45), ("left", 85), ("bottom", 45), ("right", 85)):
        child(mar, side, ("top", "left", "start", "bottom", "right", "end"), w=str(val), type="dxa")
    if not ruled:
        return
    first = el.makeelement(qn("w:tblStylePr"), {qn("w:type"): "firstRow"})
    el.append(first)
    # No w:b here: the header cells' Table Head styles carry the weight and faces (a bold set in
    # both a table style and a paragraph style toggles off in Word).
    child(first, "trPr", ("pPr", "rPr", "tblPr", "trPr", "tcPr"))
    child(first.find(qn("w:trPr")), "tblHeader", ("cantSplit", "tblHeader"))
    tcpr = child(first, "tcPr", ("pPr", "rPr", "tblPr", "trPr", "tcPr"))
    tcb = child(tcpr, "tcBorders", TCPR_ORDER)
    _border(tcb, "bottom", 8, colour)
    child(tcpr, "shd", TCPR_ORDER, val="clear", color="auto", fill=hex_colour(theme.colours["table_header"]))


def apply_page(sect_pr, theme: Theme) -> None:
    """A4 (or the theme's size) and the theme's margins, in twips, on a w:sectPr."""
    p = theme.page
    child(sect_pr, "pgSz", SECTPR_ORDER, w=str(twips(p.width_mm)), h=str(twips(p.height_mm)))
    sect_pr.find(qn("w:pgSz")).attrib.pop(qn("w:orient"), None)
    header = max(p.header_mm - theme.sizes["header"] * 25.4 / 72, 5)
    child(
        sect_pr,
        "pgMar",
        SECTPR_ORDER,
        top=str(twips(p.top_mm)),
        bottom=str(twips(p.bottom_mm)),
        left=str(twips(p.left_mm)),
        right=str(twips(p.right_mm)),
        header=str(twips(header)),
        footer=str(twips(p.footer_mm)),
        gutter="0",
    )


def _prune(styles_el) -> None:
    removed = set()
    for st in styles_el.findall(qn("w:style")):
        sid = st.get(qn("w:styleId"))
        if sid not in KEEP:
            styles_el.remove(st)
            removed.add(sid)
    for st in styles_el.findall(qn("w:style")):
        for tag in ("basedOn", "link", "next"):
            ref = st.find(qn(f"w:{tag}"))
            if ref is not None and ref.get(qn("w:val")) in removed:
                st.remove(ref)


def build_reference(theme: Theme) -> bytes:
    """Return the reference DOCX for ``theme`` (deterministic bytes)."""
    document = docx.Document()
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del part.rels[rid]
    pkg_rels = part.package.rels
    for rid, rel in list(pkg_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg_rels[rid]
    body = document.element.body
    for el in list(body):
        if el.tag != qn("w:sectPr"):
            body.remove(el)

    styles = document.styles
    styles_el = styles.element
    _prune(styles_el)
    strip_theme_fonts(styles_el)
    # Document defaults: named faces, Chinese/English languages, East Asian line breaking.
    defaults = styles_el.find(qn("w:docDefaults"))
    drpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(drpr, theme.fonts["en_body"].family, theme.fonts["zh_body"].family)
    child(drpr, "sz", RPR_ORDER, val=half_points(theme.sizes["body_en"]))
    child(drpr, "szCs", RPR_ORDER, val=half_points(theme.sizes["body_en"]))
    child(drpr, "lang", RPR_ORDER, val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    dppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for tag in ("kinsoku", "overflowPunct", "autoSpaceDE", "autoSpaceDN"):
        child(dppr, tag, PPR_ORDER)
    child(dppr, "spacing", PPR_ORDER, after="0", line="240", lineRule="auto")

    by_id = {st.get(qn("w:styleId")): st for st in styles_el.findall(qn("w:style"))}
    for spec in style_specs(theme) + block_style_specs(theme, StyleSpec):
        sid = spec.style_id or spec.name.replace(" ", "")
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
            child(el, "next", STYLE_ORDER, val="BodyTextZH" if spec.name.startswith("Heading") else sid)
        _apply(el, spec, theme)

    text_w = twips(theme.page.text_width_mm)
    _tabs(by_id["Header"].find(qn("w:pPr")), [("right", text_w, "none")])
    _border(child(by_id["Header"].find(qn("w:pPr")), "pBdr", PPR_ORDER), "bottom", 4, theme.colours["rule"], space=4)
    remove(by_id["Footer"].find(qn("w:pPr")), "tabs")
    for level in (1, 2, 3):
        ppr = by_id[f"TOC{level}"].find(qn("w:pPr"))
        _tabs(ppr, [("right", text_w, "dot")])
        child(ppr, "ind", PPR_ORDER, left=str((level - 1) * 420))
    for link_id, para_id in (
        ("HeaderChar", "Header"),
        ("FooterChar", "Footer"),
        ("TitleChar", "Title"),
        ("SubtitleChar", "Subtitle"),
        ("BodyTextChar", "BodyText"),
        ("Heading1Char", "Heading1"),
        ("Heading2Char", "Heading2"),
        ("Heading3Char", "Heading3"),
    ):
        if link_id in by_id:  # linked character styles mirror their paragraph style's faces
            spec = next(s for s in style_specs(theme) if s.name.replace(" ", "") == para_id)
            _apply(
                by_id[link_id],
                StyleSpec(
                    link_id,
                    kind="c",
                    face=spec.face,
                    size=spec.size,
                    bold=spec.bold,
                    colour=spec.colour,
                    element=spec.element,
                ),
                theme,
            )
    _table_style(styles, "Briefing Table", theme, ruled=True)
    _table_style(styles, "Key Figures Table", theme, ruled=False)
    _table_style(styles, "Parallel Text", theme, ruled=False)  # the parallel layout's paragraph pairs
    finish_block_styles(document, theme)
    for st in styles_el.findall(qn("w:style")):  # belt and braces: every style names its faces
        if st.get(qn("w:styleId")) not in NO_FONTS and st.find(qn("w:rPr")) is None:
            set_fonts(_rpr(st), theme.fonts["en_body"].family, theme.fonts["zh_body"].family)
    strip_theme_fonts(styles_el)
    for el in styles_el.iter():  # colours by value only: the theme part is not ours to rely on
        for attr in ("themeColor", "themeShade", "themeTint", "themeFill", "themeFillShade", "themeFillTint"):
            el.attrib.pop(qn(f"w:{attr}"), None)
    for tag in ("pBdr", "contextualSpacing"):
        remove(by_id["Title"].find(qn("w:pPr")), tag)
    # python-docx's template sets its subtitle in italic, letter-spaced and numbered: a slanted,
    # spaced-out Chinese line (there is no CJK italic). Upright and set solid instead.
    for sid in ("Subtitle", "SubtitleChar"):
        rpr = by_id[sid].find(qn("w:rPr"))
        for tag in ("i", "iCs", "spacing"):
            remove(rpr, tag)
        ppr = by_id[sid].find(qn("w:pPr"))
        if ppr is not None:
            remove(ppr, "numPr")

    settings = document.settings.element
    set_setting(settings, "themeFontLang", val="en-US", eastAsia="zh-CN")
    set_setting(settings, "characterSpacingControl", val="compressPunctuation")
    remove(settings, "proofState")
    set_compatibility_mode(document)
    apply_page(document.sections[0]._sectPr, theme)

    core = document.core_properties
    core.title = "Briefing styles (reference document)"
    core.author = core.last_modified_by = "reportgen"
    core.comments = core.subject = core.keywords = core.category = ""
    core.created = core.modified = FIXED_DATE.replace(tzinfo=None)
    core.last_printed = FIXED_DATE.replace(tzinfo=None)
    core.revision = 1
    out = io.BytesIO()
    document.save(out)
    return normalise_zip(out.getvalue(), FIXED_DATE)


def main(argv: list[str] | None = None) -> int:
    from reportgen.theme import load_theme

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m reportgen.writers.docx_reference TEMPLATE_DIR", file=sys.stderr)
        return 2
    template_dir = Path(args[0])
    data = build_reference(load_theme(template_dir))
    target = template_dir / REFERENCE_NAME
    tmp = target.with_suffix(".docx.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
    print(f"wrote {target} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
