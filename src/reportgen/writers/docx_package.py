"""Package parts of the DOCX besides the body: embedded fonts, the font table, app properties.

Input: the python-docx document about to be saved, the theme, the model and the PDF's
:class:`~reportgen.writers.Pagination` (if the build made one).
Output: the same package, edited in place:

* ``word/fontTable.xml`` lists exactly the faces the styles name, each with its panose, charset
  and Unicode/code-page signature read from the font itself, and an embedded TrueType subset of
  each style (regular, bold, italic) the theme has a file for. Embedded fonts are Word's
  obfuscated font parts (ECMA-376 Part 1, 17.8.1: the first 32 bytes XOR-ed with the part's
  GUID key), and ``w:embedTrueTypeFonts`` / ``w:saveSubsetFonts`` in settings say so. Word and
  LibreOffice then render with the intended faces on a machine that does not have them. The
  CJK subsets are the very files the PDF embeds (same characters, same cache entries); the
  Latin faces are subset here with fontTools and cached the same way.
* ``docProps/app.xml`` says what the document is: application "reportgen", its pages (the
  PDF's count), words counted as Word counts them (a CJK character is a word), characters and
  paragraphs.

All keys and names derive from the font bytes, so the same input gives the same package.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from reportgen import cachedir
from reportgen.fonts import content_hash, missing_chars, truetype_for
from reportgen.model import Document
from reportgen.theme import Theme
from reportgen.writers import Pagination
from reportgen.writers.docx_xml import set_setting
from reportgen.writers.face_chars import FURNITURE, document_chars, texts

RT_FONT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
CT_OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
SUBSET_VERSION = "1"  # part of the Latin subsets' cache key: bump when the subsetting changes

# Font roles as the DOCX styles use them, with the GDI charset Word records for each script.
ROLES = (("en_body", "00"), ("en_heading", "00"), ("zh_body", "86"), ("zh_heading", "86"))
STYLES = (("regular", "embedRegular"), ("bold", "embedBold"), ("italic", "embedItalic"))


def font_key(data: bytes) -> str:
    """A GUID for an embedded font, derived from its bytes: ``{XXXXXXXX-XXXX-...}``."""
    return "{" + str(uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """Word's font obfuscation: XOR the first 32 bytes with the key's 16 bytes, taken from the
    GUID's hex digits read from the end (ECMA-376 Part 1, 17.8.1). Its own inverse."""
    digits = key.strip("{}").replace("-", "")
    key_bytes = bytes.fromhex(digits)[::-1]
    head = bytes(b ^ key_bytes[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def latin_subset(path: Path, chars: str) -> bytes:
    """A TrueType subset of ``path`` covering ``chars`` (with its kerning and ligatures), cached.

    Keyed by the characters the face maps, not all it was given: an edit that adds Chinese text
    (which a Latin face has no glyphs for) finds the subset it had.
    """
    chars = "".join(sorted(set(chars) - missing_chars(path, chars)))
    key = hashlib.sha256("\0".join([content_hash(path), chars, SUBSET_VERSION]).encode("utf-8", "surrogatepass"))
    cached = cachedir.read("docx-fonts", key.hexdigest(), ".ttf")  # checksum verified
    if cached:
        return cached
    from fontTools import subset

    options = subset.Options()
    options.name_IDs = ["*"]  # the family names LibreOffice and Word match the style's font name by
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.layout_features = ["kern", "liga", "clig", "calt", "onum", "lnum", "tnum", "pnum"]
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    data = out.getvalue()
    cachedir.write("docx-fonts", key.hexdigest(), data, ".ttf")
    return data


SIGNATURE_FIELDS = ("panose", "usb0", "usb1", "usb2", "usb3", "csb0", "csb1", "serif")


def _signature(data: bytes) -> dict[str, str]:
    """:func:`read_signature`, cached by the font's bytes: reading it takes fontTools, which a warm
    build imports for nothing else (~35 ms), and a parse of each embedded face (~10 ms together)."""
    key = f"{hashlib.sha256(data).hexdigest()}:signature:{SUBSET_VERSION}"
    cached = cachedir.read("docx-fonts", key, ".json")  # checksum verified
    if cached:
        try:
            sig = json.loads(cached)
        except ValueError:
            sig = None
        if isinstance(sig, dict) and tuple(sig) == SIGNATURE_FIELDS and all(isinstance(v, str) for v in sig.values()):
            return sig
    sig = read_signature(data)
    cachedir.write("docx-fonts", key, json.dumps(sig).encode("utf-8"), ".json")
    return sig


def read_signature(data: bytes) -> dict[str, str]:
    """panose, Unicode ranges and code pages from the font's OS/2 table, as fontTable.xml wants them."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), lazy=True)
    os2 = font["OS/2"]
    p = os2.panose
    panose = bytes(
        [
            p.bFamilyType,
            p.bSerifStyle,
            p.bWeight,
            p.bProportion,
            p.bContrast,
            p.bStrokeVariation,
            p.bArmStyle,
            p.bLetterForm,
            p.bMidline,
            p.bXHeight,
        ]
    )
    return {
        "panose": panose.hex().upper(),
        "usb0": f"{os2.ulUnicodeRange1:08X}",
        "usb1": f"{os2.ulUnicodeRange2:08X}",
        "usb2": f"{os2.ulUnicodeRange3:08X}",
        "usb3": f"{os2.ulUnicodeRange4:08X}",
        "csb0": f"{getattr(os2, 'ulCodePageRange1', 0):08X}",
        "csb1": f"{getattr(os2, 'ulCodePageRange2', 0):08X}",
        "serif": "swiss" if p.bSerifStyle in (11, 12, 13) else "roman",
    }


def _face_jobs(theme: Theme, document: Document) -> dict[str, list[tuple[str, Callable[[], bytes]]]]:
    """family -> [(embed element, the task that makes its TrueType bytes)] for every face the
    styles name. Picklable tasks, so the warm-up can run them ahead on other cores."""
    cjk = document_chars(document)
    every = set(FURNITURE)
    for value in texts(document):
        every.update(value)
    latin_chars = "".join(sorted(every))
    faces: dict[str, list[tuple[str, Callable[[], bytes]]]] = {}
    for role, _charset in ROLES:
        face = theme.fonts[role]
        if face.family in faces:
            continue
        jobs = []
        for style, element in STYLES:
            path = getattr(face, style, None)
            if path is None or not Path(path).is_file():  # the theme loader checks its files; a test theme may not
                continue
            if role.startswith("zh"):  # the PDF's converted subset of this face (its bold: of the bold text)
                chars = cjk["zh_bold" if style == "bold" else role]
                jobs.append((element, functools.partial(_cjk_subset, path, "".join(sorted(chars)))))
            else:
                jobs.append((element, functools.partial(latin_subset, path, latin_chars)))
        faces[face.family] = jobs
    return faces


def _cjk_subset(path, chars: str) -> bytes:
    return Path(truetype_for(path, chars)).read_bytes()


def font_tasks(document: Document, theme: Theme) -> list[Callable[[], bytes]]:
    """The Latin subsets :func:`embed_fonts` will embed, as tasks for :mod:`reportgen.warmup` to
    run ahead (their results land in the cache, where the writer finds them). Not the CJK ones:
    those are the PDF's conversions, which the warm-up runs already (the same task twice at once
    would convert the same glyphs on two cores)."""
    return [job for jobs in _face_jobs(theme, document).values() for _, job in jobs if job.func is latin_subset]


def _face_files(theme: Theme, document: Document) -> dict[str, list[tuple[str, bytes]]]:
    """family -> [(embed element, TrueType bytes)] for every face the styles name."""
    return {family: [(element, job()) for element, job in jobs] for family, jobs in _face_jobs(theme, document).items()}


def embed_fonts(word, theme: Theme, document: Document) -> None:
    """Rewrite the font table to list the faces used, each with its embedded subsets."""
    part = word.part
    table_part = next(rel.target_part for rel in part.rels.values() if rel.reltype == RT.FONT_TABLE)
    for rid, rel in list(table_part.rels.items()):
        if rel.reltype == RT_FONT:
            del table_part.rels[rid]
    entries = []
    number = 0
    families = _face_files(theme, document)
    charset = {theme.fonts[role].family: cs for role, cs in ROLES}
    for family, files in families.items():
        sig = _signature(files[0][1]) if files else None
        embeds = []
        for element, data in files:
            number += 1
            key = font_key(data)
            font_part = Part(
                PackURI(f"/word/fonts/font{number}.odttf"), CT_OBFUSCATED_FONT, obfuscate(data, key), part.package
            )
            rid = table_part.relate_to(font_part, RT_FONT)
            embeds.append(f'<w:{element} r:id="{rid}" w:fontKey="{key}"/>')
        head = ""
        if sig is not None:
            head = (
                f'<w:panose1 w:val="{sig["panose"]}"/><w:charset w:val="{charset[family]}"/>'
                f'<w:family w:val="{sig["serif"]}"/><w:pitch w:val="variable"/>'
                f'<w:sig w:usb0="{sig["usb0"]}" w:usb1="{sig["usb1"]}" w:usb2="{sig["usb2"]}" '
                f'w:usb3="{sig["usb3"]}" w:csb0="{sig["csb0"]}" w:csb1="{sig["csb1"]}"/>'
            )
        entries.append(f'<w:font w:name="{escape(family, {chr(34): "&quot;"})}">{head}{"".join(embeds)}</w:font>')
    xml = f"<w:fonts {nsdecls('w', 'r')}>{''.join(entries)}</w:fonts>"
    table_part._blob = _xml_bytes(xml)
    settings = word.settings.element
    set_setting(settings, "embedTrueTypeFonts")
    set_setting(settings, "saveSubsetFonts")


def _xml_bytes(xml: str) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml.encode("utf-8")


def set_compatibility_mode(word, mode: int = 15) -> None:
    """Word 2013+ layout (15), so Word 365 does not open the file in Compatibility Mode."""
    settings = word.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = set_setting(settings, "compat")
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), str(mode))
            return
    compat.append(
        parse_xml(
            f'<w:compatSetting {nsdecls("w")} w:name="compatibilityMode" '
            f'w:uri="http://schemas.microsoft.com/office/word" w:val="{mode}"/>'
        )
    )


_LATIN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.,%\-]*")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def count_words(paragraphs: list[str]) -> dict[str, int]:
    """Words as Word counts them: each CJK character or full-width mark is one word, and each
    run of Latin letters/digits another; characters with and without spaces."""
    words = chars = with_spaces = 0
    for text in paragraphs:
        cjk = len(_CJK.findall(text))
        latin = len(_LATIN_WORD.findall(_CJK.sub(" ", text)))
        words += cjk + latin
        with_spaces += len(text)
        chars += len(re.sub(r"\s", "", text))
    return {"words": words, "chars": chars, "with_spaces": with_spaces, "paragraphs": len(paragraphs)}


def app_properties(word, title: str, pagination: Pagination | None) -> None:
    """docProps/app.xml true to this document (python-docx's template claims a Mac Word file of
    one page and no words)."""
    body = word.element.body
    paragraphs = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]
    paragraphs = [p for p in paragraphs if p.strip()]
    n = count_words(paragraphs)
    pages = pagination.pages if pagination is not None else 1
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<TotalTime>0</TotalTime><Pages>{pages}</Pages><Words>{n['words']}</Words>"
        f"<Characters>{n['chars']}</Characters><Application>reportgen</Application>"
        f"<DocSecurity>0</DocSecurity><Paragraphs>{n['paragraphs']}</Paragraphs><ScaleCrop>false</ScaleCrop>"
        '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Title</vt:lpstr></vt:variant>'
        "<vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs>"
        f'<TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>{escape(title)}</vt:lpstr></vt:vector>'
        "</TitlesOfParts><LinksUpToDate>false</LinksUpToDate>"
        f"<CharactersWithSpaces>{n['with_spaces']}</CharactersWithSpaces><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    )
    for part in word.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = xml.encode("utf-8")
            return
