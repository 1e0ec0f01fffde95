"""DOCX package parts: embedded fonts, font table, compatibility mode, app/core properties and the
pre-filled table of contents, checked on the flagship as built by the CLI."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from pypdf import PdfReader
from tests.office import libreoffice_pdf

from reportgen.compose import compose
from reportgen.content import load_content
from reportgen.model import Heading
from reportgen.writers.docx_package import font_key, obfuscate

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "examples" / "guancheng" / "briefing.yaml"
TEMPLATE = ROOT / "templates" / "briefing"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R, "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"}
CJK = re.compile(r"[\u3400-\u9fff]")


def test_obfuscation_is_the_one_libreoffice_reads():
    # LibreOffice (EmbeddedFontsHelper) reads key byte i from these offsets of "{GUID}".
    positions = (35, 33, 31, 29, 27, 25, 22, 20, 17, 15, 12, 10, 7, 5, 3, 1)
    data = bytes(range(200, 256)) + b"rest of the font"
    key = font_key(data)
    assert re.fullmatch(r"\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", key)
    key_bytes = [int(key[p : p + 2], 16) for p in positions]
    expected = bytes(b ^ key_bytes[i % 16] for i, b in enumerate(data[:32])) + data[32:]
    assert obfuscate(data, key) == expected
    assert obfuscate(obfuscate(data, key), key) == data


@pytest.fixture(scope="module")
def built(flagship_build):
    assert flagship_build.proc.returncode == 0, flagship_build.proc.stderr
    return flagship_build


@pytest.fixture(scope="module")
def package(built):
    with zipfile.ZipFile(built.docx) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def xml(package, name):
    return etree.fromstring(package[name])


def used_families(package) -> set[str]:
    found = set()
    for name in ("word/styles.xml", "word/document.xml"):
        for rfonts in xml(package, name).iter(f"{{{W}}}rFonts"):
            for slot in ("ascii", "hAnsi", "eastAsia"):
                if rfonts.get(f"{{{W}}}{slot}"):
                    found.add(rfonts.get(f"{{{W}}}{slot}"))
    return found


def embedded_fonts(package) -> dict[str, list[TTFont]]:
    table = xml(package, "word/fontTable.xml")
    rels = xml(package, "word/_rels/fontTable.xml.rels")
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    out: dict[str, list[TTFont]] = {}
    for font in table.findall("w:font", NS):
        faces = out.setdefault(font.get(f"{{{W}}}name"), [])
        for embed in font:
            if not etree.QName(embed).localname.startswith("embed"):
                continue
            data = package["word/" + targets[embed.get(f"{{{R}}}id")]]
            faces.append(TTFont(io.BytesIO(obfuscate(data, embed.get(f"{{{W}}}fontKey")))))
    return out


def test_font_table_lists_exactly_the_faces_the_styles_name(package):
    assert set(embedded_fonts(package)) == used_families(package)
    assert b"Calibri" not in package["word/fontTable.xml"] and b"Cambria" not in package["word/fontTable.xml"]


def test_every_face_is_embedded_as_a_truetype_subset_covering_the_text(package):
    fonts = embedded_fonts(package)
    text = "".join(t.text or "" for t in xml(package, "word/document.xml").iter(f"{{{W}}}t"))
    cjk_needed = set(CJK.findall(text))
    latin_needed = {ch for ch in text if ch.isascii() and ch.isprintable()}
    for family, faces in fonts.items():
        assert faces, f"{family} is not embedded"
        for face in faces:
            assert "glyf" in face, family  # TrueType outlines, which Word embeds
            names = {face["name"].getDebugName(i) for i in (1, 16)}
            assert any(n and n.startswith(family) for n in names), (family, names)
            assert face["OS/2"].fsType & 0x0002 == 0  # the licence permits embedding
            assert len(face.getGlyphOrder()) < 3000  # a subset, not the whole face
        cmap = set(chr(c) for c in faces[0].getBestCmap())
        if "CJK" in family:
            if family == "Noto Serif CJK SC":  # the body face: every Chinese character
                assert not cjk_needed - cmap, sorted(cjk_needed - cmap)[:10]
        else:
            assert not latin_needed - cmap, (family, sorted(latin_needed - cmap))
    settings = package["word/settings.xml"]
    assert b"<w:embedTrueTypeFonts/>" in settings and b"<w:saveSubsetFonts/>" in settings


def test_compatibility_mode_is_15(package):
    settings = xml(package, "word/settings.xml")
    modes = [
        s.get(f"{{{W}}}val")
        for s in settings.iter(f"{{{W}}}compatSetting")
        if s.get(f"{{{W}}}name") == "compatibilityMode"
    ]
    assert modes == ["15"]


def test_app_properties_are_true_to_the_document(package, built):
    app = xml(package, "docProps/app.xml")
    assert app.findtext("ep:Application", namespaces=NS) == "reportgen"
    assert int(app.findtext("ep:Pages", namespaces=NS)) == len(PdfReader(built.pdf).pages)
    text = "".join(t.text or "" for t in xml(package, "word/document.xml").iter(f"{{{W}}}t"))
    cjk, latin = len(CJK.findall(text)), len(re.findall(r"[A-Za-z]+", CJK.sub(" ", text)))
    words = int(app.findtext("ep:Words", namespaces=NS))
    assert cjk + latin * 0.9 <= words <= cjk + latin * 1.2  # Word counts a CJK character as a word


def test_core_keywords_keep_every_keyword(package):
    meta = load_content(FLAGSHIP).content.meta
    core = package["docProps/core.xml"].decode("utf-8")
    keywords = re.search(r"<cp:keywords>(.*)</cp:keywords>", core).group(1)
    assert len(keywords) > 255
    assert keywords == f"{meta.keywords.zh}, {meta.keywords.en}"


def test_toc_entries_carry_the_pdf_page_numbers(package, built):
    reader = PdfReader(built.pdf)
    pages = {
        item.title.split("  ")[0]: reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }
    body = xml(package, "word/document.xml")
    entries = []
    for p in body.iter(f"{{{W}}}p"):
        style = p.find("w:pPr/w:pStyle", NS)
        if style is not None and style.get(f"{{{W}}}val") == "TOC1":
            runs = [r for r in p.iter(f"{{{W}}}r") if r.find("w:t", NS) is not None or r.find("w:tab", NS) is not None]
            assert runs[-1].findtext("w:t", namespaces=NS).isdigit()
            assert runs[-2].find("w:tab", NS) is not None  # the style's dot-leader tab
            entries.append((runs[0].findtext("w:t", namespaces=NS), int(runs[-1].findtext("w:t", namespaces=NS))))
    document = compose(load_content(FLAGSHIP), TEMPLATE)
    level1 = [b.text.zh for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    assert [zh for zh, _ in entries] == level1
    assert [n for _, n in entries] == [pages[zh] for zh in level1]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_renders_with_the_embedded_faces(built, tmp_path):
    # Noto CJK and the Source faces are not installed system-wide on the test machine, so these
    # names in LibreOffice's PDF can only come from the fonts inside the DOCX.
    pdf = libreoffice_pdf(built.docx, tmp_path)
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    names = {re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in listing.splitlines()[2:]}
    families = {re.sub(r"-.*", "", n) for n in names}
    assert families == {"NotoSerifCJKsc", "NotoSansCJKsc", "SourceSerifPro", "SourceSansPro"}, names


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # a Debian face


@pytest.mark.skipif(not DEJAVU.is_file(), reason="needs fonts-dejavu-core")
def test_a_font_signature_is_read_once_then_cached(tmp_path, monkeypatch, capsys):
    """fontTable.xml's panose and ranges come from the cache on a warm build (no fontTools) and
    are what reading the font gives; an entry that is damaged or holds no signature is read
    afresh, never used."""
    import hashlib

    from reportgen import cachedir
    from reportgen.writers import docx_package

    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cachedir, "_warned", set())  # warnings are once per process and message
    data = DEJAVU.read_bytes()
    fresh = docx_package.read_signature(data)
    assert re.fullmatch(r"[0-9A-F]{20}", fresh["panose"]) and fresh["serif"] == "swiss"
    assert docx_package._signature(data) == fresh
    (entry,) = (tmp_path / "cache" / "docx-fonts").glob("*.json")
    monkeypatch.setattr(docx_package, "read_signature", lambda data: pytest.fail("read again"))
    assert docx_package._signature(data) == fresh
    key = f"{hashlib.sha256(data).hexdigest()}:signature:{docx_package.SUBSET_VERSION}"
    for payload in (b"not json", b'{"panose": 1}', b"[]"):  # intact checksums, no signature inside
        cachedir.write("docx-fonts", key, payload, ".json")
        monkeypatch.setattr(docx_package, "read_signature", lambda data: dict(fresh, panose="X"))
        assert docx_package._signature(data)["panose"] == "X"  # read afresh (here: a stand-in)
    assert capsys.readouterr().err == ""
    entry.write_bytes(entry.read_bytes()[:-3])  # truncated: discarded with one warning
    assert docx_package._signature(data)["panose"] == "X"
    assert capsys.readouterr().err.startswith("reportgen: warning: cache entry docx-fonts/")
