"""The data-event log (spec §4.1): one item per bus event, per jurisdiction, for the ingest reports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DataEventRepository:
    def __init__(self, table: Any) -> None:
        self.table = table

    def put(self, item: Mapping[str, Any]) -> None:
        """Store an event's item; its key carries the event id, so a redelivered event rewrites itself."""
        self.table.put_item(Item=dict(item))
