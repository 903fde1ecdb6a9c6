"""Limits every JSON request body is held to before any model sees it (issue #10).

Python's JSON parser fails open on hostile input: a body nested a thousand levels deep raises
``RecursionError``, an integer literal of 5,000 digits raises the interpreter's integer-length
``ValueError``, duplicate keys silently keep the last value and ``1e999`` silently becomes infinity.
The errors escaped the resolver as a 500, and so did a finite number DynamoDB cannot store (a fee of
``1e308``; it holds magnitudes from 1e-130 to below 1e126). Here the body is parsed once with explicit
limits, and anything outside them is a 400 naming the problem (413 for size), so no route can answer
500 to a body.

The limits sit far above any real request: the largest is a State API upload of 100 license rows,
about 100 KB, with objects three levels deep and a few dozen keys each.
"""

from __future__ import annotations

import json
from typing import Any

from core.errors import CCError, InvalidRequest

MAX_BODY_BYTES = 1_048_576
MAX_DEPTH = 32
MAX_OBJECT_KEYS = 1_000
MAX_ARRAY_ITEMS = 1_000
MAX_INTEGER_DIGITS = 20
MAX_STRING_CHARACTERS = 100_000
MAX_NUMBER_MAGNITUDE = 1e125
MIN_NUMBER_MAGNITUDE = 1e-125
"""Non-zero numbers lie within these magnitudes: inside what DynamoDB stores, far outside any real value."""
MAX_VALUES = 100_000
"""Every value in the body counts, containers included: bounds the work of validating it."""


class PayloadTooLarge(CCError):
    status_code = 413
    default_message = f"Request body too large: at most {MAX_BODY_BYTES:,} bytes"


class RefusedBody(ValueError):
    """The body breaks a limit; the message names it, and ``place`` where it is (``body``: the whole)."""

    def __init__(self, problem: str, place: str = "body") -> None:
        super().__init__(problem)
        self.place = place


Place = tuple["Place", str | int] | None
"""Where a value is: its container's place and its key or index (None: the body itself). Linked, so the
walk records a place in constant time and spells it only for a refusal."""


def _spelled(place: Place) -> str:
    """``compactCommissionFee.feeAmount``, ``0.givenName``: the field as validation errors name it."""
    parts: list[str] = []
    while place is not None:
        place, key = place
        parts.append(str(key)[:100])
    return ".".join(reversed(parts)) or "body"


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    if len(pairs) > MAX_OBJECT_KEYS:
        raise RefusedBody(f"an object has more than {MAX_OBJECT_KEYS:,} keys")
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise RefusedBody(f"duplicate key {key[:100]!r}")
        found[key] = value
    return found


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise RefusedBody(f"an integer has more than {MAX_INTEGER_DIGITS} digits")
    return int(text)


def _constant(name: str) -> Any:
    raise RefusedBody(f"{name} is not JSON")


def _value_problem(item: Any) -> str | None:
    """What is wrong with one value on its own, if anything."""
    if isinstance(item, list) and len(item) > MAX_ARRAY_ITEMS:
        return f"an array has more than {MAX_ARRAY_ITEMS:,} items"
    if isinstance(item, str) and len(item) > MAX_STRING_CHARACTERS:
        return f"a string is longer than {MAX_STRING_CHARACTERS:,} characters"
    if isinstance(item, float) and not (
        item == 0 or MIN_NUMBER_MAGNITUDE <= abs(item) <= MAX_NUMBER_MAGNITUDE
    ):
        return (
            f"a number is out of range: magnitudes from {MIN_NUMBER_MAGNITUDE:g} to {MAX_NUMBER_MAGNITUDE:g}"
        )
    return None


def _check_shape(value: Any) -> None:
    """Depth, sizes, number ranges and value count, walked without recursion (the walk itself must not
    overflow)."""
    pending: list[tuple[Any, int, Place]] = [(value, 1, None)]
    seen = 0
    while pending:
        item, depth, place = pending.pop()
        seen += 1
        if seen > MAX_VALUES:
            raise RefusedBody(f"more than {MAX_VALUES:,} values")
        if isinstance(item, dict | list) and depth > MAX_DEPTH:
            raise RefusedBody(f"nested deeper than {MAX_DEPTH} levels")
        problem = _value_problem(item)
        if problem:
            raise RefusedBody(problem, _spelled(place))
        if isinstance(item, dict):
            if any(len(key) > MAX_STRING_CHARACTERS for key in item):
                raise RefusedBody(
                    f"a key is longer than {MAX_STRING_CHARACTERS:,} characters", _spelled(place)
                )
            pending.extend((child, depth + 1, (place, key)) for key, child in item.items())
        elif isinstance(item, list):
            pending.extend((child, depth + 1, (place, index)) for index, child in enumerate(item))


def check_json_body(body: str | bytes) -> None:
    """Refuse a body outside the limits: :class:`PayloadTooLarge` (413) or :class:`InvalidRequest` (400).

    Malformed JSON is left to the resolver, which answers it with its own 400."""
    raw = body.encode() if isinstance(body, str) else body
    if len(raw) > MAX_BODY_BYTES:
        raise PayloadTooLarge()
    try:
        parsed = json.loads(raw, object_pairs_hook=_pairs, parse_int=_integer, parse_constant=_constant)
    except RefusedBody as error:
        raise InvalidRequest(f"Invalid request: {error.place}: {error}") from None
    except RecursionError:
        raise InvalidRequest(f"Invalid request: body: nested deeper than {MAX_DEPTH} levels") from None
    except ValueError:
        return  # not JSON at all (or not UTF-8): the resolver's 400 says so
    try:
        _check_shape(parsed)
    except RefusedBody as error:
        raise InvalidRequest(f"Invalid request: {error.place}: {error}") from None
