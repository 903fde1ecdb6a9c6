"""Handlers of the configuration routes (public jurisdiction lists)."""

from __future__ import annotations

import os
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Query

from configuration.models import JurisdictionList, JurisdictionSummary, LiveJurisdictions
from configuration.routes import ROUTES
from core.aws import table
from core.compacts import CompactCatalog
from core.errors import InvalidRequest
from core.http import RouteTable
from core.repositories.configuration import ConfigurationRepository
from core.tables import COMPACT_CONFIGURATION

routes = RouteTable(ROUTES)


def _repository() -> ConfigurationRepository:
    return ConfigurationRepository(table(COMPACT_CONFIGURATION.env_var))


def _compacts() -> CompactCatalog:
    return CompactCatalog.model_validate_json(os.environ["COMPACTS"])


def _known_compact(compact: str) -> str:
    known = _compacts().compacts
    if compact not in known:
        raise InvalidRequest(f"Invalid compact: {compact!r} is not one of {', '.join(known)}")
    return compact


@routes.operation("get_live_jurisdictions")
def get_live_jurisdictions(compact: Annotated[str | None, Query()] = None) -> LiveJurisdictions:
    """Live jurisdictions per compact; a compact that was never configured has none."""
    compacts = [_known_compact(compact)] if compact else list(_compacts().compacts)
    repository = _repository()
    live: dict[str, list[str]] = {}
    for name in compacts:
        configuration = repository.compact_configuration(name)
        live[name] = configuration.live_jurisdictions if configuration else []
    return LiveJurisdictions(live)


@routes.operation("get_public_compact_jurisdictions")
def get_public_compact_jurisdictions(compact: str) -> JurisdictionList:
    record = _repository().active_members(_known_compact(compact))
    members = record.active_member_jurisdictions if record else []
    return JurisdictionList(
        [
            JurisdictionSummary(
                jurisdictionName=member.jurisdiction_name,
                postalAbbreviation=member.postal_abbreviation,
                compact=member.compact,
            )
            for member in members
        ]
    )


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
