"""A user's own template: no cover, a chart before the first paragraph, an appendix — no Python."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "templates" / "briefing"

CONTENT = """\
meta:
  title: {zh: 用户模板示例, en: A user template}
  short_title: {zh: 用户模板, en: User template}
  author: {zh: 作者, en: Author}
  date: 2024-12-01
  keywords: {zh: 示例, en: sample}
figures:
  a: {label: {zh: 甲, en: Alpha}, value: 10, unit: count, period: "2023"}
  b: {label: {zh: 乙, en: Beta}, value: 20, unit: count, period: "2024"}
charts:
  lead: {type: bar, title: {zh: 开篇图表, en: Opening chart}, figures: [a, b]}
sections:
  - id: body
    heading: {zh: 正文, en: Body}
    blocks:
      - type: paragraph
        text: {zh: 第一段正文。, en: The first paragraph.}
appendices:
  - id: method
    heading: {zh: 方法说明, en: Method}
    blocks:
      - type: note
        paragraphs:
          - {zh: 附录正文。, en: The appendix text.}
"""

TEMPLATE = """\
{#- No cover and no contents: a chart first, then the sections, then an appendix part. -#}
{{ chart("lead") }}
{%- for s in content.sections %}
{{ section(s) }}
{%- endfor %}
{{ heading(text("附录", "Appendix"), level=1, anchor="appendix") }}
{%- for s in content.appendices %}
{{ section(s, level=2) }}
{%- endfor %}
"""


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_template_without_cover_with_a_leading_chart_and_an_appendix(tmp_path, run_cli):
    template = tmp_path / "mine"
    shutil.copytree(BUNDLED, template)
    (template / "template.j2").write_text(TEMPLATE, encoding="utf-8")
    content = tmp_path / "report.yaml"
    content.write_text(CONTENT, encoding="utf-8")
    proc = run_cli("build", content, "--template", template, "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(tmp_path / "out" / "report.pdf"), "-"], capture_output=True, text=True
    ).stdout
    flat = "".join(text.split())
    assert "用户模板示例" not in flat  # no cover: the title is only in the document properties
    order = [flat.index(x) for x in ("图1", "开篇图表", "第一段正文", "附录", "Appendix", "方法说明", "附录正文")]
    assert order == sorted(order)
    assert (tmp_path / "out" / "report.docx").stat().st_size > 0
