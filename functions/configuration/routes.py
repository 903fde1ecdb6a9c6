"""Catalog entries of the public configuration function and of the deploy-time uploader.

Two API functions on purpose: the public one (unauthenticated jurisdiction lists) may only read the
configuration table, and only the staff one, whose routes all sit behind the staff pool and a
run-time scope check, may write it. The staff function is declared in :mod:`configuration.admin_routes`
with its request and response models, which neither function declared here loads.
"""

from __future__ import annotations

from configuration.models import JurisdictionList, LiveJurisdictions
from core.api_catalog import PUBLIC, ApiName, QueryParam, Route
from core.catalog import Access, FunctionSpec, TableGrant

CONFIGURATION_API = FunctionSpec(
    name="CompactConfigurationApi",
    handler="configuration.api.lambda_handler",
    description="Serves the public compact and jurisdiction configuration (read-only).",
    grants=(TableGrant("compact_configuration", Access.READ),),
)

CONFIGURATION_UPLOADER = FunctionSpec(
    name="CompactConfigurationUploader",
    handler="configuration.uploader.lambda_handler",
    description="Writes active member jurisdictions and versioned attestations on every deploy.",
    grants=(TableGrant("compact_configuration", Access.READ_WRITE),),
    timeout_seconds=300,
)

ROUTES = (
    Route(
        api=ApiName.LICENSE,
        method="GET",
        path="/v1/public/jurisdictions/live",
        function=CONFIGURATION_API,
        operation="get_live_jurisdictions",
        auth=PUBLIC,
        summary="Jurisdictions live for privilege purchases, for one compact or all",
        response_model=LiveJurisdictions,
        query_params=(QueryParam("compact", description="Only this compact; all when absent"),),
        tags=("public",),
    ),
    Route(
        api=ApiName.LICENSE,
        method="GET",
        path="/v1/public/compacts/{compact}/jurisdictions",
        function=CONFIGURATION_API,
        operation="get_public_compact_jurisdictions",
        auth=PUBLIC,
        summary="Active member jurisdictions of a compact",
        response_model=JurisdictionList,
        tags=("public",),
    ),
)
