"""Fonts in themes: candidates as strings or mappings (face of a collection, variable-font axes),
relative paths inside the template folder, ``system:`` families from fontconfig; and a whole
build whose Chinese faces come from a Debian collection and a variable CFF2 collection."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from reportgen.errors import InputError
from reportgen.fonts import FontFile
from reportgen.theme import _find_font_file

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "templates" / "briefing"
FLAGSHIP = REPO / "examples" / "guancheng" / "briefing.yaml"
VF = "pkg:manimgx_fonts_cjk/NotoSansCJK-VF.otf.ttc"
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
needs_wqy = pytest.mark.skipif(
    not WQY.is_file() or not shutil.which("fc-match"), reason="fonts-wqy-microhei/fontconfig not installed"
)


def test_mapping_candidate_names_face_and_axes():
    found = _find_font_file([{"file": VF, "face": "Noto Sans CJK SC", "axes": {"wght": 700}}], "t: fonts.x.bold")
    assert found.path.name == "NotoSansCJK-VF.otf.ttc"
    assert (found.face, found.index, found.axes) == ("Noto Sans CJK SC", None, (("wght", 700.0),))
    assert found.where == "t: fonts.x.bold"


def test_first_available_candidate_wins():
    found = _find_font_file(["pkg:nonexistent_pkg/x.otf", {"file": VF, "index": 2}], "t")
    assert found == FontFile(found.path, index=2)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ([{"file": VF, "weight": 700}], "unknown font field 'weight'"),
        ([{"file": VF, "index": 1, "face": "x"}], "index or face, not both"),
        ([{"file": VF, "axes": {"wght": "bold"}}], "axes must map four-letter axis tags to numbers"),
        ([{"file": VF, "index": -1}], "index must be a whole number"),
        (["http://example.com/font.otf"], "must start with 'pkg:' or 'system:', or be a relative path"),
        (["pkg:nonexistent_pkg/x.otf"], "none of the font files is available"),
    ],
)
def test_bad_font_specs(spec, message):
    with pytest.raises(InputError, match=message):
        _find_font_file(spec, "theme.yaml: fonts.zh_body.regular")


def test_file_candidate_is_inside_the_template(tmp_path):
    (tmp_path / "fonts").mkdir()
    shutil.copy(REPO / "templates" / "briefing" / "theme.yaml", tmp_path / "fonts" / "not-a-font.ttf")
    found = _find_font_file([{"file": "fonts/not-a-font.ttf", "index": 0}], "t", tmp_path)
    assert (found.path, found.index) == ((tmp_path / "fonts" / "not-a-font.ttf").resolve(), 0)
    with pytest.raises(InputError, match="outside the template folder"):
        _find_font_file(["../outside.ttf"], "t", tmp_path)


@needs_wqy
def test_system_family_keeps_fontconfigs_member():
    mono = _find_font_file(["system:WenQuanYi Micro Hei Mono"], "t")
    assert (mono.path, mono.index) == (WQY, 1)


@needs_wqy
def test_build_with_a_debian_collection_and_a_variable_bold(tmp_path, run_cli):
    template = tmp_path / "tpl"
    shutil.copytree(TEMPLATE, template)
    theme = (template / "theme.yaml").read_text(encoding="utf-8")
    theme = theme.replace(
        'regular: [pkg:mplfonts/fonts/NotoSerifCJKsc-Regular.otf, "system:Noto Serif CJK SC"]',
        'regular: ["system:WenQuanYi Micro Hei"]',
    ).replace(
        'regular: [pkg:mplfonts/fonts/NotoSansCJKsc-Regular.otf, "system:Noto Sans CJK SC"]',
        f"regular: [{{file: '{VF}', face: Noto Sans CJK SC, axes: {{wght: 700}}}}]",
    )
    (template / "theme.yaml").write_text(theme, encoding="utf-8")
    proc = run_cli("build", FLAGSHIP, "--out", tmp_path / "out", "--template", template, "--format", "pdf")
    assert proc.returncode == 0, proc.stderr
    pdf = tmp_path / "out" / "briefing.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "+WenQuanYiMicroHei-rg" in fonts and "+NotoSansCJKsc-Bold-rg" in fonts
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "管城回族区" in text
