"""The environment account's two backup vaults and what guards them (spec/infra.md BackupInfrastructure).

A vault per kind of data: *general* (every backed-up table but the SSN table, and the buckets) and
*SSN* (the SSN table alone). Each has its own key and service role, so the role that backs up the
general data can neither read the SSN table (its resource policy refuses backups to everyone but the
SSN backup role) nor use the SSN key. Recovery points may be copied only to the same kind of vault in
the backup account (``backupConfig``), which a compromise of this account cannot reach: the vault
policy and the role both refuse any other copy target, and the vault lock stops recovery points from
being deleted early — in compliance mode in prod, which no one, root included, can lift once its
grace period has passed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import pulumi_aws as aws

from components.base import CompactConnectComponent
from components.encryption import create_key, service_key_policy
from components.trust import service_trust_policy

BACKUP_SERVICE = "backup.amazonaws.com"
LOCK_GRACE_DAYS = 3
"""Days in which a compliance-mode lock can still be changed (AWS's minimum); after that it cannot."""
LOCK_MAX_MIN_RETENTION_DAYS = 180
"""The lock's minimum retention: 180 days, or less when a plan keeps recovery points for less."""

_MANAGED = "arn:aws:iam::aws:policy/service-role/"
GENERAL_MANAGED_POLICIES = (
    f"{_MANAGED}AWSBackupServiceRolePolicyForBackup",
    f"{_MANAGED}AWSBackupServiceRolePolicyForRestores",
    "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
    "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
)
SSN_MANAGED_POLICIES = GENERAL_MANAGED_POLICIES[:2]  # DynamoDB only: the SSN role backs up no bucket


class VaultKind(StrEnum):
    GENERAL = "general"
    SSN = "ssn"


def backup_role_name(environment: str, kind: VaultKind) -> str:
    """Fixed names: the SSN key and table policies name the SSN backup role by ARN before it exists."""
    return f"CompactConnect-{environment}-{'SSNBackupRole' if kind is VaultKind.SSN else 'BackupServiceRole'}"


def backup_role_arn(account_id: str, environment: str, kind: VaultKind) -> str:
    return f"arn:aws:iam::{account_id}:role/{backup_role_name(environment, kind)}"


def remote_vault_arn(account_id: str, region: str, vault_name: str) -> str:
    return f"arn:aws:backup:{region}:{account_id}:backup-vault:{vault_name}"


def copy_only_to(remote_arn: str) -> dict[str, Any]:
    """The condition under which a copy is refused: any target other than the remote vault."""
    return {"ForAnyValue:ArnNotEquals": {"backup:CopyTargets": [remote_arn]}}


def vault_policy(vault_arn: str, account_id: str, remote_arn: str) -> dict[str, Any]:
    """This account may copy into the vault (restores from the backup account come back this way);
    nothing may be copied out except to the remote vault."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ThisAccountCopiesIn",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
                "Action": "backup:CopyIntoBackupVault",
                "Resource": vault_arn,
            },
            {
                "Sid": "CopiesOnlyToTheBackupAccount",
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": "backup:CopyFromBackupVault",
                "Resource": vault_arn,
                "Condition": copy_only_to(remote_arn),
            },
        ],
    }


def role_guard_policy(remote_arn: str) -> dict[str, Any]:
    """Even the backup role cannot start a copy to anywhere but the remote vault. (``CopyIntoBackupVault``
    carries no copy target to test: the vault policy's Deny on ``CopyFromBackupVault`` guards that side.)"""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "CopiesOnlyToTheBackupAccount",
                "Effect": "Deny",
                "Action": "backup:StartCopyJob",
                "Resource": "*",
                "Condition": copy_only_to(remote_arn),
            }
        ],
    }


@dataclass(frozen=True)
class BackupVault:
    """One local vault with the role that backs up into it and the remote vault it copies to."""

    kind: VaultKind
    vault: aws.backup.Vault
    role: aws.iam.Role
    remote_arn: str


@dataclass(frozen=True)
class VaultSettings:
    environment: str
    account_id: str
    region: str
    remote_vault_arn: str
    min_retention_days: int
    compliance_lock: bool
    adopted_vault: str | None = None  # the reference's vault of this kind, taken over with its key
    adopted_key_id: str | None = None


def create_vault(
    owner: CompactConnectComponent[Any], kind: VaultKind, settings: VaultSettings
) -> BackupVault:
    """The vault, its key, lock, policy and service role."""
    ssn = kind is VaultKind.SSN
    prefix = "SsnBackup" if ssn else "Backup"
    key = create_key(
        owner,
        f"{prefix}Key",
        alias=f"alias/compactconnect-{settings.environment}-{'ssn-' if ssn else ''}backup-key",
        description=f"Encrypts the {kind} backup vault's recovery points",
        policy=json.dumps(service_key_policy(settings.account_id, settings.region, [BACKUP_SERVICE])),
        adopted_id=settings.adopted_key_id,
    )
    vault = aws.backup.Vault(
        f"{prefix}Vault",
        name=settings.adopted_vault
        or f"CompactConnect-{settings.environment}-{'SSNBackupVault' if ssn else 'BackupVault'}",
        kms_key_arn=key.arn,
        force_destroy=not owner.args.retain_data,
        tags=owner.tags,
        opts=owner.data_opts(import_=settings.adopted_vault),
    )
    aws.backup.VaultLockConfiguration(
        f"{prefix}VaultLock",
        backup_vault_name=vault.name,
        min_retention_days=settings.min_retention_days,
        # With a grace period the lock is in compliance mode once it passes; without, governance mode,
        # which privileged operators may lift (so test environments can still be torn down).
        changeable_for_days=LOCK_GRACE_DAYS if settings.compliance_lock else None,
        opts=owner.data_opts(),
    )
    aws.backup.VaultPolicy(
        f"{prefix}VaultPolicy",
        backup_vault_name=vault.name,
        policy=vault.arn.apply(
            lambda arn: json.dumps(vault_policy(arn, settings.account_id, settings.remote_vault_arn))
        ),
        opts=owner.child_opts(),
    )
    role = aws.iam.Role(
        f"{prefix}Role",
        name=backup_role_name(settings.environment, kind),
        description=f"AWS Backup backs up and restores the {kind} data with this role",
        assume_role_policy=service_trust_policy(BACKUP_SERVICE),
        managed_policy_arns=list(SSN_MANAGED_POLICIES if ssn else GENERAL_MANAGED_POLICIES),
        tags=owner.tags,
        opts=owner.child_opts(),
    )
    aws.iam.RolePolicy(
        f"{prefix}RoleGuard",
        role=role.id,
        policy=json.dumps(role_guard_policy(settings.remote_vault_arn)),
        opts=owner.child_opts(),
    )
    return BackupVault(kind=kind, vault=vault, role=role, remote_arn=settings.remote_vault_arn)
