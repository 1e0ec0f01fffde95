"""The lint: the flagship is clean, and each rule catches a known mistake at the right line."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.lint import Finding, lint_file
from reportgen.lint.numbers import parse_en, parse_zh

REPO = Path(__file__).resolve().parents[2]
FLAGSHIP = REPO / "examples" / "guancheng" / "briefing.yaml"
TEMPLATE = REPO / "templates" / "briefing"
SOURCE = FLAGSHIP.read_text(encoding="utf-8")

# The industry paragraph (sections[0].sections[0].blocks[0]) and the heritage one (sections[1].blocks[0]).
INDUSTRY_ZH = '              zh: "聚焦产业基础高级化'
INDUSTRY_EN = '              en: "Focusing on an advanced industrial base'
HERITAGE_ZH = '          zh: "立足打造世界级黄河文明寻根胜地'


def line_starting(text: str, prefix: str) -> int:
    """1-based number of the line that starts with ``prefix``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(prefix):
            return number
    raise AssertionError(f"no line starts with {prefix!r}")


def replace_line(text: str, prefix: str, new: str | None) -> str:
    """Replace (or, with None, drop) the line starting with ``prefix``."""
    lines = text.splitlines(keepends=True)
    number = line_starting(text, prefix)
    lines[number - 1] = "" if new is None else new + "\n"
    return "".join(lines)


def edit_line(text: str, prefix: str, old: str, new: str) -> str:
    lines = text.splitlines(keepends=True)
    number = line_starting(text, prefix)
    assert old in lines[number - 1], f"{old!r} not on line {number}"
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    return "".join(lines)


def lint_text(tmp_path: Path, text: str, template: Path = TEMPLATE) -> list[str]:
    path = tmp_path / "briefing.yaml"
    path.write_text(text, encoding="utf-8")
    return [str(f) for f in lint_file(path, template)]


def test_flagship_has_no_findings():
    assert lint_file(FLAGSHIP, TEMPLATE) == []


def test_finding_reads_as_file_line_message():
    assert str(Finding("briefing.yaml", 12, "x: y")) == "briefing.yaml:12: x: y"


def test_missing_english_paragraph_is_a_finding_at_its_line(tmp_path):
    text = replace_line(SOURCE, INDUSTRY_EN, None)
    line = line_starting(text, INDUSTRY_ZH) - 1  # the `text:` line, whose mapping lacks `en`
    assert lint_text(tmp_path, text) == [
        f"briefing.yaml:{line}: sections[0].sections[0].blocks[0].text: English text missing"
    ]


def test_empty_chinese_is_a_finding_at_its_line(tmp_path):
    text = replace_line(SOURCE, HERITAGE_ZH, '          zh: ""')
    line = line_starting(text, HERITAGE_ZH[:14] + '""')
    assert lint_text(tmp_path, text) == [f"briefing.yaml:{line}: sections[1].blocks[0].text: Chinese text empty"]


def test_missing_label_translation_in_a_flow_mapping(tmp_path):
    text = SOURCE.replace("label: {zh: 招引项目, en: Projects attracted}", "label: {zh: 招引项目}")
    line = line_starting(text, "  projects_attracted:") + 1
    assert lint_text(tmp_path, text) == [
        f"briefing.yaml:{line}: figures.projects_attracted.label: English text missing"
    ]


def test_other_schema_error_is_one_finding(tmp_path):
    text = SOURCE.replace("    value: 32900000000\n    unit: CNY", "    value: 32900000000\n    unit: EURO", 1)
    line = line_starting(SOURCE, "  gdp_2015:") + 3
    (finding,) = lint_text(tmp_path, text)
    assert finding.startswith(f"briefing.yaml:{line}: figures.gdp_2015.unit: unknown unit 'EURO'; did you mean EUR")


def add_sentences(zh: str, en: str) -> str:
    text = edit_line(SOURCE, INDUSTRY_ZH, '对外开放格局日益宏阔。"', f'对外开放格局日益宏阔。{zh}"')
    return edit_line(text, INDUSTRY_EN, 'opened ever wider to the world."', f'opened ever wider to the world.{en}"')


def test_mistranslated_typed_figure_names_line_and_both_numbers(tmp_path):
    text = add_sentences("另有220.84亿元。", " A further RMB 20.084 billion.")
    line = line_starting(text, INDUSTRY_EN)  # the Chinese is the source: the English line is named
    assert lint_text(tmp_path, text) == [
        f"briefing.yaml:{line}: sections[0].sections[0].blocks[0].text: 220.84亿元 (22,084,000,000) in Chinese has no match "
        "in English (nearest: RMB 20.084 billion)"
    ]


