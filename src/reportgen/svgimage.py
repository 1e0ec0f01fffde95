"""SVG pictures from the content: checked once, drawn as vector shapes in the PDF, and placed as
Word's SVG picture with a PNG fallback in the DOCX.

Input: an ``.svg`` file from the content's folder. Output: :func:`check_svg` (compose) raises
:class:`BadSvg` for a file either writer would choke on; :func:`svg_drawing` gives a ReportLab
drawing (svglib) whose text is set in the document's embedded faces; :func:`svg_png` renders the
same SVG to PNG with resvg (a Rust renderer in a wheel: no system library, no system font) for
the DOCX's fallback picture.

Text in an SVG never reaches a system font: every ``<text>`` is set in the theme's Chinese body
face if it holds a Chinese character, else in its English body face (the same rule in both
formats), so a picture's labels look like the document's own.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
MAX_BYTES = 5_000_000  # a diagram or map; anything bigger is a photo and belongs in a PNG or JPEG
MAX_ELEMENTS = 50_000
MAX_SIDE_PT = 14_400.0  # 200 inches: past that it is a mistake in width/height/viewBox
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.I)


class BadSvg(ValueError):
    """An SVG that cannot be placed; the message says why (compose adds file and field)."""


def _parse(data: bytes):
    # No entities, no DTD, no network: an SVG is drawn from what it holds, nothing it points at.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise BadSvg(f"not well-formed SVG: {err.msg} (line {err.lineno})") from None


def check_svg(path: Path) -> None:
    """Raise :class:`BadSvg` unless ``path`` is a self-contained SVG of sane size."""
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise BadSvg(f"an SVG image is at most {MAX_BYTES // 1_000_000} MB, this one is {len(data):,} bytes")
    if b"<!ENTITY" in data:
        raise BadSvg("an SVG may not declare entities")
    root = _parse(data)
    if root.tag != f"{{{SVG_NS}}}svg":
        raise BadSvg(f"not an SVG image: its root element is <{etree.QName(root).localname}>")
    count = 0
    for el in root.iter():
        count += 1
        if count > MAX_ELEMENTS:
            raise BadSvg(f"an SVG image has at most {MAX_ELEMENTS:,} elements")
        if not isinstance(el.tag, str):
            continue
        refs = [el.get("href"), el.get(XLINK_HREF)]
        refs += _URL.findall(el.get("style") or "")
        if etree.QName(el).localname == "style":
            refs += _URL.findall(el.text or "")
            if "@import" in (el.text or ""):
                refs.append("@import")
        for ref in refs:
            if ref and not ref.startswith("#") and not re.match(r"data:image/(png|jpeg);base64,", ref):
                raise BadSvg(f"an SVG image must hold everything it draws: line {el.sourceline} refers to {ref[:60]!r}")
    drawing = _to_drawing(path, data)
    if not (0 < drawing.width <= MAX_SIDE_PT and 0 < drawing.height <= MAX_SIDE_PT):
        raise BadSvg(
            f"an SVG image's size must be positive and at most 200 in ({drawing.width:g} × {drawing.height:g} pt)"
        )


def svg_text(path: Path) -> str:
    """Every character the SVG's text elements show (so the font subsets hold them)."""
    root = _parse(path.read_bytes())
    return "".join(t for el in root.iter(f"{{{SVG_NS}}}text") for t in el.itertext())


def _to_drawing(path: Path, data: bytes):
    from svglib.svglib import svg2rlg

    logging.getLogger("svglib").setLevel(logging.CRITICAL)  # its warnings are not ours to print
    try:
        drawing = svg2rlg(str(path), resolve_entities=False)
    except Exception as err:  # svglib raises whatever its parser meets
        raise BadSvg(f"unreadable SVG: {str(err)[:80] or type(err).__name__}") from None
    if drawing is None:
        raise BadSvg("unreadable SVG")
    return drawing


def svg_drawing(path: Path, width_pt: float, zh_font: str, en_font: str):
    """The SVG as a ReportLab drawing ``width_pt`` wide (vector shapes; text in the given faces)."""
    from reportlab.graphics.shapes import Group, String

    drawing = _to_drawing(path, path.read_bytes())

    def set_faces(node) -> None:
        for child in getattr(node, "contents", ()):
            if isinstance(child, String):
                child.fontName = zh_font if _CJK.search(child.text) else en_font
            elif isinstance(child, Group):
                set_faces(child)

    set_faces(drawing)
    # ReportLab opens every drawing with its default face (Helvetica, never embedded) set.
    drawing.initialFontName = en_font
    factor = width_pt / drawing.width
    drawing.scale(factor, factor)
    drawing.width, drawing.height = width_pt, drawing.height * factor
    return drawing


def _with_families(data: bytes, zh_family: str, en_family: str) -> bytes:
    """The SVG with each text element's face set inline (an inline style beats a stylesheet)."""
    root = _parse(data)
    for el in root.iter(f"{{{SVG_NS}}}text"):
        family = zh_family if _CJK.search("".join(el.itertext())) else en_family
        for node in el.iter():
            if isinstance(node.tag, str):
                style = re.sub(r"font-family\s*:[^;]*;?", "", node.get("style") or "")
                node.attrib.pop("font-family", None)
                node.set("style", f"{style.strip().rstrip(';')};font-family:'{family}'".lstrip(";"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def svg_png(path: Path, width_px: int, fonts: tuple[Path, Path]) -> tuple[bytes, bytes]:
    """``(svg, png)``: the SVG with its text faces named, and its rendering ``width_px`` wide, drawn
    with only ``fonts`` (Chinese body, English body TrueType files), never a system font."""
    import resvg_py
    from fontTools.ttLib import TTFont

    families = []
    for font in fonts:
        with TTFont(str(font), lazy=True) as tt:
            families.append(tt["name"].getBestFamilyName())
    svg = _with_families(path.read_bytes(), *families)
    png = resvg_py.svg_to_bytes(
        svg_string=svg.decode("utf-8"),
        width=width_px,
        skip_system_fonts=True,
        font_files=[str(f) for f in fonts],
        font_family=families[1],
    )
    return svg, bytes(png)
