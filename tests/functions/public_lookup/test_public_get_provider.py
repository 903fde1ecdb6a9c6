"""GET /v1/public/compacts/{compact}/providers/{providerId}: privileges with their public adverse
actions, nothing else; one 404 for every provider the public may not see."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.functions.public_lookup.conftest import get
from tests.records import (
    make_adverse_action,
    make_investigation,
    make_license,
    make_military_affiliation,
    make_privilege,
    make_privilege_update,
    make_provider,
    put,
)


@pytest.fixture
def seeded(aws):
    """A provider licensed in oh with privileges in ne and ky: a lifted action against the ne privilege,
    an action against the license, an open investigation, a renewal, a military affiliation."""
    table = aws["provider"]
    provider = make_provider(
        license_jurisdiction="oh", privilege_jurisdictions={"ne", "ky"}, military_status_note="checked"
    )
    lic = make_license(provider)
    ne = make_privilege(provider, "ne", 1)
    ky = make_privilege(provider, "ky", 2, administrator_set_status="inactive")
    lifted = make_adverse_action(ne, effective_lift_date=date(2025, 2, 1), lifting_user="staff-2")
    against_license = make_adverse_action(lic)
    investigation = make_investigation(ne)
    renewal = make_privilege_update(
        ne,
        "renewal",
        datetime(2025, 5, 5, tzinfo=UTC),
        updated_values={"dateOfRenewal": "2025-05-05T12:59:59Z"},
    )
    military = make_military_affiliation(provider)
    put(table, provider, lic, ne, ky, lifted, against_license, investigation, renewal, military)
    return {"provider": provider, "lifted": lifted}


def test_the_provider_with_privileges_in_the_public_schema(call, seeded):
    provider = seeded["provider"]
    response = get(call, provider.provider_id)
    assert response["status"] == 200, response
    body = response["body"]
    assert body["providerId"] == provider.provider_id
    assert body["privilegeJurisdictions"] == ["ky", "ne"]
    assert body["licenseStatus"] == "active"
    assert body["compactEligibility"] == "eligible"
    for absent in (
        "licenses",
        "militaryAffiliations",
        "dateOfBirth",
        "birthMonthDay",
        "ssnLastFour",
        "militaryStatusNote",
        "compactConnectRegisteredEmailAddress",
        "dateOfExpiration",
        "jurisdictionUploadedLicenseStatus",
    ):
        assert absent not in body
    ky, ne = body["privileges"]
    assert (ky["jurisdiction"], ne["jurisdiction"]) == ("ky", "ne")
    assert ky["status"] == "inactive" and "activeSince" not in ky
    assert ne["status"] == "active" and ne["activeSince"] == "2024-05-05T12:59:59+00:00"
    assert ne["privilegeId"] == "SLP-NE-1"
    for privilege in (ky, ne):
        assert not {"investigations", "investigationStatus", "history", "attestations"} & set(privilege)
        assert "compactTransactionId" not in privilege


def test_adverse_actions_against_the_privilege_only_their_public_fields(call, seeded):
    body = get(call, seeded["provider"].provider_id)["body"]
    ky, ne = body["privileges"]
    assert ky["adverseActions"] == []
    lifted = seeded["lifted"]
    assert ne["adverseActions"] == [
        {
            "type": "adverseAction",
            "adverseActionId": lifted.adverse_action_id,
            "compact": "aslp",
            "providerId": lifted.provider_id,
            "jurisdiction": "ne",
            "licenseType": "speech-language pathologist",
            "licenseTypeAbbreviation": "slp",
            "actionAgainst": "privilege",
            "effectiveStartDate": "2025-01-01",
            "effectiveLiftDate": "2025-02-01",
            "creationDate": lifted.creation_date.isoformat(),
            "dateOfUpdate": "2025-02-01T00:00:00+00:00",
        }
    ]


def test_a_provider_without_privileges_is_not_found(call, aws):
    provider = make_provider()
    put(aws["provider"], provider, make_license(provider))
    assert get(call, provider.provider_id) == {"status": 404, "body": {"message": "Provider not found"}}


def test_privilege_records_without_the_provider_listing_them_are_not_found(call, aws):
    """The detail answers only whom the query can return (providers listing privilege jurisdictions)."""
    provider = make_provider()
    put(aws["provider"], provider, make_privilege(provider, "ne"))
    assert get(call, provider.provider_id)["status"] == 404


@pytest.mark.parametrize(
    "provider_id", ["00000000-0000-4000-8000-00000000abcd", "not-a-uuid", "1' OR '1'='1", "%00"]
)
def test_unknown_and_malformed_ids_are_not_found_alike(call, seeded, provider_id):
    assert get(call, provider_id) == {"status": 404, "body": {"message": "Provider not found"}}


def test_another_compact_does_not_find_the_provider(call, seeded):
    assert get(call, seeded["provider"].provider_id, compact="octp")["status"] == 404


def test_unknown_compact_is_a_bad_request(call, seeded):
    assert get(call, seeded["provider"].provider_id, compact="nope")["status"] == 400


def test_found_and_not_found_both_wait_for_the_floor(call, seeded, floor_sleeps):
    assert get(call, seeded["provider"].provider_id)["status"] == 200
    assert get(call, "not-a-uuid")["status"] == 404
    assert floor_sleeps == [1.0, 1.0]
