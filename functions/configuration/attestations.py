"""Handler of the attestation read: the latest version of one attestation, for a signed-in practitioner."""

from __future__ import annotations

from typing import Annotated, Any

from configuration.attestation_models import AttestationResponse
from configuration.attestation_routes import ATTESTATIONS_API, ROUTES, Locale
from core.errors import NotFound
from core.http import RouteTable
from core.lookups import known_compact
from core.repositories.configuration import ConfigurationRepository
from core.request_binding import Query
from core.resources import granted
from core.tables import COMPACT_CONFIGURATION

DEFAULT_LOCALE = "en"

routes = RouteTable.serving(ATTESTATIONS_API, ROUTES)


@routes.operation("get_attestation")
def get_attestation(
    compact: str, attestationId: str, locale: Annotated[Locale | None, Query()] = None
) -> dict[str, Any]:
    """The highest version (by number: version 10 comes after 9), or 404 when the compact has no such
    attestation in that locale."""
    known_compact(compact)
    repository = ConfigurationRepository(granted().table(COMPACT_CONFIGURATION))
    attestation = repository.latest_attestation(compact, attestationId, locale or DEFAULT_LOCALE)
    if attestation is None:
        raise NotFound(f"Attestation not found: {attestationId}")
    return AttestationResponse.model_validate(attestation.to_item(stamp=False)).to_body()


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
