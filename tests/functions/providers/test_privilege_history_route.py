"""GET .../providers/{providerId}/privileges/jurisdiction/{j}/licenseType/{lt}/history (staff)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from core.models.history import EncumbranceDetails, InvestigationDetails, PrivilegeUpdate
from tests.functions.providers.conftest import dynamodb_calls
from tests.functions.state_api.conftest import make_license, make_privilege, make_provider, put

HISTORY = (
    "/v1/compacts/{compact}/providers/{providerId}/privileges/jurisdiction/{jurisdiction}"
    "/licenseType/{licenseType}/history"
)
CATEGORY = "Unsafe Practice or Substandard Care"


def _update(privilege, update_type: str, day: int, **details) -> PrivilegeUpdate:
    moment = datetime(2025, 6, day, 16, tzinfo=UTC)
    return PrivilegeUpdate(
        provider_id=privilege.provider_id,
        compact="aslp",
        update_type=update_type,
        previous=privilege.stored_fields(),
        updated_values={"encumberedStatus": "encumbered"} if update_type == "encumbrance" else {},
        effective_date=moment,
        create_date=moment,
        jurisdiction=privilege.jurisdiction,
        license_type=privilege.license_type,
        license_type_abbreviation=privilege.license_type_abbreviation,
        date_of_update=moment,
        **details,
    )


@pytest.fixture
def provider_id(aws) -> str:
    provider = make_provider(privilege_jurisdictions={"ne"})
    privilege = make_privilege(provider, "ne")
    encumbrance = _update(
        privilege,
        "encumbrance",
        2,
        encumbrance_details=EncumbranceDetails(
            clinical_privilege_action_categories=[CATEGORY], adverse_action_id=str(uuid.uuid4())
        ),
    )
    investigation = _update(
        privilege,
        "investigation",
        1,
        investigation_details=InvestigationDetails(investigation_id=str(uuid.uuid4())),
    )
    put(aws["provider"], provider, make_license(provider), privilege)
    for update in (encumbrance, investigation):
        aws["provider"].put_item(Item=update.to_item(stamp=False))
    return provider.provider_id


def _history(call, provider_id: str, jurisdiction="ne", license_type="slp", scopes=None, compact="aslp"):
    params = {
        "compact": compact,
        "providerId": provider_id,
        "jurisdiction": jurisdiction,
        "licenseType": license_type,
    }
    return call("GET", HISTORY, params, scopes=scopes)


def test_staff_see_the_timeline_with_npdb_categories_and_no_investigations(call, provider_id):
    response = _history(call, provider_id)
    assert response["status"] == 200
    body = response["body"]
    assert (body["providerId"], body["jurisdiction"], body["privilegeId"]) == (provider_id, "ne", "SLP-NE-1")
    assert [event["updateType"] for event in body["events"]] == ["issuance", "encumbrance"]
    assert body["events"][1]["npdbCategories"] == [CATEGORY]


def test_one_dynamodb_query_per_history(call, provider_id):
    with dynamodb_calls() as calls:
        assert _history(call, provider_id)["status"] == 200
    assert calls == ["Query"]


@pytest.mark.parametrize(
    ("overrides", "status", "named"),
    [
        ({"license_type": "xyz"}, 400, "licenseType"),
        ({"jurisdiction": "zz"}, 400, "jurisdiction"),
        ({"compact": "nope"}, 400, "compact"),
        ({"jurisdiction": "ky"}, 404, "Privilege not found"),
        ({"license_type": "aud"}, 404, "Privilege not found"),
        ({"scopes": ["octp/readGeneral"]}, 403, "Access denied"),
    ],
)
def test_bad_paths_are_named_and_missing_privileges_are_404(call, provider_id, overrides, status, named):
    response = _history(call, provider_id, **overrides)
    assert response["status"] == status and named in response["body"]["message"]


def test_unknown_or_malformed_provider_is_404(call, aws):
    assert _history(call, str(uuid.uuid4()))["status"] == 404
    assert _history(call, "../../etc")["status"] == 404
