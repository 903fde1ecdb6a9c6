"""Disaster recovery, for every stack file: per protected table a restore machine (confirm, back up the
live table, restore into ``DR-TEMP-<incident>-<table>``, wait, sync) and a sync machine (clear, then
copy, each looped while IN_PROGRESS) running that table's own functions; the license upload rollback;
each machine observed (full logs, tracing, alarms) and its role limited to what it calls."""

from __future__ import annotations

import json
from typing import Any

from disaster_recovery.functions import LICENSE_UPLOAD_ROLLBACK, RECOVERED_TABLES, TABLE_CLEANUP, TABLE_COPY
from offline.runner import ProgramRun

MACHINE = "aws:sfn/stateMachine:StateMachine"
FUNCTION = "aws:lambda/function:Function"
POLICY = "aws:iam/rolePolicy:RolePolicy"
TABLE = "aws:dynamodb/table:Table"


def definition(run: ProgramRun, name: str) -> dict[str, Any]:
    return json.loads(run.named(MACHINE, name).inputs["definition"])


def statements(run: ProgramRun, name: str) -> dict[str, dict[str, Any]]:
    return {
        s["Sid"]: s for s in json.loads(run.named(POLICY, f"{name}-policy").inputs["policy"])["Statement"]
    }


def test_each_table_syncs_with_its_own_functions(any_stack: ProgramRun) -> None:
    for table in RECOVERED_TABLES:
        cleanup = any_stack.named(FUNCTION, TABLE_CLEANUP[table.key].name).outputs["arn"]
        copy = any_stack.named(FUNCTION, TABLE_COPY[table.key].name).outputs["arn"]
        states = definition(any_stack, f"{table.resource_name}-Sync")["States"]
        assert states["Clear"]["Parameters"]["FunctionName"] == cleanup
        assert states["Copy"]["Parameters"]["FunctionName"] == copy
        assert {c["StringEquals"]: c["Next"] for c in states["Cleared?"]["Choices"]} == {
            "COMPLETE": "Copy from the start",
            "IN_PROGRESS": "Clear",
        }
        assert {c["StringEquals"]: c["Next"] for c in states["Copied?"]["Choices"]} == {
            "COMPLETE": "Done",
            "IN_PROGRESS": "Copy",
        }
        assert states["Copied?"]["Default"] == "Refused" and states["Refused"]["CausePath"] == "$.error"
        allowed = statements(any_stack, f"{table.resource_name}-Sync")["RunTheRecoverySteps"]
        assert set(allowed["Resource"]) == {cleanup, copy}


def test_a_restore_is_confirmed_backed_up_and_made_beside_the_live_table(any_stack: ProgramRun) -> None:
    for table in RECOVERED_TABLES:
        live = any_stack.named(TABLE, table.resource_name)
        name, table_arn = live.inputs["name"], live.outputs["arn"]
        machine = f"{table.resource_name}-Restore"
        states = definition(any_stack, machine)["States"]
        confirmed = states["Confirmed?"]["Choices"][0]["And"]
        assert {"Variable": "$.tableNameRecoveryConfirmation", "StringEquals": name} in confirmed
        assert states["Confirmed?"]["Default"] == "Not confirmed"
        assert states["Back up the live table"]["Parameters"]["TableName"] == name
        restore = states["Restore"]["Parameters"]
        assert restore["SourceTableName"] == name
        assert restore["TargetTableName.$"] == f"States.Format('DR-TEMP-{{}}-{name}', $.incidentId)"
        sync = any_stack.named(MACHINE, f"{table.resource_name}-Sync").outputs["arn"]
        assert states["Sync"]["Resource"].endswith(":startExecution.sync:2")
        assert states["Sync"]["Parameters"]["StateMachineArn"] == sync
        allowed = statements(any_stack, machine)
        assert allowed["BackUpAndRestoreTheLiveTable"]["Resource"] == [table_arn]
        prefix = table_arn.split(":table/")[0]
        assert allowed["CreateTheRestoredCopy"]["Resource"] == [f"{prefix}:table/DR-TEMP-*-{name}"]
        assert allowed["RunTheSync"]["Resource"] == [sync]


def test_the_rollback_runs_its_function_named_after_the_execution(any_stack: ProgramRun) -> None:
    function = any_stack.named(FUNCTION, LICENSE_UPLOAD_ROLLBACK.name).outputs["arn"]
    machine = definition(any_stack, "LicenseUploadRollback-Machine")
    start = machine["States"]["Start"]
    name = any_stack.named(MACHINE, "LicenseUploadRollback-Machine").inputs["name"]
    assert name == f"{any_stack.config.name_prefix}-LicenseUploadRollback"
    assert start["QueryLanguage"] == "JSONata" and start["Arguments"]["FunctionName"] == function
    assert "$states.context.Execution.Name" in start["Arguments"]["Payload"]
    assert machine["States"]["Run"]["Parameters"]["FunctionName"] == function
    assert {c["StringEquals"]: c["Next"] for c in machine["States"]["Done?"]["Choices"]} == {
        "COMPLETE": "Done",
        "IN_PROGRESS": "Run",
    }
    logs = any_stack.named("aws:cloudwatch/logGroup:LogGroup", "LicenseUploadRollback-Machine-logs")
    assert logs.inputs["retentionInDays"] == 3653  # a recovery's audit trail


def test_every_state_machine_is_logged_traced_and_alarmed(any_stack: ProgramRun) -> None:
    topic = any_stack.named("aws:sns/topic:Topic", "AlarmTopic").outputs["arn"]
    alarms = [
        a
        for a in any_stack.of_type("aws:cloudwatch/metricAlarm:MetricAlarm")
        if a.inputs.get("namespace") == "AWS/States"
    ]
    for machine in any_stack.of_type(MACHINE):
        assert machine.inputs["loggingConfiguration"]["level"] == "ALL"
        assert machine.inputs["tracingConfiguration"] == {"enabled": True}
        watched = {
            a.inputs["metricName"]
            for a in alarms
            if a.inputs["dimensions"]["StateMachineArn"] == machine.outputs["arn"]
        }
        assert watched == {"ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted"}
    assert all(a.inputs["alarmActions"] == [topic] for a in alarms)


def test_only_the_ssn_tables_recovery_roles_may_read_and_back_it_up_in_bulk(any_stack: ProgramRun) -> None:
    policy = json.loads(
        any_stack.named("aws:dynamodb/resourcePolicy:ResourcePolicy", "SSNTableResourcePolicy").inputs[
            "policy"
        ]
    )
    denies = {s["Sid"]: s for s in policy["Statement"]}
    roles = {
        any_stack.named("aws:iam/role:Role", f"{spec.name}-SsnRole").outputs["arn"]
        for spec in (TABLE_CLEANUP["ssn"], TABLE_COPY["ssn"])
    }
    assert set(denies["DenyBulkReadsAndWrites"]["Condition"]["ArnNotEquals"]["aws:PrincipalArn"]) == roles
    env, account = str(any_stack.config.environment_name), any_stack.config.account_id
    restore_role = f"arn:aws:iam::{account}:role/CompactConnect-{env}-SSNTable-Restore"
    assert (
        restore_role in denies["DenyBackupsExceptDynamoDB"]["Condition"]["ArnNotEquals"]["aws:PrincipalArn"]
    )
    key_policy = json.loads(any_stack.named("aws:kms/key:Key", "SsnEncryptionKey").inputs["policy"])
    key_deny = next(s for s in key_policy["Statement"] if s["Effect"] == "Deny")
    assert {restore_role, *roles} <= set(key_deny["Condition"]["ArnNotEquals"]["aws:PrincipalArn"])
