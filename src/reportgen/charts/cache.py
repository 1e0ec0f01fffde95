"""On-disk cache around :func:`reportgen.charts.render`.

Input: the same arguments as ``render`` (spec, theme, format, width in mm, languages).
Output: the same bytes, read from the ``charts`` namespace of :mod:`reportgen.cachedir` when a
chart with the same key was drawn before (by this or any earlier run), checksum verified.

The key covers everything that changes the image: the spec (serialised as sorted JSON), the
format, width and languages, the theme's colours, sizes and chart font files (path and size),
the matplotlib version and :data:`reportgen.charts.RENDERER_VERSION`. Entries are written
atomically and verified on read (a damaged one is redrawn), so a build never uses half an image
or another chart's.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.util
import json
import re
import threading
from pathlib import Path

from reportgen import cachedir
from reportgen.charts import RENDERER_VERSION, render, render_many
from reportgen.charts.style import CJK_ROLE, LATIN_ROLE
from reportgen.model import Chart, ChartSpec
from reportgen.theme import Theme


@dataclasses.dataclass
class CacheStats:
    """Hits and misses of this process, for tests and the build manifest."""

    hits: int = 0
    misses: int = 0
    _lock: threading.Lock = dataclasses.field(default_factory=threading.Lock, repr=False, compare=False)

    def hit(self) -> None:
        with self._lock:
            self.hits += 1

    def miss(self) -> None:
        with self._lock:
            self.misses += 1

    def reset(self) -> None:
        with self._lock:
            self.hits = self.misses = 0

    def as_dict(self) -> dict[str, int]:
        return {"hits": self.hits, "misses": self.misses}


stats = CacheStats()


def _font_entry(path) -> dict:
    path = Path(path)  # a theme FontFile or a plain path
    try:
        size = path.stat().st_size
    except OSError:
        size = -1
    return {"path": str(path), "size": size}


def _theme_key(theme: Theme) -> dict:
    return {
        "colours": theme.colours,
        "chart_colours": list(theme.chart_colours),
        "sizes": theme.sizes,
        "fonts": {role: _font_entry(theme.fonts[role].regular) for role in (LATIN_ROLE, CJK_ROLE)},
    }


@functools.cache
def _matplotlib_version() -> str:
    """matplotlib's version without importing it (a cache hit must stay cheap).

    Read from its ``_version.py``: ``importlib.metadata.version`` scans every installed
    distribution and cost 40 ms, a tenth of a warm PDF.
    """
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.origin:
        try:
            text = (Path(spec.origin).parent / "_version.py").read_text(encoding="utf-8")
            found = re.search(r"""^\s*(?:__version__|version)\s*=\s*["']([^"']+)["']""", text, re.M)
            if found:
                return found.group(1)
        except OSError:
            pass
    from importlib import metadata  # only here: importing it costs ~10 ms (email, zipfile, csv...)

    try:
        return metadata.version("matplotlib")
    except metadata.PackageNotFoundError:
        return "unknown"


def cache_key(spec: ChartSpec, theme: Theme, fmt: str, width_mm: float, langs: str) -> str:
    """The sha256 hex digest naming the cached image for these arguments."""
    payload = {
        "spec": dataclasses.asdict(spec),
        "fmt": fmt,
        "width_mm": round(float(width_mm), 3),
        "langs": langs,
        "theme": _theme_key(theme),
        "matplotlib": _matplotlib_version(),
        "renderer": RENDERER_VERSION,
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


NAMESPACE = "charts"


def _read(spec: ChartSpec, theme: Theme, fmt: str, width_mm: float, langs: str) -> bytes | None:
    data = cachedir.read(NAMESPACE, cache_key(spec, theme, fmt, width_mm, langs), f".{fmt}")
    return data or None


def _store(spec: ChartSpec, theme: Theme, fmt: str, width_mm: float, langs: str, data: bytes) -> None:
    cachedir.write(NAMESPACE, cache_key(spec, theme, fmt, width_mm, langs), data, f".{fmt}")


def missing(spec: ChartSpec, theme: Theme, fmts: tuple[str, ...], width_mm: float, langs: str) -> tuple[str, ...]:
    """Which of ``fmts`` the cache does not hold intact for this chart (damaged entries are
    discarded here, in the building process, so they are redrawn and warned about once)."""
    return tuple(fmt for fmt in fmts if _read(spec, theme, fmt, width_mm, langs) is None)


def fill(spec: ChartSpec, theme: Theme, fmts: tuple[str, ...], width_mm: float, langs: str) -> int:
    """Draw the chart once, store it in each of ``fmts``; returns the number of images stored."""
    images = render_many(spec, theme, fmts, width_mm, langs)  # type: ignore[arg-type]
    for fmt, data in images.items():
        _store(spec, theme, fmt, width_mm, langs, data)
    return len(images)


def cached_render(spec: ChartSpec, theme: Theme, fmt: str, width_mm: float, langs: str) -> bytes:
    """``render(...)``, but served from the cache folder when the same chart was drawn before."""
    data = _read(spec, theme, fmt, width_mm, langs)
    if data is not None:
        stats.hit()
        return data
    stats.miss()
    data = render(spec, theme, fmt, width_mm, langs)  # type: ignore[arg-type]
    _store(spec, theme, fmt, width_mm, langs, data)  # a read-only or full cache must not fail the build
    return data


@dataclasses.dataclass(frozen=True, slots=True)
class Renderer:
    """A :data:`reportgen.writers.ChartRenderer` bound to a theme: a class, not a closure, so the
    write options that carry it can be sent to a worker process."""

    theme: Theme
    cached: bool = True

    def __call__(self, chart: Chart, fmt: str, width_mm: float, langs: str) -> bytes:
        draw = cached_render if self.cached else render
        return draw(chart.spec, self.theme, fmt, width_mm, langs)  # type: ignore[arg-type]


def make_renderer(theme: Theme, *, cached: bool = True) -> Renderer:
    """The renderer the CLI passes on to the writers."""
    return Renderer(theme, cached)
