"""CSV for people: cells a spreadsheet would run are neutralised, every other cell is written as it is."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.csv_export import FORMULA_STARTS, cell_text, neutralised, write_csv

FORMULA = '=HYPERLINK("http://x","y")'


def written(columns: list[str], rows: list[dict[str, object]]) -> str:
    out = io.StringIO(newline="")
    write_csv(out, columns, rows)
    return out.getvalue()


def read_back(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    "cell",
    [
        FORMULA,
        "=1+1",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "\t12",  # a tab or carriage return is neutralised whatever follows
        " =1+1",
        "\n@SUM(A1)",
        "\u00a0\u3000-1+1",  # any whitespace, not only the ASCII kind
        "-",
        "+1-",
    ],
)
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_quote(cell):
    assert neutralised(cell) == "'" + cell
    assert read_back(written(["name"], [{"name": cell}]))[1] == ["'" + cell]


@pytest.mark.parametrize(
    "cell",
    ["", "Ada", "O'Brien", "Zoë", "a=b", "x-y", "1985-12-10", "-25.00", "+15555550100", "1e-3", "-.5", "  "],
)
def test_every_other_cell_is_written_as_it_is(cell):
    assert neutralised(cell) == cell
    assert read_back(written(["name"], [{"name": cell}]))[1] == [cell]


def test_values_are_written_by_column_every_cell_quoted():
    text = written(
        ["familyName", "amount", "date", "note", "=header"],
        [{"familyName": FORMULA, "amount": Decimal("-25.00"), "date": date(2026, 3, 1), "extra": "ignored"}],
    )

    assert text.split("\r\n") == [
        '"familyName","amount","date","note","\'=header"',
        '"\'=HYPERLINK(""http://x"",""y"")","-25.00","2026-03-01","",""',
        "",
    ]


def test_cells_of_other_types():
    assert [cell_text(value) for value in (None, 3, -4.5, True, date(2026, 3, 1))] == [
        "",
        "3",
        "-4.5",
        "True",
        "2026-03-01",
    ]


@settings(max_examples=300, derandomize=True)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=20))
def test_any_text_is_written_inert_and_recoverable(text):
    [_header, [cell]] = read_back(written(["value"], [{"value": text}]))

    assert cell in (text, "'" + text)  # nothing but the quote is ever added
    if not cell.startswith("'"):  # then a spreadsheet has nothing to run
        assert cell[:1] not in ("\t", "\r")
        shown = cell.lstrip()
        assert shown[:1] not in FORMULA_STARTS or _is_number(shown)


def _is_number(text: str) -> bool:
    """A number as a spreadsheet reads one (an oracle independent of the writer's own pattern)."""
    try:
        float(text)
    except ValueError:
        return False
    return "_" not in text and text.lstrip("+-")[:1] in set("0123456789.")
