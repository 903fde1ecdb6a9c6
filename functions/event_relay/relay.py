"""The outbox relay: publishes the entries whose writers could not publish them after their change
(``core.outbox``); the change stood regardless.

Runs every minute and takes entries older than :data:`GRACE`, so it does not race a writer that is
publishing its own events a moment after its commit. An entry is deleted once published; published and
not deleted (the delete failed) means published again, which consumers tolerate (they key their effects
on the change, not the event).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aws_lambda_powertools import Logger

from core.clock import now_utc_precise
from core.events import put
from core.outbox import Outbox
from core.resources import granted, serves
from core.tables import TRANSACTION_HISTORY
from event_relay.functions import EVENT_RELAY

logger = Logger()

GRACE = timedelta(minutes=1)


def relay(outbox: Outbox) -> int:
    """Publish every entry older than the grace period; returns how many entries were published. One
    entry the bus refuses does not hold back the others; the next run retries it."""
    published = 0
    for entry in outbox.pending(now_utc_precise() - GRACE):
        if outbox.publish(entry, put):
            published += 1
            logger.warning("Relayed events", extra={"change_id": entry.change_id})
        else:
            logger.error("Events could not be relayed", extra={"change_id": entry.change_id})
    return published


@serves(EVENT_RELAY)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    return {"published": relay(Outbox(granted().table(TRANSACTION_HISTORY)))}
