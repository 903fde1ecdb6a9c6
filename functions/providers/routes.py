"""Catalog entries of the staff provider routes (spec §2.2): the query, the provider detail and a
privilege's history, which share one function that only reads the provider table. The full-SSN read, a
function of its own, is declared in :mod:`providers.ssn_routes`.
"""

from __future__ import annotations

from core.api_catalog import READ_GENERAL, ApiName, Auth, AuthKind, Route
from core.buckets import PROVIDER_USERS, BucketAccess, BucketGrant
from core.catalog import Access, FunctionSpec, TableGrant
from core.tables import PROVIDER
from providers.history import PrivilegeHistory
from providers.models import PrivateProviderDetail, ProviderQueryResponse
from providers.query_models import ProviderQueryRequest

STAFF_PROVIDER_API = FunctionSpec(
    name="StaffProviderApi",
    handler="providers.api.lambda_handler",
    description="Staff provider query, detail and privilege history, sanitised to the caller's access level.",
    grants=(TableGrant(PROVIDER.key, Access.READ),),
    # Presigned links to military documents for compact admins are signed with this function's role.
    bucket_grants=(BucketGrant(PROVIDER_USERS.key, BucketAccess.READ),),
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
        errors=(404,),
    ),
    Route(
        api=ApiName.LICENSE,
        method="GET",
        path=(
            "/v1/compacts/{compact}/providers/{providerId}/privileges/jurisdiction/{jurisdiction}"
            "/licenseType/{licenseType}/history"
        ),
        function=STAFF_PROVIDER_API,
        operation="get_privilege_history",
        auth=_STAFF_READ,
        summary="What happened to one privilege and when, with NPDB categories of encumbrances",
        response_model=PrivilegeHistory,
        tags=_TAGS,
        errors=(404,),
    ),
)
