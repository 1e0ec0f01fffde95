"""DOCX renderers for figures: charts (drawn by the chart renderer) and images from the content.

A figure is one picture paragraph (Figure style, kept with its caption), its alternative text
in ``wp:docPr descr`` (what a screen reader says; Word's "Alt Text"), then the numbered caption
under it and, for an image, its source. Pictures are never taller than a share of the text
block, and never placed larger than their pixels allow at 300 ppi.
"""

from __future__ import annotations

import io
import math

from docx.image.image import Image as DocxImage
from docx.shared import Mm
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from reportgen.model import Chart, Image
from reportgen.writers import chart_width_mm
from reportgen.writers.docx_blocks import Emitter
from reportgen.writers.docx_kinds import renders

MAX_FIGURE_HEIGHT = 0.6  # of the text block's height
MIN_PPI = 300
SVG_BLIP = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
SVG_EXT_URI = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # Word's "SVG picture" blip extension


def _place(em: Emitter, data: bytes, width_mm: float):
    """A Figure paragraph holding the picture ``data`` at most ``width_mm`` wide; its run."""
    page = em.theme.page
    image = DocxImage.from_blob(data)
    max_h = (page.height_mm - page.top_mm - page.bottom_mm) * MAX_FIGURE_HEIGHT
    if image.px_width:
        # Never wider than the pixels allow at 300 ppi: a figure size of 156 mm rounds down to
        # 1842 px, and placing those at 156 mm would print at 299.9 ppi.
        width_mm = min(width_mm, image.px_width / MIN_PPI * 25.4)
    if image.px_width and image.px_height * width_mm / image.px_width > max_h:
        width_mm = max_h * image.px_width / image.px_height
    run = DocxParagraph(em.para("Figure"), em.doc._body).add_run()
    run.add_picture(io.BytesIO(data), width=Mm(width_mm))
    return run


@renders(Chart)
def chart(em: Emitter, block: Chart) -> None:
    width = chart_width_mm(em.theme)
    if em.options.docx_charts == "native":
        # An editable Word chart (reportgen.writers.docx_charts): the numbers, not their picture.
        from reportgen.writers.docx_charts import add_native_chart

        drawing = add_native_chart(em.doc, block, em.theme, em.langs, width, em.options.timestamp)
        run = DocxParagraph(em.para("Figure"), em.doc._body).add_run()
        run._r.append(drawing)
    else:
        png = em.options.render_chart(block, "png", width, "+".join(em.langs))
        run = _place(em, png, width)
    em.describe(run._r, block.alt, block.id, block.caption)
    em.caption("Caption")


@renders(Image)
def image(em: Emitter, block: Image) -> None:
    width = em.theme.page.text_width_mm * min(max(block.width, 0.05), 1.0)
    if block.path.suffix.lower() == ".svg":
        run = _place_svg(em, block, width)
    else:
        run = _place(em, block.path.read_bytes(), width)
    em.describe(run._r, block.alt, block.path.stem, block.caption)
    em.caption("Caption")
    if block.source is not None:
        em.add_text(em.para("FigureSource"), block.source)


def _place_svg(em: Emitter, block: Image, width_mm: float):
    """Word's SVG picture: the drawing itself (``asvg:svgBlip``, Word 2016 on) over a PNG fallback
    rendered at 300 ppi or more at its placed width, which older readers (and LibreOffice) show."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml.ns import qn

    from reportgen.fonts import truetype_for
    from reportgen.svgimage import svg_png, svg_text

    chars = svg_text(block.path) or " "
    fonts = tuple(truetype_for(em.theme.fonts[role].regular, chars) for role in ("zh_body", "en_body"))
    width_px = math.ceil(width_mm / 25.4 * MIN_PPI) + 1  # +1: never a hair under 300 ppi
    svg, png = svg_png(block.path, width_px, fonts)
    run = _place(em, png, width_mm)
    package = em.doc.part.package
    taken = {str(p.partname) for p in package.iter_parts()}
    n = next(i for i in range(1, len(taken) + 2) if f"/word/media/image{i}.svg" not in taken)
    part = Part(PackURI(f"/word/media/image{n}.svg"), "image/svg+xml", svg, package)
    rid = em.doc.part.relate_to(part, RT.IMAGE)
    blip = run._r.find(".//" + qn("a:blip"))
    ext_list = etree.SubElement(blip, qn("a:extLst"))
    ext = etree.SubElement(ext_list, qn("a:ext"), uri=SVG_EXT_URI)
    svg_blip = etree.SubElement(ext, f"{{{SVG_BLIP}}}svgBlip", nsmap={"asvg": SVG_BLIP})
    svg_blip.set(qn("r:embed"), rid)
    return run
