"""Handlers of the investigation routes (spec §2.2, §7.4, §8.1): exactly the admins of the record's state
may open an investigation of a license or privilege of their state, and close it — optionally with the
encumbrance it resulted in. The change and its events are one transaction: a closing that encumbers
either both closes and encumbers or does neither. (The reference placed the encumbrance first and closed
afterwards, so closing an investigation twice left an encumbrance behind and a 5xx.)"""

from __future__ import annotations

import uuid
from typing import Any

from adverse_actions.events import (
    LICENSE_INVESTIGATION,
    LICENSE_INVESTIGATION_CLOSED,
    PRIVILEGE_INVESTIGATION,
    PRIVILEGE_INVESTIGATION_CLOSED,
    InvestigationEvent,
)
from adverse_actions.functions import INVESTIGATION_API
from adverse_actions.investigation import plan_closing, plan_opening
from adverse_actions.models import InvestigationClosing
from adverse_actions.placing import check_request, plan_placing
from adverse_actions.record_changes import (
    Planned,
    RecordPath,
    encoded,
    one_change,
    require_state_admin,
    write_change,
)
from adverse_actions.routes import ROUTES
from core.clock import now_utc
from core.events import EncodedEvent
from core.fields import MessageResponse
from core.http import RouteTable
from core.models.enums import AdverseActionAgainst
from core.models.provider_records import ProviderRecords
from core.repositories.providers import GuardedPut

routes = RouteTable.serving(INVESTIGATION_API, ROUTES)

EVENTS = {
    (AdverseActionAgainst.LICENSE, False): LICENSE_INVESTIGATION,
    (AdverseActionAgainst.LICENSE, True): LICENSE_INVESTIGATION_CLOSED,
    (AdverseActionAgainst.PRIVILEGE, False): PRIVILEGE_INVESTIGATION,
    (AdverseActionAgainst.PRIVILEGE, True): PRIVILEGE_INVESTIGATION_CLOSED,
}


def _event(
    path: RecordPath, closed: bool, investigation_id: str, action_id: str | None = None
) -> EncodedEvent:
    detail = InvestigationEvent(
        event_time=now_utc(),
        compact=path.compact,
        jurisdiction=path.jurisdiction,
        provider_id=path.provider_id,
        license_type_abbreviation=path.license_type,
        investigation_against=path.against,
        investigation_id=investigation_id,
        adverse_action_id=action_id,
    )
    return encoded(EVENTS[path.against, closed], detail)


def _open(path: RecordPath) -> MessageResponse:
    user = require_state_admin(routes.principal(), path)
    investigation_id = str(uuid.uuid4())

    def plan(records: ProviderRecords) -> Planned:
        puts = plan_opening(records, path, investigation_id, user, now_utc())
        return puts, [_event(path, False, investigation_id)]

    write_change(path.compact, path.provider_id, plan)
    return MessageResponse(message="OK")


def _close(path: RecordPath, investigation_id: str, body: InvestigationClosing) -> MessageResponse:
    user = require_state_admin(routes.principal(), path)
    request = body.encumbrance
    if request is not None:
        check_request(request, "encumbrance.")
    action_id = str(uuid.uuid4()) if request is not None else None

    def plan(records: ProviderRecords) -> Planned:
        placed: list[GuardedPut] = []
        events: list[EncodedEvent] = []
        if request is not None and action_id is not None:
            placed, events = plan_placing(records, path, request, user, action_id)
            records = records.with_written(put.record for put in placed)
        closing = plan_closing(records, path, investigation_id, user, now_utc(), action_id)
        return one_change(placed, closing), [*events, _event(path, True, investigation_id, action_id)]

    write_change(path.compact, path.provider_id, plan)
    return MessageResponse(message="OK")


@routes.operation("open_license_investigation")
def open_license_investigation(
    compact: str, providerId: str, jurisdiction: str, licenseType: str
) -> MessageResponse:
    return _open(RecordPath(AdverseActionAgainst.LICENSE, compact, providerId, jurisdiction, licenseType))


@routes.operation("open_privilege_investigation")
def open_privilege_investigation(
    compact: str, providerId: str, jurisdiction: str, licenseType: str
) -> MessageResponse:
    return _open(RecordPath(AdverseActionAgainst.PRIVILEGE, compact, providerId, jurisdiction, licenseType))


@routes.operation("close_license_investigation")
def close_license_investigation(
    compact: str,
    providerId: str,
    jurisdiction: str,
    licenseType: str,
    investigationId: str,
    body: InvestigationClosing,
) -> MessageResponse:
    path = RecordPath(AdverseActionAgainst.LICENSE, compact, providerId, jurisdiction, licenseType)
    return _close(path, investigationId, body)


@routes.operation("close_privilege_investigation")
def close_privilege_investigation(
    compact: str,
    providerId: str,
    jurisdiction: str,
    licenseType: str,
    investigationId: str,
    body: InvestigationClosing,
) -> MessageResponse:
    path = RecordPath(AdverseActionAgainst.PRIVILEGE, compact, providerId, jurisdiction, licenseType)
    return _close(path, investigationId, body)


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
