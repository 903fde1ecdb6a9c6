"""Who deploys an environment account: GitHub's identity provider, the permissions boundary, the deploy
role (what ``compact-connect:deployRoleArn`` names) and the read-only preview role.

The deploy role's permissions *are* the boundary (the one managed policy is both its permission policy
and its boundary), so what a deploy may do is written once, in ``bootstrap/boundary.py``, and no
``AdministratorAccess`` is ever attached. The preview role reads configuration and the state, never data
(``bootstrap/read_only.py``), and carries the boundary too.
"""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws
from pydantic import Field

from bootstrap.boundary import BOUNDARY_POLICY_NAME, BoundaryScope, boundary_document
from bootstrap.config import GitHubTrust
from bootstrap.github import (
    OIDC_URL,
    STS_AUDIENCE,
    deploy_trust_policy,
    oidc_provider_arn,
    preview_trust_policy,
)
from bootstrap.read_only import READ_ONLY_ACCESS_ARN, preview_access_policy
from bootstrap.state_backend import STATE_KEY_ALIAS
from components.args import AccountId, ComponentArgs, Region
from components.base import CompactConnectComponent

DEPLOY_SESSION_SECONDS = 2 * 3600
"""A deploy job runs for up to 120 minutes (deploy.yml), and the program's provider keeps re-assuming the
role from the job's session until it ends."""
PREVIEW_SESSION_SECONDS = 3600


class DeployIdentityArgs(ComponentArgs):
    account_id: AccountId
    region: Region
    environment: str = Field(
        description="The environment's name (names the preview-<env> GitHub environment)."
    )
    github: GitHubTrust
    deploy_role_name: str
    preview_role_name: str
    operator_role_arn_patterns: tuple[str, ...] = ()
    opensearch_service_linked_role: bool = True
    state_bucket: str = Field(
        description="The state bucket's name: the preview role reads it, the boundary guards it."
    )


class DeployIdentity(CompactConnectComponent[DeployIdentityArgs]):
    def __init__(
        self, args: DeployIdentityArgs, state_key: aws.kms.Key, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("DeployIdentity", "DeployIdentity", args, opts)
        account = args.account_id
        deploy_arn = f"arn:aws:iam::{account}:role/{args.deploy_role_name}"
        preview_arn = f"arn:aws:iam::{account}:role/{args.preview_role_name}"

        self.oidc_provider = aws.iam.OpenIdConnectProvider(
            "GitHubActions",
            url=OIDC_URL,
            client_id_lists=[STS_AUDIENCE],
            tags=self.tags,
            opts=self.child_opts(),
        )
        scope = BoundaryScope(
            account_id=account,
            protected_role_names=(args.deploy_role_name, args.preview_role_name),
            oidc_provider_arn=oidc_provider_arn(account),
            state_bucket=args.state_bucket,
            state_key_alias=STATE_KEY_ALIAS,
        )
        self.boundary = aws.iam.Policy(
            "PermissionsBoundary",
            name=BOUNDARY_POLICY_NAME,
            description="Ceiling of every role in this account: the program's services only, no tampering "
            "with the bootstrap (bootstrap/boundary.py)",
            policy=json.dumps(boundary_document(scope)),
            tags=self.tags,
            opts=self.child_opts(),
        )
        # The trust policies name the provider by its (fixed) ARN; depending on it orders the creation.
        after_provider = self.child_opts(depends_on=[self.oidc_provider])
        self.deploy_role = aws.iam.Role(
            "DeployRole",
            name=args.deploy_role_name,
            description="Runs pulumi up for this environment (GitHub release tags; its own sessions)",
            assume_role_policy=json.dumps(
                deploy_trust_policy(account, args.github, deploy_arn, args.operator_role_arn_patterns)
            ),
            permissions_boundary=self.boundary.arn,
            max_session_duration=DEPLOY_SESSION_SECONDS,
            tags=self.tags,
            opts=after_provider,
        )
        aws.iam.RolePolicyAttachment(
            "DeployRolePermissions",
            role=self.deploy_role.name,
            policy_arn=self.boundary.arn,
            opts=self.child_opts(),
        )
        self.preview_role = aws.iam.Role(
            "PreviewRole",
            name=args.preview_role_name,
            description="Reads this environment's settings and state for previews and drift checks",
            assume_role_policy=json.dumps(
                preview_trust_policy(account, args.github, args.environment, preview_arn)
            ),
            permissions_boundary=self.boundary.arn,
            max_session_duration=PREVIEW_SESSION_SECONDS,
            tags=self.tags,
            opts=after_provider,
        )
        aws.iam.RolePolicyAttachment(
            "PreviewRoleReadOnly",
            role=self.preview_role.name,
            policy_arn=READ_ONLY_ACCESS_ARN,
            opts=self.child_opts(),
        )
        aws.iam.RolePolicy(
            "PreviewRoleStateNotData",
            role=self.preview_role.name,
            policy=state_key.arn.apply(
                lambda key_arn: json.dumps(
                    preview_access_policy(args.region, account, args.environment, args.state_bucket, key_arn)
                )
            ),
            opts=self.child_opts(),
        )
        if args.opensearch_service_linked_role:
            # The search domain runs in the VPC, which needs this role; it exists once per account.
            aws.iam.ServiceLinkedRole(
                "OpenSearchServiceLinkedRole",
                aws_service_name="opensearchservice.amazonaws.com",
                description="Lets OpenSearch manage the search domain's network interfaces in the VPC",
                tags=self.tags,
                opts=self.child_opts(),
            )
        self.register_outputs(
            {
                "deployRoleArn": self.deploy_role.arn,
                "previewRoleArn": self.preview_role.arn,
                "boundaryArn": self.boundary.arn,
            }
        )
