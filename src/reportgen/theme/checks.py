"""Theme values are data from someone else's folder: checked before any writer sees them.

Input: values read from ``theme.yaml`` (and the files it names: logo, ``reference.docx``).
Output: the same values, or an :class:`~reportgen.errors.InputError` naming the field.

Why here and not in the writers: a bad colour, a 200 mm margin or a ``.nan`` size would otherwise
fail deep inside ReportLab or python-docx (exit 3), a page-number pattern would reach Python's
``str.format`` (``{n.__class__}`` prints class names), and a logo could be a decompression bomb.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
import zipfile
from pathlib import Path

from reportgen.errors import InputError

HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
PAGE_FIELDS = ("n",)  # the only field a page-number pattern may use
MAX_LOGO_PIXELS = 25_000_000  # a 5000 x 5000 mark is already far beyond print needs
MAX_LOGO_BYTES = 20_000_000
MIN_TEXT_BLOCK_MM = 40.0


def control_characters(value: str) -> list[str]:
    """Characters no writer can draw or store: C0/C1 controls (bar tab and newline handled by
    callers), surrogates, noncharacters like U+FFFE."""
    bad = []
    for ch in value:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs") or (cat == "Cn" and (ord(ch) & 0xFFFE) == 0xFFFE or 0xFDD0 <= ord(ch) <= 0xFDEF):
            bad.append(ch)
    return bad


def plain_text(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"{where}: expected text, got {type(value).__name__}")
    bad = control_characters(value)
    if bad:
        raise InputError(f"{where}: control character U+{ord(bad[0]):04X} is not allowed")
    return value


def page_number_pattern(value: object, where: str) -> str:
    """A pattern with ``{n}`` (and ``{{``/``}}`` for braces); nothing else reaches formatting."""
    pattern = plain_text(value, where)
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as err:
        raise InputError(f"{where}: {err} in {pattern!r}") from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PAGE_FIELDS or spec or conversion:
            raise InputError(f"{where}: {{{name}}} is not allowed in {pattern!r}; the only field is {{n}}")
    return pattern


def page_label(pattern: str, n: int) -> str:
    """``pattern`` with the page number filled in: literal text as written, ``{n}`` as the number."""
    return "".join(
        literal + (str(n) if name is not None else "") for literal, name, _, _ in string.Formatter().parse(pattern)
    )


def page_label_parts(pattern: str) -> tuple[str, str]:
    """The literal text before and after ``{n}`` (for the DOCX footer, where the number is a field)."""
    before, after, seen = [], [], False
    for literal, name, _, _ in string.Formatter().parse(pattern):
        (after if seen else before).append(literal)
        if name is not None:
            seen = True
    return "".join(before), "".join(after)


def colour(value: object, where: str) -> str:
    if not isinstance(value, str) or not HEX_COLOUR.fullmatch(value):
        raise InputError(f"{where}: colour {value!r} is not #RRGGBB")
    return value


def number(value: object, where: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InputError(f"{where}: expected a number, got {value!r}")
    try:
        out = float(value)
    except ValueError:
        raise InputError(f"{where}: expected a number, got {value!r}") from None
    if not math.isfinite(out) or not low <= out <= high:
        raise InputError(f"{where}: {value!r} is outside {low:g}–{high:g}")
    return out


def page_geometry(width: float, height: float, margins: dict[str, float], where: str) -> None:
    if width - margins["left"] - margins["right"] < MIN_TEXT_BLOCK_MM:
        raise InputError(f"{where}.margins_mm: left + right leave less than {MIN_TEXT_BLOCK_MM:g} mm of text width")
    if height - margins["top"] - margins["bottom"] < MIN_TEXT_BLOCK_MM:
        raise InputError(f"{where}.margins_mm: top + bottom leave less than {MIN_TEXT_BLOCK_MM:g} mm of text height")


def logo_file(path: Path, where: str) -> Path:
    """A PNG or JPEG both writers can place: complete, RGB/grey, and of a sane pixel count."""
    try:
        size = path.stat().st_size
    except OSError as err:
        raise InputError(f"{where}: cannot read {path.name}: {err.strerror}") from None
    if size == 0 or size > MAX_LOGO_BYTES:
        raise InputError(f"{where}: {path.name} is {'empty' if size == 0 else 'too large'}")
    from reportgen import imagefacts

    imagefacts.checked(path, "logo", lambda: _logo_facts(path, where))  # once per file's bytes
    return path


def _logo_facts(path: Path, where: str):
    """Open and decode the logo with Pillow; what :func:`logo_file` asks of it, or bad input."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    from reportgen.imagefacts import ImageFacts

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                fmt, mode, (w, h) = im.format, im.mode, im.size
                if w * h > MAX_LOGO_PIXELS:
                    raise InputError(f"{where}: {path.name} is {w}×{h} pixels (at most {MAX_LOGO_PIXELS:,})")
                im.load()  # a truncated file fails here, not in a writer
    except InputError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError, Warning) as err:
        raise InputError(f"{where}: {path.name} is not a readable image ({str(err).splitlines()[0][:80]})") from None
    if fmt not in ("PNG", "JPEG"):
        raise InputError(f"{where}: {path.name} is {fmt}; use a PNG or JPEG file")
    if mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
        raise InputError(f"{where}: {path.name} is a {mode} image; save it as RGB")
    return ImageFacts(fmt, mode, w, h)


def reference_docx(path: Path, where: str) -> Path:
    """A Word file python-docx can open: a zip with the parts a document needs, parseable XML."""
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            for part in ("[Content_Types].xml", "word/document.xml", "word/styles.xml"):
                if part not in names:
                    raise InputError(f"{where}: {path.name} lacks {part} (not a Word document)")
                info = archive.getinfo(part)
                if info.file_size > 50_000_000:
                    raise InputError(f"{where}: {path.name}: {part} is too large")
                ElementTree.fromstring(archive.read(part))
    except InputError:
        raise
    except (zipfile.BadZipFile, OSError, ElementTree.ParseError, KeyError, ValueError, EOFError) as err:
        raise InputError(f"{where}: {path.name} is not a Word document ({str(err).splitlines()[0][:80]})") from None
    return path
