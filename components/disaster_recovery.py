"""Disaster recovery (issue #19; spec/infra.md DisasterRecoveryStack): per protected table, a machine that
restores it to a point in time and one that syncs the restored copy back into it; and the license upload
rollback. The functions they run are the catalog's (``disaster_recovery.functions``); operators start
them with ``scripts/restore_table`` and ``scripts/rollback_license_upload`` (docs/runbooks/).

A restore never touches the live table until the copy is ready: it backs the live table up (the way back
from a wrong recovery), restores the chosen moment into ``DR-TEMP-<incident>-<table>``, waits for it,
and only then runs the sync, which clears the live table and copies the restored items in. Both refuse
unless the input repeats the live table's name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pulumi
import pulumi_aws as aws

from components.args import AccountId, ComponentArgs, EnvironmentName, NamePrefix, Region
from components.base import CompactConnectComponent
from components.state_machines import LAMBDA_RETRY, MachineSettings, invoke_task, observed_state_machine
from core.catalog import RESTORED_TABLE_PREFIX, KeyName, TableSpec, restored_tables_pattern
from disaster_recovery.functions import LICENSE_UPLOAD_ROLLBACK, RECOVERED_TABLES, TABLE_CLEANUP, TABLE_COPY

SYNC_TIMEOUT_SECONDS = 8 * 60 * 60
RESTORE_TIMEOUT_SECONDS = 24 * 60 * 60 + SYNC_TIMEOUT_SECONDS
"""The longest point-in-time restore, then the whole sync: a restore that times out while its sync runs
stops the sync (``.sync:2``) with the live table cleared and half copied back."""
ROLLBACK_TIMEOUT_SECONDS = 8 * 60 * 60
RESTORE_POLL_SECONDS = 60
AUDIT_LOG_RETENTION_DAYS = 3653
"""A recovery's execution history is its audit trail: kept ten years (the reference kept it forever)."""


class DisasterRecoveryArgs(ComponentArgs):
    environment: EnvironmentName
    name_prefix: NamePrefix
    account_id: AccountId
    region: Region


def restore_role_name(environment: str, table: TableSpec) -> str:
    """Fixed, because the SSN table's and key's policies must name its restore role in advance."""
    return f"CompactConnect-{environment}-{table.resource_name}-Restore"


def restore_role_arn(account_id: str, environment: str, table: TableSpec) -> str:
    return f"arn:aws:iam::{account_id}:role/{restore_role_name(environment, table)}"


def failed_on_refusal(choices: dict[str, str], state: str = "Refused") -> dict[str, Any]:
    """A Choice on the function's ``status``; anything else fails the execution with the function's own
    ``error`` as the cause (a refused input, named field and all)."""
    return {
        "Type": "Choice",
        "Choices": [{"Variable": "$.status", "StringEquals": s, "Next": n} for s, n in choices.items()],
        "Default": state,
    }


REFUSED = {"Type": "Fail", "Error": "Refused", "CausePath": "$.error"}


def sync_definition(table_name: str, cleanup_arn: str, copy_arn: str) -> dict[str, Any]:
    """Clear the live table, then copy the restored one in, each step run while it answers
    ``IN_PROGRESS``."""
    return {
        "Comment": f"Replaces every item of {table_name} with its restored copy's",
        "StartAt": "Clear",
        "TimeoutSeconds": SYNC_TIMEOUT_SECONDS,
        "States": {
            "Clear": invoke_task(cleanup_arn, "Cleared?"),
            "Cleared?": failed_on_refusal({"COMPLETE": "Copy from the start", "IN_PROGRESS": "Clear"}),
            "Copy from the start": {
                "Type": "Pass",
                "Parameters": {
                    "incidentId.$": "$.incidentId",
                    "sourceTableName.$": "$.sourceTableName",
                    "destinationTableName.$": "$.destinationTableName",
                    "tableNameRecoveryConfirmation.$": "$.tableNameRecoveryConfirmation",
                },
                "Next": "Copy",
            },
            "Copy": invoke_task(copy_arn, "Copied?"),
            "Copied?": failed_on_refusal({"COMPLETE": "Done", "IN_PROGRESS": "Copy"}),
            "Done": {"Type": "Succeed"},
            "Refused": REFUSED,
        },
    }


