"""Theme -> matplotlib settings, font registration and text helpers for the chart renderer.

Input: a :class:`reportgen.theme.Theme` (fonts, sizes, colours) and model :class:`Text`.
Output: an rcParams dict for ``rc_context``, colours, and label strings ready to draw.

matplotlib is imported inside functions only: importing this module stays cheap.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from reportgen.model import Text
from reportgen.text.deferred import DeferredPattern
from reportgen.theme import Theme

LATIN_ROLE = "en_heading"  # sans faces read best at caption size
CJK_ROLE = "zh_heading"
MINUS = "\u2212"

_registered: dict[str, str] = {}  # font file path -> family name, per process
FACE_OF_ROLE = {LATIN_ROLE: "latin", CJK_ROLE: "cjk"}
_faces: dict[str, str] = {}  # font file path -> "latin" / "cjk": which pdfops face draws it
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Style:
    """What the drawing functions need from the theme, resolved once per render."""

    size: float  # points: data labels, tick labels, legend
    small: float  # points: the source note
    text: str
    muted: str
    rule: str
    main: str  # the main series
    others: tuple[str, ...]  # further series, in order
    positive: str  # pct_change bars >= 0
    negative: str  # pct_change bars < 0
    palette: tuple[str, ...]  # donut slices


def register_fonts(theme: Theme) -> tuple[str, str]:
    """Make the theme's Latin and CJK chart faces known to matplotlib; return their families.

    Done once per font file and process. The family names come from the files themselves, so
    the fallback list names exactly the faces that were registered.
    """
    from matplotlib.font_manager import FontProperties, fontManager

    names = []
    with _lock:
        for role in (LATIN_ROLE, CJK_ROLE):
            path = str(theme.fonts[role].regular)
            if path not in _registered:
                fontManager.addfont(path)
                _registered[path] = FontProperties(fname=path).get_name()
                _prefer(fontManager, path, _registered[path])
            _faces.setdefault(path, FACE_OF_ROLE[role])
            names.append(_registered[path])
    return names[0], names[1]


def face_of(path: str) -> str | None:
    """Which chart face (``latin``/``cjk``) a registered font file is, None if it is not one."""
    return _faces.get(path)


def _prefer(manager, path: str, family: str) -> None:
    """If another installed file has the same family name and wins the lookup, put ours first."""
    from matplotlib.font_manager import FontProperties

    found = manager.findfont(FontProperties(family=[family]), fallback_to_default=False)
    if found != path:
        ours = [e for e in manager.ttflist if e.fname == path]
        manager.ttflist[:] = ours + [e for e in manager.ttflist if e.fname != path]
        manager._findfont_cached.cache_clear()  # no public API for re-ranking


def make_style(theme: Theme) -> Style:
    c = theme.colours
    palette = tuple(theme.chart_colours) or ("#444444",)
    main = c.get("primary", palette[0])
    others = tuple(x for x in palette if x.lower() != main.lower()) or (c.get("muted", "#888888"),)
    size = float(theme.sizes.get("caption", 8.5))
    return Style(
        size=size,
        small=max(size - 1.0, 6.0),
        text=c.get("text", "#1F1F1F"),
        muted=c.get("muted", "#5F6368"),
        rule=c.get("rule", "#C9C9C9"),
        main=main,
        others=others,
        positive=main,
        negative=c.get("secondary", others[0]),
        palette=(main, *others),
    )


def rc_params(theme: Theme, style: Style) -> dict:
    """rcParams for one render: fonts with CJK fallback, sizes in real points, no chart junk."""
    latin, cjk = register_fonts(theme)
    return {
        "font.family": [latin, cjk],
        "font.size": style.size,
        "axes.unicode_minus": True,
        "axes.titlesize": style.size,
        "axes.labelsize": style.size,
        "axes.edgecolor": style.muted,
        "axes.labelcolor": style.text,
        "axes.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": False,
        "axes.axisbelow": True,
        "grid.color": style.rule,
        "grid.linewidth": 0.4,
        "xtick.labelsize": style.size,
        "ytick.labelsize": style.size,
        "xtick.color": style.muted,
        "ytick.color": style.muted,
        "xtick.labelcolor": style.text,
        "ytick.labelcolor": style.text,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "xtick.major.size": 0,
        "ytick.major.size": 0,
        "xtick.major.pad": 3,
        "ytick.major.pad": 3,
        "legend.fontsize": style.size,
        "legend.frameon": False,
        "text.color": style.text,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "figure.dpi": 300,
        "savefig.dpi": 300,
        "figure.constrained_layout.h_pad": 2 / 72,
        "figure.constrained_layout.w_pad": 2 / 72,
        "svg.fonttype": "path",
        "svg.hashsalt": "reportgen-charts",
        "svg.image_inline": True,
        "path.simplify": False,
    }


# --- text ------------------------------------------------------------------------------------

# Compiled when a chart is drawn, not when a warm build imports this module (~9 ms).
_CJK = DeferredPattern(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_HYPHEN_MINUS = re.compile(r"(?<![\w.])-(?=[\d.])")


def fix(s: str) -> str:
    """Typographic clean-up for drawn text: U+2212 for a minus, literal dollar signs."""
    return _HYPHEN_MINUS.sub(MINUS, s).replace("$", r"\$")


def pick(text: Text, langs: str, sep: str = "\n") -> str:
    """A name (category, series, panel) for ``langs``; bilingual joins zh and en with ``sep``
    (once if the zh form already says it: "2015年" / "2015")."""
    if langs == "zh":
        return text.zh
    if langs == "en":
        return text.en
    zh, en = text.zh.strip(), text.en.strip()
    if not en or en.lower() in zh.lower():
        return text.zh
    if not zh:
        return text.en
    return f"{text.zh}{sep}{text.en}"


_BARE_NUMBER = re.compile(r"[\u2212+-]?[\d,.]+")


def value_label(text: Text, langs: str, sep: str = "\n") -> str:
    """The one rule for a value, axis or legend figure on a chart, in every format.

    A single-language edition shows its language. A bilingual chart shows what both readers can
    read: the form once when the two agree (−46.1%), the bare number when English has no unit
    words (a count: "42" rather than "42所 / 42"), else the Chinese and the English
    ("674亿元" over "CNY 67.4 bn"), joined by ``sep``.
    """
    if langs in ("zh", "en"):
        return text.get(langs)  # type: ignore[arg-type]
    zh, en = text.zh.strip(), text.en.strip()
    if zh == en or not en:
        return zh
    if _BARE_NUMBER.fullmatch(en):
        return en
    return f"{zh}{sep}{en}"


def is_cjk(s: str) -> bool:
    return bool(_CJK.search(s))


def text_width_pt(s: str, size: float) -> float:
    """A rough, generous width of one line: CJK ideographs 1 em, Latin 0.55 em (Source Sans)."""
    return sum(size if _CJK.match(ch) else size * 0.55 for ch in s)


def wrap(s: str, max_pt: float, size: float) -> str:
    """Wrap each line of ``s`` to at most ``max_pt`` points, in balanced lines.

    Chinese breaks where :mod:`reportgen.text.linebreak` allows (never inside a number with
    its unit, never before 、 or ）), English at spaces only. Lines are balanced (the fewest
    lines, then the narrowest width giving that many), so a label never ends with one
    character alone on its last line ("幼儿 / 园").
    """
    out = []
    for line in s.split("\n"):
        if text_width_pt(line, size) <= max_pt:
            out.append(line)
        else:
            out.extend(_balanced(line, max_pt, size))
    return "\n".join(out)


def _balanced(line: str, max_pt: float, size: float) -> list[str]:
    from reportgen.text import linebreak

    units = linebreak.segments(line) if is_cjk(line) else re.findall(r"\S+\s*", line)

    def measure(x: str) -> float:
        return text_width_pt(x, size)

    def lines_at(width: float) -> list[str]:
        lines = [list(parts) for parts in linebreak.wrap(units, width, measure)]
        # a lone ideograph on the last line takes the unit before it along (幼儿 / 园 -> 幼 / 儿园)
        k = len(lines) - 1
        while k > 0 and len("".join(lines[k]).strip()) == 1 and len(lines[k - 1]) > 1:
            lines[k].insert(0, lines[k - 1].pop())
            k -= 1
        return ["".join(parts).strip() for parts in lines]

    # never inside a word: a word wider than the line gets a line of its own, as wide as it is
    lo = max(measure(u.strip()) for u in units)
    hi = max(max_pt, lo)
    best = lines_at(hi)
    if lo >= hi:
        return best
    for _ in range(12):  # the narrowest width that needs no more lines than max_pt does
        mid = (lo + hi) / 2
        trial = lines_at(mid)
        if len(trial) <= len(best):
            hi, best = mid, trial
        else:
            lo = mid
    return best


def line_count(s: str) -> int:
    return s.count("\n") + 1
