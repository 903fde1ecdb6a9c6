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

import pulumi
import pulumi_aws as aws

from components.base import CompactConnectComponent
from components.config import StackConfig
from components.user_pool import create_resource_servers

POOL = "StateAuthUsers"
DOMAIN_PREFIX = "compact-connect-state-auth"
MINIMUM_PASSWORD_LENGTH = 32


def domain_prefix(config: StackConfig) -> str:
    """``compact-connect-state-auth`` in prod, ``compact-connect-state-auth-<env>`` elsewhere (prefix
    domains are global within a region, so each environment needs its own)."""
    return DOMAIN_PREFIX if config.is_prod else f"{DOMAIN_PREFIX}-{config.environment_name}"


def token_url(prefix: str, region: str) -> str:
    """The client-credentials token endpoint of a Cognito prefix domain."""
    return f"https://{prefix}.auth.{region}.amazoncognito.com/oauth2/token"


class StateIdentity(CompactConnectComponent):
    """Attributes: ``user_pool``, ``domain`` (the prefix domain), ``resource_servers`` (by identifier:
    compact abbreviation or jurisdiction postal code) and ``token_url`` (where app clients get tokens)."""

    def __init__(self, name: str, config: StackConfig, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("StateIdentity", name, config, opts)
        self.user_pool = aws.cognito.UserPool(
            POOL,
            name=f"{config.name_prefix}-state-auth",
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
            deletion_protection="ACTIVE" if config.retains_data else "INACTIVE",
            tags=self.tags,
            opts=self.data_opts(),
        )
        self.resource_servers = create_resource_servers(self, POOL, self.user_pool)
        prefix = domain_prefix(config)
        self.domain = aws.cognito.UserPoolDomain(
            f"{POOL}-domain", domain=prefix, user_pool_id=self.user_pool.id, opts=self.child_opts()
        )
        self.token_url: pulumi.Output[str] = self.domain.domain.apply(
            lambda domain: token_url(domain, config.region)
        )
        self.register_outputs(
            {
                "userPoolId": self.user_pool.id,
                "userPoolArn": self.user_pool.arn,
                "domain": self.domain.domain,
                "tokenUrl": self.token_url,
            }
        )
