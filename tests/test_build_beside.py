"""The DOCX written in a worker while another lays out the PDF, from the last build's pagination:
the same bytes as when it waits for the PDF, a wrong guess written again here, and nothing beside
when no forkserver was started early (a worker would only finish later)."""

from __future__ import annotations

import dataclasses

import pytest
from tests.conftest import FLAGSHIP

from reportgen import parallel
from reportgen.build import build
from reportgen.writers import beside, beside_preload, write_timed
from reportgen.writers import pagination_memory as memory

FORMATS = ("pdf", "docx")


@pytest.fixture
def runs(cache_dir, monkeypatch):
    """The shared cache, warm; two jobs; no forkserver started yet; records each pool run's tasks."""
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("REPORTGEN_JOBS", "2")
    build(FLAGSHIP, None, FORMATS)  # charts and fonts in the cache: what is left is the writers
    monkeypatch.setattr(parallel, "_started", False)  # as a build from the API, not the CLI
    seen = []
    real = parallel.run

    def spy(tasks, jobs_=None, **kwargs):
        seen.append([(t.func.__name__, t.args[0] if t.func is write_timed else None) for t in tasks])
        return real(tasks, jobs_, **kwargs)

    monkeypatch.setattr(parallel, "run", spy)
    return seen


def test_which_formats_go_beside_and_what_their_worker_loads():
    assert beside(("pdf", "docx")) == ("docx",)
    assert beside(("docx",)) == () and beside(("pdf",)) == ()  # the DOCX alone still needs the PDF's layout
    assert "reportgen.writers.docx" in beside_preload(("docx", "pdf")) and beside_preload(("pdf",)) == ()


def test_the_docx_beside_the_pdf_is_the_docx_written_after_it(runs):
    in_turn = build(FLAGSHIP, None, FORMATS)  # no early forkserver: the DOCX waits for the PDF
    assert runs == []
    parallel.start(beside_preload(FORMATS))
    again = build(FLAGSHIP, None, FORMATS)
    assert runs == [[("paginate", None), ("write_timed", "docx")]]  # both to workers at once
    assert again.outputs == in_turn.outputs
    assert again.timings["docx"] > 0


def test_a_wrong_guess_is_written_again_with_the_real_pagination(runs, monkeypatch):
    first = build(FLAGSHIP, None, FORMATS)
    parallel.start(beside_preload(FORMATS))
    stored = {}
    real_remember = memory.remember
    monkeypatch.setattr(
        memory, "remember", lambda d, o, p: stored.update(doc=d, opts=o, real=p) or real_remember(d, o, p)
    )
    build(FLAGSHIP, None, FORMATS)
    real = stored["real"]
    wrong = dataclasses.replace(real, headings={k: v + 1 for k, v in real.headings.items()})
    real_remember(stored["doc"], stored["opts"], wrong)  # as if an edit had moved every heading
    assert memory.guess(stored["doc"], stored["opts"]) == wrong
    runs.clear()
    again = build(FLAGSHIP, None, FORMATS)
    assert runs == [[("paginate", None), ("write_timed", "docx")]]  # written beside, from the wrong guess...
    assert again.outputs == first.outputs  # ...and again here, with the PDF's page numbers
    assert memory.guess(stored["doc"], stored["opts"]) == real  # the right pagination replaces the guess


def test_one_job_writes_in_turn(runs, monkeypatch):
    monkeypatch.setenv("REPORTGEN_JOBS", "1")
    parallel.start(beside_preload(FORMATS))
    build(FLAGSHIP, None, FORMATS)
    assert runs == []
