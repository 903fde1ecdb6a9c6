"""The decisions of ingest on plain models: diff and category of an upload (rule 4), and the provider record
that mirrors the best license (rule 5)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from core.clock import frozen_time
from core.models.enums import UpdateCategory
from core.models.license import License
from core.models.provider import Provider
from core.models.provider_records import ProviderRecords
from core.provider_mirror import mirror_best_license
from ingest.license_changes import plan_ingest, uploaded_license
from ingest.models import IngestDetail
from tests.functions.ingest.conftest import PROVIDER_ID, ingest_detail

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TODAY = date(2026, 3, 1)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with frozen_time(NOW):
        yield


def upload(**overrides: Any) -> IngestDetail:
    return IngestDetail.model_validate(ingest_detail(**overrides))


def stored(detail: IngestDetail, **overrides: Any) -> License:
    """The license as a previous ingest of ``detail`` stored it."""
    first = datetime(2025, 6, 1, tzinfo=UTC)
    fields = {**uploaded_license(detail, "slp", None).model_dump(), "first_upload_date": first}
    return License.model_validate({**fields, "date_of_update": first, **overrides})


def plan(records: ProviderRecords, detail: IngestDetail, abbreviation: str = "slp"):
    return plan_ingest(records, detail, abbreviation, TODAY)


# ---- the license and its history ----------------------------------------------------------------------


def test_a_first_license_creates_the_license_and_an_unregistered_provider() -> None:
    result = plan(ProviderRecords(), upload())

    assert result.update is None and result.outcome == "new"
    assert result.license.jurisdiction_uploaded_license_status == "active"
    assert result.license.license_type_abbreviation == "slp"
    assert result.license.first_upload_date == NOW
    provider = result.provider
    assert provider is not None
    assert provider.current_home_jurisdiction == "unknown" and provider.license_jurisdiction == "oh"
    assert (provider.given_name, provider.middle_name, provider.family_name) == ("Ada", "May", "Lovelace")
    assert provider.ssn_last_four == "1746" and provider.npi == "1234567890"
    assert provider.date_of_expiration == date(2027, 1, 15) and provider.date_of_birth == date(1985, 12, 10)
    assert provider.privilege_jurisdictions == set()
    assert [put.read for put in result.puts] == [None, None]  # both must still be absent when written


def test_an_upload_that_repeats_the_stored_license_writes_nothing(make_provider) -> None:
    detail = upload()
    records = ProviderRecords(provider=make_provider(), licenses=[stored(detail)])

    result = plan(records, detail)

    assert result.puts == [] and result.update is None and result.outcome == "unchanged"


@pytest.mark.parametrize(
    ("change", "category", "updated"),
    [
        (
            {"dateOfExpiration": "2029-01-15", "dateOfRenewal": "2026-01-15"},
            UpdateCategory.RENEWAL,
            {"dateOfExpiration": "2029-01-15", "dateOfRenewal": "2026-01-15"},
        ),
        (
            {
                "licenseStatus": "inactive",
                "compactEligibility": "ineligible",
                "dateOfExpiration": "2029-01-15",
            },
            UpdateCategory.DEACTIVATION,  # takes priority over the renewal it also is
            {
                "jurisdictionUploadedLicenseStatus": "inactive",
                "jurisdictionUploadedCompactEligibility": "ineligible",
                "dateOfExpiration": "2029-01-15",
            },
        ),
        ({"familyName": "Byron"}, UpdateCategory.OTHER, {"familyName": "Byron"}),
        ({"dateOfExpiration": "2026-12-01"}, UpdateCategory.OTHER, {"dateOfExpiration": "2026-12-01"}),
        (
            {"compactEligibility": "ineligible"},
            UpdateCategory.OTHER,
            {"jurisdictionUploadedCompactEligibility": "ineligible"},
        ),
    ],
)
def test_a_changed_license_gets_a_categorised_history_record(
    make_provider, change: dict[str, Any], category: UpdateCategory, updated: dict[str, Any]
) -> None:
    old = stored(upload())
    records = ProviderRecords(provider=make_provider(), licenses=[old])

    result = plan(records, upload(**change))

    assert result.update is not None
    assert result.update.update_type == category
    assert result.update.updated_values == updated
    assert result.update.removed_values is None
    assert result.update.previous == old.history_snapshot()
    assert result.update.create_date == result.update.effective_date == NOW
    assert result.license.first_upload_date == old.first_upload_date  # kept from the first upload
    assert result.puts[0].read is old and result.puts[1].guard is False


def test_fields_the_state_no_longer_sends_are_removed_values(make_provider) -> None:
    old = stored(upload())
    records = ProviderRecords(provider=make_provider(middle_name="May"), licenses=[old])

    result = plan(records, upload(middleName=None, npi=None))

    assert result.update is not None and result.update.update_type == UpdateCategory.OTHER
    assert result.update.updated_values == {}
    assert result.update.removed_values == ["middleName", "npi"]
    assert result.provider is not None
    assert result.provider.middle_name is None and result.provider.npi is None  # the mirror follows


def test_staff_set_statuses_survive_an_upload(make_provider) -> None:
    detail = upload()
    old = stored(detail, encumbered_status="encumbered", investigation_status="underInvestigation")
    records = ProviderRecords(provider=make_provider(), licenses=[old])

    assert plan(records, detail).puts == []  # no change: the upload does not clear them
    renewed = plan(records, upload(dateOfExpiration="2029-01-15"))
    assert renewed.license.encumbered_status == "encumbered"
    assert renewed.license.investigation_status == "underInvestigation"
    assert renewed.update is not None and set(renewed.update.updated_values) == {"dateOfExpiration"}


@pytest.mark.parametrize(
    ("expiration", "emits"), [("2027-01-15", True), ("2026-03-01", True), ("2026-02-28", False)]
)
def test_only_deactivating_an_unexpired_license_deactivates_its_privileges(
    make_provider, expiration: str, emits: bool
) -> None:
    old = stored(upload(dateOfExpiration=expiration))
    records = ProviderRecords(provider=make_provider(), licenses=[old])

    result = plan(
        records,
        upload(licenseStatus="inactive", compactEligibility="ineligible", dateOfExpiration=expiration),
    )

    assert result.update is not None and result.update.update_type == UpdateCategory.DEACTIVATION
    assert result.deactivated_unexpired is emits


# ---- the provider record mirrors the best license ---------------------------------------------------


def _license(make_license: Callable[..., License], jurisdiction: str, **fields: Any) -> License:
    return make_license(jurisdiction=jurisdiction, date_of_update=NOW, **fields)


def _mirroring(make_provider, best: License, **fields: Any) -> Provider:
    """A provider as a previous ingest left it, mirroring ``best`` (unregistered unless told otherwise)."""
    base = make_provider(**{"current_home_jurisdiction": "unknown", **fields})
    return mirror_best_license(ProviderRecords(provider=base), best).model_copy(
        update={"date_of_update": NOW}
    )


def test_a_license_outside_the_home_jurisdiction_does_not_take_over(make_license, make_provider) -> None:
    home = _license(
        make_license, "ky", jurisdiction_uploaded_compact_eligibility="ineligible", given_name="Kay"
    )
    provider = _mirroring(make_provider, home, current_home_jurisdiction="ky")

    result = plan(ProviderRecords(provider=provider, licenses=[home]), upload(dateOfIssuance="2025-01-01"))

    assert result.provider is None  # the newer, eligible Ohio license is not in the home state
    assert [type(put.record).__name__ for put in result.puts] == ["License"]


def test_an_eligible_license_beats_a_newer_merely_active_one(make_license, make_provider) -> None:
    eligible = _license(make_license, "ky", date_of_issuance=date(2015, 1, 1), given_name="Kay")
    provider = _mirroring(make_provider, eligible)

    result = plan(
        ProviderRecords(provider=provider, licenses=[eligible]),
        upload(compactEligibility="ineligible", dateOfIssuance="2025-01-01"),
    )

    assert result.provider is None


def test_an_active_license_beats_an_inactive_one(make_license, make_provider) -> None:
    inactive = _license(
        make_license,
        "ky",
        jurisdiction_uploaded_license_status="inactive",
        jurisdiction_uploaded_compact_eligibility="ineligible",
        date_of_issuance=date(2024, 1, 1),
    )
    provider = _mirroring(make_provider, inactive)

    result = plan(
        ProviderRecords(provider=provider, licenses=[inactive]),
        upload(compactEligibility="ineligible", dateOfIssuance="2019-01-01"),
    )

    assert result.provider is not None and result.provider.license_jurisdiction == "oh"


@pytest.mark.parametrize(("issued", "mirrored"), [("2024-06-01", "oh"), ("2010-06-01", "ky")])
def test_among_equals_the_latest_issued_license_wins(
    make_license, make_provider, issued: str, mirrored: str
) -> None:
    other = _license(make_license, "ky", date_of_issuance=date(2020, 1, 1), given_name="Kay")
    provider = _mirroring(make_provider, other)

    result = plan(ProviderRecords(provider=provider, licenses=[other]), upload(dateOfIssuance=issued))

    rebuilt = result.provider or provider
    assert rebuilt.license_jurisdiction == mirrored
    assert rebuilt.given_name == ("Ada" if mirrored == "oh" else "Kay")


def test_the_provider_leaves_a_license_that_stops_being_the_best(make_license, make_provider) -> None:
    """Deliberate: the reference only rebuilds when the uploaded license is the best, so a deactivated best
    license kept being mirrored; here the provider moves to whichever license is now best."""
    detail = upload()
    ohio = stored(detail)
    kentucky = _license(make_license, "ky", date_of_issuance=date(2010, 1, 1), given_name="Kay")
    provider = _mirroring(make_provider, ohio)

    result = plan(
        ProviderRecords(provider=provider, licenses=[ohio, kentucky]),
        upload(licenseStatus="inactive", compactEligibility="ineligible"),
    )

    assert result.provider is not None
    assert result.provider.license_jurisdiction == "ky" and result.provider.given_name == "Kay"


def test_the_rebuilt_provider_keeps_its_own_fields_and_lists_privilege_jurisdictions(
    make_provider, make_privilege
) -> None:
    provider = make_provider(
        current_home_jurisdiction="oh",
        compact_connect_registered_email_address="ada@example.org",
        military_status="approved",
        encumbered_status="encumbered",
        date_of_update=NOW,
    )
    privileges = [make_privilege(), make_privilege(jurisdiction="ky", privilege_id="SLP-KY-3")]

    result = plan(ProviderRecords(provider=provider, privileges=privileges), upload(givenName="Ava"))

    rebuilt = result.provider
    assert rebuilt is not None and rebuilt.given_name == "Ava"
    assert rebuilt.compact_connect_registered_email_address == "ada@example.org"
    assert (rebuilt.military_status, rebuilt.encumbered_status) == ("approved", "encumbered")
    assert rebuilt.current_home_jurisdiction == "oh" and rebuilt.privilege_jurisdictions == {"ne", "ky"}
    assert result.puts[-1].read is provider  # guarded by the version read
    assert rebuilt.provider_id == PROVIDER_ID
