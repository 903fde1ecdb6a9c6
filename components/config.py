"""Typed stack configuration: replaces the reference's cdk.json context and SSM context parameter.

Every key lives under the ``compact-connect:`` namespace of ``Pulumi.<stack>.yaml``. The model is
strict (unknown keys are errors) and its validators carry the environment guard rails, so a bad
stack file stops the program with a message naming the key before any resource is declared.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from components.adoption import Adoption
from core import settings
from core.compacts import CompactCatalog
from core.secrets import ALL_SECRETS

DEPLOY_SECRET_KEYS = frozenset({"statsigConsoleKey"})
"""Secrets only the deployment uses (the flags' rules in StatSig): no function reads them."""
SECRET_KEYS = frozenset(spec.config_key for spec in ALL_SECRETS) | DEPLOY_SECRET_KEYS
"""Keys whose values are secrets (``pulumi config set --secret``): the program reads them as Pulumi secrets
(``components.app_secrets``), never into this model."""

NAMESPACE = "compact-connect"
ADOPT_KEY = f"{NAMESPACE}:adopt"
"""The stack config key of the adoption block (``components.adoption``), as stack files spell it."""


class Environment(StrEnum):
    LOCAL = "local"
    SANDBOX = "sandbox"
    TEST = "test"
    BETA = "beta"
    PROD = "prod"


class SecurityProfile(StrEnum):
    RECOMMENDED = "RECOMMENDED"
    VULNERABLE = "VULNERABLE"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class BackupPolicy(_Model):
    schedule: str = Field(description="AWS Backup cron expression, e.g. cron(0 5 ? * * *).")
    delete_after_days: int = Field(alias="deleteAfterDays", ge=1)
    cold_storage_after_days: int | None = Field(default=None, alias="coldStorageAfterDays", ge=1)

    @model_validator(mode="after")
    def _cold_storage_minimum(self) -> BackupPolicy:
        # AWS Backup keeps a recovery point in cold storage for at least 90 days.
        cold = self.cold_storage_after_days
        if cold is not None and self.delete_after_days < cold + 90:
            raise ValueError("deleteAfterDays: must be at least 90 days after coldStorageAfterDays")
        return self


class BackupPolicies(_Model):
    general_data: BackupPolicy = Field(alias="generalData")
    frequent_updates: BackupPolicy = Field(alias="frequentUpdates")


class BackupConfig(_Model):
    backup_account_id: str = Field(alias="backupAccountId", pattern=r"^\d{12}$")
    backup_region: str = Field(alias="backupRegion")
    general_vault_name: str = Field(alias="generalVaultName")
    ssn_vault_name: str = Field(alias="ssnVaultName")


class SlackChannel(_Model):
    channel_name: str = Field(alias="channelName")
    channel_id: str = Field(alias="channelId")
    workspace_id: str = Field(alias="workspaceId")


class Notifications(_Model):
    ses_operations_support_email: str | None = Field(default=None, alias="sesOperationsSupportEmail")
    email: tuple[str, ...] = ()
    slack: tuple[SlackChannel, ...] = ()


class SearchSizing(_Model):
    """The OpenSearch domain's size (spec/infra.md SearchPersistentStack): three data nodes, and in prod
    three dedicated masters and Multi-AZ with standby."""

    data_node_type: str = Field(
        default="t3.small.search", alias="dataNodeType", pattern=r"^[a-z0-9]+\.[a-z0-9]+\.search$"
    )
    data_node_count: int = Field(default=3, alias="dataNodeCount", ge=3, le=30)
    master_node_type: str | None = Field(
        default=None, alias="masterNodeType", pattern=r"^[a-z0-9]+\.[a-z0-9]+\.search$"
    )
    volume_gb: int = Field(default=10, alias="volumeGb", ge=10, le=1024)
    multi_az_with_standby: bool = Field(default=False, alias="multiAzWithStandby")

    @model_validator(mode="after")
    def _standby_needs_masters(self) -> SearchSizing:
        if self.multi_az_with_standby and self.master_node_type is None:
            raise ValueError("search.multiAzWithStandby: needs dedicated masters (search.masterNodeType)")
        return self


class StackConfig(_Model):
    """The validated ``compact-connect:*`` configuration of one stack."""

    environment_name: Environment = Field(alias="environmentName")
    account_id: str = Field(alias="accountId", pattern=r"^\d{12}$")
    region: str = Field(default="us-east-1")
    deploy_role_arn: str | None = Field(
        default=None,
        alias="deployRoleArn",
        description="Role assumed in the environment account; absent for the local stack.",
    )
    domain_name: str | None = Field(default=None, alias="domainName")
    ui_domain_name_override: str | None = Field(default=None, alias="uiDomainNameOverride")
    security_profile: SecurityProfile = Field(default=SecurityProfile.RECOMMENDED, alias="securityProfile")
    allow_local_ui: bool = Field(default=False, alias="allowLocalUi")
    local_ui_port: int = Field(default=3018, alias="localUiPort", ge=1, le=65535)
    backup_enabled: bool = Field(alias="backupEnabled")
    backup_policies: BackupPolicies | None = Field(default=None, alias="backupPolicies")
    backup_config: BackupConfig | None = Field(default=None, alias="backupConfig")
    notifications: Notifications = Notifications()
    public_lookup_enabled: bool = Field(default=True, alias="publicLookupEnabled")
    recaptcha_minimum_score: float = Field(
        default=0.5,
        alias="recaptchaMinimumScore",
        ge=0.0,
        le=1.0,
        description="reCAPTCHA v3 scores below this are refused on the practitioners' public forms.",
    )
    search: SearchSizing = SearchSizing()
    adopt: Adoption = Field(
        default=Adoption(),
        description="The reference deployment's stateful resources this stack takes over (scripts/adopt).",
    )
    compacts: CompactCatalog

    @model_validator(mode="before")
    @classmethod
    def _wrap_compacts(cls, data: Any) -> Any:
        # The stack file lists compacts directly under `compacts`; the catalog model wraps them.
        if isinstance(data, Mapping) and isinstance(data.get("compacts"), Mapping):
            compacts = data["compacts"]
            if "compacts" not in compacts:
                data = {**data, "compacts": {"compacts": compacts}}
        return data

    @model_validator(mode="after")
    def _environment_guard_rails(self) -> StackConfig:
        env = self.environment_name
        deployed = env in (Environment.TEST, Environment.BETA, Environment.PROD)
        if deployed and not self.domain_name:
            raise ValueError(f"domainName: required in the {env} environment")
        if self.security_profile is SecurityProfile.VULNERABLE and env not in (
            Environment.LOCAL,
            Environment.SANDBOX,
        ):
            raise ValueError(f"securityProfile: VULNERABLE is only allowed in local and sandbox, not {env}")
        if env is Environment.PROD:
            if self.allow_local_ui:
                raise ValueError("allowLocalUi: localhost origins are not allowed in prod")
            if not self.backup_enabled:
                raise ValueError("backupEnabled: backups are mandatory in prod")
            if not self.search.multi_az_with_standby:
                raise ValueError("search: prod's domain needs dedicated masters and Multi-AZ with standby")
        if self.backup_enabled and (self.backup_config is None or self.backup_policies is None):
            raise ValueError("backupConfig/backupPolicies: required when backupEnabled is true")
        if not self.domain_name and not self.allow_local_ui:
            raise ValueError("domainName or allowLocalUi: at least one UI origin is needed for CORS")
        return self

    # ---- derived values -------------------------------------------------------------------------

    @property
    def is_prod(self) -> bool:
        return self.environment_name is Environment.PROD

    @property
    def retains_data(self) -> bool:
        """Prod keeps data resources on delete and protects them; other environments can be destroyed."""
        return self.is_prod

    @property
    def is_recommended_security(self) -> bool:
        return self.security_profile is SecurityProfile.RECOMMENDED

    @property
    def ui_domain_name(self) -> str | None:
        if self.ui_domain_name_override:
            return self.ui_domain_name_override
        return f"app.{self.domain_name}" if self.domain_name else None

    def host(self, prefix: str) -> str | None:
        """`api`, `state-api`, `search`... under the environment's domain, when it has one."""
        return f"{prefix}.{self.domain_name}" if self.domain_name else None

    @property
    def allowed_origins(self) -> list[str]:
        origins = [f"https://{self.ui_domain_name}"] if self.ui_domain_name else []
        if self.allow_local_ui:
            origins.append(f"http://localhost:{self.local_ui_port}")
        return origins

    @property
    def function_environment(self) -> dict[str, str]:
        """What every function is told about its environment (in AWS and in the sandbox alike)."""
        return {
            "ENVIRONMENT_NAME": str(self.environment_name),
            "ALLOWED_ORIGINS": json.dumps(self.allowed_origins),
            "COMPACTS": self.compacts.to_env(),
            "UI_BASE_URL": self.allowed_origins[0],
            settings.RECAPTCHA_MINIMUM_SCORE: str(self.recaptcha_minimum_score),
            # The bundle uses no pydantic plugins: without this, the first validator pydantic builds in
            # a container (at import where a function uses a RootModel, else on the first request)
            # reads the entry points of every installed distribution looking for one.
            "PYDANTIC_DISABLE_PLUGINS": "__all__",
        }

    @property
    def name_prefix(self) -> str:
        return f"cc-{self.environment_name}"

    @property
    def tags(self) -> dict[str, str]:
        return {"Project": "compact-connect", "Service": "jcc", "Environment": str(self.environment_name)}


class ConfigError(ValueError):
    """A stack configuration that cannot be deployed; the message names the offending key."""


def parse_stack_config(values: Mapping[str, Any]) -> StackConfig:
    """Validate raw ``compact-connect:*`` values (already without the namespace prefix).

    Structured values may arrive as JSON strings (that is how the Pulumi engine hands them over).
    """
    decoded = {key: _decode(value) for key, value in values.items() if key not in SECRET_KEYS}
    try:
        return StackConfig.model_validate(decoded)
    except ValidationError as error:
        problems = config_problems(error, NAMESPACE)
        raise ConfigError("invalid stack configuration:\n  " + "\n  ".join(problems)) from None


def config_problems(error: ValidationError, namespace: str) -> list[str]:
    """One line per problem, naming the stack-config key as ``namespace:key.path``."""
    problems = []
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"]).replace("compacts.compacts", "compacts")
        message = item["msg"].removeprefix("Value error, ")
        # Model-level rules already start with the key they are about ("domainName: ...").
        problems.append(f"{namespace}:{location}: {message}" if location else f"{namespace}:{message}")
    return problems


def pulumi_values(namespace: str, model: type[BaseModel]) -> dict[str, Any]:
    """The current stack's ``namespace:*`` values of the model's fields, as a Pulumi program reads them."""
    import pulumi

    config = pulumi.Config(namespace)
    raw: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        key = field.alias or name
        value = config.get(key)
        if value is not None:
            raw[key] = value
    return raw


def _decode(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def load_from_pulumi() -> StackConfig:
    """Read and validate the current stack's configuration inside a Pulumi program."""
    return parse_stack_config(pulumi_values(NAMESPACE, StackConfig))
