"""Pages of "providers with a privilege in this state whose record changed in a window".

The providerDateOfUpdate index holds every provider of a compact in one partition (``sk`` =
``{compact}#PROVIDER``) sorted by the time the record last changed, so the window is one key range.
The jurisdiction cannot be part of the key (a provider has privileges in many states), so it is a
filter, and DynamoDB applies ``Limit`` to the items it *evaluates*, before filtering: one call may
return none of the matches further along the range. A page is therefore filled by querying on until
it has ``page_size`` matches or the range is exhausted, and ``lastKey`` is the index key of the last
provider served, so the next page starts right after it and no provider is skipped or repeated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from core import keys
from core.errors import InvalidRequest
from core.pagination import DEFAULT_MAX_QUERIES, Page, encode_last_key, fill_page
from core.pagination import decode_last_key as decode_token

__all__ = ["Page", "Window", "decode_last_key", "encode_last_key", "providers_with_privilege_in"]

DATE_OF_UPDATE_INDEX = "providerDateOfUpdate"
_INDEX_KEY = ("pk", "sk", DATE_OF_UPDATE_INDEX)
MAX_QUERIES_PER_PAGE = DEFAULT_MAX_QUERIES
"""Bounds one request's work (each query reads at most 1 MB): a state whose privilege holders are
sparse in a busy week gets a short page with a ``lastKey`` rather than a gateway timeout."""
_BAD_LAST_KEY = "Invalid request: pagination.lastKey: not a key returned by this query"


@dataclass(frozen=True)
class Window:
    """The inclusive key range of the index, in the stored rendering of ``providerDateOfUpdate``.

    Stored values are whole seconds, so the bounds are rounded inwards to whole seconds: the range
    then holds exactly the instants of the requested window, and the string order of the rendered
    keys is their time order.
    """

    low: str
    high: str

    @classmethod
    def between(cls, start: datetime, end: datetime) -> Window:
        first = start if start.microsecond == 0 else start.replace(microsecond=0) + timedelta(seconds=1)
        return cls(keys.iso_utc(first), keys.iso_utc(end.replace(microsecond=0)))

    @property
    def is_empty(self) -> bool:
        return self.low > self.high

    def holds(self, value: str) -> bool:
        return self.low <= value <= self.high


def decode_last_key(token: str, compact: str, window: Window) -> dict[str, str]:
    """The index key to resume after. The token is opaque but not trusted: it must point at a provider
    record of this compact inside this window (400 naming ``pagination.lastKey`` otherwise)."""
    key = decode_token(token, _BAD_LAST_KEY)
    valid = (
        set(key) == set(_INDEX_KEY)
        and all(isinstance(value, str) for value in key.values())
        and key["sk"] == keys.provider_sk(compact)
        and key["pk"].startswith(keys.provider_pk(compact, ""))
        and window.holds(key[DATE_OF_UPDATE_INDEX])
    )
    if not valid:
        raise InvalidRequest(_BAD_LAST_KEY)
    return key


def providers_with_privilege_in(
    table: Any,
    compact: str,
    jurisdiction: str,
    window: Window,
    *,
    page_size: int,
    descending: bool = False,
    resume_after: dict[str, str] | None = None,
) -> Page:
    """Up to ``page_size`` provider items of ``compact`` whose ``privilegeJurisdictions`` contains
    ``jurisdiction`` and whose date of update is in ``window``, in time order, after ``resume_after``."""
    from boto3.dynamodb.conditions import Attr, Key

    if window.is_empty:
        return Page([], None)
    query: dict[str, Any] = {
        "IndexName": DATE_OF_UPDATE_INDEX,
        "KeyConditionExpression": Key("sk").eq(keys.provider_sk(compact))
        & Key(DATE_OF_UPDATE_INDEX).between(window.low, window.high),
        "FilterExpression": Attr("privilegeJurisdictions").contains(jurisdiction),
        "ScanIndexForward": not descending,
    }
    return fill_page(
        table,
        query,
        page_size=page_size,
        key_names=_INDEX_KEY,
        resume_after=resume_after,
        max_queries=MAX_QUERIES_PER_PAGE,
    )
