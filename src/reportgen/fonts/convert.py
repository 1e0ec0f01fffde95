"""A TrueType subset of a CFF OpenType font, built table by table.

Input: a CFF-flavoured OpenType font (or .ttc member), the characters to keep, and a tag that
makes the subset's PostScript name unique.
Output: the bytes of a TrueType font with .notdef plus one glyph per distinct glyph those
characters map to, holding cmap, glyf/loca, hmtx, head, hhea, maxp, name, OS/2 and post:
the tables ReportLab reads.

Why not fontTools' subsetter: it needs every glyph's name (the whole CFF charset), a full cmap
dict and a closure over layout tables, then compiles each table through its object model. That
was ~1 s of a 1.3 s conversion of Noto CJK; reading only the bytes of the kept glyphs and
writing the tables directly takes a fraction. Any font this path cannot read raises
``Unsupported`` and is converted the old way (``legacy.py``).
"""

from __future__ import annotations

import struct

from reportgen.fonts import sfnt
from reportgen.fonts.cff import CFF
from reportgen.fonts.glyf import EMPTY, Glyph, build_glyph
from reportgen.fonts.sfnt import Unsupported
from reportgen.fonts.t2 import outline

# Name IDs kept (copyright .. PostScript name), Windows Unicode English only: what fontTools'
# subsetter keeps by default and all ReportLab looks for.
_NAME_IDS = range(7)


def convert(path, index: int | None, wanted: str, tag: str) -> bytes:
    with sfnt.Sfnt(path, index) as font:
        if "CFF " not in font:
            raise Unsupported(f"{path}: no CFF table")
        cmap = font.cmap()
        mapping, sources, glyphs = _glyphs(font, cmap, wanted)
        new_ids = {gid: i for i, gid in enumerate(sources)}
        cmap_new = {code: new_ids[gid] for code, gid in mapping.items()}
        advances = _advances(font.table("hhea"), font.table("hmtx"), sources)
        loca, glyf, long_loca = _loca_glyf(glyphs)
        lsbs = [g.x_min if g.contours else 0 for g in glyphs]  # TrueType wants lsb == xMin
        tables = {
            "head": _head(font.table("head"), glyphs, long_loca),
            "hhea": _hhea(font.table("hhea"), glyphs, advances, lsbs),
            "maxp": _maxp(glyphs),
            "OS/2": _os2(font.table("OS/2"), cmap_new, advances),
            "hmtx": _hmtx(advances, lsbs),
            "cmap": _cmap(cmap_new),
            "loca": loca,
            "glyf": glyf,
            "name": _name(font.table("name"), tag),
            "post": _post(font.table("post")),
        }
    return sfnt.build(tables)


def _glyphs(font: sfnt.Sfnt, cmap: sfnt.Cmap, wanted: str):
    """Code point -> source glyph map, the kept source glyph ids, and their TrueType glyphs.

    A function of its own so that the CFF view into the file is gone when it returns.
    """
    try:
        cff = CFF(font.view("CFF "))
    except (struct.error, IndexError, KeyError, ValueError) as err:
        raise Unsupported(f"unreadable CFF table ({err})") from None
    count = len(cff)
    mapping: dict[int, int] = {}  # code point -> source glyph id
    for ch in wanted:
        gid = cmap.lookup(ord(ch))
        if gid and gid < count:  # 0 is .notdef: nothing to map
            mapping[ord(ch)] = gid
    # .notdef first (with its outline: a missing glyph should show), then the source order.
    sources = [0, *sorted(set(mapping.values()))]
    glyphs = []
    for gid in sources:
        code, local_subrs = cff.glyph(gid)
        try:
            contours = outline(code, local_subrs, cff.global_subrs)
        except (IndexError, TypeError, AttributeError) as err:
            raise Unsupported(f"glyph {gid}: malformed charstring ({err})") from None
        glyphs.append(build_glyph(contours) if contours else EMPTY)
    return mapping, sources, glyphs


