"""AWS Backup: every vault is locked (in compliance mode in prod), and where the stack backs anything up,
it backs up every table and every bucket that holds data."""

from __future__ import annotations

from fnmatch import fnmatchcase

from policies.aws_types import BACKUP_SELECTION, BACKUP_VAULT, BACKUP_VAULT_LOCK, DYNAMODB_TABLE, S3_BUCKET
from policies.conventions import ACCESS_LOGS_TAG, NO_BACKUP_TAG, TRANSIENT_TAG
from policies.model import MANDATORY, ResourceView, Rule, StackView


def vault_locks(vault: ResourceView, stack: StackView) -> list[ResourceView]:
    """The lock configurations of `vault`: those whose `backupVaultName` references it, else those that
    name it literally."""
    linked = stack.referencing(vault.urn, BACKUP_VAULT_LOCK, "backupVaultName")
    if linked:
        return linked
    name = vault.get("name")
    if not name:
        return []
    return [lock for lock in stack.by_type(BACKUP_VAULT_LOCK) if lock.get("backupVaultName") == name]


def is_locked(vault: ResourceView, stack: StackView) -> list[str]:
    """An unlocked vault lets anyone with backup permissions delete recovery points or shorten their
    retention, so a compromise of the account takes the backups with it. In prod the lock is in compliance
    mode (`changeableForDays` set): once the grace period is over no one, root included, can lift it."""
    locks = vault_locks(vault, stack)
    if not locks:
        return ["needs an aws.backup.VaultLockConfiguration whose backupVaultName is this vault's name"]
    if stack.is_prod and not any(lock.get("changeableForDays") for lock in locks):
        return ["the vault lock must be in compliance mode in prod (set changeableForDays)"]
    return []


Target = tuple[str, str]
"""What a selection's ARN must match: the service and the resource part (``table/<name>``, ``<bucket>``)."""


def _names(arns: object, target: Target) -> bool:
    """Whether a selection's literal ARNs (wildcards allowed; values unknown during preview skipped) name
    the target; region and account are not compared."""
    service, resource = target
    for arn in arns if isinstance(arns, list | tuple) else ():
        if not isinstance(arn, str):
            continue
        parts = arn.split(":", 5)
        if arn == "*" or (
            len(parts) == 6 and fnmatchcase(service, parts[2]) and fnmatchcase(resource, parts[5])
        ):
            return True
    return False


def _selects(selection: ResourceView, resource: ResourceView, target: Target | None) -> bool:
    def lists(prop: str) -> bool:
        if resource.urn in selection.refs(prop):
            return True
        return target is not None and _names(selection.props.get(prop), target)

    return lists("resources") and not lists("notResources")


def _backed_up(resource: ResourceView, stack: StackView, target: Target | None) -> list[str]:
    selections = stack.by_type(BACKUP_SELECTION)
    if not selections or resource.marked(NO_BACKUP_TAG):
        return []
    if any(_selects(selection, resource, target) for selection in selections):
        return []
    return [
        "not in any aws.backup.Selection's resources (reference its ARN there, or tag it "
        f"{NO_BACKUP_TAG}=true if nothing in it is worth restoring)"
    ]


def table_is_backed_up(table: ResourceView, stack: StackView) -> list[str]:
    """Where backups are on (the stack has a backup selection), a table left out of every plan cannot be
    restored after a mistake older than its PITR window, nor from the backup account after a compromise.
    Tables with nothing worth restoring say so with the NoBackup tag."""
    name = table.props.get("name")
    return _backed_up(table, stack, ("dynamodb", f"table/{name}") if isinstance(name, str) else None)


def bucket_is_backed_up(bucket: ResourceView, stack: StackView) -> list[str]:
    """As for tables: where backups are on, every bucket that holds data is in a plan. The access-logs
    bucket (object-locked) and transient buckets (objects deleted within a day) hold nothing to restore."""
    if bucket.marked(ACCESS_LOGS_TAG) or bucket.marked(TRANSIENT_TAG):
        return []
    name = bucket.props.get("bucket")
    return _backed_up(bucket, stack, ("s3", name) if isinstance(name, str) else None)


RULES: tuple[Rule, ...] = (
    Rule(
        "backup-vault-locked",
        "Backup vaults have a vault lock, in compliance mode (changeableForDays) in prod.",
        MANDATORY,
        (BACKUP_VAULT,),
        is_locked,
        cross_resource=True,
    ),
    Rule(
        "backup-tables-selected",
        f"Where backups are on, every DynamoDB table is in a backup selection unless tagged {NO_BACKUP_TAG}.",
        MANDATORY,
        (DYNAMODB_TABLE,),
        table_is_backed_up,
        cross_resource=True,
    ),
    Rule(
        "backup-buckets-selected",
        "Where backups are on, every bucket but access-logs, transient and NoBackup ones is in a selection.",
        MANDATORY,
        (S3_BUCKET,),
        bucket_is_backed_up,
        cross_resource=True,
    ),
)
