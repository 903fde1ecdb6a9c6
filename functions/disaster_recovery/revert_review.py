"""Whether a license upload rollback may revert a provider (anchors item 12): a pure review of the
provider's records against the uploads being reverted.

What those uploads can have done to a provider is known exactly: ingest created licenses of the
jurisdiction (their ``firstUploadDate`` in the window) or changed them (a license update of an upload
category, written in the window), and the deactivation cascade marked the privileges bought on a license
the uploads deactivated (a ``licenseDeactivation`` privilege update in the window). A provider is
revertible only when *everything* on it since the window started is one of those. Anything else — another
state's upload, an encumbrance or investigation, a purchase or renewal, a registration or any other
provider change, a record this code cannot read, history without its record, or a change of the uploads'
kind made after the window — keeps the provider out, and each such change is listed for the person who
reviews it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from core.models.base import Record
from core.models.enums import LICENSE_UPLOAD_UPDATE_CATEGORIES, UpdateCategory
from core.models.history import LicenseUpdate, PrivilegeUpdate
from core.models.license import License
from core.models.privilege import Privilege
from core.models.provider_records import ProviderRecords
from disaster_recovery.models import LeftAlone

NOT_BY_THE_UPLOADS = "in a way the reverted uploads did not, or after the window."
UNEXPLAINED = "since the window started, without a history record of the reverted uploads."


@dataclass(frozen=True)
class Window:
    """The uploads being reverted: one jurisdiction's, to one compact, from ``start`` to ``end``."""

    compact: str
    jurisdiction: str
    start: datetime
    end: datetime

    def holds(self, moment: datetime | None) -> bool:
        return moment is not None and self.start <= moment <= self.end

    def since_start(self, moment: datetime | None) -> bool:
        return moment is not None and moment >= self.start

    def after_end(self, moment: datetime | None) -> bool:
        return moment is not None and moment > self.end


@dataclass
class Review:
    """What the uploads changed on one provider (history by the sort key of the record it belongs to,
    oldest first), and every change that keeps the provider from being reverted."""

    left_alone: list[LeftAlone] = field(default_factory=list)
    created: list[License] = field(default_factory=list)
    license_changes: dict[str, list[LicenseUpdate]] = field(default_factory=dict)
    privilege_changes: dict[str, list[PrivilegeUpdate]] = field(default_factory=dict)

    @property
    def revertible(self) -> bool:
        return not self.left_alone


def _left(
    kind: str, what: str, when: datetime | None, reason: str, license_type: str | None = None
) -> LeftAlone:
    return LeftAlone(
        record_type=kind,
        type_of_update=str(what),
        update_time=when.isoformat() if when else "N/A",
        reason=reason,
        license_type=license_type,
    )


def review(records: ProviderRecords, window: Window) -> Review:
    """Review every record of the provider (read with all its history)."""
    found = Review()
    found.left_alone += _unreadable(records)
    found.left_alone += [
        _left(
            "providerUpdate", u.update_type, u.create_date, "The provider changed since the window started."
        )
        for u in records.provider_updates
        if window.since_start(u.create_date)
    ]
    _review_licenses(records, window, found)
    _review_privileges(records, window, found)
    found.left_alone += _staff_records(records, window)
    return found


def _unreadable(records: ProviderRecords) -> list[LeftAlone]:
    found = [
        _left(record.record_type, "Unreadable", None, f"A record this code cannot read ({record.sk}).")
        for record in records.unreadable
    ]
    found += [
        _left(kind, "Unknown", None, "Records of a type this code does not know.")
        for kind in sorted(records.unknown_types)
    ]
    return found


def _made_by_the_uploads(update: LicenseUpdate, window: Window) -> bool:
    return (
        update.jurisdiction == window.jurisdiction
        and update.update_type in LICENSE_UPLOAD_UPDATE_CATEGORIES
        and window.holds(update.create_date)
    )


