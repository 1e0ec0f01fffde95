"""Registering the theme's fonts with ReportLab for one document.

ReportLab reads only static single-face TrueType files. :func:`reportgen.fonts.truetype_for`
gives one for any face a theme names (CFF, CFF2 at the theme's axis values, a collection member):
a subset of the characters this document uses, converted with fontTools and cached. A plain
TrueType file (the bundled Latin faces) comes back as it is; ReportLab subsets it on embedding.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from reportgen.fonts import truetype_for
from reportgen.theme import Theme
from reportgen.theme.weights import Face
from reportgen.writers.cjk_subsets import CJK_ROLES, cjk_faces


@dataclass(frozen=True, slots=True)
class PdfFonts:
    """ReportLab font names for each role, valid after :func:`register_fonts`."""

    zh_body: str
    zh_heading: str
    en_body: str
    en_body_bold: str
    en_body_italic: str
    en_heading: str
    en_heading_bold: str
    zh_body_bold: str = ""  # the theme's CJK bold faces (reportgen.theme.weights); "" if none
    zh_heading_bold: str = ""

    def of(self, face: Face) -> str:
        """The registered name of a :class:`~reportgen.theme.weights.Face`."""
        name = getattr(self, f"{face.role}_bold" if face.bold else face.role)
        return name or getattr(self, face.role)


def _register(name: str, path: Path) -> str:
    # A name encodes the file, so a second document with other characters gets its own subset.
    # (Not getFont(): for an unknown name it searches the disk for a Type 1 font of that name,
    # which took ~0.15 s a build.)
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


def _name(role: str, path: Path) -> str:
    return f"rg-{role}-{path.stem[:40]}"


def register_fonts(theme: Theme, chars: dict[str, set[str]]) -> PdfFonts:
    """``chars`` maps each CJK role (zh_body, zh_heading) to the characters it must draw, and
    ``zh_bold`` to those a CJK bold face draws."""
    names: dict[str, str] = {}
    # The bold ones are real bolds: subsets of the bold faces, never a synthetic bold.
    for name, font, text in cjk_faces(theme, chars):
        ttf = truetype_for(font, text)
        names[name] = _register(_name(name.replace("_bold", "-b"), ttf), ttf)
    # Latin faces may draw any character of the document (the body's set is all of them).
    every = "".join(sorted(set().union(*chars.values())))
    for role in ("en_body", "en_heading"):
        face = theme.fonts[role]
        for suffix, font in (("", face.regular), ("_bold", face.bold), ("_italic", face.italic)):
            ttf = truetype_for(font or face.regular, every)
            names[role + suffix] = _register(_name(role + suffix.replace("_", "-")[:2], ttf), ttf)
    # The bold subsets as the bold of their families, so ReportLab's own <b> markup finds them too.
    heading_bold = names.get("zh_heading_bold")
    for role in CJK_ROLES:
        bold = names.get(role + "_bold") or heading_bold
        if bold:
            pdfmetrics.registerFontFamily(names[role], normal=names[role], bold=bold)
    return PdfFonts(
        zh_body=names["zh_body"],
        zh_heading=names["zh_heading"],
        en_body=names["en_body"],
        en_body_bold=names["en_body_bold"],
        en_body_italic=names["en_body_italic"],
        en_heading=names["en_heading"],
        en_heading_bold=names["en_heading_bold"],
        zh_body_bold=names.get("zh_body_bold", ""),
        zh_heading_bold=names.get("zh_heading_bold", ""),
    )


def has_glyph(font_name: str, ch: str) -> bool:
    face = pdfmetrics.getFont(font_name).face
    return ord(ch) in face.charToGlyph
