"""Builders of compliant operational resources (state machines, backups, security groups, secrets) for the
policy tests, shaped as the components declare them."""

from __future__ import annotations

from typing import Any

from policies.aws_types import (
    BACKUP_SELECTION,
    BACKUP_VAULT,
    BACKUP_VAULT_LOCK,
    EC2_SECURITY_GROUP,
    SECRETS_MANAGER_SECRET,
    SFN_STATE_MACHINE,
)
from policies.model import ResourceView
from tests.policies.policy_builders import ENV, arn, res, tags
from tests.policies.policy_builders_app import log_group

# ---- Step Functions -------------------------------------------------------------------------------


def state_machine(name: str = "workflow", group: ResourceView | None = None, **props: Any) -> ResourceView:
    """A state machine logging everything to `group` (referenced, as components/workflows.py does)."""
    destination = arn("logs", f"log-group:/aws/vendedlogs/states/{name}:*")
    base: dict[str, Any] = {
        "name": name,
        "roleArn": arn("iam", f"role/{name}-role"),
        "definition": "{}",
        "loggingConfiguration": {"level": "ALL", "includeExecutionData": True, "logDestination": destination},
        "tracingConfiguration": {"enabled": True},
        "tags": tags(),
    }
    deps = {"loggingConfiguration": [group]} if group is not None else {}
    return res(SFN_STATE_MACHINE, name, {**base, **props}, deps=deps)


def workflow_set(name: str = "workflow") -> list[ResourceView]:
    group = log_group(f"/aws/vendedlogs/states/{name}")
    return [group, state_machine(name, group)]


# ---- Backup ---------------------------------------------------------------------------------------


def vault(name: str = "general", **props: Any) -> ResourceView:
    base = {"name": f"CompactConnect-{ENV}-{name}", "kmsKeyArn": arn("kms", "key/backup"), "tags": tags()}
    return res(BACKUP_VAULT, f"{name}-vault", {**base, **props}, protect=True, retain=True)


def vault_lock(target: ResourceView, *, linked: bool = True, **props: Any) -> ResourceView:
    """The lock as components/backup_vaults.py declares it: `backupVaultName=vault.name`, compliance mode."""
    base = {"backupVaultName": target.get("name"), "minRetentionDays": 180, "changeableForDays": 3}
    deps = {"backupVaultName": [target]} if linked else {}
    merged = {k: v for k, v in {**base, **props}.items() if v is not None}
    return res(BACKUP_VAULT_LOCK, f"{target.name}-lock", merged, deps=deps)


def table_arn(table: ResourceView) -> str:
    return arn("dynamodb", f"table/{table.get('name')}")


def bucket_arn(bucket: ResourceView) -> str:
    return f"arn:aws:s3:::{bucket.get('bucket')}"


def selection(
    name: str, *selected: ResourceView, literal: list[str] | None = None, **props: Any
) -> ResourceView:
    """A selection referencing `selected` (their ARNs), plus `literal` ARNs that reference nothing."""
    arns = [table_arn(r) if "dynamodb" in r.type else bucket_arn(r) for r in selected]
    base = {
        "name": name,
        "planId": f"{name}-plan",
        "iamRoleArn": arn("iam", "role/backup"),
        "resources": [*arns, *(literal or [])],
    }
    deps = {"resources": list(selected)} if selected else {}
    return res(BACKUP_SELECTION, f"{name}-selection", {**base, **props}, deps=deps)


# ---- Network and secrets --------------------------------------------------------------------------


def security_groups(vpc: ResourceView) -> list[ResourceView]:
    """The functions' group (outbound only) and the search domain's (HTTPS from the functions' group)."""
    functions = res(
        EC2_SECURITY_GROUP,
        "functions-sg",
        {
            "vpcId": "vpc-1",
            "egress": [{"protocol": "-1", "fromPort": 0, "toPort": 0, "cidrBlocks": ["0.0.0.0/0"]}],
            "tags": tags(),
        },
        deps={"vpcId": [vpc]},
    )
    ingress = [{"protocol": "tcp", "fromPort": 443.0, "toPort": 443.0, "securityGroups": ["sg-functions"]}]
    search = res(
        EC2_SECURITY_GROUP,
        "search-sg",
        {"vpcId": "vpc-1", "ingress": ingress, "tags": tags()},
        deps={"vpcId": [vpc], "ingress": [functions]},
    )
    return [functions, search]


def secret(name: str | None = f"compact-connect/env/{ENV}/recaptcha/token", **props: Any) -> ResourceView:
    base = {"name": name, "kmsKeyId": arn("kms", "key/shared"), "tags": tags()}
    merged = {k: v for k, v in {**base, **props}.items() if v is not None}
    return res(SECRETS_MANAGER_SECRET, "recaptcha-secret", merged)
