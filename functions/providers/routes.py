"""Catalog entries of the staff provider routes (spec §2.2): the query, the provider detail, a privilege's
history and the full-SSN read.

The query, the detail and the history share one function that only reads the provider table. The SSN read is a
function of its own: it runs as the dedicated ``provider_query`` SSN role (the only API role the SSN key
decrypts for), may query only the SSN table's ``ssnIndex``, logs every attempt in the rate-limiting table
and may disable a staff user who keeps trying.
"""

from __future__ import annotations

from core import operational_keys
from core.api_catalog import READ_GENERAL, READ_SSN, ApiName, Auth, AuthKind, Route
from core.buckets import PROVIDER_USERS
from core.catalog import (
    Access,
    BucketAccess,
    BucketGrant,
    FunctionSpec,
    TableGrant,
    UserPoolGrant,
    UserPoolName,
)
from core.current_permissions import CURRENT_PERMISSIONS
from core.tables import PROVIDER, RATE_LIMITING, SSN, SSN_INDEX
from providers.history import PrivilegeHistory
from providers.models import PrivateProviderDetail, ProviderSsn
from providers.query_models import ProviderQueryRequest, ProviderQueryResponse

STAFF_PROVIDER_API = FunctionSpec(
    name="StaffProviderApi",
    handler="providers.api.lambda_handler",
    description="Staff provider query, detail and privilege history, sanitised to the caller's access level.",
    grants=(TableGrant(PROVIDER.key, Access.READ),),
    # Presigned links to military documents for compact admins are signed with this function's role.
    bucket_grants=(BucketGrant(PROVIDER_USERS.key, BucketAccess.READ),),
)

PROVIDER_SSN_API = FunctionSpec(
    name="ProviderSsnApi",
    handler="providers.ssn_api.lambda_handler",
    description="Full SSN of one provider: audited, limited per user and system-wide, self-disabling.",
    grants=(
        TableGrant(PROVIDER.key, Access.READ),
        TableGrant(SSN.key, Access.READ, index=SSN_INDEX),
        # Its own two partitions of the shared rate-limiting table: the read log and the switch.
        TableGrant(
            RATE_LIMITING.key,
            Access.READ_WRITE,
            partitions=(operational_keys.SSN_READ_REQUESTS_PK, operational_keys.SSN_ENDPOINT_SWITCH_KEY),
        ),
        CURRENT_PERMISSIONS,
    ),
    pool_grants=(UserPoolGrant(UserPoolName.STAFF, ("cognito-idp:AdminDisableUser",)),),
    ssn_role="provider_query",
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
    Route(
        api=ApiName.LICENSE,
        method="GET",
        path="/v1/compacts/{compact}/providers/{providerId}/ssn",
        function=PROVIDER_SSN_API,
        operation="get_provider_ssn",
        auth=Auth(AuthKind.STAFF, READ_SSN),
        summary="The provider's full SSN (readSSN for this provider; 5 reads per user per 24 hours)",
        response_model=ProviderSsn,
        tags=_TAGS,
        errors=(404, 429, 503),
    ),
)
