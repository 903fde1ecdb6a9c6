"""The functions of practitioners' accounts (spec/infra.md §2.3, function table)."""

from __future__ import annotations

from core.catalog import Access, FunctionSpec, TableGrant
from core.operational_keys import registration_attempts_pk
from core.secrets import RECAPTCHA_SECRET
from core.tables import COMPACT_CONFIGURATION, PROVIDER, RATE_LIMITING
from core.user_pools import UserPoolGrant, UserPoolName
from notifications.functions import EMAIL_SERVICE

CUSTOM_MESSAGE = FunctionSpec(
    name="ProviderUsersCustomMessage",
    handler="provider_users.custom_message.lambda_handler",
    description="Words the provider pool's invitation (temporary password) and verification emails.",
)

PROVIDER_USERS_API = FunctionSpec(
    name="ProviderUsersApi",
    handler="provider_users.api.lambda_handler",
    description="A signed-in practitioner's own record.",
    grants=(TableGrant(PROVIDER.key, Access.READ),),
)

REGISTRATION_METRIC = "registration-attempt"
"""1 per registration that created or re-sent an account, 0 per one that did not (the alarms' source)."""

PROVIDER_REGISTRATION = FunctionSpec(
    name="ProviderRegistration",
    handler="provider_users.registration_api.lambda_handler",
    description="A licensee registers: matches their license, creates their account, records the login.",
    grants=(
        TableGrant(PROVIDER.key, Access.READ_WRITE),
        TableGrant(COMPACT_CONFIGURATION.key, Access.READ),
        TableGrant(RATE_LIMITING.key, Access.READ_WRITE, partitions=(registration_attempts_pk("*"),)),
    ),
    pool_grants=(
        UserPoolGrant(
            UserPoolName.PROVIDER,
            ("cognito-idp:AdminGetUser", "cognito-idp:AdminCreateUser", "cognito-idp:AdminDeleteUser"),
        ),
    ),
    invokes=(EMAIL_SERVICE.name,),
    secrets=(RECAPTCHA_SECRET,),
)
