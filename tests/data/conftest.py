"""Helpers for the data tests: write a content file beside data files and load it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.content import load_content

HEAD = """meta:
  title: {zh: 测试, en: Test}
  short_title: {zh: 测试, en: Test}
  author: {zh: 作者, en: Author}
  date: 2021-01-01
  keywords: {zh: 测试, en: test}
sections:
  - id: s
    heading: {zh: 一, en: One}
    blocks:
      - {type: paragraph, text: {zh: 文字。, en: Text.}}
"""


@pytest.fixture
def content(tmp_path):
    """content(yaml_text_after_head) -> LoadedContent, the file being tmp_path/briefing.yaml."""

    def load(text: str, paragraph: str = "文字。", **kwargs):
        path = tmp_path / "briefing.yaml"
        path.write_text(HEAD.replace("文字。", paragraph) + text, encoding="utf-8")
        return load_content(path, **kwargs)

    return load


def line_of(path: Path, fragment: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[: text.index(fragment)].count("\n") + 1
