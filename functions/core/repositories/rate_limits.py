"""Attempt counters of the practitioners' public forms, in the rate-limiting table (spec §4.7,
payments_security §3.2).

Each attempt is one item with a TTL, under a partition per client address (registration) or per
provider (account recovery); a window is a strongly consistent ``COUNT`` query of the sort-key range, so
two requests a moment apart both see each other.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from core.models.operational import RecoveryAttempt, RegistrationAttempt

Attempt = RegistrationAttempt | RecoveryAttempt


class AttemptLog:
    """Takes a boto3 ``Table`` (the rate-limiting table) so tests and the sandbox can point it anywhere."""

    def __init__(self, table: Any) -> None:
        self.table = table

    def count_since(self, attempt: Attempt, window: timedelta) -> int:
        """Attempts of ``attempt``'s kind and partition made in the ``window`` up to its time (inclusive)."""
        from boto3.dynamodb.conditions import Key

        floor = attempt.model_copy(update={"attempted_at": attempt.attempted_at - window})
        request: dict[str, Any] = {
            "KeyConditionExpression": Key("pk").eq(attempt.pk) & Key("sk").between(floor.sk, attempt.sk),
            "Select": "COUNT",
            "ConsistentRead": True,
        }
        total = 0
        while True:
            page = self.table.query(**request)
            total += int(page.get("Count", 0))
            if "LastEvaluatedKey" not in page:
                return total
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def record(self, attempt: Attempt) -> None:
        self.table.put_item(Item=attempt.to_item())

    def forget(self, attempt: Attempt) -> None:
        """Remove a recorded attempt (one the limit refused, which must not count against later ones)."""
        self.table.delete_item(Key={"pk": attempt.pk, "sk": attempt.sk})
