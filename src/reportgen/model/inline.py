"""Reader-facing text: both languages, each a sequence of inline spans.

Markup in the content (``*emphasis*``, ``[link](#anchor)``, ``[^note]`` ...) is parsed once, in
compose, into these spans; a writer never sees markup. A span's ``text`` is literal: ``&``, ``<``,
``>`` and tags are characters to draw, never instructions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Union

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
Script = Literal["normal", "super", "sub"]


@dataclass(frozen=True, slots=True)
class Span:
    """A run of literal text with one set of inline styles.

    Writers draw ``text`` exactly as given, in italic when ``emphasis``, in the bold face when
    ``strong``, raised or lowered (smaller) for ``script`` ``"super"``/``"sub"`` (km², CO₂). A span
    with ``link`` is a hyperlink: an external URL (``https://…``, ``mailto:…``) or ``#anchor``, a
    heading's anchor in this document — the PDF makes a link annotation / internal link, the DOCX a
    ``w:hyperlink`` (external relationship or bookmark).
    """

    text: str
    emphasis: bool = False
    strong: bool = False
    script: Script = "normal"
    link: str | None = None

    @property
    def internal(self) -> bool:
        """True for a link to an anchor of this document (``#anchor``)."""
        return bool(self.link) and self.link.startswith("#")


@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A footnote's reference mark in running text.

    ``id`` names a :class:`Footnote` of :attr:`Document.footnotes`. Its number is not here: the
    layout numbers footnotes once per document (:meth:`reportgen.layout.Arrangement.mark`) so both
    languages and both writers print the same mark. Writers draw the mark as a superscript and put
    the footnote's text at the foot of the page (PDF) or in ``word/footnotes.xml`` (DOCX).
    """

    id: str


Inline = Union[Span, FootnoteRef]  # noqa: UP007 (a runtime alias)
Spans = tuple[Inline, ...]


def plain(spans: Spans) -> str:
    """The spans' characters without styles; footnote marks are left out."""
    return "".join(s.text for s in spans if isinstance(s, Span))


@dataclass(frozen=True, slots=True)
class Text:
    """One reader-facing text in both languages.

    ``zh`` / ``en`` are always the plain characters (what a search, a TOC entry, a bookmark, alt
    text or a running header uses). When the content's text carries inline markup, ``zh_spans`` /
    ``en_spans`` hold it as :class:`Span` / :class:`FootnoteRef`; writers that draw body text call
    :meth:`spans` and render each span, those that need a plain string call :meth:`get`.
    Build a marked-up text with :meth:`of_spans`, which keeps the plain strings in step.
    """

    zh: str
    en: str
    zh_spans: Spans | None = None  # None: the plain text is the whole story
    en_spans: Spans | None = None

    def __post_init__(self) -> None:
        for lang in LANGS:
            spans = getattr(self, f"{lang}_spans")
            if spans is not None and plain(spans) != getattr(self, lang):
                raise ValueError(f"Text.{lang} does not match its spans; build it with Text.of_spans")

    @classmethod
    def of_spans(cls, zh: Spans, en: Spans) -> Text:
        return cls(zh=plain(zh), en=plain(en), zh_spans=tuple(zh), en_spans=tuple(en))

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def spans(self, lang: Lang) -> Spans:
        """The text of ``lang`` as spans (a plain text is one unstyled span)."""
        spans = self.zh_spans if lang == "zh" else self.en_spans
        if spans is not None:
            return spans
        value = self.get(lang)
        return (Span(value),) if value else ()

    @property
    def rich(self) -> bool:
        """True when some span is styled, a link or a footnote mark (plain writers may ignore it)."""
        return self.zh_spans is not None or self.en_spans is not None

    def footnote_ids(self, lang: Lang) -> tuple[str, ...]:
        return tuple(s.id for s in self.spans(lang) if isinstance(s, FootnoteRef))


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote's text, referenced by :class:`FootnoteRef` ``id`` from any text.

    Writers print it, after its number, where the layout's language choice says — at the foot of
    the page of its first reference (PDF) or as a ``w:footnote`` (DOCX). Its text is a
    :class:`Text` like any other and may itself hold emphasis or links (not further footnotes).
    """

    id: str
    text: Text
