"""Handlers of the encumbrance routes (spec §2.2, §7.3, §8.1): exactly the admins of the record's state
may encumber a license or privilege of their state and lift it; dates may not be in the future. The
change and its event are one transaction (``adverse_actions.record_changes``): the event exists exactly
when the change does. Lifting announces only the lift that frees the record (its last encumbrance)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from adverse_actions.encumbrance import plan_encumbrance, plan_lift, target_of
from adverse_actions.events import (
    LICENSE_ENCUMBRANCE,
    LICENSE_ENCUMBRANCE_LIFTED,
    PRIVILEGE_ENCUMBRANCE,
    PRIVILEGE_ENCUMBRANCE_LIFTED,
    EncumbranceEvent,
)
from adverse_actions.functions import ENCUMBRANCE_API
from adverse_actions.models import EncumbranceLiftRequest, EncumbranceRequest
from adverse_actions.record_changes import (
    Planned,
    RecordPath,
    encoded,
    not_in_future,
    require_state_admin,
    write_change,
)
from adverse_actions.routes import ROUTES
from core.clock import now_utc
from core.events import EncodedEvent
from core.fields import MessageResponse
from core.http import RouteTable
from core.models.adverse_action import AdverseAction
from core.models.enums import AdverseActionAgainst
from core.models.provider_records import ProviderRecords

routes = RouteTable.serving(ENCUMBRANCE_API, ROUTES)

EVENTS = {
    (AdverseActionAgainst.LICENSE, False): LICENSE_ENCUMBRANCE,
    (AdverseActionAgainst.LICENSE, True): LICENSE_ENCUMBRANCE_LIFTED,
    (AdverseActionAgainst.PRIVILEGE, False): PRIVILEGE_ENCUMBRANCE,
    (AdverseActionAgainst.PRIVILEGE, True): PRIVILEGE_ENCUMBRANCE_LIFTED,
}


def _event(path: RecordPath, lifted: bool, effective: date, action_id: str) -> EncodedEvent:
    """The record's event; ``adverseActionId`` names the action placed, or the one whose lift freed it."""
    detail = EncumbranceEvent(
        event_time=now_utc(),
        compact=path.compact,
        jurisdiction=path.jurisdiction,
        provider_id=path.provider_id,
        license_type_abbreviation=path.license_type,
        effective_date=effective.isoformat(),
        adverse_action_id=action_id,
    )
    return encoded(EVENTS[path.against, lifted], detail)


def _encumber(path: RecordPath, body: EncumbranceRequest) -> MessageResponse:
    user = require_state_admin(routes.principal(), path)
    effective = body.encumbrance_effective_date
    not_in_future("encumbranceEffectiveDate", effective)
    action_id = str(uuid.uuid4())

    def plan(records: ProviderRecords) -> Planned:
        target = target_of(records, path.against, path.jurisdiction, path.license_type)
        action = AdverseAction(
            adverse_action_id=action_id,
            compact=path.compact,
            provider_id=path.provider_id,
            jurisdiction=path.jurisdiction,
            license_type=target.license_type,
            license_type_abbreviation=path.license_type,
            action_against=path.against,
            encumbrance_type=body.encumbrance_type,
            clinical_privilege_action_categories=body.clinical_privilege_action_categories,
            effective_start_date=effective,
            submitting_user=user,
        )
        return plan_encumbrance(records, action, now_utc()), [_event(path, False, effective, action_id)]

    write_change(path.compact, path.provider_id, plan)
    return MessageResponse(message="OK")


def _lift(path: RecordPath, encumbrance_id: str, body: EncumbranceLiftRequest) -> MessageResponse:
    user = require_state_admin(routes.principal(), path)
    lifted_on = body.effective_lift_date
    not_in_future("effectiveLiftDate", lifted_on)

    def plan(records: ProviderRecords) -> Planned:
        puts = plan_lift(
            records,
            path.against,
            path.jurisdiction,
            path.license_type,
            encumbrance_id,
            lifted_on,
            user,
            now_utc(),
        )
        if len(puts) == 1:  # another encumbrance still holds the record: nothing to announce yet
            return puts, []
        return puts, [_event(path, True, lifted_on, encumbrance_id)]

    write_change(path.compact, path.provider_id, plan)
    return MessageResponse(message="OK")


def _path(against: AdverseActionAgainst, compact: str, provider: str, state: str, kind: str) -> RecordPath:
    return RecordPath(against, compact, provider, state, kind)


@routes.operation("encumber_license")
def encumber_license(
    compact: str, providerId: str, jurisdiction: str, licenseType: str, body: EncumbranceRequest
) -> MessageResponse:
    return _encumber(
        _path(AdverseActionAgainst.LICENSE, compact, providerId, jurisdiction, licenseType), body
    )


@routes.operation("encumber_privilege")
def encumber_privilege(
    compact: str, providerId: str, jurisdiction: str, licenseType: str, body: EncumbranceRequest
) -> MessageResponse:
    path = _path(AdverseActionAgainst.PRIVILEGE, compact, providerId, jurisdiction, licenseType)
    return _encumber(path, body)


@routes.operation("lift_license_encumbrance")
def lift_license_encumbrance(
    compact: str,
    providerId: str,
    jurisdiction: str,
    licenseType: str,
    encumbranceId: str,
    body: EncumbranceLiftRequest,
) -> MessageResponse:
    path = _path(AdverseActionAgainst.LICENSE, compact, providerId, jurisdiction, licenseType)
    return _lift(path, encumbranceId, body)


@routes.operation("lift_privilege_encumbrance")
def lift_privilege_encumbrance(
    compact: str,
    providerId: str,
    jurisdiction: str,
    licenseType: str,
    encumbranceId: str,
    body: EncumbranceLiftRequest,
) -> MessageResponse:
    path = _path(AdverseActionAgainst.PRIVILEGE, compact, providerId, jurisdiction, licenseType)
    return _lift(path, encumbranceId, body)


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
