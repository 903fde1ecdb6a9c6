"""GET /v1/compacts/{compact}/providers/{providerId}: detail, audience gating, one query per call."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from core.models.adverse_action import AdverseAction, Investigation
from core.models.history import LicenseUpdate, PrivilegeUpdate
from core.models.military import MilitaryAffiliation
from tests.functions.providers.conftest import dynamodb_calls, get
from tests.functions.state_api.conftest import make_license, make_privilege, make_provider, put


@pytest.fixture
def seeded(aws):
    table = aws["provider"]
    provider = make_provider(
        license_jurisdiction="oh", privilege_jurisdictions={"ne"}, military_status_note="checked by staff"
    )
    lic = make_license(provider)
    privilege = make_privilege(provider, "ne")
    action = AdverseAction(
        adverse_action_id=str(uuid.uuid4()),
        compact="aslp",
        provider_id=provider.provider_id,
        jurisdiction="ne",
        license_type="speech-language pathologist",
        license_type_abbreviation="slp",
        action_against="privilege",
        encumbrance_type="suspension",
        clinical_privilege_action_categories=["Unsafe Practice or Substandard Care"],
        effective_start_date=date(2025, 1, 1),
        submitting_user="staff-1",
        effective_lift_date=date(2025, 2, 1),
        lifting_user="staff-2",
        date_of_update=datetime(2025, 2, 1, tzinfo=UTC),
    )

    def investigation(closed: bool) -> Investigation:
        return Investigation(
            investigation_id=str(uuid.uuid4()),
            compact="aslp",
            provider_id=provider.provider_id,
            jurisdiction="oh",
            license_type="speech-language pathologist",
            license_type_abbreviation="slp",
            investigation_against="license",
            submitting_user="staff-1",
            close_date=datetime(2025, 3, 1, tzinfo=UTC) if closed else None,
            date_of_update=datetime(2025, 3, 1, tzinfo=UTC),
        )

    open_investigation, closed_investigation = investigation(False), investigation(True)
    update = PrivilegeUpdate(
        provider_id=provider.provider_id,
        compact="aslp",
        update_type="renewal",
        previous=privilege.stored_fields(),
        updated_values={"dateOfRenewal": "2025-05-05T12:59:59Z"},
        effective_date=datetime(2025, 5, 5, tzinfo=UTC),
        create_date=datetime(2025, 5, 5, tzinfo=UTC),
        jurisdiction="ne",
        license_type="speech-language pathologist",
        license_type_abbreviation="slp",
        date_of_update=datetime(2025, 5, 5, tzinfo=UTC),
    )
    military = MilitaryAffiliation(
        provider_id=provider.provider_id,
        compact="aslp",
        affiliation_type="militaryMember",
        file_names=["orders.pdf"],
        document_keys=["/provider/x/document-type/military-affiliations/orders.pdf"],
        date_of_upload=datetime(2025, 1, 2, tzinfo=UTC),
        status="active",
        date_of_update=datetime(2025, 1, 2, tzinfo=UTC),
    )
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
    update = LicenseUpdate(
        provider_id=provider.provider_id,
        compact="aslp",
        update_type="renewal",
        previous=previous,
        updated_values={"familyName": "After", "dateOfBirth": "1985-12-11"},
        effective_date=datetime(2025, 6, 1, tzinfo=UTC),
        create_date=datetime(2025, 6, 1, tzinfo=UTC),
        jurisdiction="oh",
        license_type="speech-language pathologist",
        license_type_abbreviation="slp",
        date_of_update=datetime(2025, 6, 1, tzinfo=UTC),
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
