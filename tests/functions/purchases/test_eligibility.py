"""The checks a purchase passes before anything is charged (payments_security §1.7), each both ways."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import InvalidRequest
from core.models.configuration import JurisdictionConfiguration, JurisprudenceRequirements
from core.models.enums import HomeJurisdictionChangeStatus, LicenseDeactivatedStatus
from core.models.privilege import AttestationReference
from core.models.provider_records import ProviderRecords
from purchases.eligibility import (
    ALWAYS_REQUIRED,
    CIVILIAN_ONLY,
    MILITARY_ONLY,
    PurchaseRequestFacts,
    adverse_action_cutoff,
    approve,
)
from tests.records import (
    make_adverse_action,
    make_license,
    make_military_affiliation,
    make_privilege,
    make_provider,
)

TODAY = date(2026, 6, 1)
LATEST = {i: "3" for i in ALWAYS_REQUIRED | CIVILIAN_ONLY | MILITARY_ONLY}
LATEST |= {"not-under-investigation-attestation": "3", "under-investigation-attestation": "3"}
LIVE = {
    code: JurisdictionConfiguration(
        compact="aslp",
        postal_abbreviation=code,
        jurisdiction_name=code,
        jurisprudence_requirements=JurisprudenceRequirements(required=False),
    )
    for code in ("oh", "ky", "ne")
}


def civilian(
    *, drop: str | None = None, add: str | None = None, version: str = "3"
) -> list[AttestationReference]:
    ids = sorted(ALWAYS_REQUIRED | CIVILIAN_ONLY | {"not-under-investigation-attestation"})
    ids = [i for i in ids if i != drop] + ([add] if add else [])
    return [AttestationReference(attestation_id=i, version=version) for i in ids]


def facts(
    states=("ky",), attestations=None, license_type="speech-language pathologist"
) -> PurchaseRequestFacts:
    return PurchaseRequestFacts(
        license_type, list(states), civilian() if attestations is None else attestations
    )


def records(provider_changes=None, license_changes=None, extra=lambda provider: []) -> ProviderRecords:
    """The provider's records; ``extra`` makes more of them from the provider."""
    provider = make_provider(**(provider_changes or {}))
    items = [provider, make_license(provider, **(license_changes or {}))]
    items += extra(provider)
    return ProviderRecords.from_items([item.to_item(stamp=False) for item in items])


def refused(message: str, *args, **kwargs) -> None:
    with pytest.raises(InvalidRequest, match=message):
        approve(*args, **kwargs)


def test_an_eligible_practitioner_with_every_attestation_is_approved():
    approved = approve(facts(("ky", "ne")), LIVE, records(), LATEST, TODAY)

    assert [j.postal_abbreviation for j in approved.jurisdictions] == ["ky", "ne"]
    assert approved.home_license.jurisdiction == "oh" and not approved.active_military


def test_a_state_that_is_not_live_is_refused():
    refused(
        "Invalid jurisdiction postal abbreviation: md", facts(("ky", "md")), LIVE, records(), LATEST, TODAY
    )


def test_an_encumbered_practitioner_is_refused():
    refused("encumbrance", facts(), LIVE, records({"encumbered_status": "encumbered"}), LATEST, TODAY)


@pytest.mark.parametrize("home", ["other", "unknown"])
def test_a_home_outside_the_compact_is_refused(home):
    refused(
        "home state is not a member",
        facts(),
        LIVE,
        records({"current_home_jurisdiction": home}),
        LATEST,
        TODAY,
    )


def test_an_unlifted_adverse_action_is_refused():
    unlifted = records(extra=lambda p: [make_adverse_action(make_license(p), effective_lift_date=None)])
    refused("not been lifted", facts(), LIVE, unlifted, LATEST, TODAY)


