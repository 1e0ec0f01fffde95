"""Compose: templates add blocks by calling functions; errors name the template line."""

from pathlib import Path

import pytest

from reportgen.compose import compose
from reportgen.content import load_content
from reportgen.errors import InputError
from reportgen.model import Chart, Cover, Heading, KeyFigures, PageBreak, Paragraph, Table, TableOfContents

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "examples" / "guancheng" / "briefing.yaml"
BUNDLED = ROOT / "templates" / "briefing"


@pytest.fixture(scope="module")
def loaded():
    return load_content(FLAGSHIP)


def template(tmp_path, body: str) -> Path:
    (tmp_path / "template.j2").write_text(body, encoding="utf-8")
    return tmp_path


def test_bundled_template_builds_every_section(loaded):
    doc = compose(loaded, BUNDLED)
    kinds = [type(b) for b in doc.blocks]
    assert kinds[:4] == [Cover, TableOfContents, PageBreak, KeyFigures]
    headings = [b.text.zh for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings[1:] == [
        "产业提档升级",
        "推动商代王城遗址重焕光彩",
        "全面深化改革",
        "高品质城市建设",
        "“三大攻坚战”",
        "增进民生福祉",
        "夯实高质量党建根基",
    ]
    assert sum(isinstance(b, Chart) for b in doc.blocks) >= 4
    assert any(isinstance(b, Table) for b in doc.blocks)


def test_figures_are_filled_per_language(loaded):
    doc = compose(loaded, BUNDLED)
    first = next(b for b in doc.blocks if isinstance(b, Paragraph) and "674亿元" in b.text.zh)
    assert "CNY\u00a067.4\u00a0billion" in first.text.en  # an amount is one unbreakable unit
    assert "{" not in first.text.zh + first.text.en


def test_chart_data_comes_from_figures(loaded):
    growth = next(b for b in compose(loaded, BUNDLED).blocks if isinstance(b, Chart) and b.id == "growth")
    values = [s.values for s in growth.spec.series]
    assert values == [(32_900_000_000, 2_290_000_000), (67_400_000_000, 5_390_000_000)]
    assert "674亿元" in growth.alt.zh and "67.4\u00a0bn" in growth.alt.en


def test_reorder_and_drop_blocks_without_python(loaded, tmp_path):
    doc = compose(
        loaded,
        template(
            tmp_path,
            "{{ toc() }}{% for s in content.sections[:2] | reverse %}{{ heading(s.heading, anchor=s.id) }}{% endfor %}",
        ),
    )
    assert [type(b) for b in doc.blocks] == [TableOfContents, Heading, Heading]
    assert doc.blocks[1].text.zh == "推动商代王城遗址重焕光彩"


def test_undefined_variable_names_template_line(loaded, tmp_path):
    with pytest.raises(InputError, match=r"^template\.j2:3: .*no_such_thing"):
        compose(loaded, template(tmp_path, "{{ toc() }}\n\n{{ heading(content.no_such_thing) }}\n"))


def test_syntax_error_names_template_line(loaded, tmp_path):
    with pytest.raises(InputError, match=r"^template\.j2:2: template syntax error"):
        compose(loaded, template(tmp_path, "{{ toc() }}\n{% for x in %}\n"))


def test_sandbox_blocks_python_internals(loaded, tmp_path):
    with pytest.raises(InputError, match="not allowed|unsafe|undefined"):
        compose(loaded, template(tmp_path, "{{ toc.__globals__ }}"))


def test_template_cannot_read_outside_its_folder(loaded, tmp_path):
    inner = tmp_path / "t"
    inner.mkdir()
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    with pytest.raises(InputError, match="not found"):
        compose(loaded, template(inner, "{% include '../secret.txt' %}"))


def test_stray_text_is_an_error(loaded, tmp_path):
    with pytest.raises(InputError, match="text outside a block"):
        compose(loaded, template(tmp_path, "{{ toc() }} Hello"))


def test_template_referring_to_missing_chart(loaded, tmp_path):
    with pytest.raises(InputError, match=r"template\.j2:1: .*chart 'nope'"):
        compose(loaded, template(tmp_path, "{{ chart('nope') }}"))


def test_a_wrong_call_is_bad_input_naming_the_line(loaded, tmp_path):
    with pytest.raises(InputError, match=r"^template\.j2:2: heading\(\): .*argument"):
        compose(loaded, template(tmp_path, "{{ toc() }}\n{{ heading() }}\n"))
    with pytest.raises(InputError, match=r"^template\.j2:1: "):
        compose(loaded, template(tmp_path, "{{ toc() }}{{ 'a' - 1 }}\n"))  # the template's own expression


def test_a_bug_in_a_block_function_is_not_bad_input(loaded, tmp_path, monkeypatch):
    from reportgen.compose import blocks

    # A block function whose own code fails (compiled as part of blocks.py, as a real bug would be).
    space: dict = {}
    exec(compile("def broken(self):\n    raise TypeError('a bug in reportgen')\n", blocks.__file__, "exec"), space)
    monkeypatch.setattr(blocks.BlockBuilder, "page_break", space["broken"])
    with pytest.raises(TypeError, match="a bug in reportgen"):  # the CLI reports it as internal (exit 3)
        compose(loaded, template(tmp_path, "{{ toc() }}{{ page_break() }}\n"))
