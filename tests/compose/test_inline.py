"""Inline markup -> spans: the documented subset, everything else literal."""

import pytest

from reportgen.compose.inline import MarkupError, has_markup, parse_inline
from reportgen.model import FootnoteRef, Span


def spans(text, notes=frozenset({"est"})):
    return parse_inline(text, lambda source: f"<{source}>", notes)


def test_every_inline_form():
    out = spans("CO~2~ fell **41%**[^est], *see* [below](#air) or [site](https://example.org/a?b=1) km^2^")
    assert out == (
        Span("CO"),
        Span("2", script="sub"),
        Span(" fell "),
        Span("41%", strong=True),
        FootnoteRef("est"),
        Span(", "),
        Span("see", emphasis=True),
        Span(" "),
        Span("below", link="#air"),
        Span(" or "),
        Span("site", link="https://example.org/a?b=1"),
        Span(" km"),
        Span("2", script="super"),
    )


@pytest.mark.parametrize(
    "text",
    ['A & B <b>x</b> "q" \'s\' <font name="x">y</font> &amp; <https://x.org>', "2^ 3 ~ a ~~b~~", r"\*lit\* \[^est]"],
)
def test_everything_outside_the_subset_is_literal(text):
    out = spans(text)
    assert len(out) == 1 and not has_markup(out)
    assert out[0].text == text.replace("\\", "")


def test_placeholders_survive_markup_and_underscores():
    assert spans("{gdp_2015} to **{gdp_2020}** {{x}}") == (
        Span("<{gdp_2015}> to "),
        Span("<{gdp_2020}>", strong=True),
        Span(" <{{>x<}}>"),
    )


def test_unknown_footnote_and_bad_link_are_errors():
    with pytest.raises(MarkupError, match="no footnote named 'nope'"):
        spans("x[^nope]")
    with pytest.raises(MarkupError, match="cannot stand here"):
        spans("x[^est]", notes=None)
    with pytest.raises(MarkupError, match="link target"):
        spans("[x](www.example.org)")
