"""Machine-to-machine sign-in for member states' IT systems (spec/infra.md §2.4).

States call the State API with OAuth client-credentials tokens of this pool. The pool has no users:
each state system is an app client, created (and rotated) by ``scripts/create_app_client`` rather than
here, because clients come and go with state onboarding, not with deploys, and their secrets must
never pass through the Pulumi state. The pool declares the same resource servers (scopes) as the
staff pool, so API Gateway's per-route scope lists hold for both.

Why it differs from the human pools (components/user_pool.py): the LITE tier, because threat
protection (a PLUS feature) watches user sign-ins and there are none here; MFA required and a
32-character password policy with every character class all the same, so that an account created in
this pool by mistake could not sign in with a password alone; admin-created accounts only; a Cognito
prefix domain, whose ``/oauth2/token`` endpoint is what clients call (no hosted UI is needed).
"""

from __future__ import annotations

from typing import Self

import pulumi
import pulumi_aws as aws
from pydantic import Field, model_validator

from components.adoption import AdoptedUserPool
from components.args import ComponentArgs, EnvironmentName, NamePrefix, Region, require_retained_in_prod
from components.base import CompactConnectComponent
from components.user_pool import PrefixDomainSuffix, create_resource_servers
from core.compacts import CompactCatalog

POOL = "StateAuthUsers"
DOMAIN_PREFIX = "compact-connect-state-auth"
MINIMUM_PASSWORD_LENGTH = 32


class StateIdentityArgs(ComponentArgs):
    """The machine pool has nothing to relax: MFA, password policy and the LITE tier are fixed
    (module docstring). Deletion protection follows ``retain_data`` (required in prod)."""

    environment: EnvironmentName
    name_prefix: NamePrefix
    region: Region = Field(description="The token endpoint's region.")
    compacts: CompactCatalog = Field(description="The same resource servers (scopes) as the staff pool.")
    prefix_domain_suffix: PrefixDomainSuffix = ""
    adopted_pool: AdoptedUserPool | None = Field(
        default=None, description="The reference's pool (and its app clients' scopes) taken over."
    )

    @model_validator(mode="after")
    def _guard_rails(self) -> Self:
        require_retained_in_prod(self.environment, self.retain_data)
        return self


def token_url(prefix: str, region: str) -> str:
    """The client-credentials token endpoint of a Cognito prefix domain."""
    return f"https://{prefix}.auth.{region}.amazoncognito.com/oauth2/token"


class StateIdentity(CompactConnectComponent[StateIdentityArgs]):
    """Attributes: ``user_pool``, ``domain`` (the prefix domain ``compact-connect-state-auth`` plus
    the environment's suffix), ``resource_servers`` (by identifier: compact abbreviation or
    jurisdiction postal code) and ``token_url`` (where app clients get tokens)."""

    def __init__(
        self, name: str, args: StateIdentityArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("StateIdentity", name, args, opts)
        adopted = args.adopted_pool
        self.user_pool = aws.cognito.UserPool(
            POOL,
            name=adopted.name if adopted else f"{args.name_prefix}-state-auth",
            user_pool_tier="LITE",
            user_pool_add_ons=aws.cognito.UserPoolUserPoolAddOnsArgs(advanced_security_mode="OFF"),
            admin_create_user_config=aws.cognito.UserPoolAdminCreateUserConfigArgs(
                allow_admin_create_user_only=True
            ),
            account_recovery_setting=aws.cognito.UserPoolAccountRecoverySettingArgs(
                recovery_mechanisms=[
                    aws.cognito.UserPoolAccountRecoverySettingRecoveryMechanismArgs(
                        name="admin_only", priority=1
                    )
                ]
            ),
            password_policy=aws.cognito.UserPoolPasswordPolicyArgs(
                minimum_length=MINIMUM_PASSWORD_LENGTH,
                require_lowercase=True,
                require_uppercase=True,
                require_numbers=True,
                require_symbols=True,
                temporary_password_validity_days=1,
            ),
            mfa_configuration="ON",
            software_token_mfa_configuration=aws.cognito.UserPoolSoftwareTokenMfaConfigurationArgs(
                enabled=True
            ),
            deletion_protection="ACTIVE" if args.retain_data else "INACTIVE",
            tags=self.tags,
            opts=self.data_opts(import_=adopted.id if adopted else None),
        )
        self.resource_servers = create_resource_servers(self, POOL, self.user_pool, args.compacts, adopted)
        adopted_domain = adopted.domain if adopted else None
        self.domain = aws.cognito.UserPoolDomain(
            f"{POOL}-domain",
            domain=adopted_domain or f"{DOMAIN_PREFIX}{args.prefix_domain_suffix}",
            user_pool_id=self.user_pool.id,
            opts=self.child_opts(import_=adopted_domain),
        )
        self.token_url: pulumi.Output[str] = self.domain.domain.apply(
            lambda domain: token_url(domain, args.region)
        )
        self.register_outputs(
            {
                "userPoolId": self.user_pool.id,
                "userPoolArn": self.user_pool.arn,
                "domain": self.domain.domain,
                "tokenUrl": self.token_url,
            }
        )
