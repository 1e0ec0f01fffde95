"""What a build needs to know about one font face, read once with fontTools and kept on disk.

Input: a font file, the face (collection index or name) and the variable-font location a theme
asks for.
Output: a :class:`Face`: the resolved member, whether ReportLab can read the file as it is, the
cmap (code point -> glyph id) and the source's small tables (head, hhea, OS/2, post, name) that a
subset is assembled from.

Why on disk: opening a 20 MB CJK font and decoding its 44,000-entry cmap costs 0.1-0.5 s; a warm
build (and every cmap question the PDF writer asks about fallbacks) reads the record instead. The
record is keyed by the file's SHA-256, face and location, so a changed font file is a new record.
"""

from __future__ import annotations

import hashlib
import json
import struct
import threading
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from reportgen import cachedir
from reportgen.errors import InputError

RECORD_VERSION = "4"
TABLES = ("head", "hhea", "OS/2", "post", "name")

_lock = threading.Lock()
_hashes: dict[tuple[str, int, int], str] = {}
_faces: dict[tuple, Face] = {}


class Cmap:
    """Code point -> glyph id over two sorted arrays: loading a 44,000-entry cmap from the record
    stays a copy of bytes, and a warm build asks only about the few thousand characters it uses."""

    __slots__ = ("codes", "gids")

    def __init__(self, codes: array, gids: array) -> None:
        self.codes, self.gids = codes, gids

    @classmethod
    def from_dict(cls, mapping: dict[int, int]) -> Cmap:
        codes = sorted(mapping)
        return cls(array("I", codes), array("I", (mapping[c] for c in codes)))

    def _find(self, code: int) -> int:
        at = bisect_left(self.codes, code)
        return at if at < len(self.codes) and self.codes[at] == code else -1

    def __contains__(self, code: int) -> bool:
        return self._find(code) >= 0

    def __getitem__(self, code: int) -> int:
        at = self._find(code)
        if at < 0:
            raise KeyError(code)
        return self.gids[at]

    def __len__(self) -> int:
        return len(self.codes)


@dataclass(frozen=True, slots=True)
class Face:
    key: str  # names everything derived from this face: file hash, member, location, record version
    index: int | None  # the collection member (None: a single-font file)
    axes: tuple[tuple[str, float], ...]  # the location, complete and in fvar order; () if static
    passthrough: bool  # a static single-face TrueType with a PostScript name: ReportLab reads it as is
    cmap: Cmap  # code point -> glyph id
    tables: dict[str, bytes]  # tag -> the source's raw table
    instance: tuple[str, str] | None = None  # a variable font's (style, PostScript name) at the location
    advances: array | None = None  # gid -> default advance (hmtx), so converting a glyph need not decode hmtx


