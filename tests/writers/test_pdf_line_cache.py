"""The Chinese line settings kept between builds: what comes back is what the breaker computes,
a change of text, width or face is set afresh, and a damaged entry is ignored."""

from __future__ import annotations

import pytest
from tests.writers.test_pdf import CHART_OPS, DOC, STAMP, TEMPLATE

from reportgen import cachedir
from reportgen.text import justify
from reportgen.text.justify import set_paragraph
from reportgen.text.linebreak import is_wide, segments
from reportgen.theme import load_theme
from reportgen.writers import WriteOptions
from reportgen.writers import pdf_line_cache as cache
from reportgen.writers.pdf import write

TEXTS = [
    "实施高质量项目974个，完成投资1000亿元以上，引进世界500强企业12家。" * 2,
    "他说：“收入稳定”，同比增长5.2%（见表1）。",
    "“一网通办”集成服务加速拓展，1069项服务事项网上可办，时限缩短87%。",
]


def width(ch: str) -> float:
    return 10.0 if is_wide(ch) else 5.3


@pytest.fixture
def computed(monkeypatch, tmp_path):
    """The settings the breaker computes (not remembered), with an empty memory and cache."""
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(justify, "_memo", {})
    keys = []
    real = justify._set
    monkeypatch.setattr(justify, "_set", lambda *key: keys.append(key) or real(*key))
    return keys


def set_all(measure: float = 150.0, char_width=width) -> list:
    return [set_paragraph(segments(t), measure, char_width, 10.0, first_width=measure - 20) for t in TEXTS]


def new_process(monkeypatch) -> None:
    monkeypatch.setattr(justify, "_memo", {})


def test_the_next_build_takes_the_settings_from_the_cache(computed, monkeypatch):
    with cache.layout_with(cache.ReportLines("report")) as lines:
        first = set_all()
    lines.keep()
    assert len(computed) == len(TEXTS)
    new_process(monkeypatch)
    with cache.layout_with(cache.ReportLines("report")):
        again = set_all()
    assert again == first and len(computed) == len(TEXTS)  # nothing computed the second time
    assert justify.store is None  # the store is the layout's only


def test_a_changed_width_or_face_is_set_afresh(computed, monkeypatch):
    with cache.layout_with(cache.ReportLines("report")) as lines:
        set_all()
    lines.keep()
    for change in ({"measure": 151.0}, {"char_width": lambda ch: width(ch) + (0.5 if ch.isdigit() else 0)}):
        new_process(monkeypatch)
        before = len(computed)
        with cache.layout_with(cache.ReportLines("report")):
            got = set_all(**change)
        assert len(computed) - before == len(TEXTS)
        new_process(monkeypatch)
        assert got == set_all(**change)  # what the breaker gives without any cache


def test_the_entry_holds_only_what_the_last_build_used(computed, monkeypatch):
    with cache.layout_with(cache.ReportLines("report")) as lines:
        set_all()
    lines.keep()
    new_process(monkeypatch)
    with cache.layout_with(cache.ReportLines("report")) as lines:
        set_paragraph(segments(TEXTS[0]), 150.0, width, 10.0, first_width=130.0)
    lines.keep()
    assert len(cache.ReportLines("report")._stored) == 1


@pytest.mark.parametrize("payload", [b"", b"garbage", b"\xe9\x00", bytes([0xFB]) + b"x" * 10])
def test_an_entry_of_another_shape_is_ignored(computed, monkeypatch, payload):
    import marshal

    for data in (payload, marshal.dumps({b"k": ((1, 2),)}), marshal.dumps([1, 2])):
        cachedir.write(cache.NAMESPACE, "report", data, ".marshal")
        new_process(monkeypatch)
        with cache.layout_with(cache.ReportLines("report")):
            got = set_all()
        new_process(monkeypatch)
        assert got == set_all()


def test_a_corrupt_entry_is_discarded_with_one_warning(computed, monkeypatch, tmp_path, capfd):
    with cache.layout_with(cache.ReportLines("report")) as lines:
        first = set_all()
    lines.keep()
    (path,) = (tmp_path / cache.NAMESPACE).iterdir()
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0x55
    path.write_bytes(bytes(blob))
    new_process(monkeypatch)
    capfd.readouterr()
    with cache.layout_with(cache.ReportLines("report")):
        assert set_all() == first
    (line,) = capfd.readouterr().err.splitlines()
    assert line.startswith("reportgen: warning: cache entry cjk-lines/") and "discarded" in line


def test_a_pdf_laid_out_from_the_cache_is_the_same_pdf(cache_dir, monkeypatch):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(cache_dir))
    theme = load_theme(TEMPLATE)
    options = WriteOptions(render_chart=lambda *_: CHART_OPS, timestamp=STAMP)
    monkeypatch.setattr(justify, "_memo", {})
    fresh = write(DOC, theme, options)
    computed = []
    real = justify._set
    monkeypatch.setattr(justify, "_set", lambda *key: computed.append(key) or real(*key))
    new_process(monkeypatch)
    assert write(DOC, theme, options) == fresh
    assert computed == []  # every Chinese paragraph came from the cache
