"""What reverting one provider writes (anchors item 12), as a pure function of its records: the decision
of :mod:`disaster_recovery.revert_review`, turned into guarded writes.

Each license and privilege the uploads changed is put back exactly as the earliest of their history
records in the window says it was before (``dateOfUpdate`` included); the licenses the uploads created
are deleted, and so is every history record the uploads wrote; the provider record is rebuilt around its
best remaining license, as ingest builds it, or deleted when the uploads had created the provider.

The writes are ordered for a retry. The restores come first and may take several transactions: written
twice they write the same thing, and they leave every trace of the uploads in place. The deletions and the
provider record come last, in one transaction with the events, so a run stopped between two transactions
leaves a provider the next run still finds, reviews and finishes — announced once, when it is done.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from core.models.base import Record
from core.models.history import UpdateRecord
from core.models.license import License
from core.models.privilege import Privilege
from core.models.provider_records import ProviderRecords
from core.provider_mirror import mirror_best_license, provider_changed
from core.repositories.providers import GuardedDelete, GuardedPut, Write
from disaster_recovery.models import RevertedProvider, RevertedRecord, SkippedProvider
from disaster_recovery.revert_review import Review, Window, review

TRANSACTION_ITEMS = 100
"""DynamoDB's limit on the items of one transaction."""

NOT_REVERTIBLE = (
    "The provider changed in ways the reverted uploads did not, or after the window; nothing was reverted. "
    "Manual review required."
)
NOTHING_LEFT = "Nothing the uploads in the window wrote is left on this provider: it was reverted already."
NO_LICENSE_LEFT = (
    "Reverting would leave records without any license (the uploads created every license of this provider, "
    "yet other records exist); nothing was reverted. Manual review required."
)
TOO_LARGE = (
    "Reverting this provider takes more deletions than one transaction holds; nothing was reverted. "
    "Manual review required."
)

R = TypeVar("R", bound=Record)


@dataclass
class RevertPlan:
    """One provider's revert: ``early`` writes (restores: any number of transactions, any number of times)
    then ``final`` writes (one transaction, with the events' outbox entry), and what they revert."""

    summary: RevertedProvider
    early: list[Write] = field(default_factory=list)
    final: list[Write] = field(default_factory=list)

    def transactions(self) -> list[list[Write]]:
        """The transactions to write, in order; the last has room for the outbox entry."""
        if len(self.early) + len(self.final) < TRANSACTION_ITEMS:
            return [self.early + self.final]
        size = TRANSACTION_ITEMS
        return [*(self.early[i : i + size] for i in range(0, len(self.early), size)), self.final]


def restored(record: R, previous: Mapping[str, Any]) -> R:
    """``record`` as a history record's ``previous`` snapshot says it was: the snapshot's fields, and the
    fields a snapshot does not keep (identity, ``firstUploadDate``), which no change touches."""
    kept = {
        name: value for name, value in record.stored_fields().items() if name not in record.snapshot_fields
    }
    return type(record).from_item({**kept, **previous})


def plan_revert(records: ProviderRecords, window: Window, provider_id: str) -> RevertPlan | SkippedProvider:
    """The revert of one provider, or why it is left alone."""
    found = review(records, window)
    if not found.revertible:
        return SkippedProvider(
            provider_id=provider_id, reason=NOT_REVERTIBLE, ineligible_updates=found.left_alone
        )
    if not (found.created or found.license_changes or found.privilege_changes):
        return SkippedProvider(provider_id=provider_id, reason=NOTHING_LEFT)
    plan = RevertPlan(summary=RevertedProvider(provider_id=provider_id))
    licenses = [_revert_license(plan, found, lic) for lic in records.licenses]
    privileges = [_revert_privilege(plan, found, privilege) for privilege in records.privileges]
    after = replace(records, licenses=[lic for lic in licenses if lic is not None], privileges=privileges)
    if not _rebuild_provider(plan, after):
        return SkippedProvider(provider_id=provider_id, reason=NO_LICENSE_LEFT)
    if len(plan.final) >= TRANSACTION_ITEMS:
        return SkippedProvider(provider_id=provider_id, reason=TOO_LARGE)
    return plan


def _revert_license(plan: RevertPlan, found: Review, lic: License) -> License | None:
    """The license as the revert leaves it: deleted (None) when the uploads created it, else as it was
    before their first change in the window."""
    updates = found.license_changes.get(lic.sk, [])
    _delete_history(plan, updates)
    if lic in found.created:
        plan.final.append(GuardedDelete(lic))
        plan.summary.licenses_reverted.append(_reverted(lic.jurisdiction, lic.license_type, "DELETE"))
        return None
    if not updates:
        return lic
    plan.summary.licenses_reverted.append(_reverted(lic.jurisdiction, lic.license_type, "REVERT"))
    return _restore(plan, lic, updates)


def _revert_privilege(plan: RevertPlan, found: Review, privilege: Privilege) -> Privilege:
    """The privilege as it was before the cascade of a deactivation the uploads made marked it."""
    updates = found.privilege_changes.get(privilege.sk, [])
    if not updates:
        return privilege
    _delete_history(plan, updates)
    plan.summary.privileges_reverted.append(
        _reverted(privilege.jurisdiction, privilege.license_type, "REACTIVATED")
    )
    return _restore(plan, privilege, updates)


def _reverted(jurisdiction: str, license_type: str, action: Any) -> RevertedRecord:
    return RevertedRecord(jurisdiction=jurisdiction, license_type=license_type, action=action)


def _delete_history(plan: RevertPlan, updates: Sequence[UpdateRecord]) -> None:
    for update in updates:
        plan.final.append(GuardedDelete(update, guard=False))  # immutable: nothing to guard
        plan.summary.updates_deleted.append(update.sk)


def _restore(plan: RevertPlan, record: R, updates: Sequence[UpdateRecord]) -> R:
    """Put ``record`` back as the earliest of ``updates`` found it; nothing to write when a retried run
    restored it already."""
    before = restored(record, updates[0].previous)
    if before.stored_fields() != record.stored_fields():
        plan.early.append(GuardedPut(before, read=record, stamp=False))
    return before


def _rebuild_provider(plan: RevertPlan, after: ProviderRecords) -> bool:
    """The provider record as ingest would build it from the records the revert leaves; False when the
    revert would leave records but no license to build it from."""
    provider = after.provider
    best = after.best_license()
    if best is not None:
        rebuilt = mirror_best_license(after, best)
        if provider_changed(provider, rebuilt):
            plan.final.append(GuardedPut(rebuilt, read=provider))
            plan.summary.provider_record = "UPDATED"
        return True
    deleted = {write.record.sk for write in plan.final if isinstance(write, GuardedDelete)}
    others = [
        *after.privileges,
        *after.privilege_updates,
        *after.provider_updates,
        *after.adverse_actions,
        *after.investigations,
        *after.military_affiliations,
        *(update for update in after.license_updates if update.sk not in deleted),
    ]
    if others:
        return False
    if provider is not None:
        plan.final.append(GuardedDelete(provider))
        plan.summary.provider_record = "DELETED"
    return True
