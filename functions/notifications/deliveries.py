"""Who an email request has already reached, kept in the event-state table (spec §4.8), so that a
retried request (an SQS message delivered again, a caller retrying after a partial failure) sends only
to the recipients it has not reached.

One item per (request, template, recipient): pk ``COMPACT#{compact}#DELIVERY#{deliveryId}``, sk
``NOTIFICATION#{template}#{recipient}`` where the recipient is a hash of the lower-cased address, so no
address sits in a key (keys appear in CloudTrail data events); the item expires after four weeks, the
longest a message is retried. The reference kept one item per recipient *group* (the provider, a state);
a group of several addresses that half failed was then sent again in full.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from core.clock import now_utc
from core.keys import epoch_seconds, iso_utc

RETENTION = timedelta(weeks=4)


def _pk(compact: str, delivery_id: str) -> str:
    return f"COMPACT#{compact}#DELIVERY#{delivery_id}"


def recipient_key(address: str) -> str:
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()[:32]


def _sk(template: str, address: str) -> str:
    return f"NOTIFICATION#{template}#{recipient_key(address)}"


class DeliveryLog:
    """Takes a boto3 ``Table`` (the event-state table)."""

    def __init__(self, table: Any) -> None:
        self.table = table

    def delivered(self, compact: str, delivery_id: str, template: str, addresses: Iterable[str]) -> set[str]:
        """Those of ``addresses`` this request has already reached (one consistent query)."""
        from boto3.dynamodb.conditions import Key

        query: dict[str, Any] = {
            "KeyConditionExpression": Key("pk").eq(_pk(compact, delivery_id))
            & Key("sk").begins_with(f"NOTIFICATION#{template}#"),
            "ConsistentRead": True,
        }
        reached: set[str] = set()
        while True:
            page = self.table.query(**query)
            reached.update(item["sk"] for item in page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                break
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        return {address for address in addresses if _sk(template, address) in reached}

    def record(self, compact: str, delivery_id: str, template: str, address: str) -> None:
        now = now_utc()
        self.table.put_item(
            Item={
                "pk": _pk(compact, delivery_id),
                "sk": _sk(template, address),
                "type": "notificationDelivery",
                "status": "SUCCESS",
                "template": template,
                "compact": compact,
                "deliveredAt": iso_utc(now),
                "ttl": epoch_seconds(now + RETENTION),
            }
        )
