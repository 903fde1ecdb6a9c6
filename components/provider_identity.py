"""Sign-in for practitioners (spec/infra.md §2.1 and §2.3, payments_security.md §4.1).

Practitioners register themselves (``POST /v1/provider-users/registration`` creates the Cognito user),
and each account belongs to exactly one provider record of one compact: ``custom:compact`` and
``custom:providerId`` are set once, at registration, and Cognito refuses to change them afterwards. The
provider routes use this pool's Cognito authorizer with ID tokens and no scopes: who the caller is, not
what they may do, decides what they read (their own record only). The pool shares the baseline of every
human pool (components/user_pool.py): MFA and threat protection per security profile, the password
policy, email sign-in, admin-created accounts only.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.base import CompactConnectComponent
from components.email_identity import EmailIdentity
from components.user_pool import (
    UserPoolArgs,
    allow_trigger,
    create_domain,
    create_risk_configuration,
    create_ui_client,
    create_user_pool,
    standard_attribute,
)
from core.user_pools import PROVIDER_IDENTITY_ATTRIBUTES

POOL = "ProviderUsers"
HOST_PREFIX = "licensee-auth"
"""The managed login lives at ``licensee-auth.<domain>`` where the environment has a domain."""
DEFAULT_PREFIX = "compact-connect-provider"
OPTIONAL_STANDARD_ATTRIBUTES = (
    "given_name",
    "family_name",
    "middle_name",
    "name",
    "nickname",
    "preferred_username",
    "address",
    "birthdate",
    "gender",
    "locale",
    "zoneinfo",
    "phone_number",
    "picture",
    "profile",
    "website",
    "updated_at",
)
"""Declared now although unused: Cognito cannot add standard attributes to an existing pool, and
changing them replaces the pool (its users with it). The reference's pool declares the same set."""


def custom_attribute(name: str) -> aws.cognito.UserPoolSchemaArgs:
    """An immutable string attribute (``custom:<name>`` in tokens)."""
    return aws.cognito.UserPoolSchemaArgs(
        name=name,
        attribute_data_type="String",
        mutable=False,
        developer_only_attribute=False,
        required=False,
        string_attribute_constraints=aws.cognito.UserPoolSchemaStringAttributeConstraintsArgs(
            min_length="0", max_length="2048"
        ),
    )


class ProviderIdentityArgs(UserPoolArgs):
    """The shared human-pool settings: practitioners' accounts reach their own PII, so MFA may be
    optional only under the VULNERABLE profile of a developer sandbox, like every human pool."""


class ProviderIdentity(CompactConnectComponent[ProviderIdentityArgs]):
    """Attributes: ``user_pool``, ``ui_client``, ``domain``, ``risk_configuration`` (None under the
    VULNERABLE profile) and ``trigger_permissions``."""

    def __init__(
        self,
        name: str,
        args: ProviderIdentityArgs,
        *,
        custom_message: aws.lambda_.Function,
        email_identity: EmailIdentity | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("ProviderIdentity", name, args, opts)
        self.user_pool = create_user_pool(
            self,
            args,
            POOL,
            pool_name=f"{args.name_prefix}-provider-users",
            schemas=[
                standard_attribute("email", required=True),
                *(standard_attribute(attribute) for attribute in OPTIONAL_STANDARD_ATTRIBUTES),
                *(custom_attribute(attribute) for attribute in PROVIDER_IDENTITY_ATTRIBUTES),
            ],
            # Words the invitation (the temporary password) and the verification emails.
            lambda_config=aws.cognito.UserPoolLambdaConfigArgs(custom_message=custom_message.arn),
            email=email_identity,
        )
        self.trigger_permissions = [
            allow_trigger(self, f"{POOL}-invokes-custom-message", custom_message, self.user_pool)
        ]
        self.domain = create_domain(self, args, POOL, self.user_pool, default_prefix=DEFAULT_PREFIX)
        self.ui_client = create_ui_client(
            self,
            args,
            f"{POOL}-ui",
            self.user_pool,
            role="licensee",
            read_attributes=["email", *(f"custom:{attribute}" for attribute in PROVIDER_IDENTITY_ATTRIBUTES)],
            write_attributes=["email"],
        )
        self.risk_configuration = create_risk_configuration(self, args, POOL, self.user_pool, email_identity)
        self.register_outputs(
            {
                "userPoolId": self.user_pool.id,
                "userPoolArn": self.user_pool.arn,
                "uiClientId": self.ui_client.id,
                "domain": self.domain.domain,
            }
        )
