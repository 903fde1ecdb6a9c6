"""The outbox relay: publishes purchase events that were written with their purchase but whose
publishing failed (the purchase answered anyway: its privileges and charge stand).

Runs every minute and takes entries older than :data:`GRACE`, so it does not race the purchase that is
publishing its own events a moment after writing them. An entry is deleted once published; published and
not deleted (the delete failed) means published again: consumers tolerate repeats (the receipt is sent
once per transaction).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aws_lambda_powertools import Logger

from core.clock import now_utc_precise
from core.events import EncodedEvent, put
from core.repositories.transactions import TransactionRepository
from core.resources import granted, serves
from core.tables import TRANSACTION_HISTORY
from purchases.functions import PURCHASE_EVENT_RELAY

logger = Logger()

GRACE = timedelta(minutes=1)


def relay(transactions: TransactionRepository) -> int:
    """Publish every entry older than the grace period; returns how many entries were published."""
    published = 0
    for entry in transactions.pending_events(now_utc_precise() - GRACE):
        try:
            put([EncodedEvent(e.detail_type, e.source, e.detail) for e in entry.events])
            transactions.published(entry)
        except Exception:  # one entry the bus refuses must not hold back the others; the next run retries
            logger.exception(
                "Purchase events could not be relayed", extra={"transaction_id": entry.transaction_id}
            )
            continue
        published += 1
        logger.warning("Relayed purchase events", extra={"transaction_id": entry.transaction_id})
    return published


@serves(PURCHASE_EVENT_RELAY)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    return {"published": relay(TransactionRepository(granted().table(TRANSACTION_HISTORY)))}
