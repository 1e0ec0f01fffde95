"""The native charts' cached parts: a cached chart part is the fresh one byte for byte, anything
the parts are made from changes the key, and a damaged entry is remade with one warning line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile

import pytest
from tests.writers.test_docx import make_theme
from tests.writers.test_docx_charts import _one_chart_per_kind

from reportgen import model
from reportgen.writers import WriteOptions, docx_charts
from reportgen.writers.docx import write
from reportgen.writers.docx_chart_parts import NAMESPACE, cached_parts, parts_key

STAMP = dt.datetime(2024, 1, 1, 12, tzinfo=dt.UTC)
META = model.Meta(
    title=model.Text("题", "T"),
    short_title=model.Text("题", "T"),
    subject=model.Text("题", "T"),
    author=model.Text("者", "A"),
    keywords=model.Text("词", "k"),
    date=dt.date(2024, 1, 1),
)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(folder))
    return folder


def entries(cache) -> list:
    return sorted((cache / NAMESPACE).glob("*.bin"))


def build(charts) -> bytes:
    options = WriteOptions(render_chart=lambda *a: pytest.fail("no picture for native charts"), timestamp=STAMP)
    return write(model.Document(meta=META, blocks=tuple(charts)), make_theme(), options)


def never_made(*args):
    pytest.fail("the parts were made again instead of read from the cache")


def test_a_cached_chart_part_is_the_fresh_one(cache, monkeypatch):
    charts = _one_chart_per_kind()
    fresh = build(charts)
    assert len(entries(cache)) == len(charts)  # one entry per chart (every kind)
    monkeypatch.setattr(docx_charts, "make_parts", never_made)
    assert build(charts) == fresh  # the whole DOCX, chart XML and workbooks included


def test_the_entry_holds_what_make_parts_makes(cache):
    chart = _one_chart_per_kind()[0]
    theme = make_theme()
    made = docx_charts.make_parts(chart.spec, theme, "zh+en", STAMP)
    assert cached_parts(chart.spec, theme, "zh+en", STAMP, lambda: made) == made
    assert cached_parts(chart.spec, theme, "zh+en", STAMP, never_made) == made
    xml, workbook = made
    assert xml.startswith(b"<c:chartSpace") and zipfile.ZipFile(io.BytesIO(workbook)).testzip() is None


def test_whatever_the_parts_are_made_from_changes_the_key():
    chart = _one_chart_per_kind()[0]
    theme = make_theme()
    base = parts_key(chart.spec, theme, "zh+en", STAMP)
    first = chart.spec.series[0]
    changed = dataclasses.replace(chart.spec, series=(dataclasses.replace(first, values=(12.5, -3.0, 41.0)),))
    others = [
        parts_key(changed, theme, "zh+en", STAMP),
        parts_key(chart.spec, theme, "en", STAMP),
        parts_key(chart.spec, theme, "zh+en", STAMP + dt.timedelta(days=1)),
        parts_key(chart.spec, dataclasses.replace(theme, chart_colours=("#000000",)), "zh+en", STAMP),
        parts_key(chart.spec, dataclasses.replace(theme, sizes={**theme.sizes, "caption": 9.0}), "zh+en", STAMP),
    ]
    assert len({base, *others}) == 1 + len(others)
    assert parts_key(chart.spec, make_theme(), "zh+en", STAMP) == base  # and nothing else does


def test_a_changed_spec_misses_and_shows_its_own_numbers(cache):
    from tests.writers.test_docx_charts import cached_numbers, native_charts

    chart = _one_chart_per_kind()[0]
    build([chart])
    first = chart.spec.series[0]
    spec = dataclasses.replace(chart.spec, series=(dataclasses.replace(first, values=(12.5, -3.0, 41.0)),))
    path = cache.parent / "changed.docx"
    path.write_bytes(build([dataclasses.replace(chart, spec=spec)]))
    assert len(entries(cache)) == 2
    ser = native_charts(path)[0]["space"].find(".//{http://schemas.openxmlformats.org/drawingml/2006/chart}ser")
    assert cached_numbers(ser) == [12.5, -3.0, 41.0]


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage"])
def test_a_damaged_entry_is_remade_with_one_warning(cache, capsys, monkeypatch, damage):
    from reportgen import cachedir

    charts = _one_chart_per_kind()[:2]
    fresh = build(charts)
    capsys.readouterr()
    monkeypatch.setattr(cachedir, "_warned", set())  # warnings are once per process and message
    entry = entries(cache)[0]
    if damage == "garbage":  # intact checksums around a payload that is no pair of parts
        cachedir.write(NAMESPACE, entry.stem, b"\xff" * 12, ".bin")  # the file is named by its key
    else:
        blob = bytearray(entry.read_bytes())
        if damage == "flip":
            blob[-10] ^= 0x01
        else:
            del blob[len(blob) // 2 :]
        entry.write_bytes(bytes(blob))
    assert build(charts) == fresh  # remade, never used
    err = capsys.readouterr().err
    if damage == "garbage":
        assert err == ""
    else:
        assert err.count("\n") == 1 and err.startswith("reportgen: warning: cache entry docx-charts/")
        assert "Traceback" not in err
    monkeypatch.setattr(docx_charts, "make_parts", never_made)
    assert build(charts) == fresh  # and stored again, whole
