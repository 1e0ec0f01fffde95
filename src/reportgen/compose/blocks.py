"""Turning content into document-model blocks: the functions a template calls.

Each function appends blocks to the document being composed and returns an empty string,
so ``{{ section(s) }}`` in a template adds a section (heading, blocks, sub-sections) and prints
nothing. The template decides order and selection; these functions decide only how content
maps to blocks. Each block kind's own mapping is in :mod:`reportgen.compose.kinds`; inline
markup is parsed once here, through :mod:`reportgen.compose.inline`.
"""

from __future__ import annotations

import functools
import inspect
from pathlib import Path

import jinja2

from reportgen.compose.charts import resolve_chart
from reportgen.compose.inline import MarkupError, has_markup, parse_inline
from reportgen.compose.kinds import COMPOSERS
from reportgen.content import LoadedContent
from reportgen.content.quantities import change_text, date_text, figure_text, fill
from reportgen.content.schema import BiText, ChartIn, Section
from reportgen.errors import InputError
from reportgen.model import (
    Chart,
    Column,
    Cover,
    Footnote,
    Heading,
    KeyFigure,
    KeyFigures,
    PageBreak,
    Paragraph,
    Table,
    TableOfContents,
    Text,
)


def _text(value: BiText | Text) -> Text:
    if isinstance(value, Text):
        return value
    if isinstance(value, BiText):
        return Text(zh=value.zh, en=value.en)
    raise InputError(f"expected a bilingual text {{zh, en}}, got {type(value).__name__}")


def _strict(fn):
    """Passing an undefined value (``content.no_such_thing``) raises Jinja2's own error naming it."""

    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def call(*args, **kwargs):
        for value in (*args, *kwargs.values()):
            if isinstance(value, jinja2.Undefined):
                value._fail_with_undefined_error()
        try:
            signature.bind(*args, **kwargs)
        except TypeError as err:  # the template's call is wrong (bad input), not our function
            raise InputError(f"{fn.__name__}(): {err}") from None
        return fn(*args, **kwargs)

    return call


