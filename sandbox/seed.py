"""Demo configuration for the sandbox, so the public routes have something to show.

Live jurisdictions are normally switched on by compact admins at run time; locally we configure
each compact with its first three active jurisdictions, the first two of them live. Written
through the same repository models the API uses.
"""

from __future__ import annotations

import boto3

from components.config import StackConfig
from core.jurisdictions import COMPACT_NAMES
from core.models.configuration import CompactCommissionFee, CompactConfiguration, ConfiguredState

DEMO_OPERATIONS_EMAIL = "operations@{compact}.compact.example"


def seed_demo_configuration(config: StackConfig, table_name: str) -> dict[str, list[str]]:
    """Returns the live jurisdictions per compact."""
    table = boto3.resource("dynamodb").Table(table_name)
    live: dict[str, list[str]] = {}
    for compact, definition in config.compacts.compacts.items():
        configured = list(definition.active_jurisdictions[:3])
        live[compact] = configured[:2]
        email = DEMO_OPERATIONS_EMAIL.format(compact=compact)
        record = CompactConfiguration(
            compact_abbr=compact,
            compact_name=COMPACT_NAMES[compact],
            compact_commission_fee=CompactCommissionFee(fee_type="FLAT_RATE", fee_amount="3.50"),
            compact_operations_team_emails=[email],
            compact_adverse_actions_notification_emails=[email],
            compact_summary_report_notification_emails=[email],
            licensee_registration_enabled=False,
            configured_states=[
                ConfiguredState(postal_abbreviation=code, is_live=code in live[compact])
                for code in configured
            ],
        )
        table.put_item(Item=record.to_item())
    return live
