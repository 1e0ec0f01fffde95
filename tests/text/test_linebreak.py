"""Chinese line breaking: known answers and rule checks over many widths on real paragraphs."""

from __future__ import annotations

import random

import pytest

from reportgen.text.linebreak import (
    BREAK_SPACES,
    CANNOT_END,
    CANNOT_START,
    is_wide,
    segments,
    wrap,
)

# Paragraphs from /work/shared/source/guancheng-five-years-2021-09-15.txt (Zhengzhou Evening
# News, 2021-09-15), copied verbatim: note the source's ASCII commas and parentheses.
REAL = [
    "聚焦产业基础高级化、产业链现代化,超前运作,坚定转型。全区地区生产总值从329亿元增长到674亿元,"
    "地方财政一般预算收入从22.9亿元增长到53.9亿元,综合实力实现历史性跨越。创新引领成效凸显,谋划实施"
    "高质量项目974个,完成投资2744亿元,入驻高新技术企业62家,高新技术产业产值突破360亿元。三次产业结构"
    "持续优化,现代服务业成为推动全区经济增长的核心动力。开放带动成果丰硕,编制产业招商图谱,做优承接"
    "平台,招引项目111个,总投资631亿元,万科印力等国内外500强企业入驻,累计实际利用外资7.1亿美元。"
    "出口创汇278亿元,是“十三五”初的1.4倍,对外开放格局日益宏阔。",
    "绿色发展成效显著,新建公(游)园92个,绿化面积达809万平方米,建成区绿化覆盖率达41%;环境污染改善"
    "明显,PM2.5、PM10分别下降46.1%、44.7%,优良天数增加84天,空气质量明显改善,水土污染防治走在全市"
    "前列。",
    "服务均等一体布局,新建改扩建道路221条,“域内畅通、域外联通”交通体系加速成型;新增停车泊位6.9万个,"
    "新建变电站、污水处理厂10个,垃圾分类房、中转站、公厕等350余座,以服务均等构筑了城乡融合发展新格局。",
]
# Full-width punctuation, dashes, ellipses and Latin words, written for these tests.
MIXED = (
    "“一四四”发展思路——老城区、文化区、商贸区……（详见附表）。报告指出：新增学位3万多个！"
    "《管城区“十四五”规划》提出，GDP growth rate 达到 6.5% 以上；e-mail 与 www.example.cn 均可？"
)
FIXTURES = [*REAL, MIXED]

KEEP_WHOLE = [
    "674亿元",
    "2744亿元",
    "22.9亿元",
    "7.1亿美元",
    "6.9万个",
    "809万平方米",
    "46.1%",
    "44.7%",
    "PM2.5",
    "1.4倍",
    "3万多个",
    "350余座",
    "6.5%",
    "——",
    "……",
    "growth",
    "www.example.cn",
]


def measure(s: str) -> float:
    # A monospaced model: CJK characters one em, everything else half an em.
    return sum(1.0 if is_wide(ch) else 0.5 for ch in s)


def line_text(line: list[str]) -> str:
    return "".join(line).rstrip(BREAK_SPACES)


@pytest.mark.parametrize("text", FIXTURES)
def test_units_concatenate_to_text(text):
    assert "".join(segments(text)) == text


def test_known_segments():
    assert segments("从329亿元增长到674亿元,地方") == [
        "从",
        "329亿元",
        "增",
        "长",
        "到",
        "674亿元,",
        "地",
        "方",
    ]
    assert segments("外资7.1亿美元。新增6.9万个岗位") == [
        "外",
        "资",
        "7.1亿美元。",
        "新",
        "增",
        "6.9万个",
        "岗",
        "位",
    ]
    assert segments("思路——老城……（详见）") == ["思", "路——", "老", "城……", "（详", "见）"]
    assert segments("“一四四”发展") == ["“一", "四", "四”", "发", "展"]
    assert segments("对3平方公里起步区，2021年9月") == [
        "对",
        "3平方公里",
        "起",
        "步",
        "区，",
        "2021年",
        "9月",
    ]
    # Latin words break only at spaces; the space stays with the word before it.
    assert segments("GDP growth rate 达到") == ["GDP ", "growth ", "rate ", "达", "到"]
    # A no-break space is not a break opportunity.
    assert segments("5\u00a0km 长") == ["5\u00a0km ", "长"]


@pytest.mark.parametrize("text", FIXTURES)
def test_glued_characters_never_alone(text):
    for unit in segments(text):
        assert unit[0] not in CANNOT_START or unit is segments(text)[0]
        body = unit.rstrip(BREAK_SPACES)
        assert body[-1] not in CANNOT_END


@pytest.mark.parametrize("text", FIXTURES)
def test_rules_hold_at_hundreds_of_widths(text):
    units = segments(text)
    widest = max(measure(u.rstrip(BREAK_SPACES)) for u in units)
    rng = random.Random(20210915)
    widths = [widest + rng.random() * 40 for _ in range(300)]
    for width in widths:
        indent = rng.choice([0, 0, 2])
        lines = wrap(units, width, measure, first_width=width - indent)
        assert "".join("".join(line) for line in lines) == text
        texts = [line_text(line) for line in lines]
        for i, t in enumerate(texts):
            limit = width if i else width - indent
            assert measure(t) <= max(limit, widest) + 1e-9
            assert t[0] not in CANNOT_START, (width, t)
            assert t[-1] not in CANNOT_END, (width, t)
        for whole in KEEP_WHOLE:
            if whole in text:
                hits = sum(t.count(whole) for t in texts)
                assert hits == text.count(whole), (width, whole, texts)


def test_lines_are_filled_greedily():
    units = segments("一二三四五六七八九十")
    assert [line_text(li) for li in wrap(units, 4, measure)] == ["一二三四", "五六七八", "九十"]
    assert [line_text(li) for li in wrap(units, 4, measure, first_width=2)] == [
        "一二",
        "三四五六",
        "七八九十",
    ]
    # "，" may not start a line, so "三，" moves down together.
    units = segments("一二三，四五")
    assert [line_text(li) for li in wrap(units, 3, measure)] == ["一二", "三，四", "五"]


def test_trailing_space_does_not_count():
    lines = wrap(segments("ab cd ef"), 2.5, measure)  # "ab " is 1.5 wide, "ab cd" 2.5
    assert [line_text(li) for li in lines] == ["ab cd", "ef"]


def test_over_wide_unit_breaks_by_characters():
    text = "见www.averyveryverylongdomainname.example.cn网站"
    lines = wrap(segments(text), 5, measure)
    assert "".join("".join(li) for li in lines) == text
    assert all(measure(line_text(li)) <= 5 for li in lines)
    # Narrower than one character: still one character per line, no endless loop.
    assert [line_text(li) for li in wrap(segments("一二"), 0.5, measure)] == ["一", "二"]


def test_newline_forces_a_break():
    lines = wrap(segments("第一行\n第二行"), 100, measure)
    assert [line_text(li) for li in lines] == ["第一行", "第二行"]


def test_empty_text():
    assert segments("") == []
    assert wrap([], 10, measure) == []
