"""Catalog entries served by the configuration functions.

Two API functions on purpose: the public one (unauthenticated jurisdiction lists) may only read the
configuration table, and only the staff one, whose routes all sit behind the staff pool and a
run-time scope check, may write it.
"""

from __future__ import annotations

from configuration.admin_models import (
    CompactConfigurationRequest,
    CompactConfigurationResponse,
    JurisdictionConfigurationRequest,
    JurisdictionConfigurationResponse,
    MessageResponse,
)
from configuration.models import JurisdictionList, LiveJurisdictions
from core.api_catalog import ADMIN, PUBLIC, READ_GENERAL, ApiName, Auth, AuthKind, QueryParam, Route
from core.catalog import Access, FunctionSpec, TableGrant
from core.current_permissions import CURRENT_PERMISSIONS

CONFIGURATION_API = FunctionSpec(
    name="CompactConfigurationApi",
    handler="configuration.api.lambda_handler",
    description="Serves the public compact and jurisdiction configuration (read-only).",
    grants=(TableGrant("compact_configuration", Access.READ),),
)

CONFIGURATION_ADMIN_API = FunctionSpec(
    name="CompactConfigurationAdminApi",
    handler="configuration.admin_api.lambda_handler",
    description="Reads and writes compact and jurisdiction configuration for staff admins.",
    grants=(TableGrant("compact_configuration", Access.READ_WRITE), CURRENT_PERMISSIONS),
)

CONFIGURATION_UPLOADER = FunctionSpec(
    name="CompactConfigurationUploader",
    handler="configuration.uploader.lambda_handler",
    description="Writes active member jurisdictions and versioned attestations on every deploy.",
    grants=(TableGrant("compact_configuration", Access.READ_WRITE),),
    timeout_seconds=300,
)

_STAFF_READ = Auth(AuthKind.STAFF, READ_GENERAL)
_STAFF_ADMIN = Auth(AuthKind.STAFF, ADMIN)
_STAFF_TAGS = ("configuration",)

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
    Route(
        api=ApiName.LICENSE,
        method="GET",
        path="/v1/compacts/{compact}",
        function=CONFIGURATION_ADMIN_API,
        operation="get_compact_configuration",
        auth=_STAFF_READ,
        summary="The compact's configuration (compact admins only), or an empty default",
        response_model=CompactConfigurationResponse,
        tags=_STAFF_TAGS,
    ),
    Route(
        api=ApiName.LICENSE,
        method="PUT",
        path="/v1/compacts/{compact}",
        function=CONFIGURATION_ADMIN_API,
        operation="put_compact_configuration",
        auth=_STAFF_ADMIN,
        summary="Create or update the compact's configuration (compact admins only)",
        request_model=CompactConfigurationRequest,
        response_model=MessageResponse,
        tags=_STAFF_TAGS,
        errors=(409,),
    ),
    Route(
        api=ApiName.LICENSE,
        method="GET",
        path="/v1/compacts/{compact}/jurisdictions",
        function=CONFIGURATION_ADMIN_API,
        operation="get_compact_jurisdictions",
        auth=_STAFF_READ,
        summary="Active member jurisdictions of a compact",
        response_model=JurisdictionList,
        tags=_STAFF_TAGS,
    ),
    Route(
        api=ApiName.LICENSE,
        method="GET",
        path="/v1/compacts/{compact}/jurisdictions/{jurisdiction}",
        function=CONFIGURATION_ADMIN_API,
        operation="get_jurisdiction_configuration",
        auth=_STAFF_READ,
        summary="A jurisdiction's configuration (that jurisdiction's admins only), or an empty default",
        response_model=JurisdictionConfigurationResponse,
        tags=_STAFF_TAGS,
    ),
    Route(
        api=ApiName.LICENSE,
        method="PUT",
        path="/v1/compacts/{compact}/jurisdictions/{jurisdiction}",
        function=CONFIGURATION_ADMIN_API,
        operation="put_jurisdiction_configuration",
        auth=_STAFF_ADMIN,
        summary="Create or update a jurisdiction's configuration (that jurisdiction's admins only)",
        request_model=JurisdictionConfigurationRequest,
        response_model=MessageResponse,
        tags=_STAFF_TAGS,
        errors=(409,),
    ),
)
