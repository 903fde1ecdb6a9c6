"""Catalog entries served by the configuration functions."""

from __future__ import annotations

from configuration.models import JurisdictionList, LiveJurisdictions
from core.catalog import PUBLIC, Access, ApiName, FunctionSpec, Route, TableGrant

CONFIGURATION_API = FunctionSpec(
    name="CompactConfigurationApi",
    handler="configuration.api.lambda_handler",
    description="Reads and writes compact and jurisdiction configuration.",
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
        query_params=("compact",),
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
