"""The data event bus and its archive (spec/infra.md §1.4).

The bus name ``<env>-dataEventBus`` is a contract: consumer stacks and the sandbox address the bus
by that name, so it is fixed rather than auto-named.
"""

from __future__ import annotations

import json
from typing import Any

import pulumi_aws as aws

from components.base import CompactConnectComponent
from core.events import event_bus_name

ARCHIVE_RETENTION_DAYS = 180


def create_event_bus(
    owner: CompactConnectComponent[Any],
    *,
    environment: str,
    account_id: str,
    archive_retention_days: int = ARCHIVE_RETENTION_DAYS,
    adopted_name: str | None = None,
) -> tuple[aws.cloudwatch.EventBus, aws.cloudwatch.EventArchive]:
    """The bus plus an archive of every event published from this account, so lost or mishandled
    events can be replayed for ``archive_retention_days`` (180 unless the owner keeps them longer).
    ``adopted_name``: the reference's bus (``<env>-dataEventBus`` there too), taken over where it stands."""
    name = adopted_name or event_bus_name(environment)
    bus = aws.cloudwatch.EventBus(
        "DataEventBus", name=name, tags=owner.tags, opts=owner.data_opts(import_=adopted_name)
    )
    archive = aws.cloudwatch.EventArchive(
        "DataEventBusArchive",
        name=f"{name}-archive",
        description=f"Replayable copy of the events published to {name} from this account",
        event_source_arn=bus.arn,
        retention_days=archive_retention_days,
        event_pattern=json.dumps({"account": [account_id]}),
        opts=owner.data_opts(),
    )
    return bus, archive
