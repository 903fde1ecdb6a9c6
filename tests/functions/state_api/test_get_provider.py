"""GET .../jurisdictions/{jurisdiction}/providers/{providerId}: privileges in the state, flattened with
their home license, private fields only for readPrivate callers."""

from __future__ import annotations

from datetime import date

import pytest

from state_api.models import PRIVATE_FIELDS
from tests.functions.state_api.conftest import PROVIDER, UI_BASE_URL
from tests.records import make_license, make_privilege, make_provider, put

GENERAL_FIELDS = {
    "type",
    "providerId",
    "compact",
    "jurisdiction",
    "licenseJurisdiction",
    "licenseType",
    "privilegeId",
    "status",
    "licenseStatus",
    "compactEligibility",
    "dateOfIssuance",
    "dateOfRenewal",
    "dateOfExpiration",
    "dateOfUpdate",
    "givenName",
    "middleName",
    "familyName",
    "npi",
    "licenseNumber",
    "licenseStatusName",
}


@pytest.fixture
def holder(aws):
    """Licensed in oh (slp and aud), privileges in ne (both types) and ky (slp)."""
    provider = make_provider(privilege_jurisdictions={"ne", "ky"})
    put(
        aws["provider"],
        provider,
        make_license(provider),
        make_license(provider, license_type_abbreviation="aud", license_number="AUD-77", given_name="Adah"),
        make_privilege(provider, "ne", 1),
        make_privilege(provider, "ne", 2, license_type_abbreviation="aud"),
        make_privilege(provider, "ky", 3),
    )
    return provider


def get(call, provider_id: str, jurisdiction: str = "ne", **kwargs):
    params = {"compact": "aslp", "jurisdiction": jurisdiction, "providerId": provider_id}
    return call("GET", PROVIDER, params, **kwargs)


def test_general_callers_get_flattened_privileges_of_the_state_only(call, holder):
    response = get(call, holder.provider_id)

    assert response["status"] == 200
    body = response["body"]
    assert body["providerUIUrl"] == f"{UI_BASE_URL}/aslp/Licensing/{holder.provider_id}"
    aud, slp = body["privileges"]
    assert {aud["jurisdiction"], slp["jurisdiction"]} == {"ne"}
    assert set(slp) == GENERAL_FIELDS and not set(slp) & PRIVATE_FIELDS
    assert slp == {
        "type": "statePrivilege",
        "providerId": holder.provider_id,
        "compact": "aslp",
        "jurisdiction": "ne",
        "licenseJurisdiction": "oh",
        "licenseType": "speech-language pathologist",
        "privilegeId": "SLP-NE-1",
        "status": "active",
        "licenseStatus": "active",
        "compactEligibility": "eligible",
        "dateOfIssuance": "2024-05-05T12:59:59+00:00",
        "dateOfRenewal": "2025-05-05T12:59:59+00:00",
        "dateOfExpiration": "2099-01-15",
        "dateOfUpdate": "2025-03-02T00:00:00+00:00",
        "givenName": "Ada",
        "middleName": "May",
        "familyName": "Lovelace",
        "npi": "1234567890",
        "licenseNumber": "SLP-1001",
        "licenseStatusName": "ACTIVE IN GOOD STANDING",
    }
    # each privilege is merged with the license it was bought on
    assert (aud["privilegeId"], aud["licenseNumber"], aud["givenName"]) == ("AUD-NE-2", "AUD-77", "Adah")


def test_the_privilege_keeps_its_own_dates_and_the_license_its_effective_statuses(aws, call):
    provider = make_provider(privilege_jurisdictions={"ne"})
    lapsed_license = make_license(provider, date_of_expiration=date(2020, 1, 1))
    put(
        aws["provider"],
        provider,
        lapsed_license,
        make_privilege(provider, "ne", encumbered_status="encumbered"),
    )

    (entry,) = get(call, provider.provider_id)["body"]["privileges"]

    assert entry["dateOfExpiration"] == "2099-01-15"  # the privilege's, not the license's
    assert (entry["status"], entry["licenseStatus"], entry["compactEligibility"]) == (
        "inactive",
        "inactive",
        "ineligible",
    )
    for dropped in ("jurisdictionUploadedLicenseStatus", "encumberedStatus", "firstUploadDate", "pk", "sk"):
        assert dropped not in entry


