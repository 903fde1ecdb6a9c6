"""Handlers of the compact admins' changes to a provider's records (spec §2.2, §8.1): deactivating a
privilege and auditing military documents. Each change and its event are one transaction; the emails go
from the events' listeners (the reference sent them from the request, and lost them when sending
failed)."""

from __future__ import annotations

from typing import Any

from adverse_actions.deactivation import plan_deactivation
from adverse_actions.events import (
    MILITARY_AFFILIATION_AUDIT,
    PRIVILEGE_DEACTIVATION,
    MilitaryAuditEvent,
    PrivilegeDeactivationEvent,
)
from adverse_actions.functions import MILITARY_AUDIT_API, PRIVILEGE_DEACTIVATION_API
from adverse_actions.military_audit import plan_audit
from adverse_actions.models import MilitaryAuditRequest, PrivilegeDeactivationRequest
from adverse_actions.record_changes import (
    Planned,
    RecordPath,
    check_record_path,
    encoded,
    require_compact_admin,
    write_change,
)
from adverse_actions.routes import ROUTES
from core.clock import now_utc
from core.errors import AccessDenied
from core.fields import MessageResponse
from core.http import RouteTable
from core.lookups import known_compact
from core.models.enums import AdverseActionAgainst
from core.models.history import DeactivationDetails
from core.models.provider_records import ProviderRecords
from core.repositories.users import UsersRepository
from core.resources import granted
from core.tables import USERS

deactivations = RouteTable.serving(PRIVILEGE_DEACTIVATION_API, ROUTES)
audits = RouteTable.serving(MILITARY_AUDIT_API, ROUTES)


def _staff_name(compact: str, user_id: str) -> str:
    """How the history names the admin: their name in the compact's user records."""
    user = UsersRepository(granted().table(USERS)).get(compact, user_id)
    if user is None:
        raise AccessDenied()
    return f"{user.attributes.given_name} {user.attributes.family_name}"


@deactivations.operation("deactivate_privilege")
def deactivate_privilege(
    compact: str, providerId: str, jurisdiction: str, licenseType: str, body: PrivilegeDeactivationRequest
) -> MessageResponse:
    path = RecordPath(AdverseActionAgainst.PRIVILEGE, compact, providerId, jurisdiction, licenseType)
    check_record_path(path)
    user = require_compact_admin(deactivations.principal(), compact)
    details = DeactivationDetails(
        note=body.deactivation_note,
        deactivated_by_staff_user_id=user,
        deactivated_by_staff_user_name=_staff_name(compact, user),
    )

    def plan(records: ProviderRecords) -> Planned:
        at = now_utc()
        privilege, puts = plan_deactivation(records, jurisdiction, licenseType, details, at)
        event = PrivilegeDeactivationEvent(
            event_time=at,
            compact=compact,
            jurisdiction=jurisdiction,
            provider_id=providerId,
            license_type_abbreviation=licenseType,
            privilege_id=privilege.privilege_id,
        )
        return puts, [encoded(PRIVILEGE_DEACTIVATION, event)]

    write_change(compact, providerId, plan)
    return MessageResponse(message="OK")


@audits.operation("audit_military_affiliation")
def audit_military_affiliation(compact: str, providerId: str, body: MilitaryAuditRequest) -> MessageResponse:
    known_compact(compact)
    require_compact_admin(audits.principal(), compact)

    def plan(records: ProviderRecords) -> Planned:
        at = now_utc()
        event = MilitaryAuditEvent(
            event_time=at,
            compact=compact,
            provider_id=providerId,
            audit_result=body.military_status,
            audit_note=body.military_status_note,
        )
        puts = plan_audit(records, body.military_status, body.military_status_note, at)
        return puts, [encoded(MILITARY_AFFILIATION_AUDIT, event)]

    write_change(compact, providerId, plan)
    return MessageResponse(message="OK")


def deactivation_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return deactivations(event, context)


def audit_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return audits(event, context)
