"""The line setter remembers its settings: a remembered setting is the one a fresh computation
gives, and anything that changes the result (text, a character's width, the measure, the em, the
alignment) is a different entry."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.text import justify
from reportgen.text.justify import set_paragraph
from reportgen.text.linebreak import is_wide, segments

ALPHABET = "管城区经济运行稳中有进投资增长较快，。、；：？！（）“”《》—…abcXYZ 019.,%²\n\u200b\u3000"


def fresh(units, width, char_width, em, first_width=None, justify_=True, finishes=True):
    """The setting computed now, bypassing what the setter remembers."""
    text = "".join(units)
    widths = tuple(0.0 if ch in "\n\r\u200b" else char_width(ch) for ch in text)
    first = width if first_width is None else first_width
    return list(justify._set(tuple(units), widths, width, first, em, justify_, finishes))


def monospace(em: float, latin: float):
    return lambda ch: em if is_wide(ch) else em * latin


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=ALPHABET, min_size=1, max_size=120),
    em=st.sampled_from([9.975, 10.5, 12.0, 16.0]),
    latin=st.floats(0.2, 0.7),
    measure=st.floats(3, 40),
    indent=st.sampled_from([0.0, 2.0, -1.0]),
    justify_=st.booleans(),
    finishes=st.booleans(),
)
def test_a_remembered_setting_is_a_fresh_one(text, em, latin, measure, indent, justify_, finishes):
    units, width = segments(text), measure * em
    char_width = monospace(em, latin)
    args = (units, width, char_width, em)
    kw = {"first_width": width - indent * em, "justify": justify_, "finishes": finishes}
    first = set_paragraph(*args, **kw)
    again = set_paragraph(*args, **kw)  # from memory now
    expected = fresh(*args, kw["first_width"], justify_, finishes)
    assert first == again == expected
    again.pop()  # the caller's list is its own: the remembered setting is unchanged
    assert set_paragraph(*args, **kw) == expected


TEXT = "实施高质量项目974个，完成投资1000亿元以上，引进世界500强企业12家，" * 3


def misses(call, monkeypatch) -> int:
    """How many settings ``call`` computed rather than remembered."""
    computed = []
    real = justify._set
    monkeypatch.setattr(justify, "_set", lambda *key: computed.append(key) or real(*key))
    call()
    monkeypatch.setattr(justify, "_set", real)
    return len(computed)


def test_what_changes_the_result_is_a_new_entry(monkeypatch):
    units = segments(TEXT)
    base = monospace(10.0, 0.5)
    set_paragraph(units, 150, base, 10.0)
    assert misses(lambda: set_paragraph(units, 150, base, 10.0), monkeypatch) == 0
    wider_digits = lambda ch: 6.0 if ch.isdigit() else base(ch)  # noqa: E731 - another Latin face
    bigger = monospace(10.5, 0.5)  # another size
    for changed in (
        lambda: set_paragraph(units, 150, wider_digits, 10.0),
        lambda: set_paragraph(units, 150, bigger, 10.5),
        lambda: set_paragraph(units, 151, base, 10.0),
        lambda: set_paragraph(units, 150, base, 10.0, first_width=130),
        lambda: set_paragraph(units, 150, base, 10.0, justify=False),
        lambda: set_paragraph(units, 150, base, 10.0, finishes=False),
        lambda: set_paragraph(segments(TEXT.replace("974", "975")), 150, base, 10.0),
    ):
        assert misses(changed, monkeypatch) == 1
    # and each is what a fresh computation gives, not the first entry's lines
    lines = set_paragraph(units, 150, wider_digits, 10.0)
    assert lines == fresh(units, 150, wider_digits, 10.0)
    assert [ln.xs for ln in lines] != [ln.xs for ln in set_paragraph(units, 150, base, 10.0)]


def test_per_character_widths_reach_the_setting():
    """``width_at`` (a character's own face and size, as inline spans have) is part of the key:
    the same text with one character wider is set differently."""
    units = segments(TEXT)
    base = monospace(10.0, 0.5)
    plain = set_paragraph(units, 150, base, 10.0)
    bold_at = 3
    rich = set_paragraph(units, 150, base, 10.0, width_at=lambda ch, i: base(ch) + (2.0 if i == bold_at else 0.0))
    assert rich != plain
    assert rich[0].xs[bold_at + 1] - rich[0].xs[bold_at] > plain[0].xs[bold_at + 1] - plain[0].xs[bold_at]
