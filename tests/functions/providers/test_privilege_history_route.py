"""GET .../providers/{providerId}/privileges/jurisdiction/{j}/licenseType/{lt}/history (staff)."""

from __future__ import annotations

import uuid

import pytest

from tests.functions.dynamodb_calls import dynamodb_calls
from tests.functions.providers.conftest import CATEGORY, HISTORY


def _history(call, provider_id: str, jurisdiction="ne", license_type="slp", scopes=None, compact="aslp"):
    params = {
        "compact": compact,
        "providerId": provider_id,
        "jurisdiction": jurisdiction,
        "licenseType": license_type,
    }
    return call("GET", HISTORY, params, scopes=scopes)


def test_staff_see_the_timeline_with_npdb_categories_and_no_investigations(call, encumbered_privilege):
    response = _history(call, encumbered_privilege)
    assert response["status"] == 200
    body = response["body"]
    assert (body["providerId"], body["jurisdiction"], body["privilegeId"]) == (
        encumbered_privilege,
        "ne",
        "SLP-NE-1",
    )
    assert [event["updateType"] for event in body["events"]] == ["issuance", "encumbrance"]
    assert body["events"][1]["npdbCategories"] == [CATEGORY]


def test_one_dynamodb_query_per_history(call, encumbered_privilege):
    with dynamodb_calls() as calls:
        assert _history(call, encumbered_privilege)["status"] == 200
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
def test_bad_paths_are_named_and_missing_privileges_are_404(
    call, encumbered_privilege, overrides, status, named
):
    response = _history(call, encumbered_privilege, **overrides)
    assert response["status"] == status and named in response["body"]["message"]


def test_unknown_or_malformed_provider_is_404(call, aws):
    assert _history(call, str(uuid.uuid4()))["status"] == 404
    assert _history(call, "../../etc")["status"] == 404
