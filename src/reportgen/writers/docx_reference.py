"""Build the template's ``reference.docx``: the Word styles the DOCX writer fills with content.

Input: a :class:`reportgen.theme.Theme` (fonts, sizes, colours, page).
Output: the bytes of a styles-only DOCX (empty body). It is committed to the template folder so a
user can restyle briefings by editing it in Word (as with pandoc's ``--reference-doc``); the
writer only ever names styles, so their look comes from here.

Every style sets all four font slots by name (Latin face in ascii/hAnsi/cs, Chinese face in
eastAsia) and no theme-font attribute survives: python-docx's ``Font.name`` sets only
ascii/hAnsi, and a leftover ``w:eastAsiaTheme`` makes Word show Chinese in the theme's font.

The styles themselves are data (``docx_styles.yaml``, read by ``docx_style_specs``) written by
``docx_style_builder``; the table styles are ``docx_table_styles``, the body blocks' finishing
touches ``docx_reference_blocks``. This module starts from python-docx's default template, keeps
the built-in styles Word knows by name, and sets the defaults, settings, page and properties.

Run ``python -m reportgen.writers.docx_reference templates/briefing`` to regenerate.
"""

from __future__ import annotations

import datetime as _dt
import io
import sys
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from reportgen.theme import Theme
from reportgen.writers.docx_package import set_compatibility_mode
from reportgen.writers.docx_reference_blocks import block_style_specs, finish_block_styles
from reportgen.writers.docx_style_builder import add_style, apply_spec, border, rpr, tabs
from reportgen.writers.docx_style_specs import StyleSpec, style_specs
from reportgen.writers.docx_table_styles import add_table_styles
from reportgen.writers.docx_xml import (
    PPR_ORDER,
    RPR_ORDER,
    SECTPR_ORDER,
    child,
    half_points,
    normalise_zip,
    remove,
    set_fonts,
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
# python-docx's linked character styles (applied to part of a paragraph) and their paragraph styles.
LINKED = {
    "HeaderChar": "Header",
    "FooterChar": "Footer",
    "TitleChar": "Title",
    "SubtitleChar": "Subtitle",
    "BodyTextChar": "BodyText",
    "Heading1Char": "Heading1",
    "Heading2Char": "Heading2",
    "Heading3Char": "Heading3",
}


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
    document = _empty_document()
    styles = document.styles
    _prune(styles.element)
    strip_theme_fonts(styles.element)
    _document_defaults(styles.element, theme)
    by_id = {st.get(qn("w:styleId")): st for st in styles.element.findall(qn("w:style"))}
    specs = style_specs(theme)
    for spec in specs + block_style_specs(theme):
        add_style(styles, by_id, spec, theme)
    _page_furniture_and_toc(by_id, theme)
    paragraph_specs = {spec.sid: spec for spec in specs}
    for link_id, para_id in LINKED.items():
        if link_id in by_id:  # linked character styles mirror their paragraph style's faces
            spec = paragraph_specs[para_id]
            linked = StyleSpec(
                link_id,
                kind="c",
                face=spec.face,
                size=spec.size,
                bold=spec.bold,
                colour=spec.colour,
                element=spec.element,
            )
            apply_spec(by_id[link_id], linked, theme)
    add_table_styles(styles, theme)
    finish_block_styles(document, theme)
    _clean_up(styles.element, by_id, theme)

    settings = document.settings.element
    set_setting(settings, "themeFontLang", val="en-US", eastAsia="zh-CN")
    set_setting(settings, "characterSpacingControl", val="compressPunctuation")
    remove(settings, "proofState")
    set_compatibility_mode(document)
    apply_page(document.sections[0]._sectPr, theme)
    _fixed_properties(document.core_properties)
    out = io.BytesIO()
    document.save(out)
    return normalise_zip(out.getvalue(), FIXED_DATE)


def _empty_document():
    """python-docx's default template with no body, no thumbnail and no stylesWithEffects part."""
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
    return document


def _document_defaults(styles_el, theme: Theme) -> None:
    """Named faces, Chinese/English languages, East Asian line breaking."""
    defaults = styles_el.find(qn("w:docDefaults"))
    run = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(run, theme.fonts["en_body"].family, theme.fonts["zh_body"].family)
    child(run, "sz", RPR_ORDER, val=half_points(theme.sizes["body_en"]))
    child(run, "szCs", RPR_ORDER, val=half_points(theme.sizes["body_en"]))
    child(run, "lang", RPR_ORDER, val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    paragraph = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for tag in ("kinsoku", "overflowPunct", "autoSpaceDE", "autoSpaceDN"):
        child(paragraph, tag, PPR_ORDER)
    child(paragraph, "spacing", PPR_ORDER, after="0", line="240", lineRule="auto")


def _page_furniture_and_toc(by_id, theme: Theme) -> None:
    """The running header's right tab and rule, the footer's tabs gone, the TOC's dot leaders."""
    text_w = twips(theme.page.text_width_mm)
    header = by_id["Header"].find(qn("w:pPr"))
    tabs(header, [("right", text_w, "none")])
    border(child(header, "pBdr", PPR_ORDER), "bottom", 4, theme.colours["rule"], space=4)
    remove(by_id["Footer"].find(qn("w:pPr")), "tabs")
    for level in (1, 2, 3):
        entry = by_id[f"TOC{level}"].find(qn("w:pPr"))
        tabs(entry, [("right", text_w, "dot")])
        child(entry, "ind", PPR_ORDER, left=str((level - 1) * 420))


def _clean_up(styles_el, by_id, theme: Theme) -> None:
    """What python-docx's template leaves that would show: unnamed faces, theme colours, its
    title's rule, its subtitle's italic."""
    for st in styles_el.findall(qn("w:style")):  # belt and braces: every style names its faces
        if st.get(qn("w:styleId")) not in NO_FONTS and st.find(qn("w:rPr")) is None:
            set_fonts(rpr(st), theme.fonts["en_body"].family, theme.fonts["zh_body"].family)
    strip_theme_fonts(styles_el)
    for el in styles_el.iter():  # colours by value only: the theme part is not ours to rely on
        for attr in ("themeColor", "themeShade", "themeTint", "themeFill", "themeFillShade", "themeFillTint"):
            el.attrib.pop(qn(f"w:{attr}"), None)
    for tag in ("pBdr", "contextualSpacing"):
        remove(by_id["Title"].find(qn("w:pPr")), tag)
    # python-docx's template sets its subtitle in italic, letter-spaced and numbered: a slanted,
    # spaced-out Chinese line (there is no CJK italic). Upright and set solid instead.
    for sid in ("Subtitle", "SubtitleChar"):
        run = by_id[sid].find(qn("w:rPr"))
        for tag in ("i", "iCs", "spacing"):
            remove(run, tag)
        paragraph = by_id[sid].find(qn("w:pPr"))
        if paragraph is not None:
            remove(paragraph, "numPr")


def _fixed_properties(core) -> None:
    """Fixed core properties: the same bytes on every run."""
    core.title = "Briefing styles (reference document)"
    core.author = core.last_modified_by = "reportgen"
    core.comments = core.subject = core.keywords = core.category = ""
    core.created = core.modified = FIXED_DATE.replace(tzinfo=None)
    core.last_printed = FIXED_DATE.replace(tzinfo=None)
    core.revision = 1


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
