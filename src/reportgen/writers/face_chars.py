"""Which characters each CJK face draws, for font subsets shared by the writers.

Input: a :class:`~reportgen.model.Document`.
Output: ``{"zh_body": chars, "zh_heading": chars, "zh_bold": chars}`` (``zh_bold``: what a CJK bold
face draws, :mod:`reportgen.theme.weights`).

The PDF embeds subsets of exactly these characters, and the DOCX embeds the same subsets (the
converted files are cached by font and character set, so a build converts each face once).
"""

from __future__ import annotations

from reportgen import model
from reportgen.model import Document

FURNITURE = "目录图表第页资料来源：续—　0123456789 .()•–\u2212"  # characters the writers add themselves (− in charts, DOCX list marks)


def document_chars(document: Document) -> dict[str, set[str]]:
    """Characters each CJK role draws. The body face draws (or may draw) anything; the heading face
    only headings, titles, captions, table heads, key-figure values and the running header, so
    its subset, and its cold conversion, is a fraction of the body's."""
    body = set(FURNITURE)
    for value in texts(document):
        body.update(value)
    body.update(svg_chars(document))
    heading = set(FURNITURE)
    for value in texts(heading_texts(document)):
        heading.update(value)
    heading.update(strong_chars(document))
    bold = set(FURNITURE)
    for value in texts(bold_texts(document)):
        bold.update(value)
    bold.update(strong_chars(document))
    return {"zh_body": body, "zh_heading": heading, "zh_bold": bold}


def bold_texts(document: Document) -> list:
    """The model values set bold (reportgen.theme.weights.BOLD): titles, headings, key-figure
    values, table heads and totals, note titles (strong spans: :func:`strong_chars`)."""
    out: list = []
    for block in document.blocks:
        if isinstance(block, model.Heading):
            out.append(block.text)
        elif isinstance(block, model.TableOfContents):
            out.append(block.title)
        elif isinstance(block, model.Cover):
            out.append(block.title)
        elif isinstance(block, model.KeyFigures):
            out += [block.title, *(item.value for item in block.items)]
        elif isinstance(block, model.Table):
            out += [col.header for col in block.columns]
        elif isinstance(block, model.Note):
            out.append(block.title)
    return out


def svg_chars(document: Document) -> set[str]:
    """What the text of the document's SVG images shows: set in the body faces (reportgen.svgimage)."""
    out: set[str] = set()
    for block in document.blocks:
        if isinstance(block, model.Image) and block.path.suffix.lower() == ".svg":
            from reportgen.svgimage import svg_text

            out.update(svg_text(block.path))
    return out


def heading_texts(document: Document) -> list:
    """The model values set in the heading (sans) face; mirrors the PDF styles (pdf_styles.Styles)."""
    out: list = [document.meta.short_title]
    for block in document.blocks:
        if isinstance(block, model.Heading | model.TableOfContents):
            out.append(block.text if isinstance(block, model.Heading) else block.title)
        elif isinstance(block, model.Cover):
            out += [block.title, block.subtitle]
        elif isinstance(block, model.KeyFigures):
            out += [block.title, *(item.value for item in block.items)]
        elif isinstance(block, model.Table):
            out += [block.caption, *(col.header for col in block.columns)]
        elif isinstance(block, model.Chart):
            # the chart's own text too: a native DOCX chart sets it in this face (and the subset
            # embedded in the DOCX must hold every character it shows)
            out += [block.caption, block.spec]
        elif isinstance(block, model.Image):
            out.append(block.caption)
            if isinstance(block, model.Chart):
                out.append(block.spec)  # chart text is set in the heading face (writers.pdf_charts)
        elif isinstance(block, model.Note):  # the DOCX sets a note's title in the heading face
            out.append(block.title)
    return out


def strong_chars(document: Document) -> set[str]:
    """Strong spans and table totals are set in the heading face (the PDF's bold for Chinese)."""
    from reportgen.model import Span
    from reportgen.model.walk import texts as model_texts

    out: set[str] = set()
    for block in document.blocks:
        for text in model_texts(block):
            for span in text.spans("zh"):
                if isinstance(span, Span) and span.strong:
                    out.update(span.text)
        if isinstance(block, model.Table) and block.total:
            for cell in block.total:
                out.update(cell.zh)
    return out


def texts(obj):
    """Every string inside the model, for building font subsets."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, tuple | list):
        for item in obj:
            yield from texts(item)
    elif hasattr(obj, "__slots__"):
        for name in obj.__slots__:
            yield from texts(getattr(obj, name))
