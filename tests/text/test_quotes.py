"""English quotes and apostrophes become typographic marks."""

from __future__ import annotations

import pytest

from reportgen.text.quotes import english_quotes


@pytest.mark.parametrize(
    ("typed", "set_"),
    [
        ("Guancheng's Five Years", "Guancheng’s Five Years"),
        ('the "six streets" and "six areas"', "the “six streets” and “six areas”"),
        ("a 'standard land' plot", "a ‘standard land’ plot"),
        ("the '90s boom", "the ’90s boom"),
        ("He said: \"it's 'fine'\"", "He said: “it’s ‘fine’”"),
        ('("quoted")', "(“quoted”)"),
        ("no marks at all", "no marks at all"),
        ("already “curly” and it’s fine", "already “curly” and it’s fine"),
    ],
)
def test_english_quotes(typed, set_):
    assert english_quotes(typed) == set_


def test_content_english_is_set_with_typographic_marks():
    from reportgen.content.schema import BiText

    text = BiText(zh="管城“一四四”", en='Guancheng\'s "1-4-4" plan')
    assert text.en == "Guancheng’s “1-4-4” plan"
    assert text.zh == "管城“一四四”"
