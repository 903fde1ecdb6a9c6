"""License and provider status, eligibility, encumbrance aggregation and best license (§6.1-6.3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import status
from core.clock import frozen_time
from core.models.enums import ActiveInactiveStatus, CompactEligibilityStatus, LicenseEncumberedStatus
from core.models.license import License
from core.models.privilege import Privilege
from core.models.provider import Provider

ACTIVE, INACTIVE = ActiveInactiveStatus.ACTIVE, ActiveInactiveStatus.INACTIVE
ELIGIBLE, INELIGIBLE = CompactEligibilityStatus.ELIGIBLE, CompactEligibilityStatus.INELIGIBLE
TODAY = date(2026, 3, 1)


# ---- license status and eligibility (§6.1) --------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, ACTIVE),
        ({"date_of_expiration": TODAY}, ACTIVE),  # still active on its expiration date
        ({"date_of_expiration": TODAY - timedelta(days=1)}, INACTIVE),
        (
            {
                "jurisdiction_uploaded_license_status": "inactive",
                "jurisdiction_uploaded_compact_eligibility": "ineligible",
            },
            INACTIVE,
        ),
        ({"encumbered_status": "unencumbered"}, ACTIVE),
        ({"encumbered_status": "encumbered"}, INACTIVE),
    ],
)
def test_license_status(
    make_license: Callable[..., License], overrides: dict[str, Any], expected: ActiveInactiveStatus
) -> None:
    assert status.license_status(make_license(**overrides), TODAY) == expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, ELIGIBLE),
        ({"jurisdiction_uploaded_compact_eligibility": "ineligible"}, INELIGIBLE),
        ({"jurisdiction_uploaded_license_status": "inactive"}, INELIGIBLE),
        ({"date_of_expiration": TODAY - timedelta(days=1)}, INELIGIBLE),
        ({"encumbered_status": "encumbered"}, INELIGIBLE),
        ({"encumbered_status": "unencumbered"}, ELIGIBLE),
    ],
)
def test_license_compact_eligibility(
    make_license: Callable[..., License], overrides: dict[str, Any], expected: CompactEligibilityStatus
) -> None:
    assert status.license_compact_eligibility(make_license(**overrides), TODAY) == expected


@pytest.mark.parametrize(
    ("moment", "expected_status", "expected_eligibility"),
    [
        (datetime(2026, 3, 1, 3, 59, 59, tzinfo=UTC), ACTIVE, ELIGIBLE),  # still Feb 28 at UTC-4
        (datetime(2026, 3, 1, 4, 0, 0, tzinfo=UTC), INACTIVE, INELIGIBLE),
    ],
)
def test_default_today_is_the_date_at_utc_minus_4(
    make_license: Callable[..., License],
    make_privilege: Callable[..., Privilege],
    moment: datetime,
    expected_status: ActiveInactiveStatus,
    expected_eligibility: CompactEligibilityStatus,
) -> None:
    license_record = make_license(date_of_expiration=date(2026, 2, 28))
    privilege = make_privilege(date_of_expiration=date(2026, 2, 28))
    with frozen_time(moment):
        assert status.license_status(license_record) == expected_status
        assert status.license_compact_eligibility(license_record) == expected_eligibility
        assert status.privilege_status(privilege) == expected_status


# ---- provider (§6.2) ------------------------------------------------------------------------------


def test_provider_license_status_uses_the_copied_license_fields(
    make_provider: Callable[..., Provider],
) -> None:
    assert status.license_status(make_provider(), TODAY) == ACTIVE
    assert status.license_status(make_provider(date_of_expiration=date(2026, 2, 28)), TODAY) == INACTIVE
    assert status.license_status(make_provider(encumbered_status="encumbered"), TODAY) == INACTIVE


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, ELIGIBLE),
        ({"current_home_jurisdiction": "unknown"}, INELIGIBLE),  # never registered
        ({"current_home_jurisdiction": "other"}, INELIGIBLE),  # moved to a non-member state
        ({"current_home_jurisdiction": "ky"}, INELIGIBLE),  # moved to a state without that license
        ({"jurisdiction_uploaded_compact_eligibility": "ineligible"}, INELIGIBLE),
        ({"date_of_expiration": date(2026, 2, 28)}, INELIGIBLE),
        ({"encumbered_status": "encumbered"}, INELIGIBLE),
    ],
)
def test_provider_compact_eligibility(
    make_provider: Callable[..., Provider], overrides: dict[str, Any], expected: CompactEligibilityStatus
) -> None:
    assert status.provider_compact_eligibility(make_provider(**overrides), TODAY) == expected


@pytest.mark.parametrize(
    ("license_statuses", "privilege_statuses", "expected"),
    [
        ([], [], "unencumbered"),
        ([None, "unencumbered"], [None, "unencumbered"], "unencumbered"),
        (["encumbered", None], [], "encumbered"),
        ([], ["unencumbered", "encumbered"], "encumbered"),
        ([None], ["licenseEncumbered"], "unencumbered"),  # already counted on the license
        (["encumbered"], ["licenseEncumbered"], "encumbered"),
    ],
)
def test_provider_encumbered_status(
    make_license: Callable[..., License],
    make_privilege: Callable[..., Privilege],
    license_statuses: list[str | None],
    privilege_statuses: list[str | None],
    expected: str,
) -> None:
    licenses = [make_license(encumbered_status=value) for value in license_statuses]
    privileges = [make_privilege(encumbered_status=value) for value in privilege_statuses]
    assert status.provider_encumbered_status(licenses, privileges) == LicenseEncumberedStatus(expected)


# ---- best license (§6.3) --------------------------------------------------------------------------


def _issued(year: int) -> dict[str, Any]:
    return {"date_of_issuance": date(year, 1, 1)}


def test_no_licenses_means_no_best_license() -> None:
    assert status.find_best_license([], "oh", TODAY) is None


def test_eligible_beats_a_more_recent_active_license(make_license: Callable[..., License]) -> None:
    eligible = make_license(jurisdiction="oh", **_issued(2015))
    active_only = make_license(
        jurisdiction="ky", jurisdiction_uploaded_compact_eligibility="ineligible", **_issued(2022)
    )
    assert status.find_best_license([active_only, eligible], None, TODAY) == eligible


def test_most_recent_eligible_wins(make_license: Callable[..., License]) -> None:
    older = make_license(jurisdiction="oh", **_issued(2015))
    newer = make_license(jurisdiction="ky", **_issued(2021))
    assert status.find_best_license([older, newer], None, TODAY) == newer


def test_active_beats_a_more_recent_inactive_license(make_license: Callable[..., License]) -> None:
    active = make_license(
        jurisdiction="oh", jurisdiction_uploaded_compact_eligibility="ineligible", **_issued(2015)
    )
    expired = make_license(jurisdiction="ky", date_of_expiration=TODAY - timedelta(days=1), **_issued(2022))
    assert status.find_best_license([expired, active], None, TODAY) == active


def test_most_recent_of_any_status_when_none_is_active(make_license: Callable[..., License]) -> None:
    older = make_license(jurisdiction="oh", encumbered_status="encumbered", **_issued(2015))
    newer = make_license(jurisdiction="ky", date_of_expiration=TODAY - timedelta(days=1), **_issued(2022))
    assert status.find_best_license([newer, older], None, TODAY) == newer


def test_home_jurisdiction_licenses_are_preferred_even_when_worse(
    make_license: Callable[..., License],
) -> None:
    home_expired = make_license(
        jurisdiction="ky", date_of_expiration=TODAY - timedelta(days=1), **_issued(2010)
    )
    elsewhere_eligible = make_license(jurisdiction="oh", **_issued(2022))
    assert status.find_best_license([elsewhere_eligible, home_expired], "ky", TODAY) == home_expired


@pytest.mark.parametrize("home", [None, "unknown", "other", "ne"])
def test_without_licenses_at_home_every_license_is_considered(
    make_license: Callable[..., License], home: str | None
) -> None:
    older = make_license(jurisdiction="oh", **_issued(2015))
    newer = make_license(jurisdiction="ky", **_issued(2021))
    assert status.find_best_license([older, newer], home, TODAY) == newer


def test_ties_on_issuance_are_broken_deterministically(make_license: Callable[..., License]) -> None:
    first = make_license(jurisdiction="oh", date_of_expiration=date(2027, 1, 1))
    second = make_license(jurisdiction="ky", date_of_expiration=date(2028, 1, 1))
    assert status.find_best_license([first, second], None, TODAY) == second
    assert status.find_best_license([second, first], None, TODAY) == second


_license_variants = st.fixed_dictionaries(
    {
        "jurisdiction": st.sampled_from(["oh", "ky", "ne", "al"]),
        "license_type_abbreviation": st.sampled_from(["aud", "slp"]),
        "date_of_issuance": st.dates(date(2000, 1, 1), date(2026, 1, 1)),
        "date_of_expiration": st.dates(date(2025, 1, 1), date(2028, 1, 1)),
        "jurisdiction_uploaded_license_status": st.sampled_from(["active", "inactive"]),
        "jurisdiction_uploaded_compact_eligibility": st.sampled_from(["eligible", "ineligible"]),
        "encumbered_status": st.sampled_from([None, "encumbered", "unencumbered"]),
    }
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150)
@given(
    variants=st.lists(
        _license_variants, max_size=6, unique_by=lambda v: (v["jurisdiction"], v["license_type_abbreviation"])
    ),
    home=st.sampled_from([None, "oh", "ky", "other"]),
    data=st.data(),
)
def test_best_license_invariants(
    make_license: Callable[..., License],
    variants: list[dict[str, Any]],
    home: str | None,
    data: st.DataObject,
) -> None:
    licenses = [make_license(**variant) for variant in variants]
    best = status.find_best_license(licenses, home, TODAY)
    if not licenses:
        assert best is None
        return
    assert best in licenses
    # Independent of the order the records were read in.
    assert status.find_best_license(data.draw(st.permutations(licenses)), home, TODAY) == best
    # Never leaves the home jurisdiction when there is a license there.
    candidates = [lic for lic in licenses if lic.jurisdiction == home] or licenses
    assert best in candidates
    # Preference tiers: eligible, then active, then anything; most recently issued within the tier.
    eligible = [lic for lic in candidates if status.license_compact_eligibility(lic, TODAY) == ELIGIBLE]
    active = [lic for lic in candidates if status.license_status(lic, TODAY) == ACTIVE]
    tier = eligible or active or candidates
    assert best in tier
    assert best.date_of_issuance == max(lic.date_of_issuance for lic in tier)
