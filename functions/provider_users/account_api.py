"""Handlers of a signed-in practitioner's own account changes (spec §9.3, §9.4): the login email and the
home state. Each acts on the provider record named by the caller's ID token, never by the request."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from core.clock import now_utc, now_utc_precise, today_for_expiration
from core.errors import NotFound
from core.events import publish
from core.http import RouteTable
from core.repositories.configuration import ConfigurationRepository
from core.repositories.providers import ProviderRepository, retrying_conflicts
from core.resources import granted
from core.tables import COMPACT_CONFIGURATION, PROVIDER
from notifications.client import send_email
from provider_users import email_change, military
from provider_users.caller import Practitioner
from provider_users.functions import PROVIDER_ACCOUNT_API
from provider_users.home_state import MovePlan, plan_move
from provider_users.models import (
    DeclaredMilitaryAffiliation,
    EmailChangeRequest,
    EmailVerificationRequest,
    HomeJurisdictionRequest,
    MilitaryAffiliationEnd,
    MilitaryAffiliationRequest,
)
from provider_users.provider_pool import ProviderPool
from provider_users.routes import ROUTES
from providers.events import PROVIDER_HOME_JURISDICTION_CHANGE, HomeJurisdictionChange
from providers.records import PROVIDER_NOT_FOUND

logger = Logger()
routes = RouteTable.serving(PROVIDER_ACCOUNT_API, ROUTES)


def practitioner() -> Practitioner:
    return Practitioner.from_event(routes.app.current_event.raw_event)


def email_ports() -> email_change.EmailChangePorts:
    return email_change.EmailChangePorts(
        providers=ProviderRepository(granted().table(PROVIDER)),
        pool=ProviderPool(),
        send_email=send_email,
        now=now_utc,
    )


@routes.operation("request_email_change")
def request_email_change(body: EmailChangeRequest) -> dict[str, Any]:
    return {"message": email_change.request_change(practitioner(), body.new_email_address, email_ports())}


@routes.operation("verify_email_change")
def verify_email_change(body: EmailVerificationRequest) -> dict[str, Any]:
    return {"message": email_change.verify_change(practitioner(), body.verification_code, email_ports())}


@routes.operation("change_home_jurisdiction")
def change_home_jurisdiction(body: HomeJurisdictionRequest) -> dict[str, Any]:
    """Move the caller's home state (re-planned on the fresh records if another writer came first), then
    tell both states through ``provider.homeJurisdictionChange``."""
    caller = practitioner()
    plan = _move(caller, body.jurisdiction)
    if plan is None:
        return {"message": "ok"}
    publish(
        PROVIDER_HOME_JURISDICTION_CHANGE,
        HomeJurisdictionChange(
            event_time=now_utc(),
            compact=caller.compact,
            provider_id=caller.provider_id,
            previous_home_jurisdiction=plan.previous_home,
            new_home_jurisdiction=body.jurisdiction,
        ),
    )
    logger.info("home state changed", compact=caller.compact, provider_id=caller.provider_id)
    return {"message": "ok"}


@routes.operation("declare_military_affiliation")
def declare_military_affiliation(body: MilitaryAffiliationRequest) -> dict[str, Any]:
    caller = practitioner()
    repository = ProviderRepository(granted().table(PROVIDER))
    declared = military.declare(  # to the microsecond: two declarations a moment apart are two records
        repository,
        caller.compact,
        caller.provider_id,
        body.affiliation_type,
        body.file_names,
        now_utc_precise(),
    )
    shown = {**declared.record.to_item(stamp=False), "documentUploadFields": declared.uploads}
    return DeclaredMilitaryAffiliation.model_validate(shown).to_body()


@routes.operation("end_military_affiliation")
def end_military_affiliation(body: MilitaryAffiliationEnd) -> dict[str, Any]:
    caller = practitioner()
    repository = ProviderRepository(granted().table(PROVIDER))
    return {"message": military.end(repository, caller.compact, caller.provider_id, now_utc())}


def _move(caller: Practitioner, new_home: str) -> MovePlan | None:
    """Write the move (re-planned on fresh records when another writer got there first); None when the
    caller already lives there."""
    live = _live_states(caller.compact)
    repository = ProviderRepository(granted().table(PROVIDER))

    def attempt() -> MovePlan | None:
        records = repository.records(caller.compact, caller.provider_id, consistent=True, history=0)
        if records.provider is None:
            raise NotFound(PROVIDER_NOT_FOUND)
        plan = plan_move(records, new_home, live, today_for_expiration(), now_utc())
        if plan is not None:
            repository.put_guarded(plan.puts)
        return plan

    return retrying_conflicts(attempt)


def _live_states(compact: str) -> frozenset[str]:
    """The compact's states open to the public: a move anywhere else ends the privileges (case A)."""
    table = granted().table(COMPACT_CONFIGURATION)
    configuration = ConfigurationRepository(table).compact_configuration(compact)
    if configuration is None:
        return frozenset()
    return frozenset(state.postal_abbreviation for state in configuration.configured_states if state.is_live)


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
