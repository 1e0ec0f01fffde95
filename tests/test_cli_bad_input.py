"""Every bad input of issue #13 is exit 2 with one line naming file and line or field, nothing written."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
FLAGSHIP = REPO / "examples" / "guancheng" / "briefing.yaml"
TEMPLATE = REPO / "templates" / "briefing"
TEXT = FLAGSHIP.read_text(encoding="utf-8")


def line_of(fragment: str) -> int:
    return TEXT[: TEXT.index(fragment)].count("\n") + 1


def one_line_exit_2(proc, out: Path) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("reportgen: error: ") and "Traceback" not in proc.stderr
    assert not out.exists() or not any(out.iterdir())
    return lines[0]


CASES = {
    # name: (old, new, expected pattern)
    "1e308": ("value: 67400000000", "value: 1e308", r"briefing\.yaml:\d+: figures\.gdp_2020\.value: .*too large"),
    "10**30": (
        "value: 67400000000",
        "value: 1000000000000000000000000000000",
        r"figures\.gdp_2020\.value: .*too large",
    ),
    "5e-324": ("value: 67400000000", "value: 5e-324", r"figures\.gdp_2020\.value: .*too small"),
    "9999-12-31": ("date: 2021-09-15", "date: 9999-12-31", r"briefing\.yaml:\d+: meta\.date: .*1980–2107"),
    "2021-02-30": ("date: 2021-09-15", "date: 2021-02-30", r"briefing\.yaml:LINE: YAML error: day is out of range"),
    "0b_": ("value: 67400000000", "value: 0b_", r"briefing\.yaml:LINE: YAML error"),
    "-_": ("value: 67400000000", "value: -_", r"briefing\.yaml:LINE: YAML error"),
    "5000 digits": ("value: 67400000000", "value: " + "9" * 5000, r"briefing\.yaml:LINE: YAML error: .*4300 digits"),
    "deep": (
        "  keywords:\n",
        "  extra: " + "[" * 1200 + "]" * 1200 + "\n  keywords:\n",
        r"briefing\.yaml:LINE: the document is nested too deeply",
    ),
    "long period": ('period: "2020"', 'period: "' + "x" * 5000 + '"', r"figures\.gdp_2020\.period: .*at most 40"),
    "long table cell": (
        "en: Investment in high-quality projects}",
        "en: " + "Investment " * 1000 + "}",
        r"briefing\.yaml:LINE: indicators\[2\]\.label\.en: text of [\d,]+ characters is too long",
    ),
    "bell in short_title": (
        "zh: 管城这五年",
        'zh: "管城\\u0007这五年"',
        r"meta\.short_title\.zh: control character U\+0007",
    ),
    "NUL in author": ("zh: 郑州晚报", 'zh: "郑州\\0晚报"', r"meta\.author\.zh: control character U\+0000"),
    "C1 in keywords": ('zh: "管城回族区, ', 'zh: "管城回族区\\x85, ', r"meta\.keywords\.zh: control character U\+0085"),
    "ESC in period": ('period: "2020"', 'period: "20\\e20"', r"figures\.gdp_2020\.period: control character U\+001B"),
    "emoji in header": (
        "zh: 管城这五年",
        'zh: "管城😀这五年"',
        r"meta\.short_title\.zh: character '😀' .*running header",
    ),
    "U+20000 in header": (
        "zh: 管城这五年",
        'zh: "管城\\U00020000"',
        r"meta\.short_title\.zh: character .*U\+20000.*running header",
    ),
    "Arabic in header": (
        'en: "Guancheng: Five Years"',
        'en: "Guancheng مرحبا"',
        r"meta\.short_title\.en: .*running header",
    ),
    "emoji in chart label": (
        "label: {zh: 地区生产总值, en: GDP}",
        "label: {zh: 地区生产总值😀, en: GDP}",
        r"figures\.gdp_2015\.label\.zh: character '😀'.*charts",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_content_is_one_line_exit_2(tmp_path, run_cli, name):
    old, new, pattern = CASES[name]
    assert old in TEXT, old
    content = tmp_path / "briefing.yaml"
    content.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    message = one_line_exit_2(run_cli("build", content, "--out", tmp_path / "out"), tmp_path / "out")
    assert re.search(pattern.replace("LINE", str(line_of(old))), message), message


def test_donut_with_zero_total_or_negative_part(tmp_path, run_cli):
    data = yaml.safe_load(TEXT)
    names = data["charts"]["rural"]["figures"]
    for values, pattern in (([0, 0], r"add up to more than 0"), ([5, -3], r"negative value")):
        for name, value in zip(names, values, strict=True):
            data["figures"][name]["value"] = value
        content = tmp_path / "briefing.json"
        content.write_text(json.dumps(data, ensure_ascii=False, default=str, indent=1), encoding="utf-8")
        message = one_line_exit_2(run_cli("build", content, "--out", tmp_path / "out"), tmp_path / "out")
        assert re.search(r"briefing\.json:\d+: charts\.rural\.figures.*" + pattern, message), message
        lint = run_cli("lint", content)
        assert lint.returncode in (1, 2) and "charts.rural.figures" in lint.stdout + lint.stderr, lint


def test_content_without_key_figures_builds(tmp_path, run_cli):
    data = yaml.safe_load(TEXT)
    del data["key_figures"]
    content = tmp_path / "briefing.json"
    content.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    proc = run_cli("build", content, "--out", tmp_path / "out", "--format", "pdf")
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("char", ["\u0085", "\u009f", "\ufffe"])
def test_json_is_read_as_json(tmp_path, run_cli, char):
    data = yaml.safe_load(TEXT)
    data["meta"]["author"]["zh"] = f"郑州{char}晚报"
    content = tmp_path / "briefing.json"
    content.write_text(json.dumps(data, ensure_ascii=False, default=str, indent=2), encoding="utf-8")
    expected = json.dumps(data, ensure_ascii=False, default=str, indent=2).split("\n")
    line = next(i for i, text in enumerate(expected, 1) if char in text)
    message = one_line_exit_2(run_cli("build", content, "--out", tmp_path / "out"), tmp_path / "out")
    assert f"briefing.json:{line}: meta.author.zh: control character U+{ord(char):04X}" in message, message
    assert "YAML" not in message


def test_far_future_source_date_epoch(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999")  # run_cli drops it: call through env file instead
    import os
    import subprocess
    import sys

    env = dict(os.environ, SOURCE_DATE_EPOCH="99999999999")
    proc = subprocess.run(
        [sys.executable, "-m", "reportgen", "build", str(FLAGSHIP), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert "SOURCE_DATE_EPOCH" in one_line_exit_2(proc, tmp_path / "out")


@pytest.mark.parametrize(
    ("call", "fragment"),
    [("{{ toc(depth='x') }}", "toc depth must be 1, 2 or 3"), ("{{ 1/0 }}", "division by zero")],
)
def test_template_mistakes(tmp_path, run_cli, call, fragment):
    folder = tmp_path / "tpl"
    shutil.copytree(TEMPLATE, folder)
    body = (folder / "template.j2").read_text(encoding="utf-8")
    (folder / "template.j2").write_text(body.replace("{{ toc() }}", call), encoding="utf-8")
    message = one_line_exit_2(
        run_cli("build", FLAGSHIP, "--template", folder, "--out", tmp_path / "out"), tmp_path / "out"
    )
    assert re.search(r"template\.j2:\d+: ", message) and fragment in message, message


def test_bad_theme_through_the_cli(tmp_path, run_cli):
    folder = tmp_path / "tpl"
    shutil.copytree(TEMPLATE, folder)
    theme = folder / "theme.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("heading1: 16", "heading1: .nan"), encoding="utf-8")
    message = one_line_exit_2(
        run_cli("build", FLAGSHIP, "--template", folder, "--out", tmp_path / "out"), tmp_path / "out"
    )
    assert "theme.yaml: sizes.heading1" in message


def test_billion_laughs_is_rejected_by_build(tmp_path, run_cli):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 14)]
    content = tmp_path / "briefing.yaml"
    content.write_text("\n".join(lines) + "\nmeta: *a13\n", encoding="utf-8")
    one_line_exit_2(run_cli("build", content, "--out", tmp_path / "out", timeout=60), tmp_path / "out")
