"""Privilege status, activeSince and staff-chosen dates (§6.4)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from core import status
from core.clock import EXPIRATION_TIMEZONE
from core.models.enums import ActiveInactiveStatus
from core.models.history import PrivilegeUpdate
from core.models.privilege import Privilege

ACTIVE, INACTIVE = ActiveInactiveStatus.ACTIVE, ActiveInactiveStatus.INACTIVE
TODAY = date(2026, 3, 1)


# ---- privilege status (§6.4) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, ACTIVE),
        ({"date_of_expiration": TODAY}, ACTIVE),
        ({"date_of_expiration": TODAY - timedelta(days=1)}, INACTIVE),
        ({"administrator_set_status": "inactive"}, INACTIVE),
        ({"encumbered_status": "unencumbered"}, ACTIVE),
        ({"encumbered_status": "encumbered"}, INACTIVE),
        ({"encumbered_status": "licenseEncumbered"}, INACTIVE),
        ({"home_jurisdiction_change_status": "inactive"}, INACTIVE),
        ({"license_deactivated_status": "licenseDeactivated"}, INACTIVE),
        ({"investigation_status": "underInvestigation"}, ACTIVE),  # an investigation alone changes nothing
    ],
)
def test_privilege_status(
    make_privilege: Callable[..., Privilege], overrides: dict[str, Any], expected: ActiveInactiveStatus
) -> None:
    assert status.privilege_status(make_privilege(**overrides), TODAY) == expected


# ---- activeSince (§6.4) ---------------------------------------------------------------------------

ISSUED = datetime(2024, 2, 1, 15, 0, tzinfo=UTC)


def _at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 16, 0, tzinfo=UTC)


def test_active_since_is_issuance_without_history(make_privilege: Callable[..., Privilege]) -> None:
    assert status.privilege_active_since(make_privilege(date_of_issuance=ISSUED), [], TODAY) == ISSUED


def test_inactive_privileges_have_no_active_since(make_privilege: Callable[..., Privilege]) -> None:
    assert (
        status.privilege_active_since(make_privilege(administrator_set_status="inactive"), [], TODAY) is None
    )


@pytest.mark.parametrize("interruption", ["deactivation", "encumbrance", "licenseDeactivation", "expiration"])
def test_interruptions_reset_and_a_later_renewal_restarts(
    make_privilege: Callable[..., Privilege],
    make_privilege_update: Callable[..., PrivilegeUpdate],
    interruption: str,
) -> None:
    privilege = make_privilege(date_of_issuance=ISSUED)
    interrupted = make_privilege_update(update_type=interruption, effective_date=_at(2025, 3, 1))
    renewal = make_privilege_update(
        update_type="renewal",
        previous={"dateOfExpiration": "2027-01-15"},
        updated_values={"dateOfRenewal": "2025-06-01T10:00:00+00:00"},
        effective_date=_at(2025, 6, 1),
    )
    assert status.privilege_active_since(privilege, [interrupted], TODAY) is None
    assert status.privilege_active_since(privilege, [renewal, interrupted], TODAY) == datetime(
        2025, 6, 1, 10, tzinfo=UTC
    )


def test_a_lift_alone_does_not_restart_the_period(
    make_privilege: Callable[..., Privilege], make_privilege_update: Callable[..., PrivilegeUpdate]
) -> None:
    updates = [
        make_privilege_update(update_type="encumbrance", effective_date=_at(2025, 3, 1)),
        make_privilege_update(update_type="lifting_encumbrance", effective_date=_at(2025, 4, 1)),
    ]
    assert status.privilege_active_since(make_privilege(date_of_issuance=ISSUED), updates, TODAY) is None


@pytest.mark.parametrize(
    ("updated_values", "interrupted"),
    [
        ({"homeJurisdictionChangeStatus": "inactive"}, True),
        ({"encumberedStatus": "licenseEncumbered", "licenseJurisdiction": "ky"}, True),
        ({"encumberedStatus": "encumbered"}, True),
        ({"licenseJurisdiction": "ky", "dateOfExpiration": "2027-06-01"}, False),  # moved, still active
    ],
)
def test_home_jurisdiction_change_interrupts_only_when_it_deactivated_or_encumbered(
    make_privilege: Callable[..., Privilege],
    make_privilege_update: Callable[..., PrivilegeUpdate],
    updated_values: dict[str, Any],
    interrupted: bool,
) -> None:
    move = make_privilege_update(
        update_type="homeJurisdictionChange", updated_values=updated_values, effective_date=_at(2025, 3, 1)
    )
    expected = None if interrupted else ISSUED
    assert status.privilege_active_since(make_privilege(date_of_issuance=ISSUED), [move], TODAY) == expected


def test_renewal_before_expiry_keeps_the_period(
    make_privilege: Callable[..., Privilege], make_privilege_update: Callable[..., PrivilegeUpdate]
) -> None:
    renewal = make_privilege_update(
        update_type="renewal",
        previous={"dateOfExpiration": "2025-01-15"},
        # 23:59:59 on Jan 15 at UTC-4 (already Jan 16 in UTC): renewed on the expiration date itself.
        updated_values={"dateOfRenewal": "2025-01-16T03:59:59+00:00"},
        effective_date=datetime(2025, 1, 16, 3, 59, 59, tzinfo=UTC),
    )
    assert status.privilege_active_since(make_privilege(date_of_issuance=ISSUED), [renewal], TODAY) == ISSUED


def test_renewal_after_expiry_starts_a_new_period(
    make_privilege: Callable[..., Privilege], make_privilege_update: Callable[..., PrivilegeUpdate]
) -> None:
    renewal = make_privilege_update(
        update_type="renewal",
        previous={"dateOfExpiration": "2025-01-15"},
        updated_values={"dateOfRenewal": "2025-01-16T04:00:00+00:00"},  # 00:00 on Jan 16 at UTC-4
        effective_date=_at(2025, 1, 16),
    )
    expected = datetime(2025, 1, 16, 4, tzinfo=UTC)
    assert (
        status.privilege_active_since(make_privilege(date_of_issuance=ISSUED), [renewal], TODAY) == expected
    )


def test_renewal_without_renewal_date_or_previous_expiration_uses_effective_date(
    make_privilege: Callable[..., Privilege], make_privilege_update: Callable[..., PrivilegeUpdate]
) -> None:
    deactivation = make_privilege_update(update_type="deactivation", effective_date=_at(2025, 2, 1))
    renewal = make_privilege_update(update_type="renewal", previous={}, effective_date=_at(2025, 5, 1))
    privilege = make_privilege(date_of_issuance=ISSUED)
    assert status.privilege_active_since(privilege, [deactivation, renewal], TODAY) == _at(2025, 5, 1)
    assert status.privilege_active_since(privilege, [renewal], TODAY) == ISSUED


def test_updates_are_replayed_in_effective_order(
    make_privilege: Callable[..., Privilege], make_privilege_update: Callable[..., PrivilegeUpdate]
) -> None:
    renewal = make_privilege_update(update_type="renewal", previous={}, effective_date=_at(2025, 3, 1))
    deactivation = make_privilege_update(update_type="deactivation", effective_date=_at(2025, 6, 1))
    privilege = make_privilege(date_of_issuance=ISSUED)
    # The deactivation came last, so the renewal before it cannot restart the period.
    assert status.privilege_active_since(privilege, [deactivation, renewal], TODAY) is None


def test_other_categories_and_other_privileges_are_ignored(
    make_privilege: Callable[..., Privilege], make_privilege_update: Callable[..., PrivilegeUpdate]
) -> None:
    updates = [
        make_privilege_update(update_type="investigation", effective_date=_at(2025, 3, 1)),
        make_privilege_update(update_type="closingInvestigation", effective_date=_at(2025, 4, 1)),
        make_privilege_update(update_type="deactivation", jurisdiction="ky", effective_date=_at(2025, 5, 1)),
        make_privilege_update(
            update_type="deactivation", license_type="audiologist", license_type_abbreviation="aud"
        ),
    ]
    assert status.privilege_active_since(make_privilege(date_of_issuance=ISSUED), updates, TODAY) == ISSUED


# ---- staff-chosen dates ---------------------------------------------------------------------------


@pytest.mark.parametrize("day", [date(2026, 3, 1), date(2026, 7, 4), date(2024, 2, 29)])
def test_staff_dates_are_stored_as_noon_at_utc_minus_4(day: date) -> None:
    stored = status.staff_date_as_effective_datetime(day)
    assert stored == datetime(day.year, day.month, day.day, 16, 0, tzinfo=UTC)
    assert stored.tzinfo is UTC
    assert stored.astimezone(EXPIRATION_TIMEZONE).date() == day
