"""Turning content into document-model blocks: the functions a template calls.

Each function appends one block to the document being composed and returns an empty string,
so ``{{ heading(section.heading) }}`` in a template adds a heading and prints nothing. The
template decides order and selection; these functions decide only how content maps to blocks.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from reportgen.compose.charts import resolve_chart
from reportgen.content import LoadedContent
from reportgen.content.quantities import change_text, date_text, figure_text, fill
from reportgen.content.schema import BiText, ChartIn
from reportgen.errors import InputError
from reportgen.model import (
    Chart,
    Column,
    Cover,
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

    @functools.wraps(fn)
    def call(*args, **kwargs):
        for value in (*args, *kwargs.values()):
            if isinstance(value, jinja2.Undefined):
                value._fail_with_undefined_error()
        return fn(*args, **kwargs)

    return call


class BlockBuilder:
    """Collects blocks in the order the template asks for them."""

    def __init__(self, loaded: LoadedContent, logo: Path | None = None) -> None:
        self.loaded = loaded
        self.content = loaded.content
        self.logo = logo
        self.blocks: list = []
        self._anchors: set[str] = set()

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
            "text": self.text,
            "figure": self.figure,
        }
        return {name: _strict(fn) for name, fn in calls.items()}

    def _add(self, block) -> str:
        self.blocks.append(block)
        return ""

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
        return self._add(TableOfContents(title=title or Text(zh="目录", en="Contents"), depth=depth))

    def heading(self, text, level: int = 1, anchor: str | None = None) -> str:
        if level not in (1, 2, 3):
            raise InputError(f"heading level must be 1, 2 or 3, not {level!r}")
        anchor = anchor or f"h{len(self.blocks)}"
        if anchor in self._anchors:
            raise InputError(f"heading anchor {anchor!r} is used twice")
        self._anchors.add(anchor)
        return self._add(Heading(level=level, text=_text(text), anchor=anchor))

    def paragraph(self, text) -> str:
        text = _text(text)
        figures = self.content.figures
        return self._add(Paragraph(Text(zh=fill(text.zh, "zh", figures), en=fill(text.en, "en", figures))))

    def key_figures(self, names: list[str] | None = None, title: Text | None = None) -> str:
        items = []
        for name in self.content.key_figures if names is None else names:
            fig = self._figure(name)
            # Signs kept: a fall reads −46.1% beside its label, as in the table and the chart.
            items.append(KeyFigure(value=figure_text(fig), label=_text(fig.label)))
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

    def page_break(self) -> str:
        return self._add(PageBreak())

    # -- charts ---------------------------------------------------------------------------------
    def _resolve_chart(self, chart_id: str, chart: ChartIn) -> Chart:
        # What a kind accepts and how its data maps to a ChartSpec: reportgen.compose.charts.
        return resolve_chart(self.loaded, chart_id, chart)
