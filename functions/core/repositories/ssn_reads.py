"""The SSN read log and the endpoint's switch, both in the rate-limiting table (spec §4.7).

Every attempt to read a full SSN is written here before it is judged, under one partition, so the
system-wide count over 24 hours is a single (strongly consistent) query and the per-user count comes
from the same page. The switch item has no TTL: once the endpoint has switched itself off it stays off
until an operator turns it on (``scripts/ssn_endpoint``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

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
        """Attempts in the last 24 hours: the user's all of them; everyone's only those made after the
        endpoint was last switched on (``switch``, as just read, to the microsecond), so switching on
        starts the system-wide count afresh without giving anyone their own reads back."""
        from boto3.dynamodb.conditions import Key

        switched_on = switch.changed_at if switch is not None and switch.enabled else None
        everyone = mine = 0
        request: dict[str, Any] = {
            "KeyConditionExpression": Key("pk").eq(operational_keys.SSN_READ_REQUESTS_PK)
            & Key("sk").gte(operational_keys.ssn_read_window_floor(now - WINDOW)),
            "ConsistentRead": True,
            "ProjectionExpression": "sk, staffUserId, requestedAt",
        }
        while True:
            page = self.table.query(**request)
            for item in page.get("Items", []):
                everyone += switched_on is None or _requested_at(item) > switched_on
                mine += item.get("staffUserId") == user_id
            if "LastEvaluatedKey" not in page:
                return Attempts(all=everyone, by_user=mine)
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def switch(self) -> SsnEndpointSwitch | None:
        """The switch as last set, or None when it has never been touched (the endpoint is on)."""
        key = {"pk": operational_keys.SSN_ENDPOINT_SWITCH_KEY, "sk": operational_keys.SSN_ENDPOINT_SWITCH_KEY}
        item = self.table.get_item(Key=key, ConsistentRead=True).get("Item")
        return SsnEndpointSwitch.from_item(item) if item else None

    def set_switch(self, *, enabled: bool, changed_at: datetime, changed_by: str, reason: str) -> None:
        switch = SsnEndpointSwitch(
            enabled=enabled, changed_at=changed_at, changed_by=changed_by, reason=reason
        )
        self.table.put_item(Item=switch.to_item())


def _requested_at(item: Mapping[str, Any]) -> datetime:
    """When an attempt was made: its ``requestedAt``, or, for attempts the reference logged (which keep it
    only in the sort key, to the second), the epoch in its sort key."""
    if "requestedAt" in item:
        return datetime.fromisoformat(str(item["requestedAt"]))
    parsed = operational_keys.ssn_read_request_of(str(item["sk"]))
    if parsed is None:
        raise ValueError(f"not an SSN read key: {item['sk']!r}")
    return parsed[0]
