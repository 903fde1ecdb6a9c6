"""The status rules of spec §6, as pure functions.

Effective statuses are never stored: they depend on "today", so they are recomputed from the stored
(uploaded or staff-set) values whenever a record is read. Every rule takes ``today`` as an argument and
defaults it to :func:`core.clock.today_for_expiration` (the date at UTC-04:00), so callers and tests
can pin it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import Protocol

from pydantic import ConfigDict, TypeAdapter

from core.clock import EXPIRATION_TIMEZONE, today_for_expiration
from core.models.base import UtcDatetime
from core.models.enums import (
    ActiveInactiveStatus,
    CompactEligibilityStatus,
    HomeJurisdictionChangeStatus,
    LicenseEncumberedStatus,
    PrivilegeEncumberedStatus,
    UpdateCategory,
)
from core.models.history import PrivilegeUpdate
from core.models.license import License
from core.models.privilege import Privilege
from core.models.provider import Provider


class LicenseStatusFields(Protocol):
    """What the license rule reads: a license, or a provider (which copies these from its best license)."""

    @property
    def jurisdiction_uploaded_license_status(self) -> ActiveInactiveStatus: ...

    @property
    def jurisdiction_uploaded_compact_eligibility(self) -> CompactEligibilityStatus: ...

    @property
    def date_of_expiration(self) -> date: ...

    @property
    def encumbered_status(self) -> LicenseEncumberedStatus | None: ...


def _status(active: bool) -> ActiveInactiveStatus:
    return ActiveInactiveStatus.ACTIVE if active else ActiveInactiveStatus.INACTIVE


def license_status(record: LicenseStatusFields, today: date | None = None) -> ActiveInactiveStatus:
    """Active iff the state says active, it has not expired (it is still active *on* its expiration
    date) and it is not encumbered (§6.1). Also the provider's licenseStatus (§6.2)."""
    today = today or today_for_expiration()
    return _status(
        record.jurisdiction_uploaded_license_status == ActiveInactiveStatus.ACTIVE
        and record.date_of_expiration >= today
        and record.encumbered_status in (None, LicenseEncumberedStatus.UNENCUMBERED)
    )


def license_compact_eligibility(
    record: LicenseStatusFields, today: date | None = None
) -> CompactEligibilityStatus:
    """Eligible iff the state says eligible and the license is effectively active (§6.1).

    Being active already requires being unencumbered, so encumbrance needs no separate test.
    """
    eligible = (
        record.jurisdiction_uploaded_compact_eligibility == CompactEligibilityStatus.ELIGIBLE
        and license_status(record, today) == ActiveInactiveStatus.ACTIVE
    )
    return CompactEligibilityStatus.ELIGIBLE if eligible else CompactEligibilityStatus.INELIGIBLE


def provider_compact_eligibility(provider: Provider, today: date | None = None) -> CompactEligibilityStatus:
    """The license rule on the provider's copied fields, and the practitioner must live where that license
    is (§6.2).

    So an unregistered provider (home ``unknown``), one who moved to ``other``, and one who moved to a state
    where they hold no license are all ineligible to buy privileges.
    """
    if provider.current_home_jurisdiction != provider.license_jurisdiction:
        return CompactEligibilityStatus.INELIGIBLE
    return license_compact_eligibility(provider, today)


def provider_encumbered_status(
    licenses: Iterable[License], privileges: Iterable[Privilege]
) -> LicenseEncumberedStatus:
    """The provider is encumbered while any of its licenses or privileges is itself encumbered (§6.2).

    A privilege that is only ``licenseEncumbered`` does not count: it reflects a license encumbrance that is
    already counted on the license.
    """
    encumbered = any(lic.encumbered_status == LicenseEncumberedStatus.ENCUMBERED for lic in licenses) or any(
        priv.encumbered_status == PrivilegeEncumberedStatus.ENCUMBERED for priv in privileges
    )
    return LicenseEncumberedStatus.ENCUMBERED if encumbered else LicenseEncumberedStatus.UNENCUMBERED


def _issuance_order(license_record: License) -> tuple[date, date, str, str]:
    """Most recently issued first; the rest only makes ties deterministic (a provider holds at most one
    license per jurisdiction and license type, so the order is total)."""
    return (
        license_record.date_of_issuance,
        license_record.date_of_expiration,
        license_record.jurisdiction,
        license_record.license_type_abbreviation,
    )


def find_best_license(
    licenses: Iterable[License], home_jurisdiction: str | None = None, today: date | None = None
) -> License | None:
    """The license the provider record mirrors (§6.3); ``None`` when there are no licenses.

    Licenses in the home jurisdiction are preferred when there are any. Among the candidates, the most
    recently issued eligible license wins; failing that the most recently issued active one; failing that
    the most recently issued of any status.
    """
    candidates = list(licenses)
    in_home = [lic for lic in candidates if lic.jurisdiction == home_jurisdiction]
    if in_home:
        candidates = in_home
    today = today or today_for_expiration()
    preferences = (
        lambda lic: license_compact_eligibility(lic, today) == CompactEligibilityStatus.ELIGIBLE,
        lambda lic: license_status(lic, today) == ActiveInactiveStatus.ACTIVE,
        lambda lic: True,
    )
    for preferred in preferences:
        pool = [lic for lic in candidates if preferred(lic)]
        if pool:
            return max(pool, key=_issuance_order)
    return None


