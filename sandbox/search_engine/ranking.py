"""How a search's matches become its answer, as OpenSearch orders and pages them: the sort (dates as
epoch milliseconds, a missing value last — as the extreme long for dates and numbers, null for
keywords — several values by their least or greatest), ``search_after`` read as the sorted fields'
types, ``total`` counted exactly up to ``track_total_hits`` (then ``gte``), and each hit with its sort
values and ``inner_hits``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sandbox.search_engine.errors import EngineError
from sandbox.search_engine.fields import DATE, NUMBER, TEXT, IndexMapping, MappingError, Prepared, date_millis
from sandbox.search_engine.queries import InnerHits

LONG_MAX, LONG_MIN = 2**63 - 1, -(2**63)


def total(count: int, track: Any) -> dict[str, Any]:
    if track is False:
        return {}
    limit = None if track is True else int(track)
    if limit is not None and count > limit:
        return {"total": {"value": limit, "relation": "gte"}}
    return {"total": {"value": count, "relation": "eq"}}


SortSpec = list[tuple[str, bool]]  # (field, descending)


def sort_spec(sort: Any) -> SortSpec:
    if sort is None:
        return []
    spec: SortSpec = []
    for entry in sort if isinstance(sort, list) else [sort]:
        if isinstance(entry, str):
            spec.append((entry, entry == "_score"))
            continue
        if not isinstance(entry, Mapping) or len(entry) != 1:
            raise EngineError(400, "parsing_exception", "each sort entry names one field")
        ((name, how),) = entry.items()
        order = how.get("order", "desc" if name == "_score" else "asc") if isinstance(how, Mapping) else how
        if order not in ("asc", "desc"):
            raise EngineError(400, "parsing_exception", f"unknown sort order [{order}]")
        spec.append((name, order == "desc"))
    return spec


def sort_values(order: SortSpec, doc: Prepared, score: float, mapping: IndexMapping) -> list[Any]:
    """A hit's ``sort`` values as OpenSearch reports them: dates in epoch milliseconds, a missing number
    or date as the extreme long, a missing keyword as null; of several values the least (ascending) or
    the greatest (descending)."""
    values: list[Any] = []
    for name, descending in order:
        if name == "_score":
            values.append(score)
            continue
        leaf = mapping.leaves.get(name)
        if leaf is None:
            raise EngineError(
                400, "query_shard_exception", f"No mapping found for [{name}] in order to sort on"
            )
        if leaf.kind == TEXT:
            raise EngineError(
                400,
                "illegal_argument_exception",
                f"Text fields are not optimised for sorting; use [{name}.keyword]",
            )
        present = doc.values.get(name)
        if present:
            values.append(max(present) if descending else min(present))
        elif leaf.kind in (DATE, NUMBER):
            values.append(LONG_MIN if descending else LONG_MAX)
        else:
            values.append(None)
    return values


def search_after_values(order: SortSpec, after: Any, mapping: IndexMapping) -> list[Any]:
    """``search_after`` as the sort's values: a date as epoch milliseconds (a date string is parsed, as
    OpenSearch parses it with the field's format), a number as a number, a keyword as its text."""
    if not isinstance(after, list) or len(after) != len(order):
        raise EngineError(
            400, "illegal_argument_exception", "search_after has a different number of values than the sort"
        )
    values: list[Any] = []
    for (name, _), value in zip(order, after, strict=True):
        leaf = mapping.leaves.get(name)
        kind = NUMBER if name == "_score" else leaf.kind if leaf is not None else None
        try:
            if kind == DATE:
                values.append(date_millis(value, name))
            elif kind == NUMBER:
                values.append(float(value))
            else:
                values.append(
                    None if value is None else str(value).lower() if isinstance(value, bool) else str(value)
                )
        except (MappingError, TypeError, ValueError):
            raise EngineError(
                400, "parse_exception", f"failed to parse search_after value [{value}] for field [{name}]"
            ) from None
    return values


def sort_key(order: SortSpec, values: Sequence[Any]) -> tuple[Any, ...]:
    """An ordering key: each value inverted where descending, missing keywords last either way."""
    key: list[Any] = []
    for (_, descending), value in zip(order, values, strict=True):
        if value is None:
            key.append((1, 0))
        elif isinstance(value, str):
            key.append((0, _Inverted(value) if descending else value))
        else:
            key.append((0, -value if descending else value))
    return tuple(key)


class _Inverted(str):
    """A string that sorts in reverse."""

    __slots__ = ()

    def __lt__(self, other: object) -> bool:
        return str.__gt__(self, other)  # type: ignore[operator]

    def __gt__(self, other: object) -> bool:
        return str.__lt__(self, other)  # type: ignore[operator]


def hit(
    values: list[Any], index: str, doc_id: str, doc: Prepared, score: float, inner: InnerHits, sorted_: bool
) -> dict[str, Any]:
    """One hit: its index, id and source; its sort values when sorted (else its score); its inner hits."""
    answer: dict[str, Any] = {"_index": index, "_id": doc_id, "_score": None if sorted_ else score}
    answer["_source"] = doc.source
    if sorted_:
        answer["sort"] = values
    if inner:
        answer["inner_hits"] = {name: _inner_hits(*found) for name, found in inner.items()}
    return answer


def _inner_hits(path: str, found: list[tuple[int, Prepared, float]], start: int, size: int) -> dict[str, Any]:
    return {
        "hits": {
            "total": {"value": len(found), "relation": "eq"},
            "max_score": max(score for _, _, score in found),
            "hits": [
                {"_nested": {"field": path, "offset": offset}, "_score": score, "_source": child.source}
                for offset, child, score in found[start : start + size]
            ],
        }
    }
