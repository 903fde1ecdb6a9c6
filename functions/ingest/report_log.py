"""What the ingest reporter reads and keeps: the upload problems logged in a window, the week's counts,
and how far each jurisdiction's problems have been reported.

Problems are read by when they were first *logged* (the data-event table's sparse ``reportIndex``), in
half-open windows ``[since, cutoff)``, and each jurisdiction's watermark moves to the cutoff only once
its email is sent. A problem logged while a run is working has a later ``loggedAt`` than that run's
cutoff, so the next run reports it. The reference read the last 15 minutes by when a problem
*happened*, so a problem still on its way through the queues when the run looked was never reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, NamedTuple

from core import operational_keys
from core.keys import epoch_seconds

REPORT_INDEX = "reportIndex"


def _pages(table: Any, query: dict[str, Any]) -> Iterator[dict[str, Any]]:
    while True:
        page = table.query(**query)
        yield page
        if "LastEvaluatedKey" not in page:
            return
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _window(compact: str, jurisdiction: str, detail_type: str, window: Window) -> dict[str, Any]:
    from boto3.dynamodb.conditions import Attr, Key

    report_key = Key("reportKey").eq(operational_keys.data_event_report_key(compact, jurisdiction))
    return {
        "IndexName": REPORT_INDEX,
        "KeyConditionExpression": report_key & Key("loggedAt").between(window.since, window.cutoff),
        "FilterExpression": Attr("eventType").eq(detail_type),
    }


def problems_logged(
    table: Any, compact: str, jurisdiction: str, detail_type: str, window: Window, limit: int
) -> list[dict[str, Any]]:
    """The first ``limit`` problems of ``detail_type`` logged in the window ``[since, cutoff)``: a
    file of thousands of bad rows is listed in part, not read whole into memory."""
    found: list[dict[str, Any]] = []
    for page in _pages(table, _window(compact, jurisdiction, detail_type, window)):
        found += page.get("Items", [])
        if len(found) >= limit:
            break
    return found[:limit]


def count_logged(table: Any, compact: str, jurisdiction: str, detail_type: str, window: Window) -> int:
    """How many problems of ``detail_type`` were logged in the window (counted, not read)."""
    query = {**_window(compact, jurisdiction, detail_type, window), "Select": "COUNT"}
    return sum(int(page.get("Count", 0)) for page in _pages(table, query))


def count_events(
    table: Any, compact: str, jurisdiction: str, detail_type: str, start: datetime, end: datetime
) -> int:
    """How many events of ``detail_type`` happened in ``[start, end)`` (counted, not read)."""
    from boto3.dynamodb.conditions import Key

    prefix = f"TYPE#{detail_type}#TIME#"
    condition = Key("pk").eq(operational_keys.data_event_pk(compact, jurisdiction)) & Key("sk").between(
        f"{prefix}{epoch_seconds(start)}", f"{prefix}{epoch_seconds(end)}"
    )
    query = {"KeyConditionExpression": condition, "Select": "COUNT"}
    return sum(int(page.get("Count", 0)) for page in _pages(table, query))


class Window(NamedTuple):
    """``[since, cutoff)`` as ``loggedAt`` values."""

    since: str
    cutoff: str

    @property
    def empty(self) -> bool:
        return self.since >= self.cutoff


class WindowBusy(Exception):
    """Another run holds this jurisdiction's window: it reports it."""


class Watermarks:
    """How far each jurisdiction's problems have been reported, in the event-state table, and the window
    being reported. A window is recorded before its email is sent and closed after: a run that fails or
    stops half-way leaves it open, and the next run reports that same window under the same delivery
    id, so the recipients already reached are not written to twice, instead of a bigger window under a
    new one."""

    def __init__(self, table: Any) -> None:
        self.table = table

    @staticmethod
    def _key(compact: str, jurisdiction: str) -> dict[str, str]:
        return {"pk": f"COMPACT#{compact}#INGEST_REPORT#{jurisdiction}", "sk": "WATERMARK"}

    def _put(self, compact: str, jurisdiction: str, values: dict[str, str], **condition: Any) -> None:
        from core.aws import client_error

        item = {**self._key(compact, jurisdiction), "type": "ingestReportWatermark", **values}
        try:
            self.table.put_item(Item=item, **condition)
        except client_error() as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                raise WindowBusy(f"{compact}/{jurisdiction}") from None
            raise

    def open_window(self, compact: str, jurisdiction: str, cutoff: datetime, first_since: datetime) -> Window:
        """The window this run reports: one left open by an earlier run, else from the watermark (or,
        the first time, ``first_since``) to ``cutoff``, recorded before anything is sent."""
        item = self.table.get_item(Key=self._key(compact, jurisdiction), ConsistentRead=True).get("Item")
        if item and item.get("pendingCutoff"):
            return Window(str(item["reportedThrough"]), str(item["pendingCutoff"]))
        since = str(item["reportedThrough"]) if item else operational_keys.logged_at(first_since)
        window = Window(since, operational_keys.logged_at(cutoff))
        if window.empty:
            return window
        condition = (
            {
                "ConditionExpression": "reportedThrough = :since AND attribute_not_exists(pendingCutoff)",
                "ExpressionAttributeValues": {":since": since},
            }
            if item
            else {"ConditionExpression": "attribute_not_exists(pk)"}
        )
        self._put(
            compact, jurisdiction, {"reportedThrough": since, "pendingCutoff": window.cutoff}, **condition
        )
        return window

    def close_window(self, compact: str, jurisdiction: str, window: Window) -> None:
        self._put(
            compact,
            jurisdiction,
            {"reportedThrough": window.cutoff},
            ConditionExpression="pendingCutoff = :cutoff",
            ExpressionAttributeValues={":cutoff": window.cutoff},
        )
