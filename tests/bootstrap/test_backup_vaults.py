"""The backup accounts: two vaults with their own keys, locked, open to the organization's source
accounts for copies in, and the SSN vault keeping its copies to itself."""

from __future__ import annotations

from tests.bootstrap.runs import bootstrap_run, document, statement

VAULT = "aws:backup/vault:Vault"
LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"


def _vault_arn(run, name: str) -> str:
    return f"arn:aws:backup:{run.config.region}:{run.config.account_id}:backup-vault:{name}"


def test_each_vault_has_its_own_rotating_retained_key(backup_account):
    run = backup_account
    account = run.config.account
    general, ssn = run.named(VAULT, "GeneralBackupVault"), run.named(VAULT, "SsnBackupVault")
    assert (general.inputs["name"], ssn.inputs["name"]) == (
        account.general_vault_name,
        account.ssn_vault_name,
    )
    general_key, ssn_key = (
        run.named("aws:kms/key:Key", "GeneralBackupKey"),
        run.named("aws:kms/key:Key", "SsnBackupKey"),
    )
    assert general.inputs["kmsKeyArn"] == general_key.outputs["arn"]
    assert ssn.inputs["kmsKeyArn"] == ssn_key.outputs["arn"]
    for resource in (general, ssn, general_key, ssn_key):
        assert (resource.protect, resource.retain_on_delete) == (True, True)
    aliases = {a.inputs["name"] for a in run.of_type("aws:kms/alias:Alias")}
    assert {"alias/compactconnect-backup-key", "alias/compactconnect-ssn-backup-key"} <= aliases
    assert run.outputs["generalVaultArn"] == _vault_arn(run, account.general_vault_name)
    assert run.outputs["ssnVaultArn"] == _vault_arn(run, account.ssn_vault_name)


def test_source_accounts_use_the_keys_only_through_backup_or_dynamodb(backup_account):
    run = backup_account
    account = run.config.account
    sources = {"AWS": [f"arn:aws:iam::{source}:root" for source in account.source_account_ids]}
    in_org = {"aws:PrincipalOrgID": account.organization_id}
    for key in ("GeneralBackupKey", "SsnBackupKey"):
        policy = document(run.named("aws:kms/key:Key", key), "policy")
        use = statement(policy, "SourceAccountsThroughBackupOnly")
        assert use["Principal"] == sources
        assert use["Condition"] == {
            "StringEquals": in_org,
            "StringLike": {
                "kms:ViaService": [
                    "backup.us-east-1.amazonaws.com",
                    "dynamodb.us-east-1.amazonaws.com",
                    "backup.us-west-2.amazonaws.com",
                    "dynamodb.us-west-2.amazonaws.com",
                ]
            },
        }
        assert "kms:ScheduleKeyDeletion" not in use["Action"] and "kms:*" not in use["Action"]
        grants = statement(policy, "SourceAccountsGrantToAwsResourcesOnly")
        assert grants["Condition"]["Bool"] == {"kms:GrantIsForAWSResource": "true"}


def test_vaults_admit_copies_from_the_organizations_source_accounts_only(backup_account):
    run = backup_account
    account = run.config.account
    for vault in ("GeneralBackupVaultPolicy", "SsnBackupVaultPolicy"):
        policy = document(run.named("aws:backup/vaultPolicy:VaultPolicy", vault), "policy")
        assert statement(policy, "SourceAccountsCopyIn") == {
            "Sid": "SourceAccountsCopyIn",
            "Effect": "Allow",
            "Principal": {"AWS": [f"arn:aws:iam::{source}:root" for source in account.source_account_ids]},
            "Action": "backup:CopyIntoBackupVault",
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": account.organization_id}},
        }


def test_the_ssn_vault_copies_to_no_other_vault(backup_account):
    run = backup_account
    ssn = document(run.named("aws:backup/vaultPolicy:VaultPolicy", "SsnBackupVaultPolicy"), "policy")
    assert statement(ssn, "NoCopiesToAnyOtherVault") == {
        "Sid": "NoCopiesToAnyOtherVault",
        "Effect": "Deny",
        "Principal": {"AWS": "*"},
        "Action": ["backup:StartCopyJob", "backup:CopyIntoBackupVault"],
        "Resource": "*",
        "Condition": {
            "ForAnyValue:ArnNotEquals": {
                "backup:CopyTargets": [_vault_arn(run, run.config.account.ssn_vault_name)]
            }
        },
    }
    general = document(run.named("aws:backup/vaultPolicy:VaultPolicy", "GeneralBackupVaultPolicy"), "policy")
    assert [s["Sid"] for s in general["Statement"]] == ["SourceAccountsCopyIn"]


def test_prod_vault_locks_turn_to_compliance_and_test_stays_in_governance():
    locks = {
        stack: sorted(
            (lock.inputs for lock in bootstrap_run(stack).of_type(LOCK)),
            key=lambda lock: lock["backupVaultName"],
        )
        for stack in ("prod-backup", "test-backup")
    }
    assert locks["prod-backup"] == [
        {"backupVaultName": "CompactConnectBackupVault", "minRetentionDays": 90, "changeableForDays": 30},
        {"backupVaultName": "CompactConnectBackupVault-SSN", "minRetentionDays": 90, "changeableForDays": 30},
    ]
    assert all(
        lock["minRetentionDays"] == 90 and "changeableForDays" not in lock for lock in locks["test-backup"]
    )
    assert len(locks["test-backup"]) == 2
