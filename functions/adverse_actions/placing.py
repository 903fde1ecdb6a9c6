"""An encumbrance as a state admin asks for it, from the request to the planned writes and the event:
placed by the encumbrance route, or by closing an investigation with one (in that closing's transaction).
"""

from __future__ import annotations

from datetime import date

from adverse_actions.encumbrance import plan_encumbrance, target_of
from adverse_actions.events import (
    LICENSE_ENCUMBRANCE,
    LICENSE_ENCUMBRANCE_LIFTED,
    PRIVILEGE_ENCUMBRANCE,
    PRIVILEGE_ENCUMBRANCE_LIFTED,
    EncumbranceEvent,
)
from adverse_actions.models import EncumbranceRequest
from adverse_actions.record_changes import Planned, RecordPath, encoded, not_in_future
from core.clock import now_utc
from core.events import EncodedEvent
from core.models.adverse_action import AdverseAction
from core.models.enums import AdverseActionAgainst
from core.models.provider_records import ProviderRecords

EVENTS = {
    (AdverseActionAgainst.LICENSE, False): LICENSE_ENCUMBRANCE,
    (AdverseActionAgainst.LICENSE, True): LICENSE_ENCUMBRANCE_LIFTED,
    (AdverseActionAgainst.PRIVILEGE, False): PRIVILEGE_ENCUMBRANCE,
    (AdverseActionAgainst.PRIVILEGE, True): PRIVILEGE_ENCUMBRANCE_LIFTED,
}


def encumbrance_event(path: RecordPath, lifted: bool, effective: date, action_id: str) -> EncodedEvent:
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


def check_request(request: EncumbranceRequest, field_prefix: str = "") -> None:
    """What the request's model cannot judge alone: the start date is not in the future."""
    not_in_future(f"{field_prefix}encumbranceEffectiveDate", request.encumbrance_effective_date)


def plan_placing(
    records: ProviderRecords, path: RecordPath, request: EncumbranceRequest, user: str, action_id: str
) -> Planned:
    """The writes that place the requested encumbrance on the path's record (404 if it has none), and
    the event announcing it."""
    target = target_of(records, path.against, path.jurisdiction, path.license_type)
    action = AdverseAction(
        adverse_action_id=action_id,
        compact=path.compact,
        provider_id=path.provider_id,
        jurisdiction=path.jurisdiction,
        license_type=target.license_type,
        license_type_abbreviation=path.license_type,
        action_against=path.against,
        encumbrance_type=request.encumbrance_type,
        clinical_privilege_action_categories=request.clinical_privilege_action_categories,
        effective_start_date=request.encumbrance_effective_date,
        submitting_user=user,
    )
    puts = plan_encumbrance(records, action, now_utc())
    return puts, [encumbrance_event(path, False, request.encumbrance_effective_date, action_id)]
