"""AWS Backup, for every stack file: where backups are on, every table and bucket that holds data is in
a plan that follows the stack's ``backupPolicies`` and copies to the backup account; the SSN table alone
goes to its own vault with its own key and role; failures reach the alarm topic. Where they are off,
nothing of it exists."""

from __future__ import annotations

import json

import pytest

from core.buckets import ALL_BUCKETS
from core.tables import ALL_TABLES
from offline.runner import ProgramRun
from tests.components.runs import program_run

PLAN = "aws:backup/plan:Plan"
SELECTION = "aws:backup/selection:Selection"
VAULT = "aws:backup/vault:Vault"
LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
ROLE = "aws:iam/role:Role"
TABLE = "aws:dynamodb/table:Table"
BUCKET = "aws:s3/bucket:Bucket"

BACKED_UP = ["test", "prod"]
NOT_BACKED_UP = ["local", "sandbox", "beta"]


@pytest.fixture(params=BACKED_UP)
def backed_up(request: pytest.FixtureRequest) -> ProgramRun:
    return program_run(request.param)


def selection(run: ProgramRun, plan: str):
    return run.named(SELECTION, f"{plan}-selection")


def arns(run: ProgramRun, token: str, names: list[str]) -> set[str]:
    return {run.named(token, name).outputs["arn"] for name in names}


def test_every_table_and_bucket_with_data_is_selected_once(backed_up: ProgramRun) -> None:
    selected = [arn for s in backed_up.of_type(SELECTION) for arn in s.inputs["resources"]]
    assert len(selected) == len(set(selected))
    tables = [spec.resource_name for spec in ALL_TABLES if spec.backup_category]
    buckets = [spec.resource_name for spec in ALL_BUCKETS if spec.backed_up]
    assert set(selected) == arns(backed_up, TABLE, tables) | arns(backed_up, BUCKET, buckets)
    assert {"RateLimitingTable", "EventStateTable"}.isdisjoint(tables)  # deliberately not backed up
    assert set(selection(backed_up, "ssn-table").inputs["resources"]) == arns(backed_up, TABLE, ["SSNTable"])
    assert set(selection(backed_up, "frequent-tables").inputs["resources"]) == arns(
        backed_up, TABLE, ["DataEventTable"]
    )


def test_plans_follow_the_stack_policies_and_copy_to_the_backup_account(backed_up: ProgramRun) -> None:
    config = backed_up.config
    assert config.backup_policies and config.backup_config
    target = config.backup_config
    remote = f"arn:aws:backup:{target.backup_region}:{target.backup_account_id}:backup-vault:"
    expected = {
        "general-tables": (config.backup_policies.general_data, target.general_vault_name, True),
        "frequent-tables": (config.backup_policies.frequent_updates, target.general_vault_name, True),
        "ssn-table": (config.backup_policies.general_data, target.ssn_vault_name, True),
        "buckets": (config.backup_policies.general_data, target.general_vault_name, False),
    }
    for name, (policy, remote_vault, cold) in expected.items():
        (rule,) = backed_up.named(PLAN, f"{name}-plan").inputs["rules"]
        assert rule["schedule"] == policy.schedule
        lifecycle = {"deleteAfter": policy.delete_after_days}
        if cold and policy.cold_storage_after_days:
            lifecycle["coldStorageAfter"] = policy.cold_storage_after_days  # S3 has no cold storage
        assert rule["lifecycle"] == lifecycle
        (copy,) = rule["copyActions"]
        assert copy == {"destinationVaultArn": remote + remote_vault, "lifecycle": lifecycle}


