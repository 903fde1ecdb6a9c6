"""Catalog entries of the staff provider routes (spec §2.2): the query and the provider detail.

One function serves both; it only reads the provider table (and its indexes).
"""

from __future__ import annotations

from core.catalog import READ_GENERAL, Access, ApiName, Auth, AuthKind, FunctionSpec, Route, TableGrant
from core.tables import PROVIDER
from providers.models import PrivateProviderDetail, ProviderQueryRequest, ProviderQueryResponse

STAFF_PROVIDER_API = FunctionSpec(
    name="StaffProviderApi",
    handler="providers.api.lambda_handler",
    description="Staff provider query and provider detail, sanitised to the caller's access level.",
    grants=(TableGrant(PROVIDER.key, Access.READ),),
)

_STAFF_READ = Auth(AuthKind.STAFF, READ_GENERAL)
_TAGS = ("providers",)

ROUTES = (
    Route(
        api=ApiName.LICENSE,
        method="POST",
        path="/v1/compacts/{compact}/providers/query",
        function=STAFF_PROVIDER_API,
        operation="query_providers",
        auth=_STAFF_READ,
        summary="Providers of the compact by id, name or jurisdiction, one page at a time (general schema)",
        request_model=ProviderQueryRequest,
        response_model=ProviderQueryResponse,
        tags=_TAGS,
    ),
    Route(
        api=ApiName.LICENSE,
        method="GET",
        path="/v1/compacts/{compact}/providers/{providerId}",
        function=STAFF_PROVIDER_API,
        operation="get_provider",
        auth=_STAFF_READ,
        summary="A provider with licenses, privileges and military affiliations (private: readPrivate)",
        response_model=PrivateProviderDetail,  # private fields optional: documents both audiences
        tags=_TAGS,
    ),
)
