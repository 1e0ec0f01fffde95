"""reportgen.api: reports from Python with data as mappings or DataFrames; the README's example runs."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen import api
from reportgen.errors import InputError

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "districts" / "briefing.yaml"
ERQI = {"district": "erqi", "name_zh": "二七区", "name_en": "Erqi District"}


def readme_python_blocks() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Python API", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_readme_examples_run_as_written(tmp_path, cache_dir):
    blocks = readme_python_blocks()
    assert len(blocks) >= 2
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    env = {"REPORTGEN_CACHE_DIR": str(cache_dir), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"}
    for block in blocks:
        proc = subprocess.run(
            [sys.executable, "-W", "error::UserWarning", "-c", block],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert proc.returncode == 0, proc.stderr
    text = subprocess.run(["pdftotext", tmp_path / "build" / "demo.pdf", "-"], capture_output=True, text=True).stdout
    assert "示例区经济发展概况" in text and "150.5亿元" in text
    large = sorted(p.name for p in (tmp_path / "build" / "large").glob("*.pdf"))
    with open(REPO / "examples" / "districts" / "districts.csv", encoding="utf-8-sig", newline="") as handle:
        expected = sorted(f"{r['district']}.pdf" for r in csv.DictReader(handle) if float(r["gdp_2020"]) > 1000)
    assert large == expected and expected
    assert (tmp_path / "build" / "large" / f"{expected[0][:-4]}.manifest.json").is_file()


def test_a_dataframe_gives_the_bytes_the_file_gives():
    pandas = pytest.importorskip("pandas")  # the [pandas] extra; the test extra installs it
    table = pandas.read_csv(EXAMPLE.parent / "districts.csv", encoding="utf-8-sig")
    from_file = api.render(EXAMPLE, params=ERQI, formats="pdf")
    from_frame = api.render(EXAMPLE, data={"districts": table}, params=ERQI, formats="pdf")
    assert from_frame["pdf"] == from_file["pdf"]
    records = table.to_dict("records")
    assert api.render(EXAMPLE, data={"districts": records}, params=ERQI, formats="pdf")["pdf"] == from_file["pdf"]


def test_bad_passed_data_names_its_row_and_column():
    with open(EXAMPLE.parent / "districts.csv", encoding="utf-8-sig", newline="") as handle:
        records = list(csv.DictReader(handle))
    row = next(i for i, r in enumerate(records) if r["district"] == "erqi")
    records[row]["gdp_2020"] = "67.4亿"
    with pytest.raises(InputError) as err:
        api.render(EXAMPLE, data={"districts": records}, params=ERQI, formats="pdf")
    assert str(err.value) == f'districts[{row}]: column "gdp_2020": "67.4亿" is not a number'
    with pytest.raises(InputError, match=r'figures.gdp_2016.from: districts has no column "gdp_2016"'):
        api.render(EXAMPLE, data={"districts": {"district": ["erqi"], "name_zh": ["二七区"]}}, params=ERQI)
    with pytest.raises(InputError, match=r"^districts: its columns have different lengths \(1, 2\)$"):
        api.render(EXAMPLE, data={"districts": {"district": ["a", "b"], "x": [1]}}, params=ERQI)


def test_content_as_a_mapping(tmp_path):
    content = {
        "meta": {
            "title": {"zh": "测试", "en": "Test"},
            "short_title": {"zh": "测试", "en": "Test"},
            "author": {"zh": "作者", "en": "Author"},
            "date": "2021-01-01",
            "keywords": {"zh": "测试", "en": "test"},
        },
        "data": {"t": {"key": "k", "unit": "CNY", "scale": 1e8, "columns": {"v": {"period": "2020"}}}},
        "key_figures": ["f"],
        "figures": {"f": {"label": {"zh": "总值", "en": "Output"}, "from": {"source": "t", "row": "x", "column": "v"}}},
        "sections": [
            {
                "id": "s",
                "heading": {"zh": "一", "en": "One"},
                "blocks": [{"type": "paragraph", "text": {"zh": "总值{f}。", "en": "Output was {f}."}}],
            }
        ],
    }
    written = api.build(content, tmp_path / "out", name="mapped", data={"t": [{"k": "x", "v": 12.5}]}, formats=["pdf"])
    assert written == {"pdf": tmp_path / "out" / "mapped.pdf"}
    text = subprocess.run(["pdftotext", written["pdf"], "-"], capture_output=True, text=True).stdout
    assert "总值12.5亿元。" in re.sub(r"\s+", "", text)
    assert (tmp_path / "out" / "mapped.manifest.json").is_file()


def test_render_and_build_take_the_same_keywords_and_refuse_unknown_ones(tmp_path):
    with pytest.raises(TypeError, match="formt"):
        api.render(EXAMPLE, params=ERQI, formt="pdf")
    with pytest.raises(TypeError, match="formt"):
        api.build(EXAMPLE, tmp_path, params=ERQI, formt="pdf")
    assert not list(tmp_path.iterdir())