def test_the_ssn_table_has_its_own_vault_key_and_role(backed_up: ProgramRun) -> None:
    env = str(backed_up.config.environment_name)
    ssn_vault, general_vault = backed_up.named(VAULT, "SsnBackupVault"), backed_up.named(VAULT, "BackupVault")
    assert ssn_vault.inputs["name"] == f"CompactConnect-{env}-SSNBackupVault"
    assert ssn_vault.inputs["kmsKeyArn"] != general_vault.inputs["kmsKeyArn"]
    (ssn_rule,) = backed_up.named(PLAN, "ssn-table-plan").inputs["rules"]
    assert ssn_rule["targetVaultName"] == ssn_vault.outputs["name"]
    ssn_role = backed_up.named(ROLE, "SsnBackupRole")
    assert selection(backed_up, "ssn-table").inputs["iamRoleArn"] == ssn_role.outputs["arn"]
    assert not any("S3" in arn for arn in ssn_role.inputs["managedPolicyArns"])
    for name in ("general-tables", "frequent-tables", "buckets"):
        assert (
            selection(backed_up, name).inputs["iamRoleArn"]
            == backed_up.named(ROLE, "BackupRole").outputs["arn"]
        )

    # Only the SSN backup role may back the SSN table up or use the SSN key (besides the SSN functions).
    ssn_role_arn = f"arn:aws:iam::{backed_up.config.account_id}:role/CompactConnect-{env}-SSNBackupRole"
    assert ssn_role.inputs["name"] == ssn_role_arn.rsplit("/", 1)[1]
    table_policy = json.loads(
        backed_up.named("aws:dynamodb/resourcePolicy:ResourcePolicy", "SSNTableResourcePolicy").inputs[
            "policy"
        ]
    )
    backups = next(s for s in table_policy["Statement"] if s["Sid"] == "DenyBackupsExceptDynamoDB")
    restore_role_arn = (
        f"arn:aws:iam::{backed_up.config.account_id}:role/CompactConnect-{env}-SSNTable-Restore"
    )
    assert backups["Condition"]["ArnNotEquals"] == {"aws:PrincipalArn": [restore_role_arn, ssn_role_arn]}
    key_policy = json.loads(backed_up.named("aws:kms/key:Key", "SsnEncryptionKey").inputs["policy"])
    deny = next(s for s in key_policy["Statement"] if s["Effect"] == "Deny")
    assert ssn_role_arn in deny["Condition"]["ArnNotEquals"]["aws:PrincipalArn"]
    general_arn = f"arn:aws:iam::{backed_up.config.account_id}:role/CompactConnect-{env}-BackupServiceRole"
    assert general_arn not in deny["Condition"]["ArnNotEquals"]["aws:PrincipalArn"]


def test_nothing_is_copied_anywhere_but_the_backup_account(backed_up: ProgramRun) -> None:
    target = backed_up.config.backup_config
    assert target
    for prefix, remote_name in (("Backup", target.general_vault_name), ("SsnBackup", target.ssn_vault_name)):
        remote = (
            f"arn:aws:backup:{target.backup_region}:{target.backup_account_id}:backup-vault:{remote_name}"
        )
        only_remote = {"ForAnyValue:ArnNotEquals": {"backup:CopyTargets": [remote]}}
        vault_policy = json.loads(
            backed_up.named("aws:backup/vaultPolicy:VaultPolicy", f"{prefix}VaultPolicy").inputs["policy"]
        )
        deny = next(s for s in vault_policy["Statement"] if s["Effect"] == "Deny")
        assert deny["Action"] == "backup:CopyFromBackupVault" and deny["Condition"] == only_remote
        guard = json.loads(
            backed_up.named("aws:iam/rolePolicy:RolePolicy", f"{prefix}RoleGuard").inputs["policy"]
        )
        (statement,) = guard["Statement"]
        assert statement["Effect"] == "Deny" and statement["Condition"] == only_remote
        assert statement["Action"] == "backup:StartCopyJob"


def test_vaults_are_locked_in_compliance_mode_in_prod_only(backed_up: ProgramRun) -> None:
    locks = backed_up.of_type(LOCK)
    assert len(locks) == 2
    policies = backed_up.config.backup_policies
    assert policies
    shortest = min(policies.general_data.delete_after_days, policies.frequent_updates.delete_after_days)
    for lock in locks:
        assert lock.inputs["minRetentionDays"] == min(180, shortest)
        if backed_up.config.is_prod:
            assert lock.inputs["changeableForDays"] == 3  # then compliance mode: no one can lift it
            assert lock.protect and lock.retain_on_delete
        else:
            assert "changeableForDays" not in lock.inputs  # governance mode: a test account can be torn down