def restore_definition(table_name: str, key_arn: str, sync_arn: str) -> dict[str, Any]:
    """Input ``{incidentId, pitrBackupTime, tableNameRecoveryConfirmation}``."""
    sdk = "arn:aws:states:::aws-sdk:dynamodb:"
    restored_name = f"States.Format('{RESTORED_TABLE_PREFIX}{{}}-{table_name}', $.incidentId)"
    return {
        "Comment": f"Restores {table_name} to a point in time, then syncs the restored copy back into it",
        "StartAt": "Confirmed?",
        "TimeoutSeconds": RESTORE_TIMEOUT_SECONDS,
        "States": {
            "Confirmed?": {
                "Type": "Choice",
                "Choices": [
                    {
                        "And": [
                            {"Variable": "$.tableNameRecoveryConfirmation", "IsPresent": True},
                            {"Variable": "$.tableNameRecoveryConfirmation", "StringEquals": table_name},
                        ],
                        "Next": "Back up the live table",
                    }
                ],
                "Default": "Not confirmed",
            },
            "Not confirmed": {
                "Type": "Fail",
                "Error": "NotConfirmed",
                "Cause": f"tableNameRecoveryConfirmation: must be the table's name, {table_name}",
            },
            "Back up the live table": {
                "Type": "Task",
                "Resource": f"{sdk}createBackup",
                "Parameters": {
                    "TableName": table_name,
                    "BackupName.$": "States.Format('{}-before-recovery', $.incidentId)",
                },
                "ResultPath": "$.backup",
                "Next": "Restore",
            },
            "Restore": {
                "Type": "Task",
                "Resource": f"{sdk}restoreTableToPointInTime",
                "Parameters": {
                    "SourceTableName": table_name,
                    "TargetTableName.$": restored_name,
                    "RestoreDateTime.$": "$.pitrBackupTime",
                    "BillingModeOverride": "PAY_PER_REQUEST",
                    "SseSpecificationOverride": {
                        "Enabled": True,
                        "SseType": "KMS",
                        "KmsMasterKeyId": key_arn,
                    },
                },
                "ResultSelector": {"tableName.$": "$.TableDescription.TableName"},
                "ResultPath": "$.restored",
                "Next": "Wait for the restore",
            },
            "Wait for the restore": {"Type": "Wait", "Seconds": RESTORE_POLL_SECONDS, "Next": "Describe"},
            "Describe": {
                "Type": "Task",
                "Resource": f"{sdk}describeTable",
                "Parameters": {"TableName.$": "$.restored.tableName"},
                "ResultSelector": {"status.$": "$.Table.TableStatus"},
                "ResultPath": "$.progress",
                "Next": "Restored?",
            },
            "Restored?": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.progress.status", "StringEquals": "ACTIVE", "Next": "Sync"}],
                "Default": "Wait for the restore",
            },
            "Sync": {
                "Type": "Task",
                "Resource": "arn:aws:states:::states:startExecution.sync:2",
                "Parameters": {
                    "StateMachineArn": sync_arn,
                    "Name.$": "States.Format('{}-sync', $.incidentId)",
                    "Input": {
                        "incidentId.$": "$.incidentId",
                        "sourceTableName.$": "$.restored.tableName",
                        "destinationTableName": table_name,
                        "tableNameRecoveryConfirmation.$": "$.tableNameRecoveryConfirmation",
                    },
                },
                "End": True,
            },
        },
    }


def rollback_definition(function_arn: str) -> dict[str, Any]:
    """Input ``{compact, jurisdiction, startDateTime, endDateTime, rollbackReason}``; the execution's
    name is added (the results are filed under it) and the function runs while it answers
    ``IN_PROGRESS``."""
    return {
        "Comment": "Reverts a jurisdiction's license uploads in a time window",
        "StartAt": "Start",
        "TimeoutSeconds": ROLLBACK_TIMEOUT_SECONDS,
        "States": {
            "Start": {
                "Type": "Task",
                "QueryLanguage": "JSONata",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Arguments": {
                    "FunctionName": function_arn,
                    "Payload": f"{{% $merge([$states.input, {NAMED_AFTER_THE_EXECUTION}]) %}}",
                },
                "Retry": LAMBDA_RETRY,
                "Output": "{% $states.result.Payload %}",
                "Next": "Done?",
            },
            "Run": invoke_task(function_arn, "Done?"),
            "Done?": failed_on_refusal({"COMPLETE": "Done", "IN_PROGRESS": "Run"}),
            "Done": {"Type": "Succeed"},
            "Refused": REFUSED,
        },
    }


NAMED_AFTER_THE_EXECUTION = "{'executionName': $states.context.Execution.Name}"
"""JSONata: the execution's name, under which the rollback files its results."""


