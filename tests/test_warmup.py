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


@pytest.mark.parametrize("layout,lang", [("interleaved", None), ("parallel", None), ("sequential", "en")])
def test_writers_only_hit_the_cache_after_warming(shared_cache, monkeypatch, layout, lang):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(shared_cache))
    monkeypatch.setenv("REPORTGEN_NO_FORK", "1")  # both writers in this process, so stats see both
    cache.stats.reset()
    first = build(FLAGSHIP, None, ("pdf", "docx"), layout=layout, lang=lang)
    # Each image the writers use was looked up by them and found: the warm-up drew exactly those.
    assert cache.stats.as_dict() == {"hits": 2 * CHARTS, "misses": 0}
    assert first.charts["hits"] + first.charts["misses"] == 2 * CHARTS
    if layout == "interleaved":
        assert first.charts == {"hits": 0, "misses": 2 * CHARTS}  # cold: one drawing, two formats each
    cache.stats.reset()
    again = build(FLAGSHIP, None, ("pdf", "docx"), layout=layout, lang=lang)
    assert again.charts == {"hits": 2 * CHARTS, "misses": 0}
    assert again.outputs == first.outputs
