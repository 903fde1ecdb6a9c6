"""Handlers of the encumbrance routes (spec §2.2, §7.3, §8.1): exactly the admins of the record's state
may encumber a license or privilege of their state and lift it; dates may not be in the future (the
date at UTC-04:00); the writes are one transaction, guarded on the records read and decided again on a
conflict. The event is published once the write stands."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from aws_lambda_powertools import Logger

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
from adverse_actions.routes import ROUTES
from core.api_catalog import ADMIN
from core.auth import require_jurisdiction_action
from core.clock import now_utc, today_for_expiration
from core.errors import InvalidRequest, NotFound
from core.events import EventPublishError, EventSpec, publish
from core.fields import MessageResponse
from core.http import RouteTable
from core.lookups import member_jurisdiction
from core.models.adverse_action import AdverseAction
from core.models.enums import AdverseActionAgainst
from core.repositories.providers import GuardedPut, ProviderRepository, retrying_conflicts
from core.resources import granted
from core.tables import PROVIDER

logger = Logger()
routes = RouteTable.serving(ENCUMBRANCE_API, ROUTES)

EVENTS = {
    (AdverseActionAgainst.LICENSE, False): LICENSE_ENCUMBRANCE,
    (AdverseActionAgainst.LICENSE, True): LICENSE_ENCUMBRANCE_LIFTED,
    (AdverseActionAgainst.PRIVILEGE, False): PRIVILEGE_ENCUMBRANCE,
    (AdverseActionAgainst.PRIVILEGE, True): PRIVILEGE_ENCUMBRANCE_LIFTED,
}


def _admin_of(compact: str, jurisdiction: str, license_type: str) -> str:
    """The caller's id, once they are exactly ``{jurisdiction}/{compact}.admin`` (compact admins are
    refused, as in the reference) and the path names a member state and a license type of the compact."""
    principal = routes.principal()
    definition = member_jurisdiction(compact, jurisdiction)
    if definition.license_type_by_abbreviation(license_type) is None:
        known = ", ".join(lt.abbreviation for lt in definition.license_types)
        raise InvalidRequest(f"Invalid licenseType: {license_type!r} is not one of {known} in {compact}")
    require_jurisdiction_action(principal, compact, jurisdiction, ADMIN.action)
    return principal.user_id


def _not_in_future(field: str, day: date) -> None:
    if day > today_for_expiration():
        raise InvalidRequest(f"{field}: cannot be in the future")


def _write(compact: str, provider_id: str, plan: Callable[[Any], list[GuardedPut]]) -> None:
    repository = ProviderRepository(granted().table(PROVIDER))

    def attempt() -> None:
        records = repository.records(compact, provider_id, consistent=True, history=0)
        if records.provider is None:
            raise NotFound("Provider not found")
        repository.put_guarded(plan(records))

    retrying_conflicts(attempt)


def _announce(
    event: EventSpec,
    compact: str,
    jurisdiction: str,
    provider_id: str,
    abbreviation: str,
    effective: date,
    action_id: str | None,
) -> None:
    """Publish the change. It stands whether or not this succeeds: a failure is logged as an ERROR (an
    alarm) rather than answered 5xx, which would invite a retry that encumbers twice. (Next: written in
    the change's own transaction and relayed, as purchases do.)"""
    detail = EncumbranceEvent(
        event_time=now_utc(),
        compact=compact,
        jurisdiction=jurisdiction,
        provider_id=provider_id,
        license_type_abbreviation=abbreviation,
        effective_date=effective.isoformat(),
        adverse_action_id=action_id,
    )
    try:
        publish(event, detail)
    except EventPublishError:
        logger.exception(
            "An encumbrance change was written but not announced", extra={"event": event.detail_type}
        )


def _encumber(
    against: AdverseActionAgainst,
    compact: str,
    provider_id: str,
    jurisdiction: str,
    license_type: str,
    body: EncumbranceRequest,
) -> MessageResponse:
    user = _admin_of(compact, jurisdiction, license_type)
    _not_in_future("encumbranceEffectiveDate", body.encumbrance_effective_date)
    action_id = str(uuid.uuid4())

    def plan(records: Any) -> list[GuardedPut]:
        target = target_of(records, against, jurisdiction, license_type)
        action = AdverseAction(
            adverse_action_id=action_id,
            compact=compact,
            provider_id=provider_id,
            jurisdiction=jurisdiction,
            license_type=target.license_type,
            license_type_abbreviation=license_type,
            action_against=against,
            encumbrance_type=body.encumbrance_type,
            clinical_privilege_action_categories=body.clinical_privilege_action_categories,
            effective_start_date=body.encumbrance_effective_date,
            submitting_user=user,
        )
        return plan_encumbrance(records, action, now_utc())

    _write(compact, provider_id, plan)
    _announce(
        EVENTS[against, False],
        compact,
        jurisdiction,
        provider_id,
        license_type,
        body.encumbrance_effective_date,
        action_id,
    )
    return MessageResponse(message="OK")


def _lift(
    against: AdverseActionAgainst,
    compact: str,
    provider_id: str,
    jurisdiction: str,
    license_type: str,
    encumbrance_id: str,
    body: EncumbranceLiftRequest,
) -> MessageResponse:
    user = _admin_of(compact, jurisdiction, license_type)
    _not_in_future("effectiveLiftDate", body.effective_lift_date)
    freed: list[bool] = []

    def plan(records: Any) -> list[GuardedPut]:
        puts = plan_lift(
            records,
            against,
            jurisdiction,
            license_type,
            encumbrance_id,
            body.effective_lift_date,
            user,
            now_utc(),
        )
        freed[:] = [len(puts) > 1]
        return puts

    _write(compact, provider_id, plan)
    if freed and freed[0]:  # the record's last encumbrance: it is free (the cascade and emails follow)
        _announce(
            EVENTS[against, True],
            compact,
            jurisdiction,
            provider_id,
            license_type,
            body.effective_lift_date,
            None,
        )
    return MessageResponse(message="OK")


@routes.operation("encumber_license")
def encumber_license(
    compact: str, providerId: str, jurisdiction: str, licenseType: str, body: EncumbranceRequest
) -> MessageResponse:
    return _encumber(AdverseActionAgainst.LICENSE, compact, providerId, jurisdiction, licenseType, body)


@routes.operation("encumber_privilege")
def encumber_privilege(
    compact: str, providerId: str, jurisdiction: str, licenseType: str, body: EncumbranceRequest
) -> MessageResponse:
    return _encumber(AdverseActionAgainst.PRIVILEGE, compact, providerId, jurisdiction, licenseType, body)


@routes.operation("lift_license_encumbrance")
def lift_license_encumbrance(
    compact: str,
    providerId: str,
    jurisdiction: str,
    licenseType: str,
    encumbranceId: str,
    body: EncumbranceLiftRequest,
) -> MessageResponse:
    return _lift(
        AdverseActionAgainst.LICENSE, compact, providerId, jurisdiction, licenseType, encumbranceId, body
    )


@routes.operation("lift_privilege_encumbrance")
def lift_privilege_encumbrance(
    compact: str,
    providerId: str,
    jurisdiction: str,
    licenseType: str,
    encumbranceId: str,
    body: EncumbranceLiftRequest,
) -> MessageResponse:
    return _lift(
        AdverseActionAgainst.PRIVILEGE, compact, providerId, jurisdiction, licenseType, encumbranceId, body
    )


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
