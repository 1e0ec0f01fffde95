"""``reportgen init DIR``: a new report that builds as it is, and ``reportgen schema``.

Input: an empty (or missing) folder.
Output: ``report.yaml`` (every block kind once, every inline form), ``photo.png``, a copy of the
bundled template in ``template/``, ``report.schema.json`` (the content's JSON Schema, which the
YAML's ``yaml-language-server`` comment points editors at) and a README paragraph.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from reportgen.errors import InputError

CONTENT = """\
# yaml-language-server: $schema=report.schema.json
# A new bilingual report. Build it with:  reportgen build report.yaml --template template
# Every figure below is illustrative data (示例数据). See README.md for each block kind.
meta:
  title: {zh: 我的报告, en: My Report}
  subtitle: {zh: 示例数据, en: Illustrative data}
  short_title: {zh: 我的报告, en: My Report}
  author: {zh: 作者, en: The author}
  source: {zh: 示例数据, en: Illustrative data}
  date: 2024-12-01
  keywords: {zh: 示例, en: sample}

figures:
  visitors_2023:
    label: {zh: 游客人数, en: Visitors}
    value: 1200000
    unit: count
    measure: 人次
    period: "2023"
  visitors_2024:
    label: {zh: 游客人数, en: Visitors}
    value: 1500000
    unit: count
    measure: 人次
    period: "2024"

key_figures: [visitors_2024]

charts:
  visitors:
    type: bar
    title: {zh: 游客人数（示例数据）, en: Visitors (illustrative data)}
    figures: [visitors_2023, visitors_2024]

footnotes:
  sample: {zh: 示例数据。, en: Illustrative data.}

sections:
  - id: summary
    heading: {zh: 摘要, en: Summary}
    blocks:
      - type: paragraph
        text:
          zh: "游客人数从{visitors_2023}增至**{visitors_2024}**[^sample]，*详见*[下一节](#details)与[网站](https://example.org)。面积单位km^2^，CO~2~。"
          en: "Visitors rose from {visitors_2023} to **{visitors_2024}**[^sample]; *see* [the next section](#details) and [the website](https://example.org). Area in km^2^, CO~2~."
      - type: list
        style: bullet
        items:
          - zh: 第一项
            en: First item
            items:
              - {zh: 子项, en: A sub-item}
          - {zh: 第二项, en: Second item}
      - type: table
        caption: {zh: 游客人数（示例数据）, en: Visitors (illustrative data)}
        columns:
          - header: {zh: 年份, en: Year}
          - header: {zh: 人数, en: Visitors}
            kind: figure
          - header: {zh: 天数, en: Days}
            kind: number
        rows:
          - ["2023", visitors_2023, 365]
          - ["2024", visitors_2024, 366]
        total: [{zh: 合计, en: Total}, {zh: —, en: —}, 731]
        source: {zh: 资料来源：示例数据, en: "Source: illustrative data"}
      - type: chart
        chart: visitors
      - type: page_break  # the next section starts on a new page
  - id: details
    heading: {zh: 详情, en: Details}
    blocks:
      - type: image
        path: photo.png
        width: 0.5
        caption: {zh: 示例图片, en: A sample picture}
        alt: {zh: 一块蓝色的示例图片, en: A plain blue sample picture}
      - type: quote
        text: {zh: 引文。, en: A quotation.}
        attribution: {zh: 某人, en: Someone}
      - type: note
        title: {zh: 说明, en: Note}
        paragraphs:
          - {zh: 本报告数字为示例数据。, en: The numbers in this report are illustrative data.}
    sections:
      - id: more
        heading: {zh: 小节, en: A sub-section}
        blocks:
          - type: paragraph
            text: {zh: 二级标题下的段落。, en: A paragraph under a level-2 heading.}
"""

README = """\
# My report

`report.yaml` is the content: texts in Chinese and English, figures as numbers with units, and
sections made of typed blocks (paragraph, list, table, image, chart, quote, note, page_break) with
sub-sections to level 3. `template/` is a copy of reportgen's bundled template — edit
`template/template.j2` to change what goes where, `template/theme.yaml` to change how it looks.
Build with `reportgen build report.yaml --template template`; editors that read the
`yaml-language-server` comment check fields against `report.schema.json` as you type.
"""


def content_schema() -> dict:
    from reportgen.content.schema import Content

    schema = Content.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema.setdefault("title", "reportgen content")
    return schema


def init(folder: Path) -> Path:
    from PIL import Image

    from reportgen.templates import find_template

    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(f"{folder}: exists and is not an empty folder")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(find_template(None), folder / "template")
    (folder / "report.yaml").write_text(CONTENT, encoding="utf-8")
    (folder / "README.md").write_text(README, encoding="utf-8")
    (folder / "report.schema.json").write_text(json.dumps(content_schema(), indent=2, ensure_ascii=False) + "\n")
    # 1200 px across half a 156 mm column is 390 ppi: enough for print.
    Image.new("RGB", (1200, 675), (61, 127, 184)).save(folder / "photo.png")
    return folder / "report.yaml"
