"""Word footnotes: the ``word/footnotes.xml`` part and the footnotes a document adds to it.

Input: the python-docx document (its main part and settings) and, per footnote, the mark the
layout gave it and a callback that fills the footnote's paragraph with runs.
Output: a footnotes part related to the document (created on first use, so a document without
footnotes has none), holding the separator (id -1) and continuation separator (id 0) footnotes
Word expects, then one ``w:footnote`` per reference; and the ``w:footnoteReference`` run for
the body.

The marks are the layout's (one number per footnote, the same in both languages' texts). Word
numbers footnote references itself, one count per ``w:footnoteReference``; so a footnote gets one
Word footnote per part of the edition it is referenced in, holding its text in each language
that part shows, and a second reference in the same part (the English text's, in the
interleaved layout) repeats the mark as a plain superscript. Word's count then equals the
layout's wherever one part holds the whole body. Where it cannot (the English part of the
sequential layout starts again at 1) the reference carries ``w:customMarkFollows`` with the
mark as its text, and the footnote starts with that mark instead of a ``w:footnoteRef`` — the
form Word itself writes for a custom mark. (LibreOffice 7.4 draws such custom marks twice in
the footnote area from the second one on; auto-numbered footnotes it draws right.)
"""

from __future__ import annotations

from collections.abc import Callable

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from reportgen.writers.docx_xml import PPR_ORDER, child, set_setting

PART_NAME = "/word/footnotes.xml"
TEXT_STYLE, MARK_STYLE = "FootnoteText", "FootnoteReference"


def _separator(kind: str, fn_id: int):
    note = OxmlElement("w:footnote")
    note.set(qn("w:type"), kind)
    note.set(qn("w:id"), str(fn_id))
    p = OxmlElement("w:p")
    child(p.get_or_add_pPr(), "spacing", PPR_ORDER, after="0", line="240", lineRule="auto")
    run = OxmlElement("w:r")
    run.append(OxmlElement(f"w:{kind}"))
    p.append(run)
    note.append(p)
    return note


def mark_run(mark: str, style: str = MARK_STYLE):
    """A run showing ``mark`` in the Footnote Reference (superscript) character style."""
    run = OxmlElement("w:r")
    run.get_or_add_rPr().style = style
    run.text = mark
    return run


class Footnotes:
    """The document's footnotes, added in reading order (ids 1, 2, ... reproducibly)."""

    def __init__(self, document) -> None:
        self.document = document
        self._part: XmlPart | None = None
        self.next_id = 1

    @property
    def part(self) -> XmlPart:
        """The footnotes part, created with its separators on first use."""
        if self._part is None:
            main = self.document.part
            for rel in main.rels.values():  # a reference.docx edited in Word may bring one along
                if rel.reltype == RT.FOOTNOTES and not rel.is_external:
                    self._part = rel.target_part
                    root = self._part.element
                    for note in root.findall(qn("w:footnote")):
                        if note.get(qn("w:type")) in (None, "normal"):
                            root.remove(note)
                    break
            else:
                root = parse_xml(f"<w:footnotes {nsdecls('w', 'r')}/>")
                root.append(_separator("separator", -1))
                root.append(_separator("continuationSeparator", 0))
                self._part = XmlPart(PackURI(PART_NAME), CT.WML_FOOTNOTES, root, main.package)
                main.relate_to(self._part, RT.FOOTNOTES)
            pr = set_setting(self.document.settings.element, "footnotePr")
            if pr.find(qn("w:footnote")) is None:
                for fn_id in (-1, 0):
                    ref = OxmlElement("w:footnote")
                    ref.set(qn("w:id"), str(fn_id))
                    pr.append(ref)
        return self._part

    def add(self, fill: Callable[[object, XmlPart], None], mark: str | None = None) -> object:
        """A new footnote; ``fill(first_paragraph, part)`` appends its text (it may add more
        paragraphs after the first; links in it relate to ``part``). Numbered by Word, or
        marked ``mark`` when given. Returns the body's reference run."""
        root = self.part.element
        fn_id = self.next_id
        self.next_id += 1
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(fn_id))
        p = OxmlElement("w:p")
        p.get_or_add_pPr().style = TEXT_STYLE
        if mark is None:
            ref_mark = OxmlElement("w:r")
            ref_mark.get_or_add_rPr().style = MARK_STYLE
            ref_mark.append(OxmlElement("w:footnoteRef"))
            p.append(ref_mark)
        else:
            p.append(mark_run(mark))
        space = OxmlElement("w:r")
        space.text = " "
        p.append(space)
        note.append(p)
        root.append(note)
        fill(p, self.part)

        ref = OxmlElement("w:r")
        ref.get_or_add_rPr().style = MARK_STYLE
        el = OxmlElement("w:footnoteReference")
        if mark is not None:
            el.set(qn("w:customMarkFollows"), "1")
        el.set(qn("w:id"), str(fn_id))
        ref.append(el)
        if mark is not None:
            t = OxmlElement("w:t")
            t.text = mark
            ref.append(t)
        return ref
