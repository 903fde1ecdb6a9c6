"""The backup account's vaults: where an environment's backups are copied to, out of reach of the
environment account (spec/infra.md §5.2, the reference's ``backups`` app).

Two vaults, each with its own customer-managed key: the general one and the SSN one, so the SSN table's
recovery points never share a key or a vault with anything else. The source accounts may use the keys only
through AWS Backup or DynamoDB (``kms:ViaService``), and copy into the vaults only as members of the
organization. A vault lock keeps every recovery point at least ``min_retention_days``; with
``compliance_after_days`` (prod) the lock turns immutable after that grace period, so not even this
account's root can delete backups early or lift the lock. The SSN vault also refuses to copy anything out
to another vault: SSN recovery points leave it only by a restore.
"""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pulumi_aws as aws

from components.args import AccountId, ComponentArgs, Region
from components.backup_vaults import copy_only_to, remote_vault_arn
from components.base import CompactConnectComponent
from components.encryption import account_root_arn, create_key

GENERAL_KEY_ALIAS = "alias/compactconnect-backup-key"
SSN_KEY_ALIAS = "alias/compactconnect-ssn-backup-key"
KEY_USE = (
    "kms:DescribeKey",
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
)
KEY_GRANTS = ("kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant")


class BackupVaultsArgs(ComponentArgs):
    account_id: AccountId
    region: Region
    organization_id: str
    source_account_ids: tuple[AccountId, ...]
    source_regions: tuple[Region, ...]
    general_vault_name: str
    ssn_vault_name: str
    min_retention_days: int
    compliance_after_days: int | None


def _source_principals(args: BackupVaultsArgs) -> dict[str, list[str]]:
    return {"AWS": [account_root_arn(account) for account in args.source_account_ids]}


def backup_key_policy(args: BackupVaultsArgs) -> dict[str, Any]:
    """This account administers the key; the source accounts may use it only through AWS Backup or DynamoDB
    (in their regions and this one), from inside the organization."""
    services = [
        f"{service}.{region}.amazonaws.com"
        for region in (*args.source_regions, args.region)
        for service in ("backup", "dynamodb")
    ]
    in_organization = {"aws:PrincipalOrgID": args.organization_id}
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AccountAdministers",
                "Effect": "Allow",
                "Principal": {"AWS": account_root_arn(args.account_id)},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "SourceAccountsThroughBackupOnly",
                "Effect": "Allow",
                "Principal": _source_principals(args),
                "Action": list(KEY_USE),
                "Resource": "*",
                "Condition": {"StringEquals": in_organization, "StringLike": {"kms:ViaService": services}},
            },
            {
                "Sid": "SourceAccountsGrantToAwsResourcesOnly",
                "Effect": "Allow",
                "Principal": _source_principals(args),
                "Action": list(KEY_GRANTS),
                "Resource": "*",
                "Condition": {"StringEquals": in_organization, "Bool": {"kms:GrantIsForAWSResource": "true"}},
            },
        ],
    }


def vault_policy(args: BackupVaultsArgs, own_arn: str, *, copies_stay: bool) -> dict[str, Any]:
    """The source accounts of the organization may copy in; ``copies_stay``: nothing is copied out."""
    statements: list[dict[str, Any]] = [
        {
            "Sid": "SourceAccountsCopyIn",
            "Effect": "Allow",
            "Principal": _source_principals(args),
            "Action": "backup:CopyIntoBackupVault",
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": args.organization_id}},
        }
    ]
    if copies_stay:
        statements.append(
            {
                "Sid": "NoCopiesToAnyOtherVault",
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": ["backup:StartCopyJob", "backup:CopyIntoBackupVault"],
                "Resource": "*",
                "Condition": copy_only_to(own_arn),
            }
        )
    return {"Version": "2012-10-17", "Statement": statements}


class BackupVaults(CompactConnectComponent[BackupVaultsArgs]):
    def __init__(self, args: BackupVaultsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("BackupVaults", "BackupVaults", args, opts)
        key_policy = json.dumps(backup_key_policy(args))
        self.general = self._vault(
            "GeneralBackup",
            args.general_vault_name,
            GENERAL_KEY_ALIAS,
            "Encrypts the copies of the environment's backups (all but the SSN table)",
            key_policy,
            copies_stay=False,
        )
        self.ssn = self._vault(
            "SsnBackup",
            args.ssn_vault_name,
            SSN_KEY_ALIAS,
            "Encrypts the copies of the SSN table's backups, and nothing else",
            key_policy,
            copies_stay=True,
        )
        self.register_outputs({"generalVaultArn": self.general.arn, "ssnVaultArn": self.ssn.arn})

    def _vault(
        self, name: str, vault_name: str, alias: str, description: str, key_policy: str, *, copies_stay: bool
    ) -> aws.backup.Vault:
        args = self.args
        key = create_key(self, f"{name}Key", alias=alias, description=description, policy=key_policy)
        vault = aws.backup.Vault(
            f"{name}Vault", name=vault_name, kms_key_arn=key.arn, tags=self.tags, opts=self.data_opts()
        )
        own_arn = remote_vault_arn(args.account_id, args.region, vault_name)
        aws.backup.VaultPolicy(
            f"{name}VaultPolicy",
            backup_vault_name=vault.name,
            policy=json.dumps(vault_policy(args, own_arn, copies_stay=copies_stay)),
            opts=self.data_opts(),
        )
        aws.backup.VaultLockConfiguration(
            f"{name}VaultLock",
            backup_vault_name=vault.name,
            min_retention_days=args.min_retention_days,
            changeable_for_days=args.compliance_after_days,
            opts=self.data_opts(),
        )
        return vault
