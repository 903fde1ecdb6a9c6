"""``scripts/adopt --inventory``: who each adopted resource is and what it holds, from the stack file's
``compact-connect:adopt`` block and AWS alone (no CloudFormation, so it works after the stacks are gone).

Taken before the reference's stacks are deleted and again after ``pulumi up``, the two must match: the
same table (ARN and creation time) with the same items, the same pool with its users and UI client, the
same keys, bus and vaults with their recovery points. ``diff`` shows anything that changed; DynamoDB's
item counts and Cognito's user estimates refresh about every six hours, so they lag, never jump.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from components.adoption import Adoption
from components.config import ADOPT_KEY
from core.aws import client_error, error_code
from offline.stack_file import adoption_block
from ops.adoption_block import Clients, pool_items
from toolkit.commands import CommandError


def stack_adoption(path: Path) -> Adoption:
    """The adopt block of a stack file (or of a file holding only the block), validated as the program
    validates it."""
    if not path.exists():
        raise CommandError(f"no stack file {path}")
    try:
        return Adoption.model_validate(adoption_block(path, ADOPT_KEY))
    except (ValueError, ValidationError) as error:
        raise CommandError(
            f"{path.name}: no valid {ADOPT_KEY} block (scripts/adopt --write writes it):\n{error}"
        ) from None


def inventory(adoption: Adoption, clients: Clients) -> dict[str, Any]:
    """One entry per adopted resource, keyed by where the block names it."""
    facts: dict[str, Any] = {}
    for key, name in sorted(adoption.tables.items()):
        facts[f"tables.{key}"] = _read(partial(_table, clients.dynamodb, name))
    created = {bucket["Name"]: bucket["CreationDate"] for bucket in clients.s3.list_buckets()["Buckets"]}
    for key, name in sorted(adoption.buckets.items()):
        facts[f"buckets.{key}"] = (
            {"name": name, "created": _iso(created[name])} if name in created else "missing"
        )
    for key, key_id in sorted(adoption.keys.items()):
        facts[f"keys.{key}"] = _read(partial(_key, clients.kms, key_id))
    for pool_name, pool in sorted(adoption.user_pools.items()):
        facts[f"userPools.{pool_name}"] = _read(partial(_pool, clients.cognito, pool))
    if adoption.event_bus:
        facts["eventBus"] = _read(partial(_bus, clients.events, adoption.event_bus))
    for vault_name, name in sorted(adoption.backup_vaults.items()):
        facts[f"backupVaults.{vault_name}"] = _read(partial(_vault, clients.backup, name))
    return facts


def _read(describe: Callable[[], dict[str, Any]]) -> dict[str, Any] | str:
    try:
        return describe()
    except client_error() as error:
        return f"missing ({error_code(error)})"


def _iso(moment: Any) -> str:
    return moment.isoformat() if isinstance(moment, datetime) else str(moment)


def _table(dynamodb: Any, name: str) -> dict[str, Any]:
    table = dynamodb.describe_table(TableName=name)["Table"]
    backups = dynamodb.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"]
    recovery = backups.get("PointInTimeRecoveryDescription") or {}
    return {
        "name": name,
        "arn": table["TableArn"],
        "created": _iso(table["CreationDateTime"]),
        "items": table.get("ItemCount", 0),
        "pointInTimeRecovery": recovery.get("PointInTimeRecoveryStatus", "DISABLED"),
    }


def _key(kms: Any, key_id: str) -> dict[str, Any]:
    key = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    return {"arn": key["Arn"], "created": _iso(key["CreationDate"]), "state": key["KeyState"]}


def _pool(cognito: Any, pool: Any) -> dict[str, Any]:
    described = cognito.describe_user_pool(UserPoolId=pool.id)["UserPool"]
    facts: dict[str, Any] = {
        "id": pool.id,
        "name": described["Name"],
        "created": _iso(described.get("CreationDate")),
        "users": described.get("EstimatedNumberOfUsers", 0),
    }
    if pool.domain:
        domain = cognito.describe_user_pool_domain(Domain=pool.domain)["DomainDescription"]
        facts["domain"] = f"{pool.domain} ({domain.get('Status', 'missing')})"
    if pool.ui_client_id:
        client = cognito.describe_user_pool_client(UserPoolId=pool.id, ClientId=pool.ui_client_id)
        facts["uiClient"] = f"{pool.ui_client_id} ({client['UserPoolClient']['ClientName']})"
    facts["resourceServers"] = len(pool_items(cognito, "list_resource_servers", "ResourceServers", pool.id))
    return facts


def _bus(events: Any, name: str) -> dict[str, Any]:
    return {"name": name, "arn": events.describe_event_bus(Name=name)["Arn"]}


def _vault(backup: Any, name: str) -> dict[str, Any]:
    vault = backup.describe_backup_vault(BackupVaultName=name)
    return {
        "arn": vault["BackupVaultArn"],
        "created": _iso(vault.get("CreationDate")),
        "recoveryPoints": vault.get("NumberOfRecoveryPoints", 0),
    }
