"""Inline spans as Word runs: emphasis, strong, super/subscript, links and footnote marks.

Input: a :class:`reportgen.model.Text`'s spans in one language, the part they are written into
(links relate to it), a bookmark resolver and the document's footnotes.
Output: ``w:r`` / ``w:hyperlink`` elements to append to a paragraph, in span order.

How each span looks:

* **strong** — ``w:b`` (and ``w:bCs``): the bold face in both scripts. A Chinese strong run names
  the East Asian face that has a real bold (:func:`reportgen.theme.weights.face`: the sans's
  bold when the serif body has none, as the PDF sets it), so Word never synthesises one.
* **emphasis** — English: ``w:i``. Chinese: the emphasis dot under each character (``w:em
  underDot``), not italic. Chinese type has no italic; Word would slant the CJK glyphs
  mechanically, which a Chinese typesetter treats as a fault. GB/T 15834-2011 (4.14) gives the
  emphasis mark, 着重号, as a dot under each character in horizontal text: Word's 着重号 is
  exactly ``w:em``, and LibreOffice draws it too. (Bold would be confused with **strong**.)
* **superscript / subscript** — ``w:vertAlign`` (km², CO₂): Word sizes and raises the glyphs.
* **link** — a ``w:hyperlink`` in the Hyperlink character style: an external URL through a
  relationship with TargetMode External, an ``#anchor`` through ``w:anchor`` to the heading's
  bookmark. A link to an anchor with no bookmark (not in this edition) stays plain text.
* **footnote reference** — a ``w:footnoteReference`` showing the layout's number
  (:mod:`reportgen.writers.docx_footnotes`).

Direct run properties are used for these, as pandoc does: they carry meaning, not look; only
the link and footnote mark name character styles (Hyperlink, Footnote Reference), so their
colour and size are restyled in reference.docx.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen.layout import shown_langs
from reportgen.model import FootnoteRef, Span, Text
from reportgen.writers.docx_fields import text_run
from reportgen.writers.docx_footnotes import TEXT_STYLE, Footnotes, mark_run
from reportgen.writers.docx_xml import RPR_ORDER, child

LINK_STYLE = "Hyperlink"
SCRIPT = {"super": "superscript", "sub": "subscript"}


def styled_run(
    span: Span,
    lang: str | None,
    style: str | None = None,
    strong_east_asian: str | None = None,
    zh_emphasis: str = "dots",
    colour: str = "",
):
    """One run for ``span``'s text with its emphasis (Chinese: the theme's ``zh_emphasis``, as the
    PDF draws it), weight and script; ``strong_east_asian`` is the family a Chinese strong (or
    bold-emphasis) run is set in (one with a real bold face)."""
    run = text_run(span.text, lang, style)
    if not (span.strong or span.emphasis or span.script in SCRIPT):
        return run
    rpr = run.get_or_add_rPr()
    if span.strong or (span.emphasis and lang == "zh" and zh_emphasis == "bold"):
        if lang == "zh" and strong_east_asian:
            child(rpr, "rFonts", RPR_ORDER).set(qn("w:eastAsia"), strong_east_asian)
        child(rpr, "b", RPR_ORDER)
        child(rpr, "bCs", RPR_ORDER)
    if span.emphasis:
        if lang == "zh":
            if zh_emphasis == "dots":
                child(rpr, "em", RPR_ORDER, val="underDot")
            elif zh_emphasis == "colour" and colour:
                child(rpr, "color", RPR_ORDER, val=colour.lstrip("#").upper())
        else:
            child(rpr, "i", RPR_ORDER)
            child(rpr, "iCs", RPR_ORDER)
    if span.script in SCRIPT:
        child(rpr, "vertAlign", RPR_ORDER, val=SCRIPT[span.script])
    return run


@dataclass
class InlineWriter:
    """Turns spans into runs for one document; shared by every block emitter."""

    footnotes: Footnotes
    resolve_anchor: Callable[[str, str], str | None]  # (anchor, lang) -> bookmark name or None
    footnote_mark: Callable[[str], str]  # footnote id -> the mark the layout gave it
    footnote_text: Callable[[str], Text]  # footnote id -> its text
    part_langs: Callable[[], tuple[str, ...]]  # the languages of the edition part being written
    strong_east_asian: str | None = None  # the family Chinese strong runs are set in
    zh_emphasis: str = "dots"  # the theme's look of Chinese emphasis (both writers follow it)
    emphasis_colour: str = ""  # the theme's primary colour, for zh_emphasis: colour
    # (footnote id, part languages) already given a Word footnote: a second reference in the
    # same part repeats the mark (a Word footnote has exactly one reference).
    noted: set = field(default_factory=set)
    auto_count: int = 0  # Word's own count of the auto-numbered footnotes so far

    def runs(self, text: Text, lang: str, part, style: str | None = None) -> list:
        """The runs of ``text`` in ``lang``; ``part`` is the package part they go into."""
        out: list = []
        link_el, link_target = None, None
        for span in text.spans(lang):
            if isinstance(span, FootnoteRef):
                link_el = link_target = None
                out.append(self._footnote(span.id))
                continue
            if span.link is None:
                link_el = link_target = None
                out.append(
                    styled_run(span, lang, style, self.strong_east_asian, self.zh_emphasis, self.emphasis_colour)
                )
                continue
            if link_el is None or link_target != span.link:
                link_el, link_target = self._hyperlink(span.link, lang, part), span.link
                if link_el is None:  # no target in this edition: plain text
                    link_target = None
                    out.append(
                        styled_run(span, lang, style, self.strong_east_asian, self.zh_emphasis, self.emphasis_colour)
                    )
                    continue
                out.append(link_el)
            link_el.append(
                styled_run(span, lang, LINK_STYLE, self.strong_east_asian, self.zh_emphasis, self.emphasis_colour)
            )
        return out

    def append(self, p, text: Text, lang: str, part, style: str | None = None) -> None:
        for el in self.runs(text, lang, part, style):
            p.append(el)

    def _hyperlink(self, target: str, lang: str, part):
        link = OxmlElement("w:hyperlink")
        if target.startswith("#"):
            name = self.resolve_anchor(target[1:], lang)
            if name is None:
                return None
            link.set(qn("w:anchor"), name)
        else:
            r_id = part.relate_to(target, RT.HYPERLINK, is_external=True)
            link.set(qn("r:id"), r_id)
        link.set(qn("w:history"), "1")
        return link

    def _footnote(self, footnote_id: str):
        mark = self.footnote_mark(footnote_id)
        langs = self.part_langs()
        key = (footnote_id, langs)
        if key in self.noted:
            return mark_run(mark)
        self.noted.add(key)
        text = self.footnote_text(footnote_id)
        shown = shown_langs(text, langs) or langs[:1]

        def fill(first, part) -> None:
            p = first
            for i, lang in enumerate(shown):
                if i:  # each language its own paragraph, the mark on the first only
                    new = OxmlElement("w:p")
                    new.get_or_add_pPr().style = TEXT_STYLE
                    p.addnext(new)
                    p = new
                self.append(p, text, lang, part)

        if mark == str(self.auto_count + 1):
            self.auto_count += 1
            return self.footnotes.add(fill)
        return self.footnotes.add(fill, mark)
