"""Behaviour of the provider-table models beyond the round trip: stored shape, derived keys, validation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from pydantic import ValidationError

from core import keys
from core.clock import frozen_time
from core.models.adverse_action import AdverseAction
from core.models.base import to_dynamo
from core.models.enums import ActiveInactiveStatus, UpdateCategory
from core.models.history import PrivilegeUpdate, ProviderUpdate
from core.models.license import License
from core.models.privilege import Privilege, PrivilegeCounter, format_privilege_id
from core.models.provider import Provider
from tests.records import (
    fixed_license,
    fixed_privilege,
    make_adverse_action,
    make_investigation,
    make_license_update,
)

PID = "0b8f1a9e-6a55-4f64-9d43-2a4c8d0c7b11"
NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


def test_to_dynamo_converts_python_values_into_storable_ones() -> None:
    converted = to_dynamo(
        {
            "float": 1.25,
            "flag": True,
            "count": 3,
            "at": datetime(2026, 3, 1, 8, tzinfo=timezone(timedelta(hours=-4))),
            "on": date(2026, 3, 1),
            "status": ActiveInactiveStatus.ACTIVE,
            "pair": ("a", 1.5),
            "tags": {"x"},
            "nested": {"empty": set(), "kept": [], "none": None},
        }
    )
    assert converted == {
        "float": Decimal("1.25"),
        "flag": True,
        "count": 3,
        "at": "2026-03-01T12:00:00+00:00",
        "on": "2026-03-01",
        "status": "active",
        "pair": ["a", Decimal("1.5")],
        "tags": {"x"},
        "nested": {"kept": [], "none": None},
    }
    assert type(converted["status"]) is str and type(converted["flag"]) is bool
    assert (
        type(converted["float"]) is Decimal and type(converted["pair"][1]) is Decimal
    )  # boto3 rejects floats


# ---- provider -------------------------------------------------------------------------------------


def test_provider_item_has_aliases_generated_fields_and_no_empty_optionals(
    make_provider: Callable[..., Provider],
) -> None:
    provider = make_provider(current_home_jurisdiction="unknown", middle_name="Byron")
    with frozen_time(NOW):
        item = provider.to_item()
    assert item == {
        "pk": f"aslp#PROVIDER#{PID}",
        "sk": "aslp#PROVIDER",
        "type": "provider",
        "dateOfUpdate": "2026-03-01T12:00:00+00:00",
        "providerDateOfUpdate": "2026-03-01T12:00:00+00:00",
        "providerId": PID,
        "compact": "aslp",
        "licenseJurisdiction": "oh",
        "currentHomeJurisdiction": "unknown",
        "jurisdictionUploadedLicenseStatus": "active",
        "jurisdictionUploadedCompactEligibility": "eligible",
        "ssnLastFour": "6789",
        "givenName": "Ada",
        "middleName": "Byron",
        "familyName": "Lovelace",
        "dateOfExpiration": "2027-01-15",
        "dateOfBirth": "1985-12-10",
        "birthMonthDay": "12-10",
        "providerFamGivMid": "lovelace#ada#byron",
    }


def test_provider_defaults_to_unknown_home_and_stores_privilege_jurisdictions_as_a_set(
    make_provider: Callable[..., Provider],
) -> None:
    fields = make_provider().model_dump(exclude={"current_home_jurisdiction"})
    assert Provider(**fields).current_home_jurisdiction == "unknown"
    with frozen_time(NOW):
        assert make_provider(privilege_jurisdictions=["ne", "ky", "ne"]).to_item()[
            "privilegeJurisdictions"
        ] == {
            "ne",
            "ky",
        }


@pytest.mark.parametrize(
    ("status", "expected"),
    [(None, False), ("notApplicable", False), ("tentative", True), ("approved", True), ("declined", False)],
)
def test_active_military_means_tentative_or_approved(
    make_provider: Callable[..., Provider], status: str | None, expected: bool
) -> None:
    assert make_provider(military_status=status).is_active_military is expected


@pytest.mark.parametrize(
    "overrides",
    [
        {"ssn_last_four": "678"},
        {"npi": "12345"},
        {"email_verification_code": "12345"},
        {"provider_id": "not-a-uuid"},
        {"military_status": "retired"},
        {"jurisdiction_uploaded_license_status": "suspended"},
    ],
)
def test_provider_rejects_invalid_values(
    make_provider: Callable[..., Provider], overrides: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError):
        make_provider(**overrides)


def test_uuids_are_canonical_lower_case_strings(make_provider: Callable[..., Provider]) -> None:
    assert make_provider(provider_id=PID.upper()).provider_id == PID
    assert make_provider(provider_id=UUID(PID)).provider_id == PID


def test_timestamps_are_held_in_utc(make_provider: Callable[..., Provider]) -> None:
    minus_four = timezone(timedelta(hours=-4))
    assert make_provider(recovery_expiry=datetime(2026, 3, 1, 8, 0)).recovery_expiry == NOW.replace(hour=8)
    converted = make_provider(recovery_expiry=datetime(2026, 3, 1, 8, 0, tzinfo=minus_four)).recovery_expiry
    assert converted == NOW and converted.tzinfo is UTC


def test_every_write_refreshes_date_of_update_unless_told_not_to(
    make_provider: Callable[..., Provider],
) -> None:
    stored_at = datetime(2025, 1, 1, tzinfo=UTC)
    provider = make_provider(date_of_update=stored_at)
    with frozen_time(NOW):
        assert provider.to_item()["dateOfUpdate"] == "2026-03-01T12:00:00+00:00"
        assert provider.to_item(stamp=False)["dateOfUpdate"] == "2025-01-01T00:00:00+00:00"
        assert provider.to_item(stamp=False)["providerDateOfUpdate"] == "2025-01-01T00:00:00+00:00"
        assert make_provider().to_item(stamp=False)["dateOfUpdate"] == "2026-03-01T12:00:00+00:00"
    assert provider.date_of_update == stored_at  # writing does not mutate the model


def test_from_item_refuses_another_record_type(make_license: Callable[..., License]) -> None:
    with frozen_time(NOW):
        item = make_license().to_item()
    with pytest.raises(ValueError, match="expected a 'provider' record, found type 'license'"):
        Provider.from_item(item)


# ---- license and privilege ------------------------------------------------------------------------


def test_license_derives_its_keys_and_index_attributes(make_license: Callable[..., License]) -> None:
    with frozen_time(NOW):
        item = make_license(family_name="O'Brien", given_name="Mary Ann").to_item()
    assert item["pk"] == f"aslp#PROVIDER#{PID}"
    assert item["sk"] == "aslp#PROVIDER#license/oh/slp#"
    assert item["licenseGSIPK"] == "C#aslp#J#oh"
    assert item["licenseGSISK"] == "FN#o%27brien#GN#mary%20ann"
    assert item["licenseUploadDateGSIPK"] == "C#aslp#J#oh#D#2025-06"
    assert item["licenseUploadDateGSISK"] == f"TIME#1748961000#LT#slp#PID#{PID}"
    assert item["firstUploadDate"] == "2025-06-03T14:30:00+00:00"
    assert "ssn" not in item and "licenseStatus" not in item and "compactEligibility" not in item


@pytest.mark.parametrize("phone", ["5555550123", "+1555", "+1234567890123456"])
def test_license_phone_must_be_e164(make_license: Callable[..., License], phone: str) -> None:
    with pytest.raises(ValidationError):
        make_license(phone_number=phone)


def test_privilege_is_indexed_by_its_transaction_when_it_has_one(
    make_privilege: Callable[..., Privilege],
) -> None:
    with frozen_time(NOW):
        item = make_privilege().to_item()
        without_transaction = make_privilege(compact_transaction_id=None).to_item()
    assert item["sk"] == "aslp#PROVIDER#privilege/ne/slp#"
    assert item["compactTransactionIdGSIPK"] == "COMPACT#aslp#TX#120034567#"
    assert item["attestations"] == [{"attestationId": "jurisprudence-confirmation", "version": "1"}]
    assert item["administratorSetStatus"] == "active"
    assert "compactTransactionIdGSIPK" not in without_transaction
    assert "status" not in item and "activeSince" not in item


@pytest.mark.parametrize("privilege_id", ["SLP-NE-12", "SLP-KY-696d514f-2", "slp-ne-12"])
def test_privilege_ids_are_taken_as_stored(
    make_privilege: Callable[..., Privilege], privilege_id: str
) -> None:
    """The reference never validated them; what it stored must read (we write only the formatted id)."""
    assert make_privilege(privilege_id=privilege_id).privilege_id == privilege_id


def test_a_privilege_id_is_not_empty(make_privilege: Callable[..., Privilege]) -> None:
    with pytest.raises(ValidationError):
        make_privilege(privilege_id="")


def test_privilege_ids_are_formatted_upper_case() -> None:
    assert format_privilege_id("slp", "ne", 12) == "SLP-NE-12"


def test_privilege_counter_loads_from_an_item_created_by_an_atomic_add() -> None:
    counter = PrivilegeCounter.from_item(
        {"pk": "octp#PRIVILEGE_COUNT", "sk": "octp#PRIVILEGE_COUNT", "privilegeCount": 7}
    )
    assert (counter.compact, counter.privilege_count) == ("octp", 7)
    assert counter.to_item() == {
        "pk": "octp#PRIVILEGE_COUNT",
        "sk": "octp#PRIVILEGE_COUNT",
        "compact": "octp",
        "privilegeCount": 7,
    }


# ---- history --------------------------------------------------------------------------------------


def test_update_sort_key_embeds_create_date_and_change_hash(
    make_privilege_update: Callable[..., PrivilegeUpdate],
) -> None:
    update = make_privilege_update(updated_values={"dateOfExpiration": "2027-01-15"})
    expected_hash = keys.change_hash(update.previous, update.updated_values, None)
    assert update.sk == f"aslp#UPDATE#1#privilege/ne/slp/2025-01-10T12:00:00+00:00/{expected_hash}"
    assert make_privilege_update(updated_values={"dateOfExpiration": "2027-01-15"}).sk == update.sk
    assert make_privilege_update(updated_values={"dateOfExpiration": "2028-01-15"}).sk != update.sk


def test_privilege_update_is_indexed_by_the_transaction_of_its_previous_state(
    make_privilege_update: Callable[..., PrivilegeUpdate],
) -> None:
    with frozen_time(NOW):
        item = make_privilege_update().to_item()
        no_transaction = make_privilege_update(previous={"dateOfExpiration": "2025-01-15"}).to_item()
    assert item["compactTransactionIdGSIPK"] == "COMPACT#aslp#TX#120034567#"
    assert "compactTransactionIdGSIPK" not in no_transaction
    assert "removedValues" not in item and "deactivationDetails" not in item


def test_update_create_date_defaults_to_now() -> None:
    with frozen_time(NOW):
        update = ProviderUpdate(
            provider_id=PID, compact="aslp", update_type="registration", previous={}, effective_date=NOW
        )
    assert update.create_date == NOW
    assert update.sk.startswith("aslp#UPDATE#2#provider/2026-03-01T12:00:00+00:00/")


@pytest.mark.parametrize("category", list(UpdateCategory))
def test_only_upload_categories_index_license_updates_by_upload_date(category: UpdateCategory) -> None:
    update = make_license_update(
        fixed_license(license_type_abbreviation="aud"),
        category,
        NOW,
        previous={"dateOfExpiration": "2026-01-01"},
    )
    with frozen_time(NOW):
        item = update.to_item()
    assert item["sk"].startswith("aslp#UPDATE#3#license/oh/aud/2026-03-01T12:00:00+00:00/")
    if category in ("deactivation", "renewal", "other"):
        assert item["licenseUploadDateGSIPK"] == "C#aslp#J#oh#D#2026-03"
        assert item["licenseUploadDateGSISK"] == f"TIME#1772366400#LT#aud#PID#{PID}"
    else:
        assert "licenseUploadDateGSIPK" not in item and "licenseUploadDateGSISK" not in item


# ---- adverse actions and investigations -----------------------------------------------------------


def _adverse_action(**overrides: Any) -> AdverseAction:
    fields: dict[str, Any] = {
        "adverse_action_id": "7f6c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f",
        "encumbrance_type": "probation",
        "clinical_privilege_action_categories": ["Fraud, Deception, or Misrepresentation"],
        "effective_start_date": date(2026, 2, 1),
        "submitting_user": "sub-1",
        "creation_date": NOW,
    }
    return make_adverse_action(fixed_license(license_type_abbreviation="aud"), **{**fields, **overrides})


def test_adverse_action_keys_and_lifting() -> None:
    action = _adverse_action()
    assert action.sk == "aslp#PROVIDER#license/oh/aud#ADVERSE_ACTION#7f6c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f"
    assert action.sk.startswith(keys.license_sk("aslp", "oh", "aud"))
    assert not action.is_lifted
    assert _adverse_action(effective_lift_date=date(2026, 2, 20), lifting_user="sub-2").is_lifted


@pytest.mark.parametrize(
    "overrides",
    [
        {"clinical_privilege_action_categories": []},
        {"clinical_privilege_action_categories": ["Speeding"]},
        {"encumbrance_type": "warning"},
        {"action_against": "provider"},
    ],
)
def test_adverse_action_rejects_invalid_values(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        _adverse_action(**overrides)


def test_investigation_keys_and_open_state() -> None:
    investigation = make_investigation(
        fixed_privilege(license_type_abbreviation="aud"),
        investigation_id="1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        submitting_user="sub-1",
        creation_date=NOW,
    )
    assert (
        investigation.sk
        == "aslp#PROVIDER#privilege/ne/aud#INVESTIGATION#1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
    )
    assert investigation.is_open
    assert not investigation.model_copy(update={"close_date": NOW}).is_open
