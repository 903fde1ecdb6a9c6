"""Hostile JSON bodies get a 400 (413 for size) naming the problem, never a 500 (issue #10): exercised
through a real RouteTable, the same one every API function serves with."""

from __future__ import annotations

import pytest

from core.request_limits import MAX_ARRAY_ITEMS, MAX_BODY_BYTES, MAX_DEPTH, check_json_body
from tests.functions.conftest import api_event
from tests.functions.test_http import _call


def _post(raw: str) -> tuple[int, dict]:
    return _call(api_event("POST", "/v1/probe", body=raw))


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("[" * 1000, "nested deeper than"),
        ("[" * 1000 + "]" * 1000, "nested deeper than"),
        ('{"a":' * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1), f"nested deeper than {MAX_DEPTH} levels"),
        ('{"name": "x", "count": ' + "9" * 5000 + "}", "an integer has more than 20 digits"),
        ('{"name": "x", "count": -' + "9" * 21 + "}", "an integer has more than 20 digits"),
        ('{"name": "a", "name": "b", "count": 1}', "duplicate key 'name'"),
        ('{"name": "x", "count": NaN}', "NaN is not JSON"),
        ('{"name": "x", "count": Infinity}', "Infinity is not JSON"),
        ("[" + ",".join(["1"] * (MAX_ARRAY_ITEMS + 1)) + "]", "an array has more than 1,000 items"),
        ('{"name": "' + "x" * 100_001 + '", "count": 1}', "a string is longer than 100,000 characters"),
        ('{"name": "x", "count": 1e308}', "a number is out of range"),
        ('{"name": "x", "count": -1.5e126}', "a number is out of range"),
        ('{"name": "x", "count": 1e99999}', "a number is out of range"),
        ('{"name": "x", "count": 2.5e-200}', "a number is out of range"),
    ],
    ids=["unclosed nesting", "deep nesting", "deep objects", "huge integer", "long negative integer",
         "duplicate key", "NaN", "Infinity", "long array", "long string", "huge number",
         "huge negative number", "overflowing number", "tiny number"],
)  # fmt: skip
def test_a_body_outside_the_limits_is_a_400_naming_the_problem(raw: str, problem: str) -> None:
    status, body = _post(raw)

    assert status == 400
    assert problem in body["message"] and body["message"].startswith("Invalid request: ")


def test_a_value_outside_the_limits_is_named_by_its_place() -> None:
    status, body = _post('{"name": "x", "count": 1, "fees": [{"amount": 3.5}, {"amount": 1e308}]}')

    assert status == 400
    assert body["message"] == (
        "Invalid request: fees.1.amount: a number is out of range: magnitudes from 1e-125 to 1e+125"
    )


def test_a_body_over_the_size_limit_is_a_413() -> None:
    status, body = _post('{"name": "' + "x" * MAX_BODY_BYTES + '", "count": 1}')

    assert status == 413
    assert body == {"message": f"Request body too large: at most {MAX_BODY_BYTES:,} bytes"}


def test_a_body_within_the_limits_reaches_the_handler() -> None:
    status, body = _post('{"name": " probe ", "count": ' + "9" * 20 + "}")

    assert status == 200
    assert body == {"name": "probe", "count": int("9" * 20)}


@pytest.mark.parametrize("number", ["0.0", "-0.0", "1e-400", "3.5", "1e125", "-1e125", "1e-125"])
def test_numbers_in_range_are_left_to_the_model(number: str) -> None:
    check_json_body('{"n": ' + number + "}")


def test_nesting_at_the_limit_is_left_to_the_model() -> None:
    nested = '{"a":' * (MAX_DEPTH - 1) + "1" + "}" * (MAX_DEPTH - 1)
    status, body = _post(nested)

    assert status == 400
    assert "nested" not in body["message"]  # the model's own complaint: unknown key 'a', missing fields
