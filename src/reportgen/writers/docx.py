"""DOCX writer: the document model as a Word file built on the template's reference.docx.

Input: a :class:`reportgen.model.Document`, the :class:`reportgen.theme.Theme` and
:class:`reportgen.writers.WriteOptions` (languages, chart renderer, timestamp, template folder).
Output: the DOCX bytes — identical for identical input (fixed zip entry dates and order, fixed
core properties, sequential drawing and bookmark ids).

Look comes from the styles in ``<template>/reference.docx`` (built from the theme by
:mod:`reportgen.writers.docx_reference` and editable in Word); this module only names styles.
Headers carry the short title, footers the page number as a PAGE field in the theme's pattern;
the cover page has neither (``w:titlePg``). A TOC field with a pre-filled result and
``w:updateFields`` in settings lets Word refresh page numbers on open.
"""

from __future__ import annotations

import datetime as _dt
import io

import docx as _docx
from docx.oxml.ns import qn

from reportgen.layout import arrange
from reportgen.model import Document
from reportgen.theme import Theme
from reportgen.theme.checks import page_label_parts
from reportgen.writers import WriteOptions
from reportgen.writers.docx_blocks import Emitter
from reportgen.writers.docx_fields import field, tab_run, text_run
from reportgen.writers.docx_kinds import renderer_for
from reportgen.writers.docx_package import (
    app_properties,
    embed_fonts,
    set_compatibility_mode,
)
from reportgen.writers.docx_reference import REFERENCE_NAME, apply_page, build_reference
from reportgen.writers.docx_xml import package_bytes, set_setting

LAST_MODIFIED_BY = "reportgen"


def _open_reference(theme: Theme, options: WriteOptions):
    path = options.template_dir / REFERENCE_NAME if options.template_dir else None
    if path is not None and path.is_file():
        return _docx.Document(str(path))
    return _docx.Document(io.BytesIO(build_reference(theme)))


def _clear_body(document) -> None:
    body = document.element.body
    for el in list(body):
        if el.tag != qn("w:sectPr"):
            body.remove(el)


def _clear(story) -> None:
    """Unlink a header/footer from the previous section and empty it."""
    story.is_linked_to_previous = False
    el = story._element
    for p in list(el):
        el.remove(p)


def _header_footer(document, doc: Document, theme: Theme, langs: tuple[str, ...]) -> None:
    section = document.sections[0]
    section.different_first_page_header_footer = True
    for story in (section.first_page_header, section.first_page_footer):  # the cover: nothing
        _clear(story)
        story.add_paragraph()._p.style = "Normal"
    header = section.header
    _clear(header)
    p = header.add_paragraph()._p
    p.style = "Header"
    for i, lang in enumerate(langs):
        if i:
            p.append(tab_run())
        p.append(text_run(doc.meta.short_title.get(lang), lang))
    footer = section.footer
    _clear(footer)
    p = footer.add_paragraph()._p
    p.style = "Footer"
    before, after = page_label_parts(theme.page.page_number)
    if before:
        p.append(text_run(before))
    for el in field("PAGE", "2"):
        p.append(el)
    if after:
        p.append(text_run(after))


def _core(document, doc: Document, options: WriteOptions, langs: tuple[str, ...]) -> None:
    meta = doc.meta
    core = document.core_properties

    def joined(text, sep: str = " / ") -> str:
        return sep.join(text.get(lang) for lang in langs if text.get(lang))

    # Set on the elements: python-docx's setters refuse values over 255 characters, a limit of
    # its own (the OPC schema has none), and a briefing's keywords in two languages exceed it.
    props = core._element
    props.get_or_add_title().text = joined(meta.title)
    props.get_or_add_subject().text = joined(meta.subject)
    props.get_or_add_creator().text = joined(meta.author)
    props.get_or_add_keywords().text = joined(meta.keywords, ", ")
    core.language = "zh-CN" if "zh" in langs else "en-US"
    stamp = options.timestamp
    if stamp.tzinfo is not None:  # core properties are written as UTC
        stamp = stamp.astimezone(_dt.UTC).replace(tzinfo=None)
    core.created = core.modified = core.last_printed = stamp
    core.last_modified_by = LAST_MODIFIED_BY
    core.revision = 1
    core.comments = core.category = core.content_status = core.identifier = core.version = ""


def write(document: Document, theme: Theme, options: WriteOptions) -> bytes:
    langs = tuple(lang for lang in options.langs if lang in ("zh", "en")) or ("zh", "en")
    word = _open_reference(theme, options)
    _clear_body(word)
    apply_page(word.sections[0]._sectPr, theme)

    emitter = Emitter(word, theme, options, arrange(document, options.layout, langs))
    for item in emitter.arrangement:
        emitter.placed = item
        renderer_for(item.block)(emitter, item.block)
    emitter.placed = None

    _header_footer(word, document, theme, langs)
    settings = word.settings.element
    set_setting(settings, "updateFields", val="true")
    set_setting(settings, "themeFontLang", val="en-US", eastAsia="zh-CN")
    if theme.hyphenation:  # English body text hyphenates, as in the PDF; heading styles suppress it
        set_setting(settings, "autoHyphenation", val="true")
        set_setting(settings, "doNotHyphenateCaps", val="true")
    _core(word, document, options, langs)
    set_compatibility_mode(word)
    embed_fonts(word, theme, document)
    app_properties(word, " / ".join(document.meta.title.get(lang) for lang in langs), options.pagination)

    return package_bytes(word, options.timestamp)
