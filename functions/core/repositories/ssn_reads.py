"""The SSN read log and the endpoint's switch, both in the rate-limiting table (spec §4.7).

Every attempt to read a full SSN is written here before it is judged, under one partition, so the
system-wide count over 24 hours is a single (strongly consistent) query and the per-user count comes
from the same page. The switch item has no TTL: once the endpoint has switched itself off it stays off
until an operator turns it on (``scripts/ssn_endpoint``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from boto3.dynamodb.conditions import Key

from core import operational_keys
from core.models.operational import SsnEndpointSwitch, SsnReadRequest

WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class Attempts:
    """Attempts in the window: everyone's, and the asking user's."""

    all: int
    by_user: int


def is_on(switch: SsnEndpointSwitch | None) -> bool:
    """A switch never touched is on."""
    return switch is None or switch.enabled


class SsnReadLog:
    """Takes a boto3 ``Table`` (the rate-limiting table) so tests and the sandbox can point it anywhere."""

    def __init__(self, table: Any) -> None:
        self.table = table

    def record(self, request: SsnReadRequest) -> None:
        self.table.put_item(Item=request.to_item())

    def attempts(self, user_id: str, now: datetime, switch: SsnEndpointSwitch | None) -> Attempts:
        """Attempts since 24 hours ago, or since the endpoint was last switched on (``switch``, as just
        read) if that is later."""
        since = now - WINDOW
        if switch is not None and switch.enabled and switch.changed_at > since:
            since = switch.changed_at
        users: Counter[str] = Counter()
        request: dict[str, Any] = {
            "KeyConditionExpression": Key("pk").eq(operational_keys.SSN_READ_REQUESTS_PK)
            & Key("sk").gte(operational_keys.ssn_read_window_floor(since)),
            "ConsistentRead": True,
            "ProjectionExpression": "staffUserId",
        }
        while True:
            page = self.table.query(**request)
            users.update(str(item.get("staffUserId")) for item in page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                return Attempts(all=sum(users.values()), by_user=users[user_id])
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def switch(self) -> SsnEndpointSwitch | None:
        """The switch as last set, or None when it has never been touched (the endpoint is on)."""
        key = {"pk": operational_keys.SSN_ENDPOINT_SWITCH_KEY, "sk": operational_keys.SSN_ENDPOINT_SWITCH_KEY}
        item = self.table.get_item(Key=key, ConsistentRead=True).get("Item")
        return SsnEndpointSwitch.from_item(item) if item else None

    def is_enabled(self) -> bool:
        return is_on(self.switch())

    def set_switch(self, *, enabled: bool, changed_at: datetime, changed_by: str, reason: str) -> None:
        switch = SsnEndpointSwitch(
            enabled=enabled, changed_at=changed_at, changed_by=changed_by, reason=reason
        )
        self.table.put_item(Item=switch.to_item())
