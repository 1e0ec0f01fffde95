"""Reading a cell as a number: exact decimals, and errors that name the cell."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportgen.data.table import cell_number, cell_text
from reportgen.errors import InputError


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("67.4", "67.4"),
        (" 1,234,567.5 ", "1234567.5"),
        ("\u221246.1", "-46.1"),
        ("-3", "-3"),
        (67.4, "67.4"),
        (2020, "2020"),
        ("1e3", "1E+3"),
    ],
)
def test_numbers(value, expected):
    assert cell_number(value, "x.csv:2") == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("67.4亿", 'x.csv:2: column "a": "67.4亿" is not a number'),
        ("67,4", 'x.csv:2: column "a": "67,4" is not a number'),
        ("", 'x.csv:2: column "a": empty cell'),
        (None, 'x.csv:2: column "a": empty cell'),
        ("nan", 'x.csv:2: column "a": "nan" is not a number'),
        ("inf", 'x.csv:2: column "a": "inf" is not a number'),
        (True, 'x.csv:2: column "a": True is not a number'),
    ],
)
def test_not_numbers(value, message):
    with pytest.raises(InputError) as err:
        cell_number(value, 'x.csv:2: column "a"')
    assert str(err.value) == message


def test_cell_text_reads_whole_floats_as_integers():
    assert cell_text(2020.0) == "2020"
    assert cell_text(None) == ""
    assert cell_text(" 管城 ") == "管城"
