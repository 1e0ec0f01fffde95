"""Runs, fields and bookmarks for the DOCX writer, built as lxml elements.

Input: plain strings (content text, field instructions we write ourselves).
Output: ``w:r`` / ``w:fldChar`` / ``w:bookmarkStart`` elements to append to a paragraph.

Fields are complex fields (begin, instruction, separate, cached result, end) so the cached
result reads right in any viewer before Word updates the fields. Text is set as element text
(lxml escapes it), as python-docx's ``CT_R.text`` setter would; nothing here concatenates XML.
"""

from __future__ import annotations

import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml.etree import SubElement

from reportgen.writers.docx_xml import AMBIGUOUS

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_CONTROLS = re.compile(r"([\t\r\n])")


def text_run(text: str, lang: str | None = None, style: str | None = None):
    """A ``w:r`` holding ``text``; ``lang`` "zh"/"en" marks the language for Word's proofing and
    line breaking, and Chinese runs with curly quotes, dashes or ellipses get ``w:hint="eastAsia"``
    so those punctuation marks take the Chinese face.

    Built with lxml's SubElement straight into schema order (rStyle, rFonts, lang; then the
    text), the very elements python-docx's ``rPr.style`` and ``CT_R.text`` setters make, without
    their per-character state machine and child-order searches: the run is the writer's most
    frequent element (a third of its time went here)."""
    run = OxmlElement("w:r")
    if style or lang:
        rpr = SubElement(run, _W + "rPr")
        if style:
            SubElement(rpr, _W + "rStyle").set(_W + "val", style)
        if lang == "zh":
            if any(ch in AMBIGUOUS for ch in text):
                SubElement(rpr, _W + "rFonts").set(_W + "hint", "eastAsia")
            SubElement(rpr, _W + "lang").set(_W + "eastAsia", "zh-CN")
        elif lang == "en":
            SubElement(rpr, _W + "lang").set(_W + "val", "en-US")
    append_text(run, text)
    return run


def append_text(run, text: str) -> None:
    """``text`` as run content, as python-docx's ``CT_R.text`` writes it: a tab is ``w:tab``,
    each CR or LF a ``w:br``, every other stretch one ``w:t`` (``xml:space="preserve"`` when it
    starts or ends with white space)."""
    for piece in _CONTROLS.split(text):
        if piece == "\t":
            SubElement(run, _W + "tab")
        elif piece in ("\r", "\n"):
            SubElement(run, _W + "br")
        elif piece:
            t = SubElement(run, _W + "t")
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_XML_SPACE, "preserve")


def break_run(kind: str | None = None):
    run = OxmlElement("w:r")
    br = OxmlElement("w:br")
    if kind:
        br.set(qn("w:type"), kind)
    run.append(br)
    return run


def tab_run():
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:tab"))
    return run


def _fld_char(kind: str, dirty: bool = False):
    run = OxmlElement("w:r")
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), kind)
    if dirty:
        fld.set(qn("w:dirty"), "true")
    run.append(fld)
    return run


def field_begin(instr: str) -> list:
    """begin + instruction + separate: the cached result and :func:`field_end` follow."""
    instr_run = OxmlElement("w:r")
    instr_el = OxmlElement("w:instrText")
    instr_el.set(qn("xml:space"), "preserve")
    instr_el.text = f" {instr.strip()} "
    instr_run.append(instr_el)
    return [_fld_char("begin"), instr_run, _fld_char("separate")]


def field_end():
    return _fld_char("end")


def field(instr: str, result: str, lang: str | None = None) -> list:
    """A whole complex field whose cached result is ``result``."""
    return [*field_begin(instr), text_run(result, lang), field_end()]


def append_all(parent, elements) -> None:
    for el in elements:
        parent.append(el)


_BOOKMARK_BAD = re.compile(r"[^A-Za-z0-9_]")


def bookmark_name(anchor: str, taken: set[str]) -> str:
    """A legal Word bookmark name for ``anchor``: ASCII word characters, starting with a letter,
    at most 40 characters, unique within ``taken`` (which is updated)."""
    name = _BOOKMARK_BAD.sub("_", anchor) or "h"
    if not name[0].isalpha():
        name = "h_" + name
    name = name[:40]
    base, n = name, 2
    while name.lower() in taken:
        suffix = f"_{n}"
        name = base[: 40 - len(suffix)] + suffix
        n += 1
    taken.add(name.lower())
    return name


def bookmark(paragraph_el, name: str, bm_id: int) -> None:
    """Wrap the paragraph's runs in a bookmark: start after w:pPr, end at the paragraph's end."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bm_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bm_id))
    ppr = paragraph_el.find(qn("w:pPr"))
    paragraph_el.insert(0 if ppr is None else 1, start)
    paragraph_el.append(end)


def hyperlink(anchor: str, runs: list):
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    append_all(link, runs)
    return link
