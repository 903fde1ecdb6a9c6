"""The explicit AWS provider for the environment account (default providers are disabled)."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.config import StackConfig


def environment_provider(config: StackConfig) -> aws.Provider:
    """One provider per target account: assume the deploy role when one is configured, refuse any
    other account, and stamp the standard tags on everything it creates."""
    assume_roles = (
        [aws.ProviderAssumeRoleArgs(role_arn=config.deploy_role_arn, session_name="compact-connect-deploy")]
        if config.deploy_role_arn
        else None
    )
    return aws.Provider(
        f"{config.environment_name}-account",
        region=config.region,
        assume_roles=assume_roles,
        allowed_account_ids=[config.account_id],
        default_tags=aws.ProviderDefaultTagsArgs(tags=config.tags),
        opts=pulumi.ResourceOptions(),
    )
