"""The functions of practitioners' accounts (spec/infra.md §2.3, function table)."""

from __future__ import annotations

from core.buckets import PROVIDER_USERS, BucketAccess, BucketGrant
from core.catalog import Access, FunctionSpec, TableGrant
from core.operational_keys import account_recovery_pk, registration_attempts_pk
from core.secrets import RECAPTCHA_SECRET
from core.tables import COMPACT_CONFIGURATION, PROVIDER, RATE_LIMITING
from core.triggers import BucketTrigger
from core.user_pools import SIGN_IN_CHECK, UserPoolGrant, UserPoolName
from notifications.functions import EMAIL_SERVICE
from providers.events import PROVIDER_HOME_JURISDICTION_CHANGE

CUSTOM_MESSAGE = FunctionSpec(
    name="ProviderUsersCustomMessage",
    handler="provider_users.custom_message.lambda_handler",
    description="Words the provider pool's invitation (temporary password) and verification emails.",
)

PROVIDER_USERS_API = FunctionSpec(
    name="ProviderUsersApi",
    handler="provider_users.api.lambda_handler",
    description="A signed-in practitioner's own record and privilege histories.",
    grants=(TableGrant(PROVIDER.key, Access.READ),),
)

PROVIDER_ACCOUNT_API = FunctionSpec(
    name="ProviderAccountApi",
    handler="provider_users.account_api.lambda_handler",
    description="A signed-in practitioner changes their login email, home state or military affiliation.",
    grants=(TableGrant(PROVIDER.key, Access.READ_WRITE), TableGrant(COMPACT_CONFIGURATION.key, Access.READ)),
    pool_grants=(
        UserPoolGrant(
            UserPoolName.PROVIDER, ("cognito-idp:AdminGetUser", "cognito-idp:AdminUpdateUserAttributes")
        ),
    ),
    bucket_grants=(BucketGrant(PROVIDER_USERS.key, BucketAccess.WRITE),),
    invokes=(EMAIL_SERVICE.name,),
    publishes=(PROVIDER_HOME_JURISDICTION_CHANGE,),
)

MILITARY_DOCUMENT_UPLOADS = FunctionSpec(
    name="ProviderDocumentUploads",
    handler="provider_users.military_uploads.lambda_handler",
    description="A practitioner's military document arrived in S3: their pending affiliation becomes active.",
    grants=(TableGrant(PROVIDER.key, Access.READ_WRITE),),
)

MILITARY_DOCUMENT_TRIGGER = BucketTrigger(PROVIDER_USERS.key, MILITARY_DOCUMENT_UPLOADS, prefix="compact/")

REGISTRATION_METRIC = "registration-attempt"
"""1 per registration that created or re-sent an account, 0 per one that did not (the alarms' source)."""
REGISTRATION_THROTTLE_METRIC = "registration-rate-limit-throttles"

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

# Metric names of the reference, so its dashboards read ours.
RECOVERY_INITIATE_METRIC = "mfa-recovery-initiate"
RECOVERY_VERIFY_METRIC = "mfa-recovery-verify"
RECOVERY_THROTTLE_METRIC = "mfa-recovery-rate-limit-throttles"

_RECOVERY_ATTEMPTS = TableGrant(
    RATE_LIMITING.key, Access.READ_WRITE, partitions=(account_recovery_pk("*", "*"),)
)

PROVIDER_RECOVERY_INITIATE = FunctionSpec(
    name="ProviderRecoveryInitiate",
    handler="provider_users.recovery_api.initiate_handler",
    description="A practitioner who lost their authenticator proves who they are and is emailed a link.",
    grants=(TableGrant(PROVIDER.key, Access.READ_WRITE), _RECOVERY_ATTEMPTS),
    pool_grants=(UserPoolGrant(UserPoolName.PROVIDER, (SIGN_IN_CHECK,)),),
    invokes=(EMAIL_SERVICE.name,),
    secrets=(RECAPTCHA_SECRET,),
)

PROVIDER_RECOVERY_VERIFY = FunctionSpec(
    name="ProviderRecoveryVerify",
    handler="provider_users.recovery_api.verify_handler",
    description="Redeems a recovery link: replaces the practitioner's account (new password and MFA).",
    grants=(TableGrant(PROVIDER.key, Access.READ_WRITE), _RECOVERY_ATTEMPTS),
    pool_grants=(
        UserPoolGrant(UserPoolName.PROVIDER, ("cognito-idp:AdminCreateUser", "cognito-idp:AdminDeleteUser")),
    ),
    secrets=(RECAPTCHA_SECRET,),
)
