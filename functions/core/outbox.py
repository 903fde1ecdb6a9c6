"""The outbox (DESIGN §3): a change's bus events are written in the change's own DynamoDB transaction, then
published right after it commits; what fails to publish is published by the relay a minute later.

So an event exists exactly when its change does — never a change nobody hears of (the reference's gap
when publishing failed after the write), never an event for a change that was rolled back. A published
entry whose delete failed is published again: every consumer keys its effects on the change, not on the
event's id, so a repeat does nothing.

The entries live in one partition (``PENDING_EVENTS``) of the transaction-history table; writers and the
relay are granted that partition only.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from aws_lambda_powertools import Logger

from core import keys
from core.catalog import Access, TableGrant
from core.events import EncodedEvent, put
from core.models.outbox import PendingEvent, PendingEvents
from core.tables import TRANSACTION_HISTORY

logger = Logger(child=True)

OUTBOX_GRANT = TableGrant(TRANSACTION_HISTORY.key, Access.READ_WRITE, partitions=(keys.PENDING_EVENTS_PK,))
"""What an outbox writer (and the relay) may touch of the transaction-history table."""

PutEntries = Callable[[Sequence[EncodedEvent]], None]


def entry_of(
    events: Sequence[EncodedEvent], created: datetime, change_id: str | None = None
) -> PendingEvents:
    """The outbox entry of a change's events; ``change_id`` names the change (a new id by default)."""
    return PendingEvents(
        change_id=change_id or str(uuid.uuid4()),
        created=created,
        events=[PendingEvent(detail_type=e.detail_type, source=e.source, detail=e.detail) for e in events],
    )


class Outbox:
    """The outbox partition of the transaction-history table."""

    def __init__(self, table: Any) -> None:
        self.table = table

    def new_item(self, entry: PendingEvents) -> dict[str, Any]:
        """The ``TransactWriteItems`` put of an entry, written with the change it announces."""
        return {
            "Put": {
                "TableName": self.table.name,
                "Item": entry.to_item(),
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }

    def pending(self, created_before: datetime) -> list[PendingEvents]:
        """Entries written before ``created_before``, oldest first."""
        from boto3.dynamodb.conditions import Key

        query: dict[str, Any] = {
            "KeyConditionExpression": Key("pk").eq(keys.PENDING_EVENTS_PK)
            & Key("sk").lt(f"TIME#{keys.iso_utc(created_before)}"),
            "ConsistentRead": True,
        }
        found: list[PendingEvents] = []
        while True:
            page = self.table.query(**query)
            found += [PendingEvents.from_item(item) for item in page.get("Items", [])]
            if "LastEvaluatedKey" not in page:
                return found
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def published(self, entry: PendingEvents) -> None:
        self.table.delete_item(Key={"pk": entry.pk, "sk": entry.sk})

    def publish(self, entry: PendingEvents, put_entries: PutEntries | None = None) -> bool:
        """Publish an entry and clear it; False (logged) when it is left to the relay. The change stands
        either way, so a publishing failure is never its writer's failure."""
        try:
            (put_entries or put)([EncodedEvent(e.detail_type, e.source, e.detail) for e in entry.events])
            self.published(entry)
        except Exception as error:
            logger.warning(
                "Events left to the relay", extra={"change_id": entry.change_id, "error": str(error)}
            )
            return False
        return True
