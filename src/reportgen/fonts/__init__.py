"""Fonts ReportLab can embed.

Input: a font file (TrueType, CFF-flavoured OpenType, or a member of a .ttc collection) and the
characters a document uses.
Output: a TrueType (``glyf``) font file ReportLab's ``TTFont`` accepts.

ReportLab rejects PostScript (CFF) outlines, and the CJK fonts we ship (Noto CJK from
``mplfonts``) are CFF. So for those we subset to the characters used, convert the cubic outlines
to quadratic TrueType ones, and keep the result in the cache, keyed by the font's content and the
character set. TrueType fonts are returned unchanged: ReportLab subsets them itself when it
embeds them.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from pathlib import Path

from reportgen import cachedir
from reportgen.fonts import convert, legacy, sfnt
from reportgen.fonts.glyf import MAX_ERR as MAX_ERR  # the fitting tolerance, as before
from reportgen.fonts.sfnt import Unsupported

# Part of every cache key: bump it whenever the conversion's output changes.
CONVERTER_VERSION = "3"

__all__ = ["CONVERTER_VERSION", "content_hash", "is_truetype", "missing_chars", "truetype_for"]

_lock = threading.Lock()
_content_hashes: dict[tuple[str, int, int], str] = {}
_cmaps: dict[tuple[str, int, int, int], frozenset[int]] = {}
_outline_kinds: dict[tuple[str, int, int, int], bool] = {}


def _stat_key(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return (str(path.resolve()), st.st_size, st.st_mtime_ns)


def _content_hash(path: Path) -> str:
    """SHA-256 of the file's bytes, computed once per (path, size, mtime) and remembered on disk.

    A warm build would otherwise read each 20 MB CJK font just to name its cache entries.
    """
    key = _stat_key(path)
    with _lock:
        found = _content_hashes.get(key)
    if found is None:
        memo = cachedir.read("font-hashes", repr(key))
        found = memo.decode("ascii") if memo and len(memo) == 64 else None
        if found is None:
            h = hashlib.sha256()
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
            found = h.hexdigest()
            cachedir.write("font-hashes", repr(key), found.encode("ascii"))
        with _lock:
            _content_hashes[key] = found
    return found


def _font_index(path: Path, index: int | None) -> int | None:
    if index is None:
        with open(path, "rb") as fh:
            if fh.read(4) == b"ttcf":
                return 0
    return index


def _cmap(path: Path, index: int | None = None) -> frozenset[int]:
    index = _font_index(path, index)
    key = (*_stat_key(path), -1 if index is None else index)
    with _lock:
        found = _cmaps.get(key)
    if found is None:
        # Read straight from the binary subtable (a few ms even for 44k CJK code points).
        try:
            with sfnt.Sfnt(path, index) as font:
                found = font.cmap().codes()
        except Unsupported:
            font = legacy.open_font(path, index)
            found = frozenset(font.getBestCmap() or {})
            font.close()
        if not found:
            raise ValueError(f"{path}: the font maps no characters")
        with _lock:
            _cmaps[key] = found
    return found


def is_truetype(path: Path, index: int | None = None) -> bool:
    """True if the font has ``glyf`` outlines (ReportLab can use it as is)."""
    path = Path(path)
    index = _font_index(path, index)
    key = (*_stat_key(path), -1 if index is None else index)
    with _lock:
        found = _outline_kinds.get(key)
    if found is None:
        try:
            with sfnt.Sfnt(path, index) as font:
                found = "glyf" in font
        except Unsupported:  # not a plain sfnt (WOFF, say): ask fontTools
            font = legacy.open_font(path, index)
            found = "glyf" in font
            font.close()
        with _lock:
            _outline_kinds[key] = found
    return found


def missing_chars(path: Path, text: Iterable[str], index: int | None = None) -> set[str]:
    """The characters of ``text`` that the font's cmap does not map to a glyph."""
    cmap = _cmap(Path(path), index)
    return {ch for ch in set(text) if ord(ch) not in cmap}


def truetype_for(path: Path, chars: str | Iterable[str], index: int | None = None) -> Path:
    """A TrueType font file holding the glyphs ReportLab needs for ``chars``.

    A font that already has ``glyf`` outlines comes back unchanged (for a .ttc member, pass the
    same ``index`` to ReportLab as ``subfontIndex``). A CFF font (or CFF .ttc member) is subset to
    the characters it covers among ``chars`` and converted; the result is cached under
    the ``fonts`` namespace of :mod:`reportgen.cachedir` and shared by every run with the same font bytes and character set.
    Characters the font lacks are ignored here: ask :func:`missing_chars`.
    """
    path = Path(path)
    index = _font_index(path, index)
    if is_truetype(path, index):
        return path
    cmap = _cmap(path, index)
    # Only covered characters enter the key, so texts differing in characters the font cannot
    # draw anyway (drawn by a fallback font) share one cached file.
    wanted = "".join(sorted({ch for ch in set(chars) if ord(ch) in cmap}))
    key = hashlib.sha256(
        "\0".join([_content_hash(path), str(index), wanted, CONVERTER_VERSION]).encode("utf-8", "surrogatepass")
    ).hexdigest()

    def build() -> bytes:
        try:
            return convert.convert(path, index, wanted, key[:10])
        except Unsupported:
            return legacy.convert(path, index, wanted, key[:10])

    # A verified file (its checksum is in its name): a damaged conversion is rebuilt, never embedded.
    return cachedir.entry_file("fonts", key, ".ttf", build)


# Public name for the memoised file hash: the build manifest lists font hashes without reading
# the 20 MB CJK files a second time.
content_hash = _content_hash