def _allow(sid: str, actions: list[str], resources: list[Any]) -> dict[str, Any]:
    return {"Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resources}


class DisasterRecovery(CompactConnectComponent[DisasterRecoveryArgs]):
    """Attributes: ``restore_machines`` and ``sync_machines`` (by table key), ``rollback_machine``."""

    def __init__(
        self,
        args: DisasterRecoveryArgs,
        *,
        functions: Mapping[str, aws.lambda_.Function],
        tables: Mapping[str, aws.dynamodb.Table],
        keys: Mapping[KeyName, aws.kms.Key],
        alarm_topic_arn: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("DisasterRecovery", "DisasterRecovery", args, opts)
        self._topic = alarm_topic_arn
        self.sync_machines: dict[str, aws.sfn.StateMachine] = {}
        self.restore_machines: dict[str, aws.sfn.StateMachine] = {}
        for table in RECOVERED_TABLES:
            cleanup, copy = functions[TABLE_CLEANUP[table.key].name], functions[TABLE_COPY[table.key].name]
            live = tables[table.key]
            self.sync_machines[table.key] = self._machine(
                f"{table.resource_name}-Sync",
                f"Syncs a restored copy of {table.resource_name} back into it",
                pulumi.Output.all(live.name, cleanup.arn, copy.arn).apply(
                    lambda v: json.dumps(sync_definition(*v))
                ),
                [_allow("RunTheRecoverySteps", ["lambda:InvokeFunction"], [cleanup.arn, copy.arn])],
            )
            self.restore_machines[table.key] = self._restore_machine(
                table, live, keys[table.encryption_key], self.sync_machines[table.key]
            )
        rollback = functions[LICENSE_UPLOAD_ROLLBACK.name]
        self.rollback_machine = self._machine(
            "LicenseUploadRollback-Machine",  # beside the function of the same name
            LICENSE_UPLOAD_ROLLBACK.description,
            rollback.arn.apply(lambda arn: json.dumps(rollback_definition(arn))),
            [_allow("RunTheRollback", ["lambda:InvokeFunction"], [rollback.arn])],
            log_retention_days=AUDIT_LOG_RETENTION_DAYS,
            machine_name=f"{args.name_prefix}-LicenseUploadRollback",
        )
        self.register_outputs(
            {
                "restoreStateMachineArns": {k: m.arn for k, m in self.restore_machines.items()},
                "syncStateMachineArns": {k: m.arn for k, m in self.sync_machines.items()},
                "rollbackStateMachineArn": self.rollback_machine.arn,
            }
        )

    def _machine(
        self,
        name: str,
        description: str,
        definition: pulumi.Input[str],
        statements: list[Any],
        *,
        log_retention_days: int = 365,
        role_name: str | None = None,
        machine_name: str | None = None,
    ) -> aws.sfn.StateMachine:
        machine, _ = observed_state_machine(
            MachineSettings(
                name,
                machine_name or f"{self.args.name_prefix}-{name}",
                description,
                log_retention_days=log_retention_days,
                role_name=role_name,
            ),
            definition,
            statements,
            self._topic,
            self.tags,
            self.child_opts(),
        )
        return machine

    def _restore_machine(
        self, table: TableSpec, live: aws.dynamodb.Table, key: aws.kms.Key, sync: aws.sfn.StateMachine
    ) -> aws.sfn.StateMachine:
        """Backs up and restores ``table``, creating only its ``DR-TEMP-*`` copies, then runs its sync.
        Restoring writes the copy with the table's key, hence the key grants."""
        prefix = f"arn:aws:dynamodb:{self.args.region}:{self.args.account_id}:table/"
        restored = live.name.apply(lambda name: f"{prefix}{restored_tables_pattern(name)}")
        sync_executions = sync.arn.apply(lambda arn: arn.replace(":stateMachine:", ":execution:") + ":*")
        events_rule = (
            f"arn:aws:events:{self.args.region}:{self.args.account_id}:"
            "rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"
        )
        statements = [
            _allow(
                "BackUpAndRestoreTheLiveTable",
                ["dynamodb:CreateBackup", "dynamodb:RestoreTableToPointInTime"],
                [live.arn],
            ),
            _allow(
                "CreateTheRestoredCopy",
                [
                    "dynamodb:DescribeTable",
                    "dynamodb:PutItem",
                    "dynamodb:UpdateItem",
                    "dynamodb:DeleteItem",
                    "dynamodb:GetItem",
                    "dynamodb:Query",
                    "dynamodb:Scan",
                    "dynamodb:BatchWriteItem",
                ],
                [restored],
            ),
            _allow(
                "EncryptTheCopyWithTheTablesKey",
                ["kms:DescribeKey", "kms:CreateGrant", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"],
                [key.arn],
            ),
            _allow("RunTheSync", ["states:StartExecution"], [sync.arn]),
            _allow("FollowTheSync", ["states:DescribeExecution", "states:StopExecution"], [sync_executions]),
            _allow(
                "SyncCompletionEvents",
                ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                [events_rule],
            ),
        ]
        return self._machine(
            f"{table.resource_name}-Restore",
            f"Restores {table.resource_name} to a point in time",
            pulumi.Output.all(live.name, key.arn, sync.arn).apply(
                lambda v: json.dumps(restore_definition(*v))
            ),
            statements,
            role_name=restore_role_name(str(self.args.environment), table),
        )
