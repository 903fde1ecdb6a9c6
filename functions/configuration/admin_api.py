"""Handlers of the staff configuration routes (spec §2.2, §10.2, §10.3).

Every handler follows the same order: identify the caller (401 without claims), validate the path
(400 naming an unknown compact or a jurisdiction that is not an active member), apply the route's
run-time scope rule (403), then read, apply the pure rules of :mod:`configuration.rules`, and write.
API Gateway has already checked the broader scope list of the route (spec §1.3). Request bodies are
validated by the RouteTable before a handler runs, so a malformed body is a 400 even for a caller
who would get 403.
"""

from __future__ import annotations

from typing import Any

from configuration.admin_models import (
    CompactConfigurationRequest,
    CompactConfigurationResponse,
    JurisdictionConfigurationRequest,
    JurisdictionConfigurationResponse,
)
from configuration.admin_routes import CONFIGURATION_ADMIN_API, ROUTES
from configuration.common import member_jurisdictions
from configuration.models import JurisdictionList
from configuration.rules import (
    configured_states_after_registration,
    updated_compact_configuration,
    updated_jurisdiction_configuration,
)
from core.api_catalog import ADMIN, READ_GENERAL
from core.auth import require_compact_action, require_compact_level_action, require_jurisdiction_action
from core.fields import MessageResponse
from core.http import RouteTable
from core.lookups import configuration_repository, known_compact, member_jurisdiction

routes = RouteTable.serving(CONFIGURATION_ADMIN_API, ROUTES)


def _compact_admin(compact: str) -> None:
    """Exactly ``{compact}/admin``: compact settings (fees, live states) are the commission's call."""
    principal = routes.principal()
    known_compact(compact)
    require_compact_level_action(principal, compact, ADMIN.action)


def _jurisdiction_admin(compact: str, jurisdiction: str) -> list[str]:
    """Exactly ``{jurisdiction}/{compact}.admin``: a state's fees are the state's call, so compact admins
    are refused too (spec §1.3, state-level-only rule). Returns the compact's license-type abbreviations,
    which both jurisdiction routes need."""
    principal = routes.principal()
    definition = member_jurisdiction(compact, jurisdiction)
    require_jurisdiction_action(principal, compact, jurisdiction, ADMIN.action)
    return [license_type.abbreviation for license_type in definition.license_types]


@routes.operation("get_compact_configuration")
def get_compact_configuration(compact: str) -> dict[str, Any]:
    """The stored configuration, or the empty default of a compact nobody configured yet.

    Returned as a dict (see :meth:`ResponseModel.to_body`) so the null fee of the default survives.
    """
    _compact_admin(compact)
    record = configuration_repository().compact_configuration(compact)
    response = (
        CompactConfigurationResponse.from_record(record)
        if record
        else CompactConfigurationResponse.empty(compact)
    )
    return response.to_body()


@routes.operation("put_compact_configuration")
def put_compact_configuration(compact: str, body: CompactConfigurationRequest) -> MessageResponse:
    _compact_admin(compact)
    configurations = configuration_repository()
    existing = configurations.compact_configuration(compact)
    configurations.put_compact_configuration(updated_compact_configuration(compact, body, existing), existing)
    return MessageResponse(message="ok")


@routes.operation("get_compact_jurisdictions")
def get_compact_jurisdictions(compact: str) -> JurisdictionList:
    """Any staff user of the compact may list its members (``readGeneral`` anywhere in the compact)."""
    principal = routes.principal()
    known_compact(compact)
    require_compact_action(principal, compact, READ_GENERAL.action)
    return member_jurisdictions(compact)


@routes.operation("get_jurisdiction_configuration")
def get_jurisdiction_configuration(compact: str, jurisdiction: str) -> dict[str, Any]:
    """The stored configuration, or the empty default: one null fee per license type of the compact."""
    license_types = _jurisdiction_admin(compact, jurisdiction)
    record = configuration_repository().jurisdiction_configuration(compact, jurisdiction)
    if record:
        return JurisdictionConfigurationResponse.from_record(record).to_body()
    return JurisdictionConfigurationResponse.empty(compact, jurisdiction, license_types).to_body()


@routes.operation("put_jurisdiction_configuration")
def put_jurisdiction_configuration(
    compact: str, jurisdiction: str, body: JurisdictionConfigurationRequest
) -> MessageResponse:
    """Save the jurisdiction's configuration; enabling registration also makes it join the compact's
    ``configuredStates`` (not live), in the same transaction."""
    license_types = _jurisdiction_admin(compact, jurisdiction)
    configurations = configuration_repository()
    existing = configurations.jurisdiction_configuration(compact, jurisdiction)
    record = updated_jurisdiction_configuration(compact, jurisdiction, body, existing, license_types)
    compact_record = (
        configurations.compact_configuration(compact) if body.licensee_registration_enabled else None
    )
    states = configured_states_after_registration(
        compact, jurisdiction, body.licensee_registration_enabled, compact_record
    )
    configurations.put_jurisdiction_configuration(
        record, existing, compact=compact_record, configured_states=states
    )
    return MessageResponse(message="ok")


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
