"""The data-event log (spec §4.1): one item per bus event, per jurisdiction, for the ingest reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


class DataEventRepository:
    def __init__(self, table: Any) -> None:
        self.table = table

    def put(self, item: Mapping[str, Any]) -> None:
        """Store an event's item; its key carries the event id, so a redelivered event rewrites itself."""
        self.table.put_item(Item=dict(item))

    def put_first(self, item: Mapping[str, Any]) -> None:
        """Store an event's item unless it is already there: an upload problem keeps the ``loggedAt`` of
        its first write, so a redelivered one is not reported a second time."""
        from core.aws import client_error

        try:
            self.table.put_item(Item=dict(item), ConditionExpression="attribute_not_exists(pk)")
        except client_error() as error:
            if error.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                raise

    def put_all(self, items: Sequence[Mapping[str, Any]]) -> None:
        """Store many events' items, 25 per BatchWriteItem call (boto3 resends what DynamoDB leaves
        unprocessed). An event delivered twice in one batch is written once: a batch may not name one key
        twice, and both copies are the same item."""
        with self.table.batch_writer(overwrite_by_pkeys=["pk", "sk"]) as batch:
            for item in items:
                batch.put_item(Item=dict(item))
