"""Word footnotes: the ``word/footnotes.xml`` part and the footnotes a document adds to it.

Input: the python-docx document (its main part and settings) and, per footnote, the mark the
layout gave it and a callback that fills the footnote's paragraph with runs.
Output: a footnotes part related to the document (created on first use, so a document without
footnotes has none), holding the separator (id -1) and continuation separator (id 0) footnotes
Word expects, then one ``w:footnote`` per reference; and the ``w:footnoteReference`` run for
the body.

The marks are the layout's, not Word's automatic count: ``w:customMarkFollows`` makes the
run's own text the mark. The layout numbers footnotes once per document and both languages'
texts carry the same mark, while Word's automatic numbering would count the Chinese and the
English reference of one footnote as two (1, 2). The footnote then starts with the same mark
in the Footnote Reference style instead of a ``w:footnoteRef``.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from reportgen.writers.docx_xml import PPR_ORDER, RPR_ORDER, child, set_setting

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

    def add(self, mark: str, fill: Callable[[object, XmlPart], None]) -> object:
        """A new footnote marked ``mark``; ``fill(paragraph, part)`` appends its text runs (links
        in it relate to ``part``). Returns the body's reference run."""
        root = self.part.element
        fn_id = self.next_id
        self.next_id += 1
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(fn_id))
        p = OxmlElement("w:p")
        p.get_or_add_pPr().style = TEXT_STYLE
        p.append(mark_run(mark))
        space = OxmlElement("w:r")
        space.text = " "
        p.append(space)
        fill(p, self.part)
        note.append(p)
        root.append(note)

        ref = OxmlElement("w:r")
        ref.get_or_add_rPr().style = MARK_STYLE
        el = OxmlElement("w:footnoteReference")
        el.set(qn("w:customMarkFollows"), "1")
        el.set(qn("w:id"), str(fn_id))
        ref.append(el)
        t = OxmlElement("w:t")
        t.text = mark
        ref.append(t)
        return ref


def superscript(rpr) -> None:
    child(rpr, "vertAlign", RPR_ORDER, val="superscript")
