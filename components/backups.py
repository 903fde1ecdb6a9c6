"""AWS Backup for every table and bucket that holds data (issue #19; spec/infra.md CCBackupPlan).

One plan per kind of backup rather than the reference's plan per resource: the general-data tables,
the frequently updated table (the data-event log), the SSN table (its own vault, key and role), and the
buckets (which AWS Backup cannot move to cold storage, so their plan keeps them warm). Each plan's rule
follows the stack's ``backupPolicies`` and copies every recovery point to the backup account's vault of
the same kind. Which resources are in which plan comes from the declarations (``TableSpec.
backup_category``, ``BucketSpec.backed_up``), so a new table or bucket is backed up by declaring it so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pulumi
import pulumi_aws as aws
from pydantic import Field

from components.adoption import AdoptedKey, AdoptedVault, Adoption
from components.args import AccountId, ComponentArgs, EnvironmentName, NamePrefix, Region
from components.backup_monitoring import create_backup_monitoring
from components.backup_vaults import (
    LOCK_MAX_MIN_RETENTION_DAYS,
    BackupVault,
    VaultKind,
    VaultSettings,
    create_vault,
    remote_vault_arn,
)
from components.base import CompactConnectComponent
from components.config import BackupConfig, BackupPolicies, BackupPolicy
from core.buckets import ALL_BUCKETS
from core.tables import ALL_TABLES, SSN

START_WINDOW_MINUTES = 60
COMPLETION_WINDOW_MINUTES = 8 * 60


class BackupsArgs(ComponentArgs):
    environment: EnvironmentName
    name_prefix: NamePrefix
    account_id: AccountId
    region: Region
    policies: BackupPolicies
    target: BackupConfig = Field(
        description="The backup account's vaults that every recovery point is copied to."
    )
    adoption: Adoption = Field(default=Adoption(), description="The reference's vaults and their keys.")
    compliance_lock: bool = Field(
        description="Lock the vaults in compliance mode (prod): after a grace period no one can shorten "
        "retention or delete recovery points early, not even the account's root."
    )


class Backups(CompactConnectComponent[BackupsArgs]):
    """Vaults, plans and selections, and the alarms and event rules that report failures."""

    def __init__(
        self,
        args: BackupsArgs,
        *,
        tables: Mapping[str, aws.dynamodb.Table],
        buckets: Mapping[str, aws.s3.Bucket],
        alarm_topic_arn: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("Backups", "Backups", args, opts)
        policies = args.policies
        self.vaults = {kind: create_vault(self, kind, self._vault_settings(kind)) for kind in VaultKind}
        # DynamoDB's advanced backup features make its recovery points copyable across accounts and
        # movable to cold storage; S3 must be opted in to be backed up at all. AWS answers with every
        # resource type it knows, not the two set here, so a refresh would report the others as drift
        # every night: the settings are applied and then left alone.
        aws.backup.RegionSettings(
            "BackupRegionSettings",
            resource_type_opt_in_preference={"DynamoDB": True, "S3": True},
            resource_type_management_preference={"DynamoDB": True},
            opts=self.child_opts(
                ignore_changes=["resourceTypeOptInPreference", "resourceTypeManagementPreference"]
            ),
        )
        general = [s for s in ALL_TABLES if s.backup_category == "general_data" and s is not SSN]
        frequent = [s for s in ALL_TABLES if s.backup_category == "frequent_updates"]
        self.plans = {
            "general-tables": self._plan(
                "general-tables",
                policies.general_data,
                VaultKind.GENERAL,
                [tables[s.key].arn for s in general],
            ),
            "frequent-tables": self._plan(
                "frequent-tables",
                policies.frequent_updates,
                VaultKind.GENERAL,
                [tables[s.key].arn for s in frequent],
            ),
            "ssn-table": self._plan("ssn-table", policies.general_data, VaultKind.SSN, [tables[SSN.key].arn]),
            "buckets": self._plan(
                "buckets",
                policies.general_data.model_copy(update={"cold_storage_after_days": None}),
                VaultKind.GENERAL,
                [buckets[b.key].arn for b in ALL_BUCKETS if b.backed_up],
            ),
        }
        create_backup_monitoring(self, [v.vault.name for v in self.vaults.values()], alarm_topic_arn)
        self.register_outputs(
            {
                "vaultArns": {str(kind): v.vault.arn for kind, v in self.vaults.items()},
                "planIds": {name: plan.id for name, plan in self.plans.items()},
            }
        )

    def _vault_settings(self, kind: VaultKind) -> VaultSettings:
        args = self.args
        remote_name = args.target.ssn_vault_name if kind is VaultKind.SSN else args.target.general_vault_name
        shortest = min(
            args.policies.general_data.delete_after_days, args.policies.frequent_updates.delete_after_days
        )
        return VaultSettings(
            environment=str(args.environment),
            account_id=args.account_id,
            region=args.region,
            remote_vault_arn=remote_vault_arn(
                args.target.backup_account_id, args.target.backup_region, remote_name
            ),
            min_retention_days=min(LOCK_MAX_MIN_RETENTION_DAYS, shortest),
            compliance_lock=args.compliance_lock,
            adopted_vault=args.adoption.backup_vaults.get(AdoptedVault(kind.value)),
            adopted_key_id=args.adoption.keys.get(
                AdoptedKey.SSN_BACKUP if kind is VaultKind.SSN else AdoptedKey.BACKUP
            ),
        )

    def _plan(
        self, name: str, policy: BackupPolicy, kind: VaultKind, resources: Sequence[pulumi.Input[str]]
    ) -> aws.backup.Plan:
        vault: BackupVault = self.vaults[kind]
        lifecycle = aws.backup.PlanRuleLifecycleArgs(
            cold_storage_after=policy.cold_storage_after_days, delete_after=policy.delete_after_days
        )
        plan = aws.backup.Plan(
            f"{name}-plan",
            name=f"{self.args.name_prefix}-{name}",
            rules=[
                aws.backup.PlanRuleArgs(
                    rule_name=f"{name}-backup",
                    target_vault_name=vault.vault.name,
                    schedule=policy.schedule,
                    start_window=START_WINDOW_MINUTES,
                    completion_window=COMPLETION_WINDOW_MINUTES,
                    lifecycle=lifecycle,
                    copy_actions=[
                        aws.backup.PlanRuleCopyActionArgs(
                            destination_vault_arn=vault.remote_arn,
                            lifecycle=aws.backup.PlanRuleCopyActionLifecycleArgs(
                                cold_storage_after=policy.cold_storage_after_days,
                                delete_after=policy.delete_after_days,
                            ),
                        )
                    ],
                )
            ],
            tags=self.tags,
            opts=self.child_opts(),
        )
        aws.backup.Selection(
            f"{name}-selection",
            name=f"{self.args.name_prefix}-{name}",
            plan_id=plan.id,
            iam_role_arn=vault.role.arn,
            resources=list(resources),
            opts=self.child_opts(),
        )
        return plan
