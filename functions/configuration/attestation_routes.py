"""Catalog entry of the attestation read (spec §2.2): practitioners fetch the latest text of an attestation
before they accept it in a purchase. A function of its own: it reads the configuration table and nothing
else, behind the provider pool's authorizer."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from configuration.attestation_models import AttestationResponse
from core.api_catalog import ApiName, Auth, AuthKind, QueryParam, Route
from core.catalog import Access, FunctionSpec, TableGrant

Locale = Annotated[str, Field(min_length=2, max_length=10)]

ATTESTATIONS_API = FunctionSpec(
    name="AttestationsApi",
    handler="configuration.attestations.lambda_handler",
    description="Serves the latest version of a compact's attestations to practitioners (read-only).",
    grants=(TableGrant("compact_configuration", Access.READ),),
)

ROUTES = (
    Route(
        api=ApiName.LICENSE,
        method="GET",
        path="/v1/compacts/{compact}/attestations/{attestationId}",
        function=ATTESTATIONS_API,
        operation="get_attestation",
        auth=Auth(AuthKind.PROVIDER),
        summary="The latest version of an attestation, in one locale (en by default)",
        response_model=AttestationResponse,
        query_params=(QueryParam("locale", Locale, "The attestation's language; en when absent"),),
        tags=("attestations",),
        errors=(404,),
    ),
)