class BlockBuilder:
    """Collects blocks in the order the template asks for them."""

    def __init__(self, loaded: LoadedContent, logo: Path | None = None, text_width_mm: float | None = None) -> None:
        self.loaded = loaded
        self.content = loaded.content
        self.logo = logo
        self.text_width_mm = text_width_mm  # to check an image's resolution at its placed size
        self.blocks: list = []
        self._anchors: set[str] = set()
        self._links: list[tuple[str, list]] = []  # (#anchor, field path) to check once all headings exist
        self._where = _content_paths(loaded.content)  # id(model) -> (field path, section level)
        self._note_names = frozenset(self.content.footnotes)
        self.footnotes = tuple(
            Footnote(name, self.rich(text, ["footnotes", name], notes=False))
            for name, text in self.content.footnotes.items()
        )

    def functions(self) -> dict:
        """The names a template can call."""
        calls = {
            "cover": self.cover,
            "toc": self.toc,
            "heading": self.heading,
            "paragraph": self.paragraph,
            "key_figures": self.key_figures,
            "indicator_table": self.indicator_table,
            "chart": self.chart,
            "page_break": self.page_break,
            "section": self.section,
            "blocks": self.blocks_of,
            "block": self.block,
            "text": self.text,
            "figure": self.figure,
        }
        return {name: _strict(fn) for name, fn in calls.items()}

    def _add(self, block) -> str:
        self.blocks.append(block)
        return ""

    # -- texts ------------------------------------------------------------------------------------
    def rich(self, value, loc: list | None = None, notes: bool = True) -> Text:
        """A content text (markup and placeholders in either language) as a model Text."""
        value = _text(value)
        spans = {}
        for lang in ("zh", "en"):
            try:
                spans[lang] = parse_inline(
                    value.get(lang),
                    lambda source, lang=lang: fill(source, lang, self.content.figures),
                    self._note_names if notes else None,
                )
            except MarkupError as err:
                where = self.loaded.where([*loc, lang]) if loc is not None else self.loaded.path.name
                raise InputError(f"{where}: {err}") from None
            except KeyError as err:  # fill() on a figure the content lacks
                where = self.loaded.where([*loc, lang]) if loc is not None else self.loaded.path.name
                raise InputError(f"{where}: text refers to unknown figure {{{err.args[0]}}}") from None
            for span in spans[lang]:
                if getattr(span, "internal", False):
                    self._links.append((span.link[1:], [*(loc or []), lang]))
        if not any(has_markup(s) for s in spans.values()):
            return Text(zh=_plain_of(spans["zh"]), en=_plain_of(spans["en"]))
        return Text.of_spans(spans["zh"], spans["en"])

    def plain(self, value) -> Text:
        """A text shown where no markup can go (alt text): as typed."""
        return _text(value)

    def check_links(self) -> None:
        for anchor, loc in self._links:
            if anchor not in self._anchors:
                raise InputError(f"{self.loaded.where(loc)}: link to #{anchor}, but no section or heading has that id")

    # -- helpers a template uses to build values ------------------------------------------------
    def text(self, zh: str, en: str) -> Text:
        return Text(zh=str(zh), en=str(en))

    def figure(self, name: str, lang: str = "zh") -> str:
        fig = self._figure(name)
        return figure_text(fig).get("zh" if lang == "zh" else "en")

    def _figure(self, name: str):
        try:
            return self.content.figures[name]
        except KeyError:
            raise InputError(
                f"{self.loaded.path.name}: the template uses figure {name!r}, which the content lacks"
            ) from None

    # -- blocks ---------------------------------------------------------------------------------
    def cover(self) -> str:
        meta = self.content.meta
        return self._add(
            Cover(
                title=_text(meta.title),
                subtitle=_text(meta.subtitle) if meta.subtitle else None,
                dateline=date_text(meta.date),
                issuer=_text(meta.issuer) if meta.issuer else None,
                logo=self.logo,
            )
        )

    def toc(self, title: Text | None = None, depth: int = 1) -> str:
        if isinstance(depth, bool) or depth not in (1, 2, 3):
            raise InputError(f"toc depth must be 1, 2 or 3, not {depth!r}")
        return self._add(TableOfContents(title=title or Text(zh="目录", en="Contents"), depth=depth))

    def heading(self, text, level: int = 1, anchor: str | None = None) -> str:
        if level not in (1, 2, 3):
            raise InputError(f"heading level must be 1, 2 or 3, not {level!r}")
        anchor = anchor or f"h{len(self.blocks)}"
        if anchor in self._anchors:
            raise InputError(f"heading anchor {anchor!r} is used twice")
        self._anchors.add(anchor)
        return self._add(Heading(level=level, text=self.rich(text, self._loc_of(text)), anchor=anchor))

    def paragraph(self, text) -> str:
        return self._add(Paragraph(self.rich(text, self._loc_of(text))))

    def section(self, section: Section, level: int | None = None) -> str:
        """A section: its heading (anchor = its id), its blocks, then its sub-sections a level down."""
        if not isinstance(section, Section):
            raise InputError(f"section() takes a section of the content, got {type(section).__name__}")
        loc, depth = self._where.get(id(section), (None, 1))
        level = depth if level is None else level
        self.heading(section.heading, level=level, anchor=section.id)
        self.blocks_of(section)
        for sub in section.sections:
            self.section(sub, level=min(level + 1, 3))
        return ""

    def blocks_of(self, section: Section) -> str:
        """Only the blocks of ``section``, in order (no heading, no sub-sections)."""
        if not isinstance(section, Section):
            raise InputError(f"blocks() takes a section of the content, got {type(section).__name__}")
        for block in section.blocks:
            self.block(block)
        return ""

    def block(self, block) -> str:
        """One block of a section (e.g. ``block(section.blocks[0])``)."""
        loc, _ = self._where.get(id(block), (None, 0))
        composer = COMPOSERS.get(getattr(block, "type", None))
        if composer is None:
            raise InputError(f"block() takes a block of a section, got {type(block).__name__}")
        return self._add(composer(block, loc or [], self))

    def _loc_of(self, value) -> list | None:
        found = self._where.get(id(value))
        return found[0] if found else None

    def key_figures(self, names: list[str] | None = None, title: Text | None = None) -> str:
        items = []
        for name in self.content.key_figures if names is None else names:
            fig = self._figure(name)
            # Signs kept: a fall reads −46.1% beside its label, as in the table and the chart.
            items.append(KeyFigure(value=figure_text(fig), label=_text(fig.label)))
        if not items:  # content without key figures: no empty box (and no table without rows)
            return ""
        return self._add(KeyFigures(title=title or Text(zh="主要数据", en="Key figures"), items=tuple(items)))

    def indicator_table(self, caption: Text | None = None) -> str:
        rows = []
        for row in self.content.indicators:
            end = self._figure(row.end)
            start = self._figure(row.start) if row.start else None
            label = _text(row.label) if row.label else _text(end.label)
            period = f"{start.period}–{end.period}" if start else end.period
            dash = Text(zh="—", en="—")
            rows.append(
                (
                    label,
                    Text(zh=period, en=period),
                    figure_text(start) if start else dash,
                    figure_text(end),
                    change_text(start, end) if start else dash,
                )
            )
        columns = (
            Column(Text(zh="指标", en="Indicator")),
            Column(Text(zh="时期", en="Period")),
            Column(Text(zh="期初", en="Start"), kind="figure"),
            Column(Text(zh="期末或累计", en="End or total"), kind="figure"),
            Column(Text(zh="变化", en="Change"), kind="figure"),
        )
        meta = self.content.meta
        return self._add(
            Table(
                caption=caption or Text(zh="主要指标", en="Main indicators"),
                columns=columns,
                rows=tuple(rows),
                note=Text(zh=f"资料来源：{meta.source.zh}", en=f"Source: {meta.source.en}") if meta.source else None,
            )
        )

    def chart(self, chart_id: str) -> str:
        try:
            chart = self.content.charts[chart_id]
        except KeyError:
            raise InputError(
                f"{self.loaded.path.name}: the template places chart {chart_id!r}, which the content lacks"
            ) from None
        return self._add(self._resolve_chart(chart_id, chart))

    def chart_block(self, chart_id: str) -> Chart:
        return self._resolve_chart(chart_id, self.content.charts[chart_id])

    def page_break(self) -> str:
        return self._add(PageBreak())

    # -- charts ---------------------------------------------------------------------------------
    def _resolve_chart(self, chart_id: str, chart: ChartIn) -> Chart:
        # What a kind accepts and how its data maps to a ChartSpec: reportgen.compose.charts.
        return resolve_chart(self.loaded, chart_id, chart)


def _plain_of(spans) -> str:
    return spans[0].text if spans else ""


def _content_paths(content) -> dict[int, tuple[list, int]]:
    """Where each section, block and text sits in the content (for messages), and each section's level."""
    out: dict[int, tuple[list, int]] = {}

    def visit(node, loc: list, level: int) -> None:
        out[id(node)] = (loc, level)
        if isinstance(node, Section):
            out[id(node.heading)] = ([*loc, "heading"], level)
            for i, block in enumerate(node.blocks):
                out[id(block)] = ([*loc, "blocks", i], level)
            for i, sub in enumerate(node.sections):
                visit(sub, [*loc, "sections", i], level + 1)

    if content.introduction:
        visit(content.introduction, ["introduction"], 1)
    for key in ("sections", "appendices"):
        for i, section in enumerate(getattr(content, key)):
            visit(section, [key, i], 1)
    return out


__all__ = ["BlockBuilder"]