@pytest.mark.parametrize("english", [" A further CNY 22.084 billion.", " A further RMB 22.084 billion."])
def test_correctly_translated_typed_figure_is_fine(tmp_path, english):
    assert lint_text(tmp_path, add_sentences("另有220.84亿元。", english)) == []


def test_mistyped_count_in_english_is_reported_with_the_nearest(tmp_path):
    text = edit_line(SOURCE, INDUSTRY_EN, "carried out {projects} high-quality", "carried out 947 high-quality")
    line = line_starting(text, INDUSTRY_EN)
    assert lint_text(tmp_path, text) == [
        f"briefing.yaml:{line}: sections[0].sections[0].blocks[0].text: 974个 (974) in Chinese has no match in English (nearest: 947)"
    ]


def test_number_only_in_english_is_reported(tmp_path):
    text = add_sentences("", " Growth was 12.5%.")
    line = line_starting(text, INDUSTRY_EN)
    assert lint_text(tmp_path, text) == [
        f"briefing.yaml:{line}: sections[0].sections[0].blocks[0].text: 12.5% (12.5) in English has no match in Chinese"
    ]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("220.84亿元", "CNY", 22_084_000_000),
        ("6.9万个", "count", 69_000),
        ("3万多个", "count", 30_000),
        ("350余座", "count", 350),
        ("100余亿元", "CNY", 10_000_000_000),
        ("7.1亿美元", "USD", 710_000_000),
        ("46.1%", "percent", Decimal("46.1")),
        ("1.4倍", "times", Decimal("1.4")),
        ("809万平方米", "area-square-meter", 8_090_000),
        ("3平方公里", "area-square-kilometer", 3),
        ("6.3个百分点", "pp", Decimal("6.3")),
        ("84天", "duration-day", 84),
    ],
)
def test_parse_chinese(text, kind, value):
    (q,) = parse_zh(text)
    assert (q.kind, q.value, q.text) == (kind, value, text)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("CNY 67.4 billion", "CNY", 67_400_000_000),
        ("RMB 20.084 billion", "CNY", 20_084_000_000),
        ("20 billion yuan", "CNY", 20_000_000_000),
        ("USD 710 million", "USD", 710_000_000),
        ("CNY 67.4 bn", "CNY", 67_400_000_000),
        ("69,000", "count", 69_000),
        ("46.1%", "percent", Decimal("46.1")),
        ("1.4 times", "times", Decimal("1.4")),
        ("8.09 million m²", "area-square-meter", 8_090_000),
        ("7,500 m²", "area-square-meter", 7_500),
        ("6.3 percentage points", "pp", Decimal("6.3")),
        ("84 days", "duration-day", 84),
    ],
)
def test_parse_english(text, kind, value):
    (q,) = parse_en(text)
    assert (q.kind, q.value, q.text) == (kind, value, text)


@pytest.mark.parametrize(
    "text",
    ["2021年", "“十三五”", "第12届", "PM2.5、PM10", "“一四四”", "500强", "“1+6”"],
)
def test_chinese_ignores_years_plans_ordinals_and_names(text):
    assert parse_zh(text) == []


@pytest.mark.parametrize(
    "text",
    ["the 13th Five-Year Plan (2016–2020)", "the 14th", "PM2.5 and PM10", "page N02", "in 2021"],
)
def test_english_ignores_years_ordinals_and_names(text):
    assert parse_en(text) == []


def test_gdp_no_longer_doubling_is_reported_in_the_chart_title(tmp_path):
    text = SOURCE.replace("value: 67400000000", "value: 60000000000")
    zh_line = line_starting(text, "      zh: 地区生产总值和一般预算收入五年均翻番")
    findings = lint_text(tmp_path, text)
    assert findings == [
        f"briefing.yaml:{zh_line}: charts.growth.title: “翻番” claims about 2×, but 地区生产总值 went from "
        "329亿元 (2015) to 600亿元 (2020): 1.82×",
        f"briefing.yaml:{zh_line + 1}: charts.growth.title: “more than doubled” claims at least 2×, but GDP went "
        "from CNY 32.9 billion (2015) to CNY 60 billion (2020): 1.82×",
    ]


def test_doubling_claim_in_a_paragraph_is_recomputed(tmp_path):
    text = SOURCE.replace("value: 67400000000", "value: 60000000000")
    text = edit_line(text, INDUSTRY_ZH, "增长到{gdp_2020}，", "增长到{gdp_2020}，实现翻番，")
    text = edit_line(text, INDUSTRY_EN, "to {gdp_2020},", "to {gdp_2020}, having doubled,")
    zh_line = line_starting(text, INDUSTRY_ZH)
    findings = lint_text(tmp_path, text)
    assert (
        f"briefing.yaml:{zh_line}: sections[0].sections[0].blocks[0].text: “翻番” claims about 2×, but 地区生产总值 went from "
        "329亿元 (2015) to 600亿元 (2020): 1.82×" in findings
    )
    assert any(f.startswith(f"briefing.yaml:{zh_line + 1}:") and "“doubled”" in f for f in findings)
    # The revenue pair in the same sentence did double (22.9 -> 53.9): not reported.
    assert not any("一般预算收入 went" in f for f in findings)


