"""Catalog entries of the notification functions."""

from __future__ import annotations

from core.catalog import Access, FunctionSpec, TableGrant
from core.tables import COMPACT_CONFIGURATION, EVENT_STATE

EMAIL_SERVICE = FunctionSpec(
    name="EmailNotificationService",
    handler="notifications.service.lambda_handler",
    description="Renders and sends every email of the system to its recipients, once each.",
    grants=(
        TableGrant(COMPACT_CONFIGURATION.key, Access.READ),
        TableGrant(EVENT_STATE.key, Access.READ_WRITE),
    ),
    timeout_seconds=60,
)