def privilege_status(privilege: Privilege, today: date | None = None) -> ActiveInactiveStatus:
    """Active iff no administrator deactivated it, it has not expired, it is not encumbered (by its own or
    its license's encumbrance), and neither a home-state move nor a license deactivation ended it (§6.4)."""
    today = today or today_for_expiration()
    return _status(
        privilege.administrator_set_status == ActiveInactiveStatus.ACTIVE
        and privilege.date_of_expiration >= today
        and privilege.encumbered_status in (None, PrivilegeEncumberedStatus.UNENCUMBERED)
        and privilege.home_jurisdiction_change_status is None
        and privilege.license_deactivated_status is None
    )


_ACTIVE_SINCE_RESETS = frozenset(
    {
        UpdateCategory.EXPIRATION,
        UpdateCategory.DEACTIVATION,
        UpdateCategory.ENCUMBRANCE,
        UpdateCategory.LICENSE_DEACTIVATION,
    }
)
_ENCUMBERING_STATUSES = frozenset(
    {PrivilegeEncumberedStatus.ENCUMBERED, PrivilegeEncumberedStatus.LICENSE_ENCUMBERED}
)
# Built on first use, not at import (cold start): most invocations never replay a renewal.
_timestamp = TypeAdapter(UtcDatetime, config=ConfigDict(defer_build=True))
_date = TypeAdapter(date, config=ConfigDict(defer_build=True))


def _interrupts(update: PrivilegeUpdate) -> bool:
    """Whether the update ended an active period; a home-state move does when it encumbered or deactivated
    the privilege."""
    if update.update_type in _ACTIVE_SINCE_RESETS:
        return True
    if update.update_type != UpdateCategory.HOME_JURISDICTION_CHANGE:
        return False
    changes = update.updated_values
    return (
        changes.get("encumberedStatus") in _ENCUMBERING_STATUSES
        or changes.get("homeJurisdictionChangeStatus") == HomeJurisdictionChangeStatus.INACTIVE
    )


def renewal_time(update: PrivilegeUpdate) -> datetime:
    """When a renewal took effect: its ``dateOfRenewal``, else the update's effective date."""
    renewal = update.updated_values.get("dateOfRenewal")
    return _timestamp.validate_python(renewal) if renewal is not None else update.effective_date


def renewed_after_lapse(update: PrivilegeUpdate, renewed_at: datetime) -> bool:
    """Whether the privilege had already expired when this renewal happened (an implicit expiration)."""
    expired_on = update.previous.get("dateOfExpiration")
    if expired_on is None:
        return False
    return renewed_at.astimezone(EXPIRATION_TIMEZONE).date() > _date.validate_python(expired_on)


def privilege_active_since(
    privilege: Privilege, updates: Iterable[PrivilegeUpdate], today: date | None = None
) -> datetime | None:
    """Start of the privilege's current uninterrupted active period, or ``None`` unless it is active (§6.4).

    Starting from issuance, the privilege's updates are replayed in effective order. An expiration,
    deactivation, encumbrance or license deactivation interrupts the period, as does a home-state move that
    encumbered or deactivated it; a renewal after an interruption starts a new period. Expirations are not
    stored, so a renewal made after the previous expiration date counts as an expiration followed by a
    renewal. Updates of other privileges in ``updates`` are ignored.
    """
    if privilege_status(privilege, today) != ActiveInactiveStatus.ACTIVE:
        return None
    own_updates = [
        update
        for update in updates
        if update.jurisdiction == privilege.jurisdiction
        and update.license_type_abbreviation == privilege.license_type_abbreviation
    ]
    active_since: datetime | None = privilege.date_of_issuance
    for update in sorted(own_updates, key=lambda update: update.effective_date):
        if _interrupts(update):
            active_since = None
        elif update.update_type == UpdateCategory.RENEWAL:
            renewed_at = renewal_time(update)
            if active_since is None or renewed_after_lapse(update, renewed_at):
                active_since = renewed_at
    return active_since


def staff_date_as_effective_datetime(day: date) -> datetime:
    """The instant stored for a date staff chose (encumbrance start or lift): noon at UTC-04:00, in UTC.

    Noon keeps the instant on the chosen calendar date in every member jurisdiction's time zone, so the
    date shown back is the date entered.
    """
    return datetime.combine(day, time(12), tzinfo=EXPIRATION_TIMEZONE).astimezone(UTC)
