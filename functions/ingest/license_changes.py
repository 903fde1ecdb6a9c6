"""The decisions of license ingest (spec §5.2 step 2, rules 4 and 5), as pure functions of what was read.

Given a provider's records and one uploaded license, :func:`plan_ingest` says what to write (the license,
a history record when it changed, the provider record when its mirrored fields changed) and which events
to publish. Nothing here touches AWS, so every rule is testable on plain models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from core.clock import now_utc, today_for_expiration
from core.models.enums import ActiveInactiveStatus, UpdateCategory
from core.models.history import LicenseUpdate
from core.models.license import License
from core.models.provider import Provider
from core.models.provider_records import ProviderRecords
from core.provider_mirror import mirror_best_license, provider_changed
from core.repositories.providers import GuardedPut
from core.status import find_best_license
from ingest.models import IngestDetail

NOT_COMPARED = frozenset({"dateOfUpdate", "firstUploadDate", "status", "uploadDate"})
"""Stored fields that do not make an upload a change: bookkeeping, and fields of older record versions."""

SYSTEM_SET_LICENSE_FIELDS = ("encumbered_status", "investigation_status")
"""License fields set by staff actions, not by the state: an upload must carry them over, not clear them."""


@dataclass
class IngestPlan:
    """What one uploaded license changes. ``puts`` is empty when the upload repeats what is stored."""

    license: License
    update: LicenseUpdate | None = None
    provider: Provider | None = None
    puts: list[GuardedPut] = field(default_factory=list)
    deactivated_unexpired: bool = False

    @property
    def outcome(self) -> str:
        """For the log: ``new``, ``unchanged`` or the update category."""
        if self.update is not None:
            return str(self.update.update_type)
        return "new" if self.puts else "unchanged"


def uploaded_license(detail: IngestDetail, abbreviation: str, existing: License | None) -> License:
    """The license record an upload describes: the state's statuses stored as ``jurisdictionUploaded*``,
    ``firstUploadDate`` and staff-set fields kept from the stored license (now, for a new license)."""
    fields: dict[str, Any] = detail.model_dump(
        exclude={"license_status", "compact_eligibility", "event_time", "previous_provider_id"},
        exclude_none=True,
    )
    fields.update(
        license_type_abbreviation=abbreviation,
        jurisdiction_uploaded_license_status=detail.license_status,
        jurisdiction_uploaded_compact_eligibility=detail.compact_eligibility,
        first_upload_date=existing.first_upload_date if existing else now_utc(),
    )
    if existing is not None:
        fields.update({name: getattr(existing, name) for name in SYSTEM_SET_LICENSE_FIELDS})
    return License.model_validate(fields)


def diff(old: License, new: License) -> tuple[dict[str, Any], list[str]]:
    """``updatedValues`` and ``removedValues`` of an upload's change to a stored license."""
    return old.changes_to(new, NOT_COMPARED)


def categorise(old: License, new: License) -> UpdateCategory:
    """Deactivation (the state now says inactive) takes priority, then renewal (expiration moved later)."""
    if (
        old.jurisdiction_uploaded_license_status == ActiveInactiveStatus.ACTIVE
        and new.jurisdiction_uploaded_license_status == ActiveInactiveStatus.INACTIVE
    ):
        return UpdateCategory.DEACTIVATION
    if new.date_of_expiration > old.date_of_expiration:
        return UpdateCategory.RENEWAL
    return UpdateCategory.OTHER


def license_update(old: License, new: License) -> LicenseUpdate | None:
    """The history record of an upload that changed a stored license, or None when it changed nothing."""
    updated, removed = diff(old, new)
    if not updated and not removed:
        return None
    now = now_utc()
    return LicenseUpdate(
        provider_id=new.provider_id,
        compact=new.compact,
        jurisdiction=new.jurisdiction,
        license_type=new.license_type,
        license_type_abbreviation=new.license_type_abbreviation,
        update_type=categorise(old, new),
        previous=old.history_snapshot(),
        updated_values=updated,
        removed_values=removed or None,
        create_date=now,
        effective_date=now,
    )


def plan_ingest(
    records: ProviderRecords, detail: IngestDetail, abbreviation: str, today: date | None = None
) -> IngestPlan:
    """Decide the writes of one uploaded license against the provider's current records.

    Replaying an upload already applied plans nothing, so redelivered messages are harmless. The provider
    record is rebuilt from whichever license is now best: when the uploaded license is (or stops being) the
    best one, the provider follows it. Every put is guarded by the version that was read.
    """
    existing = records.license_for(detail.jurisdiction, abbreviation)
    new = uploaded_license(detail, abbreviation, existing)
    plan = IngestPlan(license=new)
    if existing is not None:
        plan.update = license_update(existing, new)
        if plan.update is None:
            return plan
    plan.puts.append(GuardedPut(new, read=existing))
    if plan.update is not None:
        plan.puts.append(GuardedPut(plan.update, guard=False))  # immutable: its key hashes its content
        plan.deactivated_unexpired = (
            plan.update.update_type == UpdateCategory.DEACTIVATION
            and new.date_of_expiration >= (today or today_for_expiration())
        )

    licenses = [lic for lic in records.licenses if lic is not existing] + [new]
    home = records.provider.current_home_jurisdiction if records.provider else None
    best = find_best_license(licenses, home, today)
    if best is not None:
        rebuilt = mirror_best_license(records, best)
        if provider_changed(records.provider, rebuilt):
            plan.provider = rebuilt
            plan.puts.append(GuardedPut(rebuilt, read=records.provider))
    return plan
