"""The backup rules, both ways: every vault locked (compliance mode in prod), and where backups are on,
every table and data bucket in a selection (by reference, literal or wildcard ARN) unless exempt."""

from __future__ import annotations

from policies.model import UNKNOWN, ResourceView
from tests.policies.policy_builders import (
    assert_fails,
    assert_passes,
    changed,
    named,
    relinked,
    replace,
    stack,
    tags,
    violations,
)
from tests.policies.policy_builders_ops import bucket_arn, selection, table_arn, vault, vault_lock

# ---- Backup vault locks ---------------------------------------------------------------------------


def test_a_locked_vault_passes_and_an_unlocked_one_fails(compliant: list[ResourceView]) -> None:
    assert_passes("backup-vault-locked", stack(compliant))
    without_lock = [r for r in compliant if "vaultLockConfiguration" not in r.type]
    assert_fails("backup-vault-locked", stack(without_lock), "VaultLockConfiguration")


def test_a_lock_naming_the_vault_literally_counts() -> None:
    general = vault()
    assert_passes("backup-vault-locked", stack(general, vault_lock(general, linked=False)))
    other = vault("other")
    assert_fails("backup-vault-locked", stack(general, vault_lock(other, linked=False)), "VaultLock")


def test_prod_needs_a_compliance_mode_lock_and_other_environments_do_not() -> None:
    general = vault()
    governance = vault_lock(general, changeableForDays=None)
    assert_fails("backup-vault-locked", stack(general, governance, env="prod"), "compliance mode")
    assert_passes("backup-vault-locked", stack(general, governance, env="test"))


# ---- Backup selections ----------------------------------------------------------------------------


def test_every_table_and_bucket_with_data_is_selected(compliant: list[ResourceView]) -> None:
    assert_passes("backup-tables-selected", stack(compliant))
    assert_passes("backup-buckets-selected", stack(compliant))


def test_a_table_in_no_selection_fails(compliant: list[ResourceView]) -> None:
    tables = named(compliant, "tables-selection")
    ssn_only = relinked(tables, resources=[named(compliant, "ssn-table-DataEventsLog")])
    ssn_only = changed(ssn_only, resources=[table_arn(named(compliant, "ssn-table-DataEventsLog"))])
    found = assert_fails("backup-tables-selected", stack(replace(compliant, tables, ssn_only)), "NoBackup")
    assert [v.urn for v in found] == [named(compliant, "provider-table").urn]


def test_a_table_tagged_no_backup_is_exempt_only_by_its_tag(compliant: list[ResourceView]) -> None:
    rate = named(compliant, "RateLimitingTable")
    untagged = replace(compliant, rate, changed(rate, tags=tags()))
    assert_fails("backup-tables-selected", stack(untagged), "NoBackup")


def test_without_any_selection_nothing_needs_selecting(compliant: list[ResourceView]) -> None:
    no_backups = [r for r in compliant if "backup/selection" not in r.type]
    assert_passes("backup-tables-selected", stack(no_backups))
    assert_passes("backup-buckets-selected", stack(no_backups))


def test_literal_and_wildcard_arns_select_too(compliant: list[ResourceView]) -> None:
    provider = named(compliant, "provider-table")
    plain = [r for r in compliant if "backup/selection" not in r.type]
    literal = selection(
        "literal", literal=[table_arn(provider), table_arn(named(compliant, "ssn-table-DataEventsLog"))]
    )
    assert_passes("backup-tables-selected", stack(plain, literal))
    every_table = selection("all", literal=["arn:aws:dynamodb:*:*:table/*"])
    assert_passes("backup-tables-selected", stack(plain, every_table))
    every_bucket = selection("buckets", literal=["arn:aws:s3:::*"])
    assert_fails("backup-tables-selected", stack(plain, every_bucket), "NoBackup")


def test_a_table_excluded_by_not_resources_is_not_selected(compliant: list[ResourceView]) -> None:
    provider = named(compliant, "provider-table")
    plain = [r for r in compliant if "backup/selection" not in r.type]
    excluding = selection(
        "all",
        literal=["arn:aws:dynamodb:*:*:table/*"],
        notResources=[table_arn(provider)],
    )
    assert_fails("backup-tables-selected", stack(plain, excluding), "NoBackup")


def test_unknown_arns_are_settled_by_references(compliant: list[ResourceView]) -> None:
    tables = named(compliant, "tables-selection")
    unknown = changed(tables, resources=[UNKNOWN, UNKNOWN])
    assert violations("backup-tables-selected", stack(replace(compliant, tables, unknown))) == []


def test_a_data_bucket_in_no_selection_fails_and_logs_and_transient_buckets_are_exempt(
    compliant: list[ResourceView],
) -> None:
    buckets = named(compliant, "buckets-selection")
    found = assert_fails("backup-buckets-selected", stack(replace(compliant, buckets, None)), "Selection")
    assert [v.urn for v in found] == [named(compliant, "reports").urn]
    by_arn = changed(relinked(buckets, resources=[]), resources=[bucket_arn(named(compliant, "reports"))])
    assert_passes("backup-buckets-selected", stack(replace(compliant, buckets, by_arn)))
