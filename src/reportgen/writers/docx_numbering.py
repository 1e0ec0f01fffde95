"""Real Word list numbering: ``word/numbering.xml`` definitions and one list instance per list.

Input: the numbering part's ``w:numbering`` element (python-docx's ``NumberingPart``) and the
theme (the bullet's face, the indent unit).
Output: in the reference document, two abstract definitions — bullets and decimals, each with
one nested level — tied to the List Bullet / List Bullet 2 / List Number / List Number 2 styles;
in a written document, a fresh ``w:num`` for every list (and every language of it) so that each
list counts from 1 on its own, and the ``w:numPr`` a list paragraph carries.

Why a fresh abstract definition per list instance and not only a ``w:num`` with a
``w:startOverride``: in the interleaved layout a list's Chinese and English items alternate, and
two instances of one abstract definition may share one counter in Word (Word's "continue
list"), which would number 1, 2, 3, 4 across the pair. Instances of separate abstract
definitions can never share a counter, in Word or LibreOffice. The clone keeps the reference's
look (it is copied from the definition the style names), so restyling in Word still works.
"""

from __future__ import annotations

import copy

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen.theme import Theme
from reportgen.writers.docx_xml import PPR_ORDER, child

# The reference's abstract definitions and the w:num of each, as the list styles name them.
BULLET, DECIMAL = "bullet", "decimal"
ABSTRACT_ID = {BULLET: 1, DECIMAL: 2}
BASE_NUM_ID = {BULLET: 1, DECIMAL: 2}
LIST_STYLES = {  # (kind, level) -> paragraph style id
    (BULLET, 0): "ListBullet",
    (BULLET, 1): "ListBullet2",
    (DECIMAL, 0): "ListNumber",
    (DECIMAL, 1): "ListNumber2",
}
# Level formats: the nested level of a numbered list counts a, b, c (as the PDF writer does).
LEVELS = {
    BULLET: (("bullet", "•"), ("bullet", "–")),
    DECIMAL: (("decimal", "%1."), ("lowerLetter", "%2.")),
}
LVL_ORDER = "start numFmt lvlRestart pStyle isLgl suff lvlText lvlPicBulletId legacy lvlJc pPr rPr".split()
ABSTRACT_ORDER = "nsid multiLevelType tmpl name styleLink numStyleLink lvl".split()


def indents(theme: Theme, level: int) -> tuple[int, int]:
    """(left, hanging) in twips: the mark hangs two Chinese characters before the text, and
    each level moves in by two more, so a list lines up with the body's two-character indent."""
    char = round(theme.sizes["body_zh"] * 20)
    return (4 + 2 * level) * char, 2 * char


def _el(tag: str, **attrs: str):
    el = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), str(value))
    return el


def _level(theme: Theme, kind: str, level: int):
    fmt, text = LEVELS[kind][level]
    lvl = _el("lvl", ilvl=str(level))
    lvl.append(_el("start", val="1"))
    lvl.append(_el("numFmt", val=fmt))
    lvl.append(_el("pStyle", val=LIST_STYLES[kind, level]))
    lvl.append(_el("lvlText", val=text))
    lvl.append(_el("lvlJc", val="left"))
    ppr = _el("pPr")
    left, hanging = indents(theme, level)
    child(ppr, "ind", PPR_ORDER, left=str(left), hanging=str(hanging))
    lvl.append(ppr)
    rpr = _el("rPr")
    # The mark in the Latin face (a Chinese face draws "•" full-width), never bold or italic.
    latin = theme.fonts["en_body"].family
    rpr.append(_el("rFonts", ascii=latin, hAnsi=latin, eastAsia=latin, cs=latin, hint="default"))
    lvl.append(rpr)
    return lvl


def install_definitions(numbering, theme: Theme) -> None:
    """Replace every definition in the reference's ``w:numbering`` with ours (bullets, decimals)."""
    for el in list(numbering):
        numbering.remove(el)
    for kind in (BULLET, DECIMAL):
        abstract = _el("abstractNum", abstractNumId=str(ABSTRACT_ID[kind]))
        abstract.append(_el("nsid", val=f"5247{ABSTRACT_ID[kind]:04X}"))  # fixed: reproducible bytes
        abstract.append(_el("multiLevelType", val="multilevel"))
        for level in range(len(LEVELS[kind])):
            abstract.append(_level(theme, kind, level))
        numbering.append(abstract)
    for kind in (BULLET, DECIMAL):
        num = _el("num", numId=str(BASE_NUM_ID[kind]))
        num.append(_el("abstractNumId", val=str(ABSTRACT_ID[kind])))
        numbering.append(num)