def _stat_key(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return (str(path.resolve()), st.st_size, st.st_mtime_ns)


def content_hash(path: Path) -> str:
    """SHA-256 of the file's bytes, computed once per (path, size, mtime) and remembered on disk.

    A warm build would otherwise read each 20 MB CJK font just to name its cache entries.
    """
    path = Path(path)
    key = _stat_key(path)
    with _lock:
        found = _hashes.get(key)
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
            _hashes[key] = found
    return found


def face_record(
    path: Path, index: int | None, face: str | None, axes: tuple[tuple[str, float], ...], where: str
) -> Face:
    path = Path(path)
    try:
        digest = content_hash(path)
    except OSError as err:
        raise InputError(f"{where}: cannot read font file {path}: {err.strerror or err}") from None
    memo_key = (digest, index, face, axes)
    with _lock:
        found = _faces.get(memo_key)
    if found is not None:
        return found
    key = hashlib.sha256(repr((digest, index, face, axes, RECORD_VERSION)).encode()).hexdigest()
    found = _load(cachedir.read("font-faces", key), key)
    if found is None:
        found = _read_face(path, index, face, axes, where, key)
        cachedir.write("font-faces", key, _dump(found))
    with _lock:
        _faces[memo_key] = found
    return found


# -- the on-disk record: a JSON header line, then the cmap arrays and the tables, back to back.


def _dump(face: Face) -> bytes:
    advances = face.advances.tobytes() if face.advances is not None else b""
    blobs = [
        face.cmap.codes.tobytes(),
        face.cmap.gids.tobytes(),
        advances,
        *(face.tables[t] for t in TABLES if t in face.tables),
    ]
    header = {
        "key": face.key,
        "index": face.index,
        "axes": [list(a) for a in face.axes],
        "passthrough": face.passthrough,
        "instance": face.instance,
        "tables": [t for t in TABLES if t in face.tables],
        "sizes": [len(b) for b in blobs],
    }
    return json.dumps(header).encode() + b"\n" + b"".join(blobs)


def _load(data: bytes | None, key: str) -> Face | None:
    if data is None:
        return None
    try:
        line, _, body = data.partition(b"\n")
        header = json.loads(line)
        if header["key"] != key or sum(header["sizes"]) != len(body):
            return None
        blobs, at = [], 0
        for size in header["sizes"]:
            blobs.append(body[at : at + size])
            at += size
        codes, gids = array("I"), array("I")
        codes.frombytes(blobs[0])
        gids.frombytes(blobs[1])
        advances = array("H")
        advances.frombytes(blobs[2])
        if len(codes) != len(gids):
            return None
        return Face(
            key=key,
            index=header["index"],
            axes=tuple((str(t), float(v)) for t, v in header["axes"]),
            passthrough=bool(header["passthrough"]),
            cmap=Cmap(codes, gids),
            tables=dict(zip(header["tables"], blobs[3:], strict=True)),
            instance=tuple(header["instance"]) if header["instance"] else None,
            advances=advances if len(advances) else None,
        )
    except (ValueError, KeyError, TypeError, IndexError):
        return None  # from an older layout: read the font again


# -- reading the font itself (fontTools), once per face.


def open_font(path: Path, index: int | None, lazy: bool = True):
    from fontTools.ttLib import TTFont  # local: fontTools' import costs ~0.1 s

    # recalcTimestamp=False: nothing derived from the font may carry today's date.
    return TTFont(str(path), fontNumber=-1 if index is None else index, lazy=lazy, recalcTimestamp=False)


def _member(path: Path, index: int | None, face: str | None, where: str) -> int | None:
    """The collection member to read: ``index``, the member named ``face``, or the first."""
    with open(path, "rb") as fh:
        collection = fh.read(4) == b"ttcf"
    if not collection:
        if index not in (None, 0) or face is not None:
            if face is not None:
                return _check_name(path, None, face, where)
            raise InputError(f"{where}: {path.name} is a single font, not a collection: it has no face {index}")
        return None
    from fontTools.ttLib import TTCollection

    with TTCollection(str(path), lazy=True) as members:
        count = len(members.fonts)
        if face is None:
            chosen = 0 if index is None else index
            if not 0 <= chosen < count:
                raise InputError(f"{where}: {path.name} has faces 0 to {count - 1}, not {chosen}")
            return chosen
        names = [_face_names(font) for font in members.fonts]
    for i, known in enumerate(names):
        if face.casefold() in known:
            return i
    listed = "; ".join(sorted({n for known in names for n in known}))
    raise InputError(f"{where}: {path.name} has no face named {face!r} (it has: {listed})")


def _check_name(path: Path, index: int | None, face: str, where: str) -> None:
    font = open_font(path, index)
    try:
        if face.casefold() not in _face_names(font):
            raise InputError(f"{where}: {path.name} has no face named {face!r}")
    finally:
        font.close()
    return None


def _face_names(font) -> set[str]:
    """Family, full and PostScript names in every language, folded for comparison."""
    out = set()
    for record in font["name"].names if "name" in font else ():
        if record.nameID in (1, 4, 6, 16):
            try:
                out.add(record.toUnicode().casefold())
            except UnicodeDecodeError:
                pass
    return out


def _location(font, axes: tuple[tuple[str, float], ...], where: str) -> tuple[tuple[str, float], ...]:
    if "fvar" not in font:
        if axes:
            raise InputError(f"{where}: axes given, but {font.reader.file.name} is not a variable font")
        return ()
    known = {a.axisTag: a for a in font["fvar"].axes}
    asked = dict(axes)
    for tag, value in asked.items():
        axis = known.get(tag)
        if axis is None:
            raise InputError(f"{where}: the font has no axis {tag!r} (it has: {', '.join(known)})")
        if not axis.minValue <= value <= axis.maxValue:
            raise InputError(f"{where}: axis {tag} = {value:g} is outside {axis.minValue:g}..{axis.maxValue:g}")
    # Every axis named, defaults filled in: the same instance always gets the same key.
    return tuple((tag, float(asked.get(tag, axis.defaultValue))) for tag, axis in known.items())


def _read_face(
    path: Path, index: int | None, face: str | None, axes: tuple[tuple[str, float], ...], where: str, key: str
) -> Face:
    from fontTools.ttLib import TTLibError

    try:
        member = _member(path, index, face, where)
        font = open_font(path, member)
    except (TTLibError, struct.error, ValueError, AssertionError) as err:
        raise InputError(f"{where}: {path.name} is not a font fontTools can read ({err})") from None
    try:
        location = _location(font, axes, where)
        cmap = font.getBestCmap() or {}
        order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
        mapping = {code: order[name] for code, name in cmap.items() if name in order}
        if not mapping:
            raise InputError(f"{where}: {path.name} maps no characters (it has no usable cmap)")
        missing = [t for t in ("head", "hhea", "hmtx", "maxp") if t not in font]
        if missing or not ("glyf" in font or "CFF " in font or "CFF2" in font):
            raise InputError(f"{where}: {path.name} lacks {', '.join(missing) or 'outlines'}: not a usable font")
        tables = {tag: font.reader[tag] for tag in TABLES if tag in font.reader}
        passthrough = member is None and "glyf" in font and "fvar" not in font and _has_ps_name(font)
        instance = _instance_names(font, location) if location else None
        metrics = font["hmtx"].metrics
        advances = array("H", (metrics[name][0] for name in font.getGlyphOrder()))
    except (TTLibError, struct.error, KeyError, AssertionError) as err:
        raise InputError(f"{where}: {path.name} is not a font fontTools can read ({err})") from None
    finally:
        font.close()
    return Face(
        key=key,
        index=member,
        axes=location,
        passthrough=passthrough,
        cmap=Cmap.from_dict(mapping),
        tables=tables,
        instance=instance,
        advances=advances,
    )


def _instance_names(font, location: tuple[tuple[str, float], ...]) -> tuple[str, str]:
    """Style and PostScript name of the instance: fvar's named instance at that location (Bold,
    NotoSansCJKsc-Bold), else one made from the axis values (wght650)."""
    names = font["name"]
    for inst in font["fvar"].instances:
        if all(abs(inst.coordinates.get(tag, value) - value) < 0.5 for tag, value in location):
            style = names.getDebugName(inst.subfamilyNameID)
            ps = names.getDebugName(inst.postscriptNameID) if inst.postscriptNameID != 0xFFFF else None
            if style:
                return style, ps or ""
    style = "".join(f"{tag}{value:g}" for tag, value in location)
    return style, ""


def _has_ps_name(font) -> bool:
    """ReportLab finds a PostScript name only in a Windows-English or Mac-Roman record."""
    if "name" not in font or "OS/2" not in font or "post" not in font:
        return False
    for record in font["name"].names:
        if record.nameID == 6 and ((record.platformID, record.platEncID, record.langID) in ((3, 1, 0x409), (1, 0, 0))):
            return True
    return False
