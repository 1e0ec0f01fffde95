"""The last build's pagination, kept per report: what comes back is what was stored, and an entry
of another shape or a damaged one is no guess at all."""

from __future__ import annotations

import pytest
from tests.writers.test_pdf import DOC, STAMP

from reportgen import cachedir
from reportgen.writers import Pagination, WriteOptions
from reportgen.writers import pagination_memory as memory

OPTIONS = WriteOptions(render_chart=lambda *_: b"", timestamp=STAMP)
PAGINATION = Pagination(
    pages=12,
    headings={"economy": 3, "economy-sub": 3, "subdistricts": 7},
    table_widths=((0.4123456789012345, 0.2938271604938272, 0.29382716049382713),),
    table_breaks=((17, 40),),
)


@pytest.fixture(autouse=True)
def cache(monkeypatch, tmp_path):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_round_trip_exactly_and_per_report():
    assert memory.guess(DOC, OPTIONS) is None
    memory.remember(DOC, OPTIONS, PAGINATION)
    assert memory.guess(DOC, OPTIONS) == PAGINATION  # floats and all: compared with the real one later
    other_layout = WriteOptions(render_chart=OPTIONS.render_chart, timestamp=STAMP, layout="parallel")
    assert memory.guess(DOC, other_layout) is None  # another layout is another report


def test_an_unchanged_pagination_is_not_written_again(cache):
    memory.remember(DOC, OPTIONS, PAGINATION)
    (entry,) = (cache / memory.NAMESPACE).iterdir()
    stamp = entry.stat().st_mtime_ns
    memory.remember(DOC, OPTIONS, PAGINATION)
    assert entry.stat().st_mtime_ns == stamp


@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b"[]",
        b'{"pages": "12", "headings": {}, "table_widths": [], "table_breaks": []}',
        b'{"pages": 12, "headings": {"a": 1.5}, "table_widths": [], "table_breaks": []}',
        b'{"pages": 12, "headings": {}, "table_widths": [["x"]], "table_breaks": []}',
        b'{"pages": 12, "headings": {}, "table_widths": [], "table_breaks": [[1.0]]}',
        b'{"pages": 12, "headings": {}}',
    ],
)
def test_an_entry_of_another_shape_is_no_guess(payload):
    cachedir.write(memory.NAMESPACE, memory._key(DOC, OPTIONS), payload, ".json")
    assert memory.guess(DOC, OPTIONS) is None


def test_a_damaged_entry_is_no_guess(cache, capfd):
    memory.remember(DOC, OPTIONS, PAGINATION)
    (entry,) = (cache / memory.NAMESPACE).iterdir()
    blob = bytearray(entry.read_bytes())
    blob[-2] ^= 0xFF
    entry.write_bytes(bytes(blob))
    assert memory.guess(DOC, OPTIONS) is None
