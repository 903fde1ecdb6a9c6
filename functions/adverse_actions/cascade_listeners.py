"""The privilege cascades (spec §7.1), each a queue consumer of one license event: the privileges bought
on the license follow it, in one transaction with the events announcing them (``core.outbox``).

Redelivery is harmless: each plan (``adverse_actions.cascades``) acts on the records as they are now, so
an event applied already finds nothing left to change, writes nothing and announces nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.typing import LambdaContext

from adverse_actions.cascades import CascadePlan, deactivate_privileges, free_privileges, hold_privileges
from adverse_actions.events import PRIVILEGE_ENCUMBRANCE, PRIVILEGE_ENCUMBRANCE_LIFTED, EncumbranceEvent
from adverse_actions.functions import DEACTIVATION_CASCADE, ENCUMBRANCE_CASCADE, LIFT_CASCADE
from adverse_actions.record_changes import Planned, encoded, write_change
from core.clock import now_utc
from core.event_queue import consume
from core.events import EventSpec
from core.models.provider_records import ProviderRecords
from core.resources import serves
from ingest.models import LicenseDeactivation

logger = Logger()

Cascade = Callable[[ProviderRecords], CascadePlan]

PRIVILEGES_PER_CHANGE = 40
"""A transaction holds 100 items: 40 privileges, their history records and the outbox item fit. A
license with more privileges is followed in several changes, each planned on what the last one left."""


def _apply(compact: str, provider_id: str, cascade: Cascade, announce: EventSpec | None) -> None:
    """Write the cascade's plan, with one ``announce`` event per privilege changed."""
    while len(_apply_some(compact, provider_id, cascade, announce)) == PRIVILEGES_PER_CHANGE:
        continue


def _apply_some(compact: str, provider_id: str, cascade: Cascade, announce: EventSpec | None) -> list[str]:
    """Write the plan's first privileges; returns the states of those it changed."""
    changed: list[str] = []

    def plan(records: ProviderRecords) -> Planned:
        cascade_plan = cascade(records).first(PRIVILEGES_PER_CHANGE)
        changed[:] = [p.jurisdiction for p in cascade_plan.changed]
        if announce is None or not cascade_plan.changed:
            return cascade_plan.puts, []
        assert cascade_plan.action is not None and cascade_plan.effective is not None
        events = [
            encoded(
                announce,
                EncumbranceEvent(
                    event_time=now_utc(),
                    compact=compact,
                    jurisdiction=privilege.jurisdiction,
                    provider_id=provider_id,
                    license_type_abbreviation=privilege.license_type_abbreviation,
                    effective_date=cascade_plan.effective.isoformat(),
                    adverse_action_id=cascade_plan.action.adverse_action_id,
                    license_jurisdiction=cascade_plan.action.jurisdiction,
                ),
            )
            for privilege in cascade_plan.changed
        ]
        return cascade_plan.puts, events

    write_change(compact, provider_id, plan)
    logger.info("Privileges followed their license", extra={"privileges": changed})
    return changed


def _on_encumbrance(envelope: dict[str, Any]) -> None:
    event = EncumbranceEvent.model_validate(envelope["detail"])
    if event.adverse_action_id is None:
        raise ValueError("adverseActionId: a license encumbrance event must name its encumbrance")
    action_id = event.adverse_action_id

    def cascade(records: ProviderRecords) -> CascadePlan:
        return hold_privileges(
            records, event.jurisdiction, event.license_type_abbreviation, action_id, now_utc()
        )

    _apply(event.compact, event.provider_id, cascade, PRIVILEGE_ENCUMBRANCE)


def _on_lift(envelope: dict[str, Any]) -> None:
    event = EncumbranceEvent.model_validate(envelope["detail"])

    def cascade(records: ProviderRecords) -> CascadePlan:
        return free_privileges(records, event.jurisdiction, event.license_type_abbreviation, now_utc())

    _apply(event.compact, event.provider_id, cascade, PRIVILEGE_ENCUMBRANCE_LIFTED)


def _on_deactivation(envelope: dict[str, Any]) -> None:
    event = LicenseDeactivation.model_validate(envelope["detail"])

    def cascade(records: ProviderRecords) -> CascadePlan:
        return deactivate_privileges(records, event.jurisdiction, event.license_type_abbreviation, now_utc())

    _apply(event.compact, event.provider_id, cascade, None)  # no event, no email (spec §7.1)


@serves(ENCUMBRANCE_CASCADE)
@logger.inject_lambda_context
def on_license_encumbrance(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return consume(event, context, _on_encumbrance)


@serves(LIFT_CASCADE)
@logger.inject_lambda_context
def on_license_encumbrance_lifted(
    event: dict[str, Any], context: LambdaContext
) -> PartialItemFailureResponse:
    return consume(event, context, _on_lift)


@serves(DEACTIVATION_CASCADE)
@logger.inject_lambda_context
def on_license_deactivation(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return consume(event, context, _on_deactivation)
