"""Handlers of the encumbrance routes (spec §2.2, §7.3, §8.1): exactly the admins of the record's state
may encumber a license or privilege of their state and lift it; dates may not be in the future. The
change and its event are one transaction (``adverse_actions.record_changes``): the event exists exactly
when the change does. Lifting announces only the lift that frees the record (its last encumbrance)."""

from __future__ import annotations

import uuid
from typing import Any

from adverse_actions.encumbrance import plan_lift
from adverse_actions.functions import ENCUMBRANCE_API
from adverse_actions.models import EncumbranceLiftRequest, EncumbranceRequest
from adverse_actions.placing import check_request, encumbrance_event, plan_placing
from adverse_actions.record_changes import (
    Planned,
    RecordPath,
    not_in_future,
    require_state_admin,
    write_change,
)
from adverse_actions.routes import ROUTES
from core.clock import now_utc
from core.fields import MessageResponse
from core.http import RouteTable
from core.models.enums import AdverseActionAgainst
from core.models.provider_records import ProviderRecords

routes = RouteTable.serving(ENCUMBRANCE_API, ROUTES)


def _encumber(path: RecordPath, body: EncumbranceRequest) -> MessageResponse:
    user = require_state_admin(routes.principal(), path)
    check_request(body)
    action_id = str(uuid.uuid4())
    write_change(
        path.compact, path.provider_id, lambda records: plan_placing(records, path, body, user, action_id)
    )
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
        return puts, [encumbrance_event(path, True, lifted_on, encumbrance_id)]

    write_change(path.compact, path.provider_id, plan)
    return MessageResponse(message="OK")


@routes.operation("encumber_license")
def encumber_license(
    compact: str, providerId: str, jurisdiction: str, licenseType: str, body: EncumbranceRequest
) -> MessageResponse:
    return _encumber(
        RecordPath(AdverseActionAgainst.LICENSE, compact, providerId, jurisdiction, licenseType), body
    )


@routes.operation("encumber_privilege")
def encumber_privilege(
    compact: str, providerId: str, jurisdiction: str, licenseType: str, body: EncumbranceRequest
) -> MessageResponse:
    path = RecordPath(AdverseActionAgainst.PRIVILEGE, compact, providerId, jurisdiction, licenseType)
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
    path = RecordPath(AdverseActionAgainst.LICENSE, compact, providerId, jurisdiction, licenseType)
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
    path = RecordPath(AdverseActionAgainst.PRIVILEGE, compact, providerId, jurisdiction, licenseType)
    return _lift(path, encumbranceId, body)


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
