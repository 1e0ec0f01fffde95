"""Chinese setting after clreq: compression, bounded stretch, no short last line (positions checked)."""

from __future__ import annotations

from reportgen.text.justify import MAX_STRETCH_EM, set_paragraph
from reportgen.text.linebreak import is_wide, segments

EM = 10.0


def width(ch: str) -> float:
    """Full-width characters one em, Latin half an em (a monospaced stand-in for the real fonts)."""
    return EM if is_wide(ch) else EM / 2


def advances(line) -> list[float]:
    """White added after each character beyond its own width (negative: compressed)."""
    return [b - a - width(ch) for ch, a, b in zip(line.chars, line.xs, line.xs[1:], strict=False)]


def test_adjacent_punctuation_keeps_one_half_em_of_white():
    (line,) = set_paragraph(segments("他说，“好”“行”。"), 200, width, EM, justify=False)
    after = dict(zip(range(len(line.chars)), advances(line), strict=False))
    comma = line.chars.index("，")
    assert after[comma] == -EM / 2  # "，“": the comma gives up its white
    close = line.chars.index("”")
    assert after[close] == -EM / 2  # "”“" likewise


def test_opening_quote_at_a_line_start_is_not_indented():
    (line,) = set_paragraph(segments("“文化立区”战略"), 200, width, EM, justify=False)
    assert line.xs[0] == -EM / 2  # drawn half an em left: its ink starts at the margin


def test_justified_lines_never_stretch_more_than_the_bound():
    text = "实施高质量项目974个，完成投资1000亿元以上，引进世界500强企业12家，" * 6
    for measure in (150, 161, 187, 250):  # 15 to 25 em, a narrow column to a page
        lines = set_paragraph(segments(text), measure, width, EM)
        for line in lines[:-1]:
            assert abs(line.width - measure) < 1e-6  # flush with both margins
            assert max(advances(line)) <= MAX_STRETCH_EM * EM + 1e-6, (measure, line.chars)


def test_no_one_or_two_character_last_line_when_a_rebreak_avoids_it():
    # 21 characters at 10 per line: greedy filling leaves "台。" alone.
    text = "畅通两个循环做优发展平台之基础做优发展平台。"
    greedy_last = len(text) % 10
    assert greedy_last <= 2
    lines = set_paragraph(segments(text), 10 * EM, width, EM)
    assert len(lines[-1].chars) > 2


def test_copy_paste_text_is_the_text():
    text = "他说：“收入稳定”，同比增长5.2%。"
    lines = set_paragraph(segments(text), 80, width, EM)
    assert "".join(line.chars for line in lines) == text


def test_a_line_with_latin_text_stretches_at_the_script_boundaries_first():
    """clreq 3.2.2: the space where Chinese meets Latin text (and a word space) is the adjustable
    one, so it takes the stretch first (up to the bound) and the gaps between Chinese characters,
    which read (and copy, in pdftotext, past a tenth of an em) as letter-spacing, stay narrower."""
    text = "湖岸防洪堤按百年一遇标准加固，可承受水位上升0.5 m；堤后低洼地面积以km²计。"
    for measure in (126, 129, 150, 170):
        lines = set_paragraph(segments(text), measure, width, EM)
        checked = 0
        for line in lines[:-1]:
            assert abs(line.width - measure) < 1e-6  # still flush with both margins
            gaps = advances(line)
            assert max(gaps) <= MAX_STRETCH_EM * EM + 1e-6
            pairs = list(zip(gaps, line.chars, line.chars[1:], strict=False))
            han = [g for g, a, b in pairs if is_wide(a) and is_wide(b) and a not in "，；。"]
            script = [g for g, a, b in pairs if is_wide(a) != is_wide(b) and g > 0]
            if han and script:
                checked += 1
                assert max(han) < min(script), (measure, line.chars)
        assert checked