def style_numbering(ppr, kind: str, level: int, theme: Theme) -> None:
    """A list style's own ``w:numPr`` and indent (the style's indent wins over the level's in
    Word's order of precedence, so both say the same)."""
    num_pr = child(ppr, "numPr", PPR_ORDER)
    if level:
        num_pr.append(_el("ilvl", val=str(level)))
    num_pr.append(_el("numId", val=str(BASE_NUM_ID[kind])))
    left, hanging = indents(theme, level)
    child(ppr, "ind", PPR_ORDER, left=str(left), hanging=str(hanging))


class ListNumbering:
    """Hands out list instances in a written document, in document order (reproducible ids)."""

    def __init__(self, numbering) -> None:
        self.numbering = numbering
        self.templates = {int(a.get(qn("w:abstractNumId"))): a for a in numbering.findall(qn("w:abstractNum"))}
        nums = numbering.findall(qn("w:num"))
        self.by_num = {int(n.get(qn("w:numId"))): int(n.find(qn("w:abstractNumId")).get(qn("w:val"))) for n in nums}
        self.next_abstract = max(self.templates, default=0) + 1
        self.next_num = max(self.by_num, default=0) + 1

    def _template(self, kind: str):
        """The abstract definition the reference's list style uses for ``kind`` (edited in Word or not)."""
        abstract_id = self.by_num.get(BASE_NUM_ID[kind], ABSTRACT_ID[kind])
        template = self.templates.get(abstract_id)
        if template is None:
            raise ValueError(f"reference.docx has no numbering definition for {kind} lists")
        return template

    def new_list(self, ordered: bool, starts: tuple[int, int] = (1, 1)) -> int:
        """A new list instance whose levels count from ``starts`` (1 and 1): returns its ``numId``."""
        kind = DECIMAL if ordered else BULLET
        abstract = copy.deepcopy(self._template(kind))
        abstract_id = self.next_abstract
        self.next_abstract += 1
        abstract.set(qn("w:abstractNumId"), str(abstract_id))
        nsid = abstract.find(qn("w:nsid"))
        if nsid is not None:
            nsid.set(qn("w:val"), f"5248{abstract_id:04X}")
        for tag in ("tmpl", "styleLink", "numStyleLink", "name"):
            for el in abstract.findall(qn(f"w:{tag}")):
                abstract.remove(el)
        # Only the reference's own definition is tied to the styles: a style names one list.
        for lvl in abstract.findall(qn("w:lvl")):
            for el in lvl.findall(qn("w:pStyle")):
                lvl.remove(el)
        existing = self.numbering.findall(qn("w:abstractNum"))
        if existing:
            existing[-1].addnext(abstract)
        else:
            self.numbering.insert(0, abstract)
        num_id = self.next_num
        self.next_num += 1
        num = _el("num", numId=str(num_id))
        num.append(_el("abstractNumId", val=str(abstract_id)))
        for level in range(len(abstract.findall(qn("w:lvl")))):
            override = _el("lvlOverride", ilvl=str(level))
            override.append(_el("startOverride", val=str(starts[min(level, 1)])))
            num.append(override)
        last = self.numbering.findall(qn("w:num"))
        if last:
            last[-1].addnext(num)
        else:
            abstract.addnext(num)
        self.by_num[num_id] = abstract_id
        return num_id


def list_style(ordered: bool, level: int) -> str:
    return LIST_STYLES[DECIMAL if ordered else BULLET, min(level, 1)]


def number_paragraph(p, num_id: int, level: int) -> None:
    """Put the paragraph ``p`` (already styled) in list instance ``num_id`` at ``level``."""
    num_pr = child(p.get_or_add_pPr(), "numPr", PPR_ORDER)
    for el in list(num_pr):
        num_pr.remove(el)
    num_pr.append(_el("ilvl", val=str(min(level, 1))))
    num_pr.append(_el("numId", val=str(num_id)))
