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
from typing import Any

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


def problems_logged(
    table: Any, compact: str, jurisdiction: str, since: str, cutoff: str
) -> list[dict[str, Any]]:
    """Validation errors and ingest failures first logged in ``[since, cutoff)`` (ISO instants)."""
    from boto3.dynamodb.conditions import Key

    condition = Key("reportKey").eq(operational_keys.data_event_report_key(compact, jurisdiction)) & Key(
        "loggedAt"
    ).between(since, cutoff)
    query = {"IndexName": REPORT_INDEX, "KeyConditionExpression": condition}
    return [item for page in _pages(table, query) for item in page.get("Items", [])]


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


class Watermarks:
    """How far each jurisdiction's problems have been reported, in the event-state table."""

    def __init__(self, table: Any) -> None:
        self.table = table

    @staticmethod
    def _key(compact: str, jurisdiction: str) -> dict[str, str]:
        return {"pk": f"COMPACT#{compact}#INGEST_REPORT#{jurisdiction}", "sk": "WATERMARK"}

    def reported_through(self, compact: str, jurisdiction: str) -> str | None:
        item = self.table.get_item(Key=self._key(compact, jurisdiction), ConsistentRead=True).get("Item")
        return str(item["reportedThrough"]) if item else None

    def advance(self, compact: str, jurisdiction: str, previous: str | None, to: datetime) -> bool:
        """Moves the watermark from ``previous`` to ``to``; False if another run moved it first."""
        from core.aws import client_error

        condition = (
            {"ConditionExpression": "attribute_not_exists(pk)"}
            if previous is None
            else {
                "ConditionExpression": "reportedThrough = :previous",
                "ExpressionAttributeValues": {":previous": previous},
            }
        )
        try:
            self.table.put_item(
                Item={
                    **self._key(compact, jurisdiction),
                    "type": "ingestReportWatermark",
                    "reportedThrough": operational_keys.logged_at(to),
                },
                **condition,
            )
        except client_error() as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise
        return True