def _advances(hhea: bytes, hmtx: bytes, sources: list[int]) -> list[int]:
    metrics = struct.unpack_from(">H", hhea, 34)[0]
    # Glyphs past numberOfHMetrics share the last advance.
    return [struct.unpack_from(">H", hmtx, 4 * min(gid, metrics - 1))[0] for gid in sources]


def _loca_glyf(glyphs: list[Glyph]) -> tuple[bytes, bytes, bool]:
    offsets = [0]
    for glyph in glyphs:
        offsets.append(offsets[-1] + len(glyph.data))
    glyf = b"".join(g.data for g in glyphs)
    # Records are 4-byte aligned, so the short format (offset / 2) works below 128 KiB.
    long_loca = offsets[-1] > 0x1FFFF
    if long_loca:
        loca = struct.pack(f">{len(offsets)}I", *offsets)
    else:
        loca = struct.pack(f">{len(offsets)}H", *(o // 2 for o in offsets))
    return loca, glyf or b"\0", long_loca


def _inked(glyphs: list[Glyph]) -> list[Glyph]:
    return [g for g in glyphs if g.contours]


def _head(source: bytes, glyphs: list[Glyph], long_loca: bool) -> bytes:
    head = bytearray(source[:54])
    inked = _inked(glyphs)
    if inked:
        bounds = (
            min(g.x_min for g in inked),
            min(g.y_min for g in inked),
            max(g.x_max for g in inked),
            max(g.y_max for g in inked),
        )
    else:
        bounds = (0, 0, 0, 0)
    # Created/modified stay the source's: the same input gives the same bytes in any process.
    struct.pack_into(">hhhh", head, 36, *bounds)
    struct.pack_into(">hh", head, 50, 1 if long_loca else 0, 0)  # indexToLocFormat, glyphDataFormat
    return bytes(head)


def _hhea(source: bytes, glyphs: list[Glyph], advances: list[int], lsbs: list[int]) -> bytes:
    hhea = bytearray(source[:36])
    inked = [(g, adv, lsb) for g, adv, lsb in zip(glyphs, advances, lsbs, strict=True) if g.contours]
    if inked:
        min_lsb = min(lsb for _, _, lsb in inked)
        min_rsb = min(adv - lsb - (g.x_max - g.x_min) for g, adv, lsb in inked)
        extent = max(lsb + (g.x_max - g.x_min) for g, _, lsb in inked)
    else:
        min_lsb = min_rsb = extent = 0
    struct.pack_into(">Hhhh", hhea, 10, max(advances), min_lsb, min_rsb, extent)
    struct.pack_into(">hH", hhea, 32, 0, _metric_count(advances))
    return bytes(hhea)


def _metric_count(advances: list[int]) -> int:
    # Trailing glyphs with the last advance need no advance of their own.
    count = len(advances)
    while count > 1 and advances[count - 2] == advances[-1]:
        count -= 1
    return count


def _hmtx(advances: list[int], lsbs: list[int]) -> bytes:
    count = _metric_count(advances)
    longs = [v for pair in zip(advances[:count], lsbs[:count], strict=True) for v in pair]
    return struct.pack(f">{'Hh' * count}{len(lsbs) - count}h", *longs, *lsbs[count:])


def _maxp(glyphs: list[Glyph]) -> bytes:
    # Version 1.0 (TrueType); no hinting, so zones = 1 and every instruction limit is 0.
    return struct.pack(
        ">IHHHHHHHHHHHHHH",
        0x00010000,
        len(glyphs),
        max(g.points for g in glyphs),
        max(g.contours for g in glyphs),
        0,
        0,
        1,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
    )


def _os2(source: bytes, cmap: dict[int, int], advances: list[int]) -> bytes:
    os2 = bytearray(source)
    widths = [a for a in advances if a > 0]
    if widths:
        struct.pack_into(">h", os2, 2, int(sum(widths) / len(widths) + 0.5))  # xAvgCharWidth
    if cmap:
        first, last = min(min(cmap), 0xFFFF), min(max(cmap), 0xFFFF)
        struct.pack_into(">HH", os2, 64, first, last)  # usFirstCharIndex, usLastCharIndex
    return bytes(os2)


def _cmap(mapping: dict[int, int]) -> bytes:
    """Format 4 for the BMP (platforms 0/3), plus format 12 (0/4, 3/10) if any code is above it."""
    codes = sorted(mapping)
    # Runs break at 0x10000 so that the BMP ones fit format 4.
    runs: list[list[int]] = []  # [first code, last code, first glyph]: consecutive codes and ids
    for code in codes:
        gid = mapping[code]
        if runs and code == runs[-1][1] + 1 and code != 0x10000 and gid == runs[-1][2] + code - runs[-1][0]:
            runs[-1][1] = code
        else:
            runs.append([code, code, gid])
    subtables = [(0, 3, 4), (3, 1, 4)]
    bodies = {4: _format4([r for r in runs if r[1] <= 0xFFFF] + [[0xFFFF, 0xFFFF, 1]])}
    if codes and codes[-1] > 0xFFFF:
        subtables = [(0, 3, 4), (0, 4, 12), (3, 1, 4), (3, 10, 12)]
        bodies[12] = struct.pack(">HHIII", 12, 0, 16 + 12 * len(runs), 0, len(runs)) + b"".join(
            struct.pack(">III", *run) for run in runs
        )
    header = struct.pack(">HH", 0, len(subtables))
    offset = 4 + 8 * len(subtables)
    places = {}
    for fmt in sorted(bodies):
        places[fmt] = offset
        offset += len(bodies[fmt])
    records = b"".join(struct.pack(">HHI", p, e, places[f]) for p, e, f in subtables)
    return header + records + b"".join(bodies[f] for f in sorted(bodies))


def _format4(runs: list[list[int]]) -> bytes:
    # Runs never straddle 0xFFFF (see _cmap), so each maps with a single idDelta.
    segments = [(first, last, (gid - first) & 0xFFFF) for first, last, gid in runs]
    segments[-1] = (0xFFFF, 0xFFFF, 1)  # the terminator maps 0xFFFF to glyph 0
    n = len(segments)
    power = 1 << (n.bit_length() - 1)
    body = struct.pack(f">{n}H", *(s[1] for s in segments)) + b"\0\0"
    body += struct.pack(f">{n}H", *(s[0] for s in segments))
    body += struct.pack(f">{n}H", *(s[2] for s in segments))
    body += b"\0\0" * n  # idRangeOffset: every segment uses idDelta
    head = struct.pack(">HHHHHHH", 4, 14 + len(body), 0, 2 * n, 2 * power, power.bit_length() - 1, 2 * n - 2 * power)
    return head + body


def _name(source: bytes, tag: str) -> bytes:
    """The English Windows names 0-6, with a PostScript name (6) unique to this subset.

    ReportLab keeps one face per PostScript name for the whole process: a second subset of the
    same font registered under another ReportLab name would silently reuse the first subset's
    glyphs (and miss characters). The family name Word and viewers show is left alone.
    """
    count, strings_at = struct.unpack_from(">HH", source, 2)
    records, strings = [], []
    offset = 0
    for i in range(count):
        platform, encoding, language, name_id, length, at = struct.unpack_from(">HHHHHH", source, 6 + 12 * i)
        if platform != 3 or language != 0x0409 or name_id not in _NAME_IDS:
            continue
        text = source[strings_at + at : strings_at + at + length]
        if name_id == 6:
            base = text.decode("utf-16-be", "replace").split("-rg")[0]
            text = f"{base}-rg{tag}".encode("utf-16-be")
        records.append(struct.pack(">HHHHHH", platform, encoding, language, name_id, len(text), offset))
        strings.append(text)
        offset += len(text)
    return struct.pack(">HHH", 0, len(records), 6 + 12 * len(records)) + b"".join(records) + b"".join(strings)


def _post(source: bytes) -> bytes:
    # Format 3 stores no glyph names: smaller, and ReportLab never reads them.
    return b"\x00\x03\x00\x00" + source[4:32]
