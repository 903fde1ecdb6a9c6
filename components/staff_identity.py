"""Sign-in for board and compact staff (spec/infra.md §2.1-2.2, payments_security.md §4.1).

Staff can read PII and full SSNs, so their pool carries the strictest settings of the shared
baseline (components/user_pool.py). Authorisation lives in the access token: the pre-token
trigger turns each user's permission records (Users table) into scopes of the resource servers
declared here, and API Gateway's Cognito authorizer checks those scopes per route.
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
    create_resource_servers,
    create_risk_configuration,
    create_ui_client,
    create_user_pool,
    standard_attribute,
)

POOL = "StaffUsers"
HOST_PREFIX = "staff-auth"
"""The managed login lives at ``staff-auth.<domain>`` where the environment has a domain."""
DEFAULT_PREFIX = "compact-connect-staff"


class StaffIdentityArgs(UserPoolArgs):
    """The shared human-pool settings, unrelaxed: staff read PII and full SSNs, so MFA may be
    optional only under the VULNERABLE profile of a developer sandbox, like every human pool."""


class StaffIdentity(CompactConnectComponent[StaffIdentityArgs]):
    """Attributes: ``user_pool``, ``ui_client``, ``domain``, ``resource_servers`` (by identifier:
    compact abbreviation or jurisdiction postal code), ``risk_configuration`` (None under the
    VULNERABLE profile), ``trigger_permissions`` and ``users_table`` (the permission records the
    pre-token trigger reads, kept next to the pool they authorise)."""

    def __init__(
        self,
        name: str,
        args: StaffIdentityArgs,
        *,
        users_table: aws.dynamodb.Table,
        pre_token: aws.lambda_.Function,
        custom_message: aws.lambda_.Function,
        email_identity: EmailIdentity | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("StaffIdentity", name, args, opts)
        self.users_table = users_table
        self.user_pool = create_user_pool(
            self,
            args,
            POOL,
            pool_name=f"{args.name_prefix}-staff-users",
            schemas=[standard_attribute("email", required=True)],
            lambda_config=aws.cognito.UserPoolLambdaConfigArgs(
                # V2_0 events can customise the access token, where the scopes go.
                pre_token_generation_config=aws.cognito.UserPoolLambdaConfigPreTokenGenerationConfigArgs(
                    lambda_arn=pre_token.arn, lambda_version="V2_0"
                ),
                # Words the invitation and verification emails, so no invite template here.
                custom_message=custom_message.arn,
            ),
            email=email_identity,
        )
        self.trigger_permissions = [
            allow_trigger(self, f"{POOL}-invokes-pre-token", pre_token, self.user_pool),
            allow_trigger(self, f"{POOL}-invokes-custom-message", custom_message, self.user_pool),
        ]
        self.resource_servers = create_resource_servers(
            self, POOL, self.user_pool, args.compacts, args.adopted_pool
        )
        self.domain = create_domain(self, args, POOL, self.user_pool, default_prefix=DEFAULT_PREFIX)
        self.ui_client = create_ui_client(
            self,
            args,
            f"{POOL}-ui",
            self.user_pool,
            role="staff",
            read_attributes=["email"],
            write_attributes=["email"],
        )
        self.risk_configuration = create_risk_configuration(self, args, POOL, self.user_pool, email_identity)
        self.register_outputs(
            {
                "userPoolId": self.user_pool.id,
                "userPoolArn": self.user_pool.arn,
                "uiClientId": self.ui_client.id,
                "domain": self.domain.domain,
                "usersTableName": users_table.name,
            }
        )
