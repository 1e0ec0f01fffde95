"""Cache warming: after it, the writers find every chart image in the cache (one drawing serves
both formats), whatever the layout or edition; and the build's bytes do not depend on it."""

from pathlib import Path

import pytest

from reportgen.build import build
from reportgen.charts import cache

FLAGSHIP = Path(__file__).resolve().parents[1] / "examples" / "guancheng" / "briefing.yaml"
CHARTS = 7  # in the flagship


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("warmup-cache")


@pytest.mark.parametrize(
    "layout,lang,docx_charts",
    [
        ("interleaved", None, "image"),
        ("parallel", None, "image"),
        ("sequential", "en", "image"),
        ("interleaved", None, "native"),
    ],
)
def test_writers_only_hit_the_cache_after_warming(shared_cache, monkeypatch, layout, lang, docx_charts):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(shared_cache))
    monkeypatch.setenv("REPORTGEN_JOBS", "1")  # everything in this process, so stats see every lookup
    # Picture charts: one drawing serves both formats; native DOCX charts need no image at all.
    images = 2 * CHARTS if docx_charts == "image" else CHARTS
    cache.stats.reset()
    first = build(FLAGSHIP, None, ("pdf", "docx"), layout=layout, lang=lang, docx_charts=docx_charts)
    # Each image the writers use was looked up by them and found: the warm-up drew exactly those.
    assert cache.stats.as_dict() == {"hits": images, "misses": 0}
    assert first.charts["hits"] + first.charts["misses"] == images
    if layout == "interleaved" and docx_charts == "image":
        assert first.charts == {"hits": 0, "misses": 2 * CHARTS}  # cold: one drawing, two formats each
    cache.stats.reset()
    again = build(FLAGSHIP, None, ("pdf", "docx"), layout=layout, lang=lang, docx_charts=docx_charts)
    assert again.charts == {"hits": images, "misses": 0}
    assert again.outputs == first.outputs


def test_workers_draw_on_a_cold_cache_and_none_start_on_a_warm_one(tmp_path, monkeypatch):
    from reportgen import parallel

    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("REPORTGEN_JOBS", "2")
    widths = []
    real = parallel.run

    def spy(tasks, jobs_=None, **kwargs):
        # This process takes fonts from the end of the list (it is one of the jobs); workers draw.
        widths.append(min((jobs_ or parallel.jobs()) - (kwargs.get("here", 0) > 0), len(tasks)))
        return real(tasks, jobs_, **kwargs)

    monkeypatch.setattr(parallel, "run", spy)
    cache.stats.reset()
    cold = build(FLAGSHIP, None, ("pdf",))
    assert cold.charts == {"hits": 0, "misses": CHARTS}  # drawn by the pool's workers...
    assert cache.stats.as_dict() == {"hits": CHARTS, "misses": 0}  # ...so the writer only read them
    assert widths == [1]
    again = build(FLAGSHIP, None, ("pdf",))
    assert again.charts == {"hits": CHARTS, "misses": 0} and again.outputs == cold.outputs
    assert widths == [1]  # warm: nothing handed to workers
    monkeypatch.setenv("REPORTGEN_JOBS", "1")
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "in-turn"))
    assert build(FLAGSHIP, None, ("pdf",)).outputs == cold.outputs  # width 1, in this process: same bytes
