"""GET /v1/compacts/{compact}/providers/{providerId}: detail, audience gating, one query per call."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from tests.functions.dynamodb_calls import dynamodb_calls
from tests.functions.providers.conftest import get
from tests.records import (
    make_adverse_action,
    make_investigation,
    make_license,
    make_license_update,
    make_military_affiliation,
    make_privilege,
    make_privilege_update,
    make_provider,
    put,
)


@pytest.fixture
def seeded(aws):
    table = aws["provider"]
    provider = make_provider(
        license_jurisdiction="oh", privilege_jurisdictions={"ne"}, military_status_note="checked by staff"
    )
    lic = make_license(provider)
    privilege = make_privilege(provider, "ne")
    action = make_adverse_action(privilege, effective_lift_date=date(2025, 2, 1), lifting_user="staff-2")
    open_investigation = make_investigation(lic)
    closed_investigation = make_investigation(lic, close_date=datetime(2025, 3, 1, tzinfo=UTC))
    update = make_privilege_update(
        privilege,
        "renewal",
        datetime(2025, 5, 5, tzinfo=UTC),
        updated_values={"dateOfRenewal": "2025-05-05T12:59:59Z"},
    )
    military = make_military_affiliation(provider)
    put(table, provider, lic, privilege, action, open_investigation, closed_investigation, update, military)
    return {
        "provider": provider,
        "open": open_investigation.investigation_id,
        "closed": closed_investigation.investigation_id,
    }


def test_detail_has_records_with_computed_statuses(call, seeded):
    response = get(call, seeded["provider"].provider_id)
    assert response["status"] == 200
    body = response["body"]
    assert body["type"] == "provider"
    assert body["licenseStatus"] == "active"
    assert body["compactEligibility"] == "eligible"
    assert body["birthMonthDay"] == "12-10"
    [lic] = body["licenses"]
    assert lic["licenseStatus"] == "active" and lic["compactEligibility"] == "eligible"
    assert [i["investigationId"] for i in lic["investigations"]] == [seeded["open"]]
    [privilege] = body["privileges"]
    assert privilege["status"] == "active"
    assert datetime.fromisoformat(privilege["activeSince"]) == datetime(2024, 5, 5, 12, 59, 59, tzinfo=UTC)
    [action] = privilege["adverseActions"]
    assert action["encumbranceType"] == "suspension" and action["liftingUser"] == "staff-2"
    [entry] = privilege["history"]
    assert entry["updateType"] == "renewal"
    assert not {"pk", "sk", "removedValues"} & set(entry)
    assert entry["updatedValues"] == {"dateOfRenewal": "2025-05-05T12:59:59Z"}
    assert entry["previous"]["privilegeId"] == "SLP-NE-1"
    [military] = body["militaryAffiliations"]
    assert military["fileNames"] == ["orders.pdf"]


def test_general_audience_gets_no_private_fields(call, seeded):
    body = get(call, seeded["provider"].provider_id, scopes=["aslp/readGeneral"])["body"]
    assert not {"dateOfBirth", "ssnLastFour", "militaryStatusNote"} & set(body)
    assert not {"dateOfBirth", "ssnLastFour"} & set(body["licenses"][0])
    assert "documentKeys" not in body["militaryAffiliations"][0]


def _is_private(body: dict) -> bool:
    return "ssnLastFour" in body


@pytest.mark.parametrize(
    ("scopes", "private"),
    [
        (["aslp/readGeneral", "aslp/readPrivate"], True),  # compact-level readPrivate
        (["aslp/readGeneral", "oh/aslp.readPrivate"], True),  # the license's state
        (["aslp/readGeneral", "ne/aslp.readPrivate"], True),  # a privilege's state
        (["aslp/readGeneral", "ky/aslp.readPrivate"], False),  # neither
        (["aslp/readGeneral", "octp/readPrivate"], False),  # another compact
        (["ky/aslp.readGeneral", "ky/aslp.readPrivate"], False),  # jurisdiction-level general, elsewhere
    ],
)
def test_read_private_gating(call, seeded, scopes, private):
    response = get(call, seeded["provider"].provider_id, scopes=scopes)
    assert response["status"] == 200
    body = response["body"]
    assert _is_private(body) is private
    if private:
        assert body["dateOfBirth"] == "1985-12-10"
        assert body["militaryStatusNote"] == "checked by staff"
        assert body["licenses"][0]["ssnLastFour"] == "6789"
        assert body["militaryAffiliations"][0]["documentKeys"]


def test_unknown_or_malformed_provider_is_404(call, aws):
    assert get(call, str(uuid.uuid4()))["status"] == 404
    assert get(call, "not-a-uuid")["status"] == 404


def test_partition_without_provider_record_is_404(call, aws):
    provider = make_provider()
    put(aws["provider"], make_license(provider))
    assert get(call, provider.provider_id)["status"] == 404


def test_callers_without_read_general_are_refused(call, seeded):
    assert get(call, seeded["provider"].provider_id, scopes=["octp/readGeneral"])["status"] == 403


def test_one_dynamodb_query_per_get(call, seeded):
    with dynamodb_calls() as calls:
        assert get(call, seeded["provider"].provider_id)["status"] == 200
    assert calls == ["Query"]


def test_history_snapshots_show_only_the_readers_fields_of_the_record(call, aws):
    """A license update keeps the whole previous license; a general reader sees it without the birth date
    or SSN digits, a private reader with them, and nobody sees a stray full SSN."""
    provider = make_provider()
    lic = make_license(provider)
    previous = {**lic.stored_fields(), "ssn": "123-45-6789", "familyName": "Before"}
    update = make_license_update(
        lic,
        "renewal",
        datetime(2025, 6, 1, tzinfo=UTC),
        previous=previous,
        updated_values={"familyName": "After", "dateOfBirth": "1985-12-11"},
    )
    put(aws["provider"], provider, lic, update)

    def history(scopes: list[str]) -> dict:
        [entry] = get(call, provider.provider_id, scopes=scopes)["body"]["licenses"][0]["history"]
        return entry

    general = history(["aslp/readGeneral"])
    assert general["previous"]["familyName"] == "Before" and general["updatedValues"] == {
        "familyName": "After"
    }
    assert not {"dateOfBirth", "ssnLastFour", "ssn"} & (
        set(general["previous"]) | set(general["updatedValues"])
    )
    private = history(["aslp/readGeneral", "aslp/readPrivate"])
    assert private["previous"]["dateOfBirth"] == "1985-12-10" and private["updatedValues"]["dateOfBirth"]
    assert "ssn" not in private["previous"]


def test_compact_admins_get_private_fields_and_two_hour_document_links(call, seeded, monkeypatch):
    monkeypatch.setenv("PROVIDER_USER_BUCKET_NAME", "provider-users-test")
    body = get(call, seeded["provider"].provider_id, scopes=["aslp/readGeneral", "aslp/admin"])["body"]
    assert body["dateOfBirth"] == "1985-12-10"
    [military] = body["militaryAffiliations"]
    [link] = military["downloadLinks"]
    assert link["fileName"] == "orders.pdf"
    assert "provider-users-test" in link["url"] and "X-Amz-Expires=7200" in link["url"]
    assert "military-affiliations/orders.pdf" in link["url"]


def test_readers_with_private_access_get_document_keys_but_no_links(call, seeded):
    body = get(call, seeded["provider"].provider_id, scopes=["aslp/readGeneral", "oh/aslp.readPrivate"])[
        "body"
    ]
    [military] = body["militaryAffiliations"]
    assert military["documentKeys"] and "downloadLinks" not in military
    jurisdiction_admin = get(
        call, seeded["provider"].provider_id, scopes=["aslp/readGeneral", "oh/aslp.admin"]
    )
    assert "dateOfBirth" not in jurisdiction_admin["body"]
