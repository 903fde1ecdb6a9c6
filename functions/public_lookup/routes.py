"""Catalog entries of the public provider lookup (spec §2.2): the query, the provider detail and a
privilege's history.

No authorizer. One function serves the three routes and may only read the provider table (and its indexes)
and the compact configuration (which jurisdictions are live). The routes belong to the ``public_lookup``
feature, which environments can switch off (beta serves none of them).
"""

from __future__ import annotations

from core.api_catalog import PUBLIC, ApiName, Route
from core.catalog import Access, FunctionSpec, TableGrant
from core.tables import COMPACT_CONFIGURATION, PROVIDER
from providers.history import PrivilegeHistory
from providers.query_models import ProviderQueryRequest
from public_lookup.models import PublicProviderDetail, PublicProviderQueryResponse

PUBLIC_LOOKUP_API = FunctionSpec(
    name="PublicLookupApi",
    handler="public_lookup.api.lambda_handler",
    description="Public provider query, detail and privilege history: public schema only, 1 s floor.",
    grants=(TableGrant(PROVIDER.key, Access.READ), TableGrant(COMPACT_CONFIGURATION.key, Access.READ)),
)

_TAGS = ("public",)

ROUTES = (
    Route(
        api=ApiName.LICENSE,
        method="POST",
        path="/v1/public/compacts/{compact}/providers/query",
        function=PUBLIC_LOOKUP_API,
        operation="public_query_providers",
        auth=PUBLIC,
        summary="Providers holding privileges, by id, name or live jurisdiction (public schema)",
        request_model=ProviderQueryRequest,
        response_model=PublicProviderQueryResponse,
        tags=_TAGS,
        feature="public_lookup",
    ),
    Route(
        api=ApiName.LICENSE,
        method="GET",
        path="/v1/public/compacts/{compact}/providers/{providerId}",
        function=PUBLIC_LOOKUP_API,
        operation="public_get_provider",
        auth=PUBLIC,
        summary="A provider holding privileges, with those privileges (public schema, no licenses)",
        response_model=PublicProviderDetail,
        tags=_TAGS,
        errors=(404,),
        feature="public_lookup",
    ),
    Route(
        api=ApiName.LICENSE,
        method="GET",
        path=(
            "/v1/public/compacts/{compact}/providers/{providerId}/jurisdiction/{jurisdiction}"
            "/licenseType/{licenseType}/history"
        ),
        function=PUBLIC_LOOKUP_API,
        operation="public_get_privilege_history",
        auth=PUBLIC,
        summary="What happened to one privilege and when (no NPDB categories)",
        response_model=PrivilegeHistory,
        tags=_TAGS,
        errors=(404,),
        feature="public_lookup",
    ),
)
