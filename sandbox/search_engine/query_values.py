"""How the values inside a query clause are read, as OpenSearch reads them: ``minimum_should_match``
(counts and percentages), ``fuzziness`` (an edit distance, ``AUTO`` by term length, transpositions
counted once) and date math (``now-30d/d``, ``2026-01-01||+1M``; ``gt``/``lte`` round up, ``gte``/``lt``
down) — and the error a clause OpenSearch would refuse is answered with."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, timedelta
from typing import Any


class QueryError(ValueError):
    """A query OpenSearch would refuse: answered 400 with ``type`` (``parsing_exception``, ...)."""

    def __init__(self, reason: str, kind: str = "parsing_exception") -> None:
        super().__init__(reason)
        self.kind = kind


def minimum_should_match(spec: Any, optional: int) -> int:
    """``minimum_should_match``: a count, a negative count (all but), or a percentage of ``optional``."""
    if spec is None:
        return 0
    text = str(spec).strip()
    try:
        if text.endswith("%"):
            count = int(optional * abs(int(text[:-1])) / 100)
            return optional - count if text.startswith("-") else count
        number = int(text)
    except ValueError:
        raise QueryError(f"invalid minimum_should_match [{spec}]") from None
    return optional + number if number < 0 else number


def edit_limit(fuzziness: Any, term: str) -> int:
    if str(fuzziness).upper().startswith("AUTO"):
        return 0 if len(term) < 3 else 1 if len(term) < 6 else 2
    try:
        return min(int(fuzziness), 2)
    except ValueError:
        raise QueryError(f"invalid fuzziness [{fuzziness}]") from None


def within_edits(a: str, b: str, limit: int) -> bool:
    """Whether two terms are at most ``limit`` edits apart (insert, delete, substitute, transpose)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return False
        previous2, previous = previous, current
    return previous[-1] <= limit


DAY_MILLIS = 86_400_000
MATH_STEP = re.compile(r"([+-])(\d+)([yMwdhHms])")
ROUND = re.compile(r"/([yMwdhHms])$")


def date_math(anchor: datetime, math: str, round_up: bool | None) -> int:
    rounding = ROUND.search(math)
    steps = math[: rounding.start()] if rounding else math
    position = 0
    for step in MATH_STEP.finditer(steps):
        if step.start() != position:
            break
        position = step.end()
        sign, amount, unit = step.group(1), int(step.group(2)), step.group(3)
        anchor = _shift(anchor, amount if sign == "+" else -amount, unit)
    if position != len(steps):
        raise QueryError(f"failed to parse date math [{math}]")
    if rounding:
        anchor = _round(anchor, rounding.group(1), bool(round_up))
        if round_up:
            return int(anchor.timestamp() * 1000) - 1
    return int(anchor.timestamp() * 1000)


def _shift(moment: datetime, amount: int, unit: str) -> datetime:
    if unit in "yM":
        months = moment.month - 1 + amount * (12 if unit == "y" else 1)
        year, month = moment.year + months // 12, months % 12 + 1
        return moment.replace(
            year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1])
        )
    seconds = {"w": 604800, "d": 86400, "h": 3600, "H": 3600, "m": 60, "s": 1}[unit]
    return moment + timedelta(seconds=amount * seconds)


def _round(moment: datetime, unit: str, up: bool) -> datetime:
    """The start of the unit, or with ``up`` the start of the next (the caller takes a millisecond off)."""
    kept = {"y": 1, "M": 2, "w": 3, "d": 3, "h": 4, "H": 4, "m": 5, "s": 6}[unit]
    parts = [moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second]
    year, month, day, hour, minute, second = parts[:kept] + [1, 1, 0, 0, 0][kept - 1 :]
    start = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    if unit == "w":
        start -= timedelta(days=start.weekday())
    if not up:
        return start
    return (
        _shift(start, 1, unit)
        if unit in "yMwd"
        else start + timedelta(seconds={"h": 3600, "H": 3600, "m": 60, "s": 1}[unit])
    )
