"""Filling pages from filtered DynamoDB index queries (anchors §4 item 1).

DynamoDB applies ``Limit`` to the items it *evaluates*, before any filter expression, so one call may
return none of the matches further along the range. A page is therefore filled by querying on until it
holds ``page_size`` matches or the range is exhausted, and the key to resume from is the index key of
the last item *served* (not DynamoDB's ``LastEvaluatedKey``), so the next page starts right after it
and no item is skipped or repeated.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.errors import InvalidRequest

MAX_EVALUATION_LIMIT = 1000
DEFAULT_MAX_QUERIES = 40
"""Bounds one request's work (each query reads at most 1 MB): sparse matches give a short page with a
resume key rather than a gateway timeout."""


@dataclass(frozen=True)
class Page:
    """The items served and the index key to resume after (None on the last page)."""

    items: list[dict[str, Any]]
    last_key: dict[str, str] | None


def encode_last_key(key: dict[str, str]) -> str:
    """The opaque ``lastKey`` token: base64 of the key as compact, sorted JSON."""
    return base64.b64encode(json.dumps(key, separators=(",", ":"), sort_keys=True).encode()).decode()


def decode_last_key(token: str, message: str) -> dict[str, Any]:
    """The key inside a ``lastKey`` token; 400 with ``message`` when it is not base64 JSON of an object.
    Callers still check the key belongs to their query."""
    try:
        key = json.loads(base64.b64decode(token, validate=True))
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise InvalidRequest(message) from error
    if not isinstance(key, dict):
        raise InvalidRequest(message)
    return key


def index_key(item: dict[str, Any], key_names: Sequence[str]) -> dict[str, str]:
    return {name: str(item[name]) for name in key_names}


def fill_page(
    table: Any,
    query: dict[str, Any],
    *,
    page_size: int,
    key_names: Sequence[str],
    resume_after: dict[str, str] | None = None,
    max_queries: int = DEFAULT_MAX_QUERIES,
) -> Page:
    """Up to ``page_size`` items matching ``query`` (Query arguments without ``Limit`` or
    ``ExclusiveStartKey``), after ``resume_after``. ``key_names`` are the table and index key attributes
    that identify an item's position in the index (what ``lastKey`` holds)."""
    query = dict(query)
    if resume_after:
        query["ExclusiveStartKey"] = resume_after
    matches: list[dict[str, Any]] = []
    limit = page_size
    for _ in range(max_queries):
        response = table.query(**query, Limit=limit)
        found, evaluated_to = response.get("Items", []), response.get("LastEvaluatedKey")
        room = page_size - len(matches)
        if len(found) >= room:
            matches.extend(found[:room])
            more = len(found) > room or evaluated_to is not None
            return Page(matches, index_key(matches[-1], key_names) if more else None)
        matches.extend(found)
        if evaluated_to is None:
            return Page(matches, None)
        query["ExclusiveStartKey"] = evaluated_to
        # Few matches so far: evaluate more per call, within DynamoDB's own 1 MB page.
        limit = min(limit * 2, MAX_EVALUATION_LIMIT)
    return Page(matches, query["ExclusiveStartKey"])
