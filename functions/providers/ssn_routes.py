"""Catalog entry of the full-SSN read (spec §2.2, payments_security §4.6).

A function of its own: it runs as the dedicated ``provider_query`` SSN role (the only API role the SSN key
decrypts for), may query only the SSN table's ``ssnIndex``, logs every attempt in the rate-limiting table
and may disable a staff user who keeps trying. Declared apart from the other staff provider routes, so it
loads only its own response model, not the audience models.
"""

from __future__ import annotations

from core import operational_keys
from core.api_catalog import READ_SSN, ApiName, Auth, AuthKind, Route
from core.catalog import Access, FunctionSpec, TableGrant
from core.current_permissions import CURRENT_PERMISSIONS
from core.tables import PROVIDER, RATE_LIMITING, SSN, SSN_INDEX
from core.user_pools import UserPoolGrant, UserPoolName
from providers.ssn_models import ProviderSsn

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
    ssn_access=True,
)

ROUTES = (
    Route(
        api=ApiName.LICENSE,
        method="GET",
        path="/v1/compacts/{compact}/providers/{providerId}/ssn",
        function=PROVIDER_SSN_API,
        operation="get_provider_ssn",
        auth=Auth(AuthKind.STAFF, READ_SSN),
        summary="The provider's full SSN (readSSN for this provider; 5 reads per user per 24 hours)",
        response_model=ProviderSsn,
        tags=("providers",),
        errors=(404, 429, 503),
    ),
)
