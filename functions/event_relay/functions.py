"""The relay's function: it reaches only the outbox partition, and may publish every event an outbox
writer writes there."""

from __future__ import annotations

from adverse_actions.events import EVENTS as ADVERSE_ACTION_EVENTS
from core.catalog import FunctionSpec
from core.outbox import OUTBOX_GRANT
from core.triggers import ScheduleSpec
from disaster_recovery.events import EVENTS as DISASTER_RECOVERY_EVENTS
from purchases.events import EVENTS as PURCHASE_EVENTS

EVENT_RELAY = FunctionSpec(
    name="EventRelay",
    handler="event_relay.relay.lambda_handler",
    description="Publishes the events whose publishing failed after their change, from the outbox.",
    grants=(OUTBOX_GRANT,),
    publishes=(*PURCHASE_EVENTS, *ADVERSE_ACTION_EVENTS, *DISASTER_RECOVERY_EVENTS),
    timeout_seconds=60,
)

SCHEDULES: tuple[ScheduleSpec, ...] = (ScheduleSpec("EventRelayEveryMinute", EVENT_RELAY, "* * ? * * *"),)
