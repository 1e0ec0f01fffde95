"""The document model's texts: spans, plain text kept in step, the generic text walk."""

import dataclasses

import pytest

from reportgen.model import (
    Column,
    FootnoteRef,
    Image,
    ItemList,
    ListItem,
    Note,
    Quote,
    Span,
    Table,
    Text,
)
from reportgen.model.walk import texts


def test_of_spans_keeps_plain_text_and_drops_footnote_marks():
    t = Text.of_spans((Span("CO"), Span("2", script="sub"), FootnoteRef("n1")), (Span("CO2 "), Span("up", strong=True)))
    assert (t.zh, t.en) == ("CO2", "CO2 up")
    assert t.footnote_ids("zh") == ("n1",) and t.footnote_ids("en") == ()
    assert t.rich


def test_plain_text_is_one_unstyled_span_and_mismatch_is_refused():
    assert Text("中", "").spans("zh") == (Span("中"),) and Text("中", "").spans("en") == ()
    with pytest.raises(ValueError):
        Text("a", "b", zh_spans=(Span("x"),))


def test_models_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Span("a").text = "b"


def test_walk_finds_every_text_in_reading_order(tmp_path):
    t = [Text(str(i), f"e{i}") for i in range(12)]
    blocks = (
        ItemList(False, (ListItem(t[0], (ListItem(t[1]),)), ListItem(t[2]))),
        Table(t[3], (Column(t[4]),), ((t[5],),), total=(t[6],), note=t[7]),
        Quote(t[8], t[9]),
        Note(t[10], (t[11],)),
        Image(tmp_path / "x.png", t[0], t[1]),
    )
    assert [x.zh for x in texts(blocks)] == [str(i) for i in range(12)] + ["0", "1"]
    assert [x.zh for x in texts(blocks[-1], skip=frozenset({"alt"}))] == ["0"]
