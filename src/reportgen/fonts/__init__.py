"""Fonts ReportLab can embed, made with fontTools.

Input: a font a theme names (:class:`FontFile`: a TrueType, OpenType/CFF or CFF2 variable font, or
one face of a .ttc/.otc collection, at the axis values the theme states) and the characters a
document uses.
Output: a single-face, static TrueType (``glyf``) font file that ReportLab's ``TTFont`` accepts.

ReportLab reads only static TrueType outlines from a single-face file with a PostScript name.
Any other font is subset here to the characters used: each glyph is drawn with fontTools (at the
theme's location for a variable font, cubic curves fitted to quadratics by ``Cu2QuPen``) into a
``TTGlyphPen``, and the font is assembled by ``fontTools.fontBuilder``. Converted glyphs are
cached per glyph, keyed by the font file's hash (:mod:`reportgen.fonts.glyphs`), so a content
edit that adds characters converts only the new ones; the assembled subset is cached by its exact
character set, so an unchanged rebuild converts nothing. A plain TrueType file is returned as it
is: ReportLab subsets it itself when embedding.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reportgen import cachedir
from reportgen.fonts.face import Face, content_hash, face_record

# Part of every cache key: bump it whenever the conversion's output changes.
CONVERTER_VERSION = "6"

__all__ = ["CONVERTER_VERSION", "FontFile", "content_hash", "is_truetype", "missing_chars", "truetype_for"]


@dataclass(frozen=True, slots=True)
class FontFile:
    """One font face a theme names: a file and, where the file allows a choice, which face.

    ``index`` or ``face`` (a family, full or PostScript name) picks a member of a collection (the
    first member when neither is given); ``axes`` is a variable font's location in user units,
    e.g. ``(("wght", 700.0),)`` (axes left out keep their defaults). ``where`` names the theme
    field, for messages. Usable as a path (``os.fspath``) for readers that only need the file.
    """

    path: Path
    index: int | None = None
    face: str | None = None
    axes: tuple[tuple[str, float], ...] = ()
    where: str = field(default="", compare=False)

    def __fspath__(self) -> str:
        return str(self.path)

    def __str__(self) -> str:
        return str(self.path)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def stem(self) -> str:
        return self.path.stem

    def label(self) -> str:
        """The file plus whatever picks the face, for names and messages."""
        parts = [self.path.name]
        if self.face is not None:
            parts.append(self.face)
        elif self.index is not None:
            parts.append(f"#{self.index}")
        parts += [f"{tag}={value:g}" for tag, value in self.axes]
        return " ".join(parts)


def as_font_file(font: FontFile | Path | str, index: int | None = None) -> FontFile:
    if isinstance(font, FontFile):
        return font
    return FontFile(Path(font), index=index)


def _record(font: FontFile | Path | str, index: int | None) -> tuple[FontFile, Face]:
    font = as_font_file(font, index)
    return font, face_record(font.path, font.index, font.face, font.axes, font.where or str(font.path))


def is_truetype(font: FontFile | Path | str, index: int | None = None) -> bool:
    """True if ReportLab can use the file as it is (a static, single-face TrueType font)."""
    return _record(font, index)[1].passthrough


def missing_chars(font: FontFile | Path | str, text: Iterable[str], index: int | None = None) -> set[str]:
    """The characters of ``text`` that the font's cmap does not map to a glyph."""
    codes = _record(font, index)[1].cmap
    return {ch for ch in set(text) if ord(ch) not in codes}


def truetype_for(font: FontFile | Path | str, chars: str | Iterable[str], index: int | None = None) -> Path:
    """A TrueType font file holding the glyphs ReportLab needs for ``chars``.

    A plain TrueType file comes back unchanged. Anything else is subset to the characters it
    covers among ``chars``, converted glyph by glyph (new glyphs only: the rest come from the glyph
    cache) and assembled; the result is a verified file of :mod:`reportgen.cachedir`'s ``fonts``
    namespace (its checksum in its name), shared by every run with
    the same font, face, location and character set. Characters the font lacks are ignored here:
    ask :func:`missing_chars`.
    """
    font, record = _record(font, index)
    if record.passthrough:
        return font.path
    cmap = record.cmap
    # Only covered characters enter the key, so texts differing in characters the font cannot
    # draw anyway (drawn by a fallback font) share one cached file.
    wanted = "".join(sorted({ch for ch in set(chars) if ord(ch) in cmap}))
    key = hashlib.sha256(
        "\0".join([record.key, wanted, CONVERTER_VERSION]).encode("utf-8", "surrogatepass")
    ).hexdigest()

    def build() -> bytes:
        from reportgen.fonts import assemble, glyphs  # local: fontTools loads only when converting

        needed = sorted({0, *(cmap[ord(ch)] for ch in wanted)})  # .notdef first: a missing glyph shows
        converted = glyphs.converted(font.path, record, needed)
        return assemble.truetype(record, {ord(ch): cmap[ord(ch)] for ch in wanted}, converted, key[:10])

    return cachedir.entry_file("fonts", key, ".ttf", build)
