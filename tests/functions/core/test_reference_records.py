"""The records the reference stored read here, and rebuild the keys they are stored under (issue #11)."""

from __future__ import annotations

import pytest

from core.models.enums import ActiveInactiveStatus, ClinicalPrivilegeActionCategory
from core.models.history import LicenseUpdate
from core.models.license import License
from core.models.provider_records import ProviderRecords
from tests.reference_records import (
    LICENSE_RENEWAL_HASH,
    PRIVILEGE_RENEWAL_HASH,
    ReferenceProvider,
    reference_items,
)

WHO = ReferenceProvider(provider_id="89a6377e-c3a5-40e5-bca5-317ec854c570", ssn="123-45-5599")


@pytest.fixture
def records(aws) -> ProviderRecords:
    return ProviderRecords.from_items(reference_items(WHO))


def test_every_record_reads(records):
    assert records.unreadable == [] and records.unknown_types == set()
    assert records.provider is not None and records.provider.current_home_jurisdiction == "unknown"
    assert len(records.licenses) == 1 and len(records.privileges) == 2
    assert (
        len(records.privilege_updates) == len(records.license_updates) == len(records.provider_updates) == 1
    )
    assert len(records.adverse_actions) == len(records.investigations) == 1


def test_the_abbreviation_comes_from_the_key_it_is_stored_under(records):
    stored = [*records.licenses, *records.privileges, *records.license_updates, *records.privilege_updates]
    assert {record.license_type_abbreviation for record in stored} == {"slp"}
    assert records.investigations[0].license_type_abbreviation == "slp"


def test_every_record_rebuilds_the_key_the_reference_stored_it_under(records):
    items = {item["sk"]: item for item in reference_items(WHO)}
    history = [*records.license_updates, *records.privilege_updates, *records.provider_updates]
    main = [records.provider, *records.licenses, *records.privileges, *records.adverse_actions]
    rebuilt = [*main, *records.investigations, *history]
    assert {record.sk for record in rebuilt} == set(items)
    assert records.privilege_updates[0].sk.endswith(PRIVILEGE_RENEWAL_HASH)
    assert records.license_updates[0].sk.endswith(LICENSE_RENEWAL_HASH)


def test_a_license_first_uploaded_before_the_date_was_kept_has_no_upload_month_keys(records):
    (lic,) = records.licenses
    assert lic.first_upload_date is None
    assert "licenseUploadDateGSIPK" not in lic.to_item()


def test_the_older_privilege_reads_with_end_of_day_dates_and_its_status(records):
    older = records.privilege_for("ky", "slp")
    assert (
        older.date_of_issuance.isoformat() == older.date_of_renewal.isoformat() == "2024-10-01T23:59:59+00:00"
    )
    assert older.administrator_set_status is ActiveInactiveStatus.ACTIVE
    assert records.privilege_for("ne", "slp").privilege_id == "SLP-NE-696d514f-2"


def test_the_single_category_reads_as_a_list_and_the_encumbrance_type_may_be_absent(records):
    (action,) = records.adverse_actions
    assert action.clinical_privilege_action_categories == [ClinicalPrivilegeActionCategory.UNSAFE_PRACTICE]
    assert action.encumbrance_type is None


def test_provider_history_without_an_effective_date_reads(records):
    (registration,) = records.provider_updates
    assert registration.effective_date is None


def test_keys_older_than_the_abbreviation_take_it_from_the_license_type(aws):
    item = next(item for item in reference_items(WHO) if item["type"] == "licenseUpdate")
    oldest = {**item, "sk": f"aslp#PROVIDER#license/oh#UPDATE#1731110399/{LICENSE_RENEWAL_HASH}"}

    assert LicenseUpdate.from_item(oldest).license_type_abbreviation == "slp"


def test_our_records_keep_writing_the_abbreviation_and_first_upload_date(records):
    (lic,) = records.licenses
    written = lic.model_copy(update={"first_upload_date": lic.date_of_update}).to_item()
    assert written["licenseTypeAbbreviation"] == "slp" and "firstUploadDate" in written
    assert License.from_item(written).first_upload_date == lic.date_of_update
