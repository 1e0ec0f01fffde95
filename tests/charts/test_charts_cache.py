"""reportgen.charts.cache and reportgen.cachedir: keys, hits, misses, atomic files."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from reportgen import cachedir
from reportgen.charts import cache
from reportgen.model import Chart, ChartSpec, Series, Text
from reportgen.theme import FontFace, Page, Theme, _find_font_file


def make_theme(primary: str = "#A61C1C") -> Theme:
    sans = _find_font_file(["pkg:font_source_sans_pro/files/SourceSansPro-Regular.ttf"], "test")
    cjk = _find_font_file(["pkg:mplfonts/fonts/NotoSansCJKsc-Regular.otf"], "test")
    fonts = {
        r: FontFace("x", cjk if r.startswith("zh") else sans)
        for r in ("zh_body", "zh_heading", "en_body", "en_heading")
    }
    return Theme(
        page=Page(210, 297, 37, 35, 28, 26, 22, 20, "{n}"),
        fonts=fonts,
        sizes={"caption": 8.5},
        colours={"text": "#1F1F1F", "muted": "#5F6368", "primary": primary, "secondary": "#1F4E79", "rule": "#C9C9C9"},
        chart_colours=(primary, "#1F4E79", "#D98C2B"),
        logo=None,
        source=Path("theme.yaml"),
    )


SPEC = ChartSpec(
    kind="bar",
    title=Text("收入", "Revenue"),
    categories=(Text("甲区", "District A"), Text("乙区", "District B")),
    series=(
        Series(
            Text("2020年", "2020"), (674.0, 52.3), (Text("674亿元", "CNY 67.4 bn"), Text("52.3亿元", "CNY 5.23 bn"))
        ),
    ),
    unit=Text("亿元", "CNY 100 million"),
)


@pytest.fixture
def cache_root(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(root))
    monkeypatch.setattr(cachedir, "_warned", set())  # each test sees its own warnings
    cache.stats.reset()
    return root


@pytest.fixture(scope="module")
def theme() -> Theme:
    return make_theme()


def test_cache_dir_honours_env_and_creates_it(tmp_path, monkeypatch):
    target = tmp_path / "a" / "b"
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(target))
    assert cachedir.cache_dir() == target and target.is_dir()


def test_cache_dir_defaults_to_platform_user_cache(tmp_path, monkeypatch):
    import platformdirs

    monkeypatch.delenv("REPORTGEN_CACHE_DIR", raising=False)
    seen = []
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda name: seen.append(name) or str(tmp_path / "user-cache"))
    assert cachedir.cache_dir() == tmp_path / "user-cache" and seen == ["reportgen"]


def test_second_call_hits_and_returns_same_bytes(cache_root, theme):
    first = cache.cached_render(SPEC, theme, "png", 80.0, "zh+en")
    assert cache.stats.as_dict() == {"hits": 0, "misses": 1}
    files = list((cache_root / "charts").iterdir())
    assert len(files) == 1 and files[0].suffix == ".png"
    assert cachedir.read("charts", cache.cache_key(SPEC, theme, "png", 80.0, "zh+en"), ".png") == first
    assert cache.cached_render(SPEC, theme, "png", 80.0, "zh+en") == first
    assert cache.stats.as_dict() == {"hits": 1, "misses": 1}


def test_any_change_misses(cache_root, theme):
    cache.cached_render(SPEC, theme, "svg", 80.0, "zh")
    other_spec = dataclasses.replace(SPEC, unit=Text("万元", "CNY 10,000"))
    cache.cached_render(other_spec, theme, "svg", 80.0, "zh")
    cache.cached_render(SPEC, theme, "svg", 81.0, "zh")
    cache.cached_render(SPEC, theme, "svg", 80.0, "en")
    cache.cached_render(SPEC, theme, "png", 80.0, "zh")
    cache.cached_render(SPEC, make_theme(primary="#123456"), "svg", 80.0, "zh")
    assert cache.stats.as_dict() == {"hits": 0, "misses": 6}
    assert len(list((cache_root / "charts").iterdir())) == 6  # and no temp files left behind


def test_key_covers_renderer_version_and_matplotlib(theme, monkeypatch):
    key = cache.cache_key(SPEC, theme, "svg", 80.0, "zh")
    assert key == cache.cache_key(SPEC, theme, "svg", 80.0, "zh")  # stable
    monkeypatch.setattr(cache, "RENDERER_VERSION", "test-bump")
    bumped = cache.cache_key(SPEC, theme, "svg", 80.0, "zh")
    monkeypatch.setattr(cache, "_matplotlib_version", lambda: "0.0")
    assert len({key, bumped, cache.cache_key(SPEC, theme, "svg", 80.0, "zh")}) == 3


def test_empty_cache_file_is_redrawn(cache_root, theme):
    good = cache.cached_render(SPEC, theme, "svg", 80.0, "zh")
    (path,) = (cache_root / "charts").iterdir()
    path.write_bytes(b"")
    assert cache.cached_render(SPEC, theme, "svg", 80.0, "zh") == good
    assert cache.stats.misses == 2
    assert cachedir.read("charts", cache.cache_key(SPEC, theme, "svg", 80.0, "zh"), ".svg") == good


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


@pytest.mark.parametrize("fmt", ["pdfops", "png", "svg"])
@pytest.mark.parametrize("damage", ["flip-payload", "flip-header", "truncate", "empty"])
def test_damaged_entry_is_discarded_redrawn_and_warned(cache_root, theme, capsys, fmt, damage):
    good = cache.cached_render(SPEC, theme, fmt, 80.0, "zh")
    (path,) = (cache_root / "charts").iterdir()
    blob = path.read_bytes()
    path.write_bytes(
        {
            "flip-payload": lambda: _flip(blob, len(blob) - 7),
            "flip-header": lambda: _flip(blob, 10),
            "truncate": lambda: blob[: len(blob) // 2],
            "empty": lambda: b"",
        }[damage]()
    )
    capsys.readouterr()
    assert cache.missing(SPEC, theme, (fmt,), 80.0, "zh") == (fmt,)
    assert cache.cached_render(SPEC, theme, fmt, 80.0, "zh") == good
    assert cache.stats.as_dict() == {"hits": 0, "misses": 2}
    warnings = capsys.readouterr().err.strip().splitlines()
    assert len(warnings) == 1, warnings
    assert all(w.startswith("reportgen: warning: cache entry charts/") for w in warnings)
    assert cache.cached_render(SPEC, theme, fmt, 80.0, "zh") == good and cache.stats.hits == 1


def test_swapped_entries_are_not_used(cache_root, theme):
    other = dataclasses.replace(SPEC, series=(dataclasses.replace(SPEC.series[0], values=(100.0, 400.0)),))
    first = cache.cached_render(SPEC, theme, "svg", 80.0, "zh")
    second = cache.cached_render(other, theme, "svg", 80.0, "zh")
    assert first != second
    a, b = sorted((cache_root / "charts").iterdir())
    data_a, data_b = a.read_bytes(), b.read_bytes()
    a.write_bytes(data_b)
    b.write_bytes(data_a)
    assert cache.cached_render(SPEC, theme, "svg", 80.0, "zh") == first
    assert cache.cached_render(other, theme, "svg", 80.0, "zh") == second
    assert cache.stats.misses == 4


def test_entry_file_checks_its_bytes(cache_root, capsys):
    built = []

    def build() -> bytes:
        built.append(1)
        return b"font bytes " * 100

    path = cachedir.entry_file("fonts", "key-1", ".ttf", build)
    assert path.read_bytes() == b"font bytes " * 100 and len(built) == 1
    assert cachedir.entry_file("fonts", "key-1", ".ttf", build) == path and len(built) == 1
    path.write_bytes(_flip(path.read_bytes(), 50))
    again = cachedir.entry_file("fonts", "key-1", ".ttf", build)
    assert again.read_bytes() == b"font bytes " * 100 and len(built) == 2
    assert "cache entry fonts/" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["file", "under-file"])
def test_unusable_cache_dir_means_no_cache(tmp_path, monkeypatch, capsys, theme, where):
    monkeypatch.setattr(cachedir, "_warned", set())
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(blocker if where == "file" else blocker / "sub"))
    assert cachedir.cache_dir() is None
    cachedir.check()
    cachedir.check()
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("reportgen: warning: REPORTGEN_CACHE_DIR=") and "without a cache" in line
    cache.stats.reset()
    first = cache.cached_render(SPEC, theme, "svg", 80.0, "zh")
    assert cache.cached_render(SPEC, theme, "svg", 80.0, "zh") == first and cache.stats.misses == 2
    path = cachedir.entry_file("fonts", "k", ".ttf", lambda: b"x" * 64)
    assert path.read_bytes() == b"x" * 64 and not path.is_relative_to(tmp_path)


def test_make_renderer_matches_writer_contract(cache_root, theme):
    chart = Chart(id="fig-1", spec=SPEC, caption=SPEC.title, alt=Text("甲区674亿元", "District A CNY 67.4 bn"))
    render_chart = cache.make_renderer(theme)
    data = render_chart(chart, "png", 80.0, "en")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert render_chart(chart, "png", 80.0, "en") == data and cache.stats.hits == 1