def test_an_action_lifted_within_two_years_is_refused_and_one_lifted_before_is_not():
    cutoff = adverse_action_cutoff(TODAY)

    def lifted_on(day: date) -> ProviderRecords:
        return records(extra=lambda p: [make_adverse_action(make_license(p), effective_lift_date=day)])

    recent = date.fromordinal(cutoff.toordinal() + 1)
    refused("lifted within the last two years", facts(), LIVE, lifted_on(recent), LATEST, TODAY)
    assert approve(facts(), LIVE, lifted_on(cutoff), LATEST, TODAY)


def test_the_two_year_cutoff_is_two_years_and_a_day_back_even_from_a_leap_day():
    assert adverse_action_cutoff(date(2026, 6, 1)) == date(2024, 5, 31)
    assert adverse_action_cutoff(date(2028, 2, 29)) == date(2026, 2, 27)


def test_no_eligible_license_of_the_type_at_home_is_refused():
    refused(
        "No license of type",
        facts(),
        LIVE,
        records(license_changes={"jurisdiction_uploaded_compact_eligibility": "ineligible"}),
        LATEST,
        TODAY,
    )
    refused(
        "No license of type 'audiologist'", facts(license_type="audiologist"), LIVE, records(), LATEST, TODAY
    )


def test_the_home_license_state_is_refused():
    refused("matches the home state", facts(("oh",)), LIVE, records(), LATEST, TODAY)


def test_a_current_privilege_is_refused_and_one_set_aside_or_lapsed_is_renewable():
    expiration = make_license(make_provider()).date_of_expiration

    def holding(**changes) -> ProviderRecords:
        changes = {"date_of_expiration": expiration, **changes}
        return records(extra=lambda p: [make_privilege(p, "ky", **changes)])

    refused("already hold a current privilege", facts(), LIVE, holding(), LATEST, TODAY)
    for changes in (
        {"date_of_expiration": date(2025, 1, 1)},
        {"administrator_set_status": "inactive"},
        {"home_jurisdiction_change_status": HomeJurisdictionChangeStatus.INACTIVE},
        {"license_deactivated_status": LicenseDeactivatedStatus.LICENSE_DEACTIVATED},
    ):
        assert approve(facts(), LIVE, holding(**changes), LATEST, TODAY)


def test_a_military_document_still_uploading_is_refused():
    uploading = records(extra=lambda p: [make_military_affiliation(p, status="initializing")])
    refused("still being uploaded", facts(), LIVE, uploading, LATEST, TODAY)


def test_active_military_practitioners_give_the_military_attestations_instead():
    military = sorted(ALWAYS_REQUIRED | MILITARY_ONLY | {"under-investigation-attestation"})
    given = [AttestationReference(attestation_id=i, version="3") for i in military]

    def serving(status: str) -> ProviderRecords:
        return records(
            {"military_status": status}, extra=lambda p: [make_military_affiliation(p, status="active")]
        )

    approved = approve(
        facts(attestations=given),
        LIVE,
        serving("tentative"),
        LATEST,
        TODAY,
    )

    assert approved.active_military
    refused(
        "missing: military",
        facts(),
        LIVE,
        serving("approved"),
        LATEST,
        TODAY,
    )


@pytest.mark.parametrize(
    ("attestations", "message"),
    [
        (civilian(drop="jurisprudence-confirmation"), "missing: jurisprudence-confirmation"),
        (civilian(add="military-affiliation-confirmation-attestation"), "not expected: military-affiliation"),
        (civilian(add="scope-of-practice-attestation"), "repeated: scope-of-practice-attestation"),
        (civilian(add="under-investigation-attestation"), "exactly one of"),
        (civilian(drop="not-under-investigation-attestation"), "exactly one of"),
        (civilian(version="2"), "is not the latest"),
    ],
)
def test_attestations_must_be_exactly_the_expected_latest_ones(attestations, message):
    refused(message, facts(attestations=attestations), LIVE, records(), LATEST, TODAY)


def test_an_attestation_the_compact_does_not_have_is_refused():
    without = {key: version for key, version in LATEST.items() if key != "jurisprudence-confirmation"}
    refused("not an attestation of this compact", facts(), LIVE, records(), without, TODAY)
