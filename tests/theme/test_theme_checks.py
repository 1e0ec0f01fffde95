"""Theme values are data: checked fields, confined paths, a page-number pattern with one field."""

from __future__ import annotations

import io
import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from reportgen.errors import InputError
from reportgen.theme import load_theme
from reportgen.theme.checks import page_label, page_label_parts

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "templates" / "briefing"


def copy_template(tmp_path: Path, old: str | None = None, new: str = "") -> Path:
    folder = tmp_path / "tpl"
    shutil.copytree(BUNDLED, folder)
    if old is not None:
        theme = folder / "theme.yaml"
        text = theme.read_text(encoding="utf-8")
        assert old in text, old
        theme.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def theme_error(folder: Path) -> str:
    with pytest.raises(InputError) as info:
        load_theme(folder)
    message = str(info.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("old", "new", "fragments"),
    [
        ('page_number: "— {n} —"', 'page_number: "{n.__class__.__mro__}"', ["page.page_number", "only field is {n}"]),
        ('page_number: "— {n} —"', 'page_number: "{n!r}"', ["page.page_number"]),
        ('page_number: "— {n} —"', 'page_number: "{0}"', ["page.page_number"]),
        ('page_number: "— {n} —"', 'page_number: "— {n"', ["page.page_number"]),
        ('page_number: "— {n} —"', 'page_number: "— {n} \\u0007"', ["page.page_number", "U+0007"]),
        ('primary: "#A61C1C"', "primary: notacolour", ["colours.primary", "#RRGGBB"]),
        ('"#A61C1C", "#1F4E79"', '"#A61C1C", "red"', ["colours.chart[1]"]),
        ("left: 28,", "left: 200,", ["page.margins_mm"]),
        ("top: 37,", "top: -5,", ["page.margins_mm.top"]),
        ("body_zh: 11", "body_zh: .nan", ["sizes.body_zh"]),
        ("body_zh: 11", "body_zh: .inf", ["sizes.body_zh"]),
        ("body_zh: 11", "body_zh: 0", ["sizes.body_zh"]),
        ("leading: 1.55", "leading: 100", ["sizes.leading"]),
        (
            "pkg:font_source_serif_pro/files/SourceSerifPro-Regular.ttf]",
            "pkg:font_source_serif_pro/../../../../../../etc/passwd]",
            ["fonts.en_body.regular", "outside the package"],
        ),
        (
            "pkg:font_source_serif_pro/files/SourceSerifPro-Regular.ttf]",
            "pkg:os.path/x]",
            ["fonts.en_body.regular", "top-level package"],
        ),
        (
            "pkg:font_source_serif_pro/files/SourceSerifPro-Regular.ttf]",
            "../../../../etc/passwd]",
            ["fonts.en_body.regular", "outside the template folder"],
        ),
    ],
)
def test_bad_theme_values_name_the_field(tmp_path, old, new, fragments):
    message = theme_error(copy_template(tmp_path, old, new))
    assert message.startswith("theme.yaml: "), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_font_path_inside_the_template_folder(tmp_path):
    folder = copy_template(
        tmp_path,
        "pkg:font_source_serif_pro/files/SourceSerifPro-Regular.ttf]",
        "fonts/Serif.ttf, pkg:font_source_serif_pro/files/SourceSerifPro-Regular.ttf]",
    )
    assert load_theme(folder).fonts["en_body"].regular.name == "SourceSerifPro-Regular.ttf"  # not there: next one
    (folder / "fonts").mkdir()
    source = load_theme(BUNDLED).fonts["en_body"].regular
    shutil.copy(source, folder / "fonts" / "Serif.ttf")
    assert load_theme(folder).fonts["en_body"].regular.path == (folder / "fonts" / "Serif.ttf").resolve()


def test_page_label_uses_only_n():
    assert page_label("— {n} —", 7) == "— 7 —"
    assert page_label("{{page}} {n}", 3) == "{page} 3"
    assert page_label_parts("Page {n} of it") == ("Page ", " of it")


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _logo_bytes(kind: str) -> bytes:
    mark = (BUNDLED / "assets" / "mark.png").read_bytes()
    if kind == "text":
        return b"this is not an image\n"
    if kind == "empty":
        return b""
    if kind == "truncated":
        return mark[: len(mark) // 2]
    if kind == "bomb":
        return _png_header(20_000, 20_000)
    buf = io.BytesIO()
    if kind == "cmyk":
        Image.new("CMYK", (16, 16), (0, 100, 100, 0)).save(buf, "JPEG")
    elif kind == "gif":
        Image.new("P", (16, 16)).save(buf, "GIF")
    return buf.getvalue()


@pytest.mark.parametrize("kind", ["text", "empty", "truncated", "bomb", "cmyk", "gif"])
def test_bad_logo_is_an_input_error(tmp_path, kind):
    folder = copy_template(tmp_path)
    (folder / "assets" / "mark.png").write_bytes(_logo_bytes(kind))
    message = theme_error(folder)
    assert message.startswith("theme.yaml: logo: "), message
    assert "mark.png" in message


def test_garbage_reference_docx(tmp_path):
    folder = copy_template(tmp_path)
    (folder / "reference.docx").write_bytes(b"PK\x03\x04 garbage")
    assert theme_error(folder).startswith("reference.docx: ")


def test_reference_docx_without_word_parts(tmp_path):
    import zipfile

    folder = copy_template(tmp_path)
    with zipfile.ZipFile(folder / "reference.docx", "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "lacks" in theme_error(folder)


def test_symlinked_reference_docx_and_theme(tmp_path):
    folder = copy_template(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.move(folder / "reference.docx", elsewhere / "reference.docx")
    os.symlink(elsewhere / "reference.docx", folder / "reference.docx")
    assert "outside the template folder" in theme_error(folder)
    (folder / "reference.docx").unlink()
    shutil.move(folder / "theme.yaml", elsewhere / "theme.yaml")
    os.symlink(elsewhere / "theme.yaml", folder / "theme.yaml")
    assert "outside the template folder" in theme_error(folder)


def test_pdf_standard_is_read_from_the_theme(tmp_path):
    folder = copy_template(tmp_path)
    theme = folder / "theme.yaml"
    theme.write_text(theme.read_text(encoding="utf-8") + "\npdf_standard: [a-2b]\n", encoding="utf-8")
    assert load_theme(folder).pdf_standard == ("a-2b", "ua-1")  # tagged (UA-1) in every build
    assert load_theme(BUNDLED).pdf_standard == ("ua-1",)
    theme.write_text(theme.read_text(encoding="utf-8").replace("[a-2b]", "[a-2b, a-2u]"), encoding="utf-8")
    assert "one PDF/A conformance level" in theme_error(folder)
    theme.write_text(theme.read_text(encoding="utf-8").replace("[a-2b, a-2u]", "pdfa"), encoding="utf-8")
    assert theme_error(folder) == "theme.yaml: pdf_standard: unknown PDF standard 'pdfa' (valid: ua-1, a-2b, a-2u)"