def _review_licenses(records: ProviderRecords, window: Window, found: Review) -> None:
    held = {(lic.jurisdiction, lic.license_type_abbreviation): lic for lic in records.licenses}
    for update in sorted(records.license_updates, key=lambda u: u.create_date):
        lic = held.get((update.jurisdiction, update.license_type_abbreviation))
        if lic is None:
            reason = f"History of a license in {update.jurisdiction} that has no license record."
            found.left_alone.append(
                _left("licenseUpdate", "Orphaned", update.create_date, reason, update.license_type)
            )
        elif _made_by_the_uploads(update, window):
            found.license_changes.setdefault(lic.sk, []).append(update)
        elif window.since_start(update.create_date):
            reason = f"The {update.jurisdiction} license changed {NOT_BY_THE_UPLOADS}"
            found.left_alone.append(
                _left("licenseUpdate", update.update_type, update.create_date, reason, update.license_type)
            )
    for lic in records.licenses:
        created = lic.jurisdiction == window.jurisdiction and window.holds(lic.first_upload_date)
        changed = created or lic.sk in found.license_changes
        if created:
            found.created.append(lic)
        if window.since_start(lic.first_upload_date) and not created:
            reason = f"A {lic.jurisdiction} license first uploaded outside the reverted uploads."
            found.left_alone.append(
                _left("license", "Created", lic.first_upload_date, reason, lic.license_type)
            )
        elif changed and window.after_end(lic.date_of_update):
            reason = f"The {lic.jurisdiction} license was written after the window."
            found.left_alone.append(_left("license", "Written", lic.date_of_update, reason, lic.license_type))
        elif not changed and window.since_start(lic.date_of_update):
            reason = f"The {lic.jurisdiction} license was written {UNEXPLAINED}"
            found.left_alone.append(_left("license", "Written", lic.date_of_update, reason, lic.license_type))


def _review_privileges(records: ProviderRecords, window: Window, found: Review) -> None:
    deactivated = {
        (update.jurisdiction, update.license_type_abbreviation)
        for updates in found.license_changes.values()
        for update in updates
        if update.update_type == UpdateCategory.DEACTIVATION
    }
    history: dict[tuple[str, str], list[PrivilegeUpdate]] = {}
    for update in sorted(records.privilege_updates, key=lambda u: u.create_date):
        history.setdefault((update.jurisdiction, update.license_type_abbreviation), []).append(update)
    for privilege in records.privileges:
        own = history.pop((privilege.jurisdiction, privilege.license_type_abbreviation), [])
        since = [update for update in own if window.since_start(update.create_date)]
        on_deactivated = (privilege.license_jurisdiction, privilege.license_type_abbreviation) in deactivated
        reasons = _privilege_changes(privilege, window)
        for update in since:
            if not (
                update.update_type == UpdateCategory.LICENSE_DEACTIVATION
                and on_deactivated
                and window.holds(update.create_date)
            ):
                reason = f"The privilege in {privilege.jurisdiction} changed {NOT_BY_THE_UPLOADS}"
                reasons.append(
                    _left(
                        "privilegeUpdate",
                        update.update_type,
                        update.create_date,
                        reason,
                        privilege.license_type,
                    )
                )
        if not since and not reasons and window.since_start(privilege.date_of_update):
            reason = f"The privilege in {privilege.jurisdiction} was written {UNEXPLAINED}"
            reasons.append(
                _left("privilege", "Written", privilege.date_of_update, reason, privilege.license_type)
            )
        if since and not reasons:
            found.privilege_changes[privilege.sk] = since
        found.left_alone += reasons
    for (jurisdiction, _), updates in history.items():
        reason = f"History of a privilege in {jurisdiction} that has no privilege record."
        found.left_alone.append(
            _left("privilegeUpdate", "Orphaned", updates[0].create_date, reason, updates[0].license_type)
        )


def _privilege_changes(privilege: Privilege, window: Window) -> list[LeftAlone]:
    """A purchase or renewal since the window started (their history is synthesised, never stored)."""
    if window.since_start(privilege.date_of_issuance):
        reason = f"The privilege in {privilege.jurisdiction} was bought since the window started."
        return [
            _left(
                "privilege",
                UpdateCategory.ISSUANCE,
                privilege.date_of_issuance,
                reason,
                privilege.license_type,
            )
        ]
    if window.since_start(privilege.date_of_renewal):
        reason = f"The privilege in {privilege.jurisdiction} was renewed since the window started."
        return [
            _left(
                "privilege", UpdateCategory.RENEWAL, privilege.date_of_renewal, reason, privilege.license_type
            )
        ]
    return []


def _staff_records(records: ProviderRecords, window: Window) -> list[LeftAlone]:
    """Encumbrances, investigations and military documents written since the window started."""
    written: list[tuple[str, Record, str | None]] = [
        *(("adverseAction", action, action.license_type) for action in records.adverse_actions),
        *(("investigation", case, case.license_type) for case in records.investigations),
        *(("militaryAffiliation", affiliation, None) for affiliation in records.military_affiliations),
    ]
    return [
        _left(kind, "Written", record.date_of_update, "Written since the window started.", license_type)
        for kind, record, license_type in written
        if window.since_start(record.date_of_update)
    ]
