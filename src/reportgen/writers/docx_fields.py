"""Runs, fields and bookmarks for the DOCX writer, built as lxml elements.

Input: plain strings (content text, field instructions we write ourselves).
Output: ``w:r`` / ``w:fldChar`` / ``w:bookmarkStart`` elements to append to a paragraph.

Fields are complex fields (begin, instruction, separate, cached result, end) so the cached
result reads right in any viewer before Word updates the fields. Text is set through
python-docx's ``CT_R.text`` setter, which escapes it; nothing here concatenates XML.
"""

from __future__ import annotations

import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen.writers.docx_xml import AMBIGUOUS, RPR_ORDER, child


def text_run(text: str, lang: str | None = None, style: str | None = None):
    """A ``w:r`` holding ``text``; ``lang`` "zh"/"en" marks the language for Word's proofing and
    line breaking, and Chinese runs with curly quotes, dashes or ellipses get ``w:hint="eastAsia"``
    so those punctuation marks take the Chinese face."""
    run = OxmlElement("w:r")
    if style or lang:
        rpr = run.get_or_add_rPr()
        if style:
            rpr.style = style
        if lang == "zh":
            if any(ch in AMBIGUOUS for ch in text):
                child(rpr, "rFonts", RPR_ORDER, hint="eastAsia")
            child(rpr, "lang", RPR_ORDER, eastAsia="zh-CN")
        elif lang == "en":
            child(rpr, "lang", RPR_ORDER, val="en-US")
    run.text = text
    return run


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
