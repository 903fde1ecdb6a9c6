"""Catalog entries of the staff configuration function (spec §2.2, §10.2, §10.3): it reads and writes
the compact and jurisdiction configuration, behind the staff pool and a run-time scope check."""

from __future__ import annotations

from configuration.admin_models import (
    CompactConfigurationRequest,
    CompactConfigurationResponse,
    JurisdictionConfigurationRequest,
    JurisdictionConfigurationResponse,
)
from configuration.models import JurisdictionList
from core.api_catalog import ADMIN, READ_GENERAL, ApiName, Auth, AuthKind, Route
from core.catalog import Access, FunctionSpec, TableGrant
from core.current_permissions import CURRENT_PERMISSIONS
from core.fields import MessageResponse

CONFIGURATION_ADMIN_API = FunctionSpec(
    name="CompactConfigurationAdminApi",
    handler="configuration.admin_api.lambda_handler",
    description="Reads and writes compact and jurisdiction configuration for staff admins.",
    grants=(TableGrant("compact_configuration", Access.READ_WRITE), CURRENT_PERMISSIONS),
)

_STAFF_READ = Auth(AuthKind.STAFF, READ_GENERAL)
_STAFF_ADMIN = Auth(AuthKind.STAFF, ADMIN)
_STAFF_TAGS = ("configuration",)

ROUTES = (
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
