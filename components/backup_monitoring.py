"""What tells on-call that a backup did not happen (spec/infra.md BackupInfrastructure: six alarms and
six event rules, all to the alarm topic).

The alarms count per vault, so a run of failures shows as one alarm; the event rules send each failed
job, each partial or deleted recovery point and each change to a vault or plan as it happens — a vault
policy or plan changed by someone other than the deploy is itself worth a page.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pulumi
import pulumi_aws as aws

from components.base import CompactConnectComponent

DAY_SECONDS = 24 * 60 * 60

VAULT_METRICS = (
    ("jobs-failed", "NumberOfBackupJobsFailed", 1),
    ("jobs-expired", "NumberOfBackupJobsExpired", 1),
    ("copy-jobs-failed", "NumberOfCopyJobsFailed", 1),
    ("recovery-points-partial", "NumberOfRecoveryPointsPartial", 1),
    # EXPIRED is not a recovery point reaching its end (that one is deleted): AWS Backup could not
    # delete it, so it lingers, still costing and still holding data past its retention.
    ("recovery-points-expired", "NumberOfRecoveryPointsExpired", 1),
)
"""(alarm suffix, AWS/Backup metric, threshold in a day) for each vault."""

EVENT_RULES: dict[str, dict[str, Any]] = {
    "job-failed": {"detail-type": ["Backup Job State Change"], "detail": {"state": ["FAILED", "ABORTED"]}},
    "copy-failed": {"detail-type": ["Copy Job State Change"], "detail": {"state": ["FAILED"]}},
    "recovery-point-degraded": {
        "detail-type": ["Recovery Point State Change"],
        "detail": {"status": ["PARTIAL", "EXPIRED"]},
    },
    "vault-changed": {
        "detail-type": ["Backup Vault State Change"],
        "detail": {"state": ["MODIFIED", "DELETED"]},
    },
    "plan-changed": {
        "detail-type": ["Backup Plan State Change"],
        "detail": {"state": ["MODIFIED", "DELETED"]},
    },
}


def create_backup_monitoring(
    owner: CompactConnectComponent[Any],
    vault_names: Sequence[pulumi.Input[str]],
    topic_arn: pulumi.Input[str],
) -> None:
    for index, vault_name in enumerate(vault_names):
        for suffix, metric, threshold in VAULT_METRICS:
            aws.cloudwatch.MetricAlarm(
                f"backup-vault{index}-{suffix}",
                alarm_description=pulumi.Output.concat(
                    "AWS Backup: ", metric, f" >= {threshold} in a day in vault ", vault_name
                ),
                namespace="AWS/Backup",
                metric_name=metric,
                dimensions={"BackupVaultName": vault_name},
                statistic="Sum",
                period=DAY_SECONDS,
                evaluation_periods=1,
                threshold=threshold,
                comparison_operator="GreaterThanOrEqualToThreshold",
                treat_missing_data="notBreaching",
                alarm_actions=[topic_arn],
                tags=owner.tags,
                opts=owner.child_opts(),
            )
    for name, pattern in EVENT_RULES.items():
        rule = aws.cloudwatch.EventRule(
            f"backup-{name}",
            description=f"AWS Backup: {name.replace('-', ' ')}",
            event_pattern=json.dumps({"source": ["aws.backup"], **pattern}),
            tags=owner.tags,
            opts=owner.child_opts(),
        )
        aws.cloudwatch.EventTarget(
            f"backup-{name}-to-alarms",
            rule=rule.name,
            arn=topic_arn,
            opts=owner.child_opts(),
        )