def test_backup_failures_reach_the_alarm_topic(backed_up: ProgramRun) -> None:
    topic = backed_up.named("aws:sns/topic:Topic", "AlarmTopic").outputs["arn"]
    alarms = [
        a
        for a in backed_up.of_type("aws:cloudwatch/metricAlarm:MetricAlarm")
        if a.inputs.get("namespace") == "AWS/Backup"
    ]
    vaults = {v.outputs["name"] for v in backed_up.of_type(VAULT)}
    for metric in ("NumberOfBackupJobsFailed", "NumberOfCopyJobsFailed", "NumberOfRecoveryPointsPartial"):
        assert {
            a.inputs["dimensions"]["BackupVaultName"] for a in alarms if a.inputs["metricName"] == metric
        } == vaults
    assert all(a.inputs["alarmActions"] == [topic] for a in alarms)
    rules = [
        r for r in backed_up.of_type("aws:cloudwatch/eventRule:EventRule") if r.name.startswith("backup-")
    ]
    patterns = [json.loads(r.inputs["eventPattern"]) for r in rules]
    assert all(p["source"] == ["aws.backup"] for p in patterns)
    assert {"Backup Job State Change", "Copy Job State Change"} <= {p["detail-type"][0] for p in patterns}
    targets = [
        t for t in backed_up.of_type("aws:cloudwatch/eventTarget:EventTarget") if t.name.startswith("backup-")
    ]
    assert len(targets) == len(rules) and all(t.inputs["arn"] == topic for t in targets)


@pytest.mark.parametrize("stack", NOT_BACKED_UP)
def test_nothing_of_it_where_backups_are_off(stack: str) -> None:
    run = program_run(stack)
    assert not [r for r in run.resources if r.type.startswith("aws:backup/")]
    table_policy = json.loads(
        run.named("aws:dynamodb/resourcePolicy:ResourcePolicy", "SSNTableResourcePolicy").inputs["policy"]
    )
    backups = next(s for s in table_policy["Statement"] if s["Sid"] == "DenyBackupsExceptDynamoDB")
    env, account = str(run.config.environment_name), run.config.account_id
    # No backup role: only the SSN table's restore machine, which backs it up before a recovery.
    restore_role_arn = f"arn:aws:iam::{account}:role/CompactConnect-{env}-SSNTable-Restore"
    assert backups["Condition"]["ArnNotEquals"] == {"aws:PrincipalArn": [restore_role_arn]}


def test_both_human_pools_are_exported_daily(any_stack: ProgramRun) -> None:
    function = any_stack.named("aws:lambda/function:Function", "UserPoolExport")
    variables = function.inputs["environment"]["variables"]
    pools = {p.name: p.outputs for p in any_stack.of_type("aws:cognito/userPool:UserPool")}
    assert variables["STAFF_USER_POOL_ID"] == pools["StaffUsers"]["id"]
    assert variables["PROVIDER_USER_POOL_ID"] == pools["ProviderUsers"]["id"]
    policy = json.loads(
        any_stack.named("aws:iam/rolePolicy:RolePolicy", "UserPoolExport-grants").inputs["policy"]
    )
    cognito = [s for s in policy["Statement"] if any(a.startswith("cognito-idp:") for a in s["Action"])]
    assert {a for s in cognito for a in s["Action"]} == {"cognito-idp:ListUsers"}
    assert {r for s in cognito for r in s["Resource"]} == {
        pools["StaffUsers"]["arn"],
        pools["ProviderUsers"]["arn"],
    }
    rule = next(
        r for r in any_stack.of_type("aws:cloudwatch/eventRule:EventRule") if "UserPoolExport" in r.name
    )
    assert rule.inputs["scheduleExpression"] == "cron(0 4 ? * * *)"
