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

import array
import hashlib
import io
import threading
from collections.abc import Iterable
from pathlib import Path

from reportgen.cachedir import cache_dir, store, write_atomic

# Part of every cache key: bump it whenever the conversion's output changes.
CONVERTER_VERSION = "2"

# Largest distance (font units) between a cubic curve and its quadratic replacement. One unit of
# a 1000-unit em is invisible at any print size and keeps the point count modest.
MAX_ERR = 1.0

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
        memo = cache_dir() / "fonts" / "hashes" / hashlib.sha256(repr(key).encode()).hexdigest()
        try:
            found = memo.read_text(encoding="ascii").strip() or None
        except OSError:
            found = None
        if found is None:
            h = hashlib.sha256()
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
            found = h.hexdigest()
            store(memo, found.encode("ascii"))
        with _lock:
            _content_hashes[key] = found
    return found


def _open(path: Path, index: int | None, lazy: bool = True):
    from fontTools.ttLib import TTFont  # local: fontTools import costs ~0.1 s

    # recalcTimestamp=False: saving must not stamp the current time into head.modified,
    # so two runs (or two processes) write identical bytes.
    return TTFont(
        str(path), fontNumber=-1 if index is None else index, lazy=lazy, recalcTimestamp=False
    )


def _is_collection(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(4) == b"ttcf"


def _font_index(path: Path, index: int | None) -> int | None:
    if index is None and _is_collection(path):
        return 0
    return index


def _cmap(path: Path, index: int | None = None) -> frozenset[int]:
    index = _font_index(path, index)
    key = (*_stat_key(path), -1 if index is None else index)
    with _lock:
        found = _cmaps.get(key)
    if found is None:
        # Parsing a CJK font's cmap takes ~0.25 s; keep the code points on disk, keyed by content.
        memo = cache_dir() / "fonts" / "cmaps" / f"{_content_hash(path)}-{-1 if index is None else index}"
        try:
            codes = array.array("I")
            codes.frombytes(memo.read_bytes())
            found = frozenset(codes)
        except (OSError, ValueError):
            font = _open(path, index)
            found = frozenset(font.getBestCmap() or {})
            font.close()
            store(memo, array.array("I", sorted(found)).tobytes())
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
        font = _open(path, index)
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
    ``cache_dir()/fonts`` and shared by every run with the same font bytes and character set.
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
        "\0".join(
            [_content_hash(path), str(index), wanted, CONVERTER_VERSION]
        ).encode("utf-8", "surrogatepass")
    ).hexdigest()
    folder = cache_dir() / "fonts"
    target = folder / f"{key}.ttf"
    if target.is_file():
        return target
    font = _convert(path, index, wanted)
    _rename_postscript(font, key[:10])
    buffer = io.BytesIO()
    try:
        font.save(buffer, reorderTables=True)
    finally:
        font.close()
    write_atomic(target, buffer.getvalue())  # unlike the memos, the build needs this file
    return target


def _rename_postscript(font, tag: str) -> None:
    """Give each subset its own PostScript name.

    ReportLab keeps one face per PostScript name for the whole process: a second subset of the
    same font registered under another ReportLab name would silently reuse the first subset's
    glyphs (and miss characters). The family name Word and viewers show is left alone.
    """
    name_table = font["name"]
    for record in list(name_table.names):
        if record.nameID == 6:
            base = record.toUnicode().split("-rg")[0]
            record.string = f"{base}-rg{tag}"


def _convert(path: Path, index: int | None, wanted: str):
    """Subset to ``wanted`` and replace CFF outlines by TrueType ones; returns the TTFont."""
    from fontTools import subset

    font = _open(path, index, lazy=True)
    font.getGlyphOrder()  # read the names from the CFF charset before the table goes
    # The glyph set keeps its own reference to the charstrings, so we can still draw after
    # removing the CFF table. Removing it *before* subsetting matters for speed: subsetting CFF
    # (closure, desubroutinising, pruning subroutines) costs more than 1 s on Noto CJK and
    # its output would be thrown away anyway.
    outlines = font.getGlyphSet()
    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in font:
            del font[tag]

    options = subset.Options()
    # ReportLab reads only cmap, glyf/loca, hmtx, head, hhea, maxp, name, OS/2 and post. Layout
    # tables go because ReportLab does no shaping (and their closure would pull in glyphs we
    # never draw); hints would not survive the outline conversion anyway.
    options.drop_tables = sorted(
        set(options.drop_tables) | {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "DSIG", "meta"}
    )
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(ch) for ch in wanted])
    subsetter.subset(font)
    _add_glyf(font, outlines)
    return font


def _add_glyf(font, outlines) -> None:
    """Give a subset font without outline table a glyf/loca drawn from ``outlines``."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        # CFF draws outer contours counter-clockwise, TrueType clockwise: reverse them.
        outlines[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font["glyf"] = glyf
    font["loca"] = newTable("loca")  # rebuilt from glyf on compile

    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        glyph.recalcBounds(glyf)
        advance, _ = hmtx[name]
        # TrueType rasterisers expect lsb == xMin; CFF fonts need not keep them equal.
        hmtx[name] = (advance, getattr(glyph, "xMin", 0) if glyph.numberOfContours else 0)

    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
        "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth",
        "maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1  # recalc() on save fills the point/contour maxima from glyf

    post = font["post"]
    # Format 3 stores no glyph names: smaller, and ReportLab never reads them.
    post.formatType = 3.0
    for attr in ("extraNames", "mapping", "glyphOrder"):
        if hasattr(post, attr):
            delattr(post, attr)

    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


# Public name for the memoised file hash: the build manifest lists font hashes without reading
# the 20 MB CJK files a second time.
content_hash = _content_hash