@pytest.mark.parametrize(
    "scopes",
    [
        ["aslp/readGeneral", "aslp/readPrivate"],
        ["aslp/readGeneral", "oh/aslp.readPrivate"],  # the license's state
        ["aslp/readGeneral", "ky/aslp.readPrivate"],  # a state where the provider holds a privilege
    ],
    ids=["compact", "license-state", "privilege-state"],
)
def test_read_private_callers_also_get_private_fields(call, holder, scopes):
    _, slp = get(call, holder.provider_id, scopes=scopes)["body"]["privileges"]

    assert set(slp) == GENERAL_FIELDS | PRIVATE_FIELDS - {"homeAddressStreet2"}  # the license has none
    assert slp["ssnLastFour"] == "6789" and slp["dateOfBirth"] == "1985-12-10"
    assert slp["emailAddress"] == "ada@example.org"
    assert slp["compactConnectRegisteredEmailAddress"] == "ada.login@example.org"
    assert (slp["homeAddressStreet1"], slp["homeAddressPostalCode"], slp["phoneNumber"]) == (
        "1 Main St",
        "43004",
        "+15555550123",
    )


@pytest.mark.parametrize(
    "scopes",
    [
        ["aslp/readGeneral", "al/aslp.readPrivate"],  # a state the provider has nothing in
        ["aslp/readGeneral", "octp/readPrivate", "oh/octp.readPrivate"],  # another compact
        ["aslp/readGeneral", "oh/aslp.write", "oh/aslp.readSSN"],
    ],
)
def test_read_private_elsewhere_does_not_reveal_private_fields(call, holder, scopes):
    for entry in get(call, holder.provider_id, scopes=scopes)["body"]["privileges"]:
        assert not set(entry) & PRIVATE_FIELDS


def test_optional_fields_the_records_lack_are_left_out(aws, call):
    provider = make_provider(privilege_jurisdictions={"ne"}, npi=None, middle_name=None)
    home = make_license(provider, npi=None, middle_name=None, license_number=None, license_status_name=None)
    put(aws["provider"], provider, home, make_privilege(provider, "ne"))

    (entry,) = get(call, provider.provider_id)["body"]["privileges"]

    assert not {"npi", "middleName", "licenseNumber", "licenseStatusName", "suffix"} & set(entry)
    assert None not in entry.values()


def test_a_missing_home_license_falls_back_on_the_provider_record(aws, call):
    provider = make_provider(privilege_jurisdictions={"ne"}, given_name="Grace")
    put(aws["provider"], provider, make_privilege(provider, "ne"))

    (entry,) = get(call, provider.provider_id)["body"]["privileges"]

    assert (entry["givenName"], entry["licenseStatus"], entry["compactEligibility"]) == (
        "Grace",
        "active",
        "eligible",
    )


@pytest.mark.parametrize(
    ("provider_id", "jurisdiction"),
    [
        (None, "oh"),  # licensed in oh, no privilege there
        (None, "al"),  # nothing at all in al
        ("0b8f1a9e-6a55-4f64-9d43-2a4c8d0c7b11", "ne"),  # nobody has this id
        ("not-a-uuid", "ne"),
    ],
)
def test_providers_without_a_privilege_in_the_state_are_not_found(
    aws, call, holder, state_keys, provider_id, jurisdiction
):
    from tests.functions.state_api.signing import new_private_key, store_key

    if ("aslp", jurisdiction) not in state_keys:
        state_keys[("aslp", jurisdiction)] = key = new_private_key()
        store_key(aws["compact_configuration"], key, "key-1", jurisdiction=jurisdiction)

    response = get(call, provider_id or holder.provider_id, jurisdiction)

    assert response["status"] == 404
    assert "no privilege" in response["body"]["message"]


def test_a_provider_of_another_compact_is_not_found(aws, call):
    provider = make_provider(compact="octp", privilege_jurisdictions={"ne"})
    put(aws["provider"], provider, make_privilege(provider, "ne", license_type_abbreviation="slp"))

    assert get(call, provider.provider_id)["status"] == 404
