"""Demo configuration for the sandbox, so the public routes have something to show and practitioners
can register.

Live jurisdictions are normally switched on by compact admins at run time; locally we configure
each compact with its first four active jurisdictions, the first three of them live (a practitioner at
home in one can buy privileges in two others), and each of the four with its own configuration (fees,
contacts) and registration open. Written through the same repository models the API uses; payment
credentials are uploaded by :mod:`sandbox.payments`.
"""

from __future__ import annotations

from collections.abc import Sequence

import boto3

from components.config import StackConfig
from core.compacts import LicenseType
from core.jurisdictions import COMPACT_NAMES, jurisdiction_name
from core.models.configuration import (
    CompactCommissionFee,
    CompactConfiguration,
    ConfiguredState,
    JurisdictionConfiguration,
    JurisprudenceRequirements,
    LicenseeCharges,
    PrivilegeFee,
    TransactionFeeConfiguration,
)
from sandbox.identity import PERSONA_JURISDICTIONS

DEMO_OPERATIONS_EMAIL = "operations@{compact}.compact.example"
DEMO_STATE_EMAIL = "licensing@{jurisdiction}.state.example"
DEMO_PRIVILEGE_FEE = "75"
DEMO_MILITARY_RATE = "40"
DEMO_CARD_FEE = "1.75"


def seed_demo_configuration(config: StackConfig, table_name: str) -> dict[str, list[str]]:
    """Returns the live jurisdictions per compact."""
    table = boto3.resource("dynamodb").Table(table_name)
    live: dict[str, list[str]] = {}
    for compact, definition in config.compacts.compacts.items():
        first = list(definition.active_jurisdictions[:4])
        live[compact] = first[:3]
        # The staff personas' states are configured (not live), so their admins' changes reach their lists.
        personas = [code for code in PERSONA_JURISDICTIONS if code in definition.active_jurisdictions]
        configured = list(dict.fromkeys(first + personas))
        email = DEMO_OPERATIONS_EMAIL.format(compact=compact)
        record = CompactConfiguration(
            compact_abbr=compact,
            compact_name=COMPACT_NAMES[compact],
            compact_commission_fee=CompactCommissionFee(fee_type="FLAT_RATE", fee_amount="3.50"),
            transaction_fee_configuration=TransactionFeeConfiguration(
                licensee_charges=LicenseeCharges(active=True, charge_amount=DEMO_CARD_FEE)
            ),
            compact_operations_team_emails=[email],
            compact_adverse_actions_notification_emails=[email],
            compact_summary_report_notification_emails=[email],
            licensee_registration_enabled=True,
            configured_states=[
                ConfiguredState(postal_abbreviation=code, is_live=code in live[compact])
                for code in configured
            ],
        )
        table.put_item(Item=record.to_item())
        for code in configured:
            registering = code in first  # the personas' own states leave that switch to their admins
            state = _jurisdiction(compact, code, definition.license_types, registering)
            table.put_item(Item=state.to_item())
    return live


def _jurisdiction(
    compact: str, code: str, license_types: Sequence[LicenseType], registering: bool
) -> JurisdictionConfiguration:
    email = DEMO_STATE_EMAIL.format(jurisdiction=code)
    return JurisdictionConfiguration(
        compact=compact,
        postal_abbreviation=code,
        jurisdiction_name=jurisdiction_name(code),
        privilege_fees=[
            PrivilegeFee(
                license_type_abbreviation=license_type.abbreviation,
                amount=DEMO_PRIVILEGE_FEE,
                military_rate=DEMO_MILITARY_RATE,
            )
            for license_type in license_types
        ],
        jurisdiction_operations_team_emails=[email],
        jurisdiction_adverse_actions_notification_emails=[email],
        jurisdiction_summary_report_notification_emails=[email],
        licensee_registration_enabled=registering,
        jurisprudence_requirements=JurisprudenceRequirements(required=False),
    )