def test_times_claim_between_two_figures_is_recomputed(tmp_path):
    text = add_sentences(
        "{gdp_2020}是{gdp_2015}的{exports_ratio}。", " {gdp_2020} is {exports_ratio} that of {gdp_2015}."
    )
    zh_line = line_starting(text, INDUSTRY_ZH)
    findings = lint_text(tmp_path, text)
    assert findings == [
        f"briefing.yaml:{zh_line}: sections[0].sections[0].blocks[0].text: 1.4倍 (×1.4): 674亿元 / 329亿元 is ×2.05",
        f"briefing.yaml:{zh_line + 1}: sections[0].sections[0].blocks[0].text: 1.4 times (×1.4): "
        "CNY 67.4 billion / CNY 32.9 billion is ×2.05",
    ]


def test_true_times_claim_is_fine(tmp_path):
    text = add_sentences("{gdp_2020}是{gdp_2015}的2.05倍。", " {gdp_2020} is 2.05 times that of {gdp_2015}.")
    assert lint_text(tmp_path, text) == []


def test_percent_change_is_recomputed_from_its_start_and_end(tmp_path):
    figure = (
        "  gdp_growth:\n    label: {zh: 地区生产总值增幅, en: GDP growth}\n    value: 50\n"
        "    unit: percent\n    period: 2015–2020\n"
    )
    text = SOURCE.replace("figures:\n", "figures:\n" + figure, 1)
    text = edit_line(text, INDUSTRY_ZH, "增长到{gdp_2020}，", "增长到{gdp_2020}，增幅{gdp_growth}，")
    text = edit_line(text, INDUSTRY_EN, "to {gdp_2020},", "to {gdp_2020}, up {gdp_growth},")
    zh_line = line_starting(text, INDUSTRY_ZH)
    message = "{gdp_growth} says 50%, but 地区生产总值 went from 329亿元 to 674亿元: +104.9%"
    assert lint_text(tmp_path, text) == [
        f"briefing.yaml:{zh_line}: sections[0].sections[0].blocks[0].text: {message}",
        f"briefing.yaml:{zh_line + 1}: sections[0].sections[0].blocks[0].text: {message}",
    ]


def test_typed_amount_contradicting_the_labelled_figure(tmp_path):
    text = edit_line(SOURCE, INDUSTRY_ZH, "增长到{gdp_2020}", "增长到680亿元")
    text = edit_line(text, INDUSTRY_EN, "to {gdp_2020}", "to CNY 68 billion")
    zh_line = line_starting(text, INDUSTRY_ZH)
    assert lint_text(tmp_path, text) == [
        f"briefing.yaml:{zh_line}: sections[0].sections[0].blocks[0].text: typed 680亿元 does not match the data: "
        "地区生产总值 is 329亿元 ({gdp_2015}) or 674亿元 ({gdp_2020}); use the placeholder",
        f"briefing.yaml:{zh_line + 1}: sections[0].sections[0].blocks[0].text: typed CNY 68 billion does not match the data: "
        "GDP is CNY 32.9 billion ({gdp_2015}) or CNY 67.4 billion ({gdp_2020}); use the placeholder",
    ]


def test_template_using_a_figure_the_content_lacks(tmp_path):
    template = tmp_path / "tpl"
    shutil.copytree(TEMPLATE, template)
    j2 = template / "template.j2"
    lines = j2.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if "key_figures()" in line) + 1
    lines.insert(at, '{{ key_figures(["nope"]) }}\n')
    j2.write_text("".join(lines), encoding="utf-8")
    findings = lint_file(FLAGSHIP, template)
    assert [(f.file, f.line) for f in findings] == [("template.j2", at + 1)]
    assert "'nope'" in findings[0].message and "lacks" in findings[0].message


def test_a_number_written_twice_in_chinese_once_in_english(tmp_path):
    text = add_sentences("其中46.1%、46.1%。", " Of which 46.1%.")
    line = line_starting(text, INDUSTRY_EN)
    assert lint_text(tmp_path, text) == [
        f"briefing.yaml:{line}: sections[0].sections[0].blocks[0].text: 46.1% (46.1) in Chinese has no match in English "
        "(written 2 times in Chinese, 1 in English)"
    ]
