"""Typed configuration of the bootstrap project (``bootstrap/Pulumi.<stack>.yaml``).

One stack per AWS account. An *environment* account (sandbox, test, beta, prod) gets the GitHub trust,
the deploy and preview roles and the permissions boundary; a *backup* account (one per environment with
backups) gets the vaults that the environment's backups are copied into. Every account gets the state
backend. The model is strict and its validators carry the guard rails, so a bad stack file stops the
program with a message naming the key before any resource is declared.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from components.config import ConfigError, config_problems, pulumi_values

NAMESPACE = "compact-connect-bootstrap"
PROJECT_TAG_VALUE = "compact-connect"
SERVICE_TAG_VALUE = "jcc"

AccountId = Annotated[str, Field(pattern=r"^\d{12}$")]
Region = Annotated[str, Field(pattern=r"^[a-z]{2}(-gov)?-[a-z]+-\d$")]


class Environment(StrEnum):
    """The deployed environments (the main program's ``local`` stack has no account to bootstrap)."""

    SANDBOX = "sandbox"
    TEST = "test"
    BETA = "beta"
    PROD = "prod"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class GitHubTrust(_Model):
    """Which GitHub workflows may assume the account's roles (see ``bootstrap/github.py``)."""

    repository: str = Field(pattern=r"^[\w.-]+/[\w.-]+$", description="owner/name of this repository.")
    subject_repository: str | None = Field(
        default=None,
        alias="subjectRepository",
        pattern=r"^[\w.-]+(@\d+)?/[\w.-]+(@\d+)?$",
        description="How the token's `sub` names the repository when GitHub issues immutable subject "
        "claims (`owner@<id>/name@<id>`); by default the repository's name.",
    )
    repository_id: str | None = Field(
        default=None,
        alias="repositoryId",
        pattern=r"^\d+$",
        description="The repository's numeric id: a renamed or re-created repository of the same name is "
        "refused.",
    )
    deploy_environment: Environment | None = Field(
        default=None,
        alias="deployEnvironment",
        description="The GitHub environment deploy.yml deploys this account from; none: no CI deploys.",
    )
    release_tag_pattern: str | None = Field(
        default=None,
        alias="releaseTagPattern",
        pattern=r"^cc-[a-z]+-\*$",
        description="The tags that deploy this account (cc-test-*, cc-prod-*).",
    )

    @model_validator(mode="after")
    def _tags_go_with_deploys(self) -> GitHubTrust:
        if (self.deploy_environment is None) != (self.release_tag_pattern is None):
            raise ValueError("deployEnvironment and releaseTagPattern: set both (CI deploys) or neither")
        return self

    @property
    def subject(self) -> str:
        return self.subject_repository or self.repository


class EnvironmentAccount(_Model):
    kind: Literal["environment"]
    github: GitHubTrust
    operator_role_arn_patterns: tuple[str, ...] = Field(
        default=(),
        alias="operatorRoleArnPatterns",
        description="Roles of this account (ArnLike patterns, e.g. an Identity Center permission set's "
        "role) whose sessions may assume the deploy role from a laptop: developers in a sandbox, "
        "break-glass elsewhere.",
    )
    opensearch_service_linked_role: bool = Field(
        default=True,
        alias="openSearchServiceLinkedRole",
        description="Create AWSServiceRoleForAmazonOpenSearchService (the search domain runs in a VPC); "
        "false when the account already has it.",
    )


class BackupAccount(_Model):
    kind: Literal["backup"]
    organization_id: str = Field(alias="organizationId", pattern=r"^o-[a-z0-9]{10,32}$")
    source_account_ids: tuple[AccountId, ...] = Field(alias="sourceAccountIds", min_length=1)
    source_regions: tuple[Region, ...] = Field(alias="sourceRegions", min_length=1)
    general_vault_name: str = Field(alias="generalVaultName", pattern=r"^[\w-]{2,50}$")
    ssn_vault_name: str = Field(alias="ssnVaultName", pattern=r"^[\w-]{2,50}$")
    min_retention_days: int = Field(
        default=90,
        alias="minRetentionDays",
        ge=90,
        description="No recovery point in the vaults can be deleted younger than this.",
    )
    compliance_after_days: int | None = Field(
        default=None,
        alias="complianceAfterDays",
        ge=3,
        description="Grace period after which the vault lock becomes immutable (compliance mode): nobody, "
        "root included, can then shorten retention or delete the vaults. None: governance mode.",
    )


class BootstrapConfig(_Model):
    """The validated ``compact-connect-bootstrap:*`` configuration of one account's stack."""

    environment_name: Environment = Field(
        alias="environmentName",
        description="The environment this account serves (a backup account: "
        "the environment whose backups it keeps).",
    )
    account_id: AccountId = Field(alias="accountId")
    region: Region
    account: EnvironmentAccount | BackupAccount = Field(discriminator="kind")

    @model_validator(mode="before")
    @classmethod
    def _decode_structured(cls, data: Any) -> Any:
        # The engine hands structured config over as JSON strings.
        if not isinstance(data, Mapping):
            return data
        return {
            key: json.loads(value) if isinstance(value, str) and value[:1] in "[{" else value
            for key, value in data.items()
        }

    @model_validator(mode="after")
    def _guard_rails(self) -> BootstrapConfig:
        env = self.environment_name
        account = self.account
        if isinstance(account, EnvironmentAccount):
            deploys_from = account.github.deploy_environment
            if deploys_from not in (env, None) or (deploys_from is None and env is not Environment.SANDBOX):
                raise ValueError(f"account.github.deployEnvironment: must be {env} (deploy.yml deploys it)")
            foreign = [p for p in account.operator_role_arn_patterns if not _in_account(p, self.account_id)]
            if foreign:
                raise ValueError(f"account.operatorRoleArnPatterns: not roles of this account: {foreign}")
        elif env is Environment.PROD and account.compliance_after_days is None:
            raise ValueError("account.complianceAfterDays: prod's vault locks must turn to compliance mode")
        return self

    # ---- derived names ---------------------------------------------------------------------------

    @property
    def is_backup_account(self) -> bool:
        return isinstance(self.account, BackupAccount)

    @property
    def name_prefix(self) -> str:
        """`cc-<env>-bootstrap` (`cc-<env>-backup`): never one of the main program's physical names."""
        suffix = "backup" if self.is_backup_account else "bootstrap"
        return f"cc-{self.environment_name}-{suffix}"

    @property
    def deploy_role_name(self) -> str:
        """The role the main program's ``compact-connect:deployRoleArn`` names."""
        return f"CompactConnect-{self.environment_name}-PulumiDeployRole"

    @property
    def preview_role_name(self) -> str:
        return f"CompactConnect-{self.environment_name}-PulumiPreviewRole"

    def role_arn(self, name: str) -> str:
        return f"arn:aws:iam::{self.account_id}:role/{name}"

    @property
    def tags(self) -> dict[str, str]:
        return {
            "Project": PROJECT_TAG_VALUE,
            "Service": SERVICE_TAG_VALUE,
            "Environment": str(self.environment_name),
        }


def _in_account(arn_pattern: str, account_id: str) -> bool:
    return arn_pattern.startswith(f"arn:aws:iam::{account_id}:role/")


def parse_bootstrap_config(values: Mapping[str, Any]) -> BootstrapConfig:
    """Validate raw ``compact-connect-bootstrap:*`` values (the namespace already removed)."""
    try:
        return BootstrapConfig.model_validate(dict(values))
    except ValidationError as error:
        problems = config_problems(error, NAMESPACE)
        raise ConfigError("invalid bootstrap configuration:\n  " + "\n  ".join(problems)) from None


def load_from_pulumi() -> BootstrapConfig:
    """Read and validate the current stack's configuration inside the bootstrap program."""
    return parse_bootstrap_config(pulumi_values(NAMESPACE, BootstrapConfig))
