"""Catalog entries of the State API provider routes (spec §2.1).

Both routes need exactly the same access, so one function serves them: read the provider table (and
its date-of-update index), read the states' public signing keys, and put nonces. It cannot write
provider data or read the SSN table.
"""

from __future__ import annotations

from core.api_catalog import READ_GENERAL, ApiName, Auth, AuthKind, Route
from core.catalog import Access, FunctionSpec, TableGrant
from core.signature import SIGNATURE_GRANTS
from core.tables import PROVIDER
from state_api.models import StateProviderQueryRequest, StateProviderQueryResponse, StateProviderResponse

STATE_PROVIDER_API = FunctionSpec(
    name="StateProviderApi",
    handler="state_api.api.lambda_handler",
    description="State API: providers with privileges in a state, for the state's signed machine clients.",
    grants=(TableGrant(PROVIDER.key, Access.READ), *SIGNATURE_GRANTS),
)

_SIGNED_READ = Auth(AuthKind.STATE, READ_GENERAL, signature="required")
_PREFIX = "/v1/compacts/{compact}/jurisdictions/{jurisdiction}/providers"
_TAGS = ("state",)

ROUTES = (
    Route(
        api=ApiName.STATE,
        method="POST",
        path=f"{_PREFIX}/query",
        function=STATE_PROVIDER_API,
        operation="query_jurisdiction_providers",
        auth=_SIGNED_READ,
        summary="Providers with a privilege in the state whose records changed in a window of up to 7 days",
        request_model=StateProviderQueryRequest,
        response_model=StateProviderQueryResponse,
        tags=_TAGS,
    ),
    Route(
        api=ApiName.STATE,
        method="GET",
        path=f"{_PREFIX}/{{providerId}}",
        function=STATE_PROVIDER_API,
        operation="get_jurisdiction_provider",
        auth=_SIGNED_READ,
        summary="A provider's privileges in the state, each flattened with its home license",
        response_model=StateProviderResponse,
        tags=_TAGS,
        errors=(404,),
    ),
)
