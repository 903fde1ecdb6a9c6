"""GET /v1/public/compacts/{compact}/providers/{providerId}/jurisdiction/{j}/licenseType/{lt}/history."""

from __future__ import annotations

import uuid

from tests.functions.providers.conftest import encumbered_privilege  # noqa: F401 (fixture)

HISTORY = (
    "/v1/public/compacts/{compact}/providers/{providerId}/jurisdiction/{jurisdiction}"
    "/licenseType/{licenseType}/history"
)


def _history(call, provider_id: str, jurisdiction: str = "ne", license_type: str = "slp"):
    params = {
        "compact": "aslp",
        "providerId": provider_id,
        "jurisdiction": jurisdiction,
        "licenseType": license_type,
    }
    return call("GET", HISTORY, params)


def test_the_public_see_the_timeline_without_npdb_categories(call, encumbered_privilege, floor_sleeps):  # noqa: F811
    response = _history(call, encumbered_privilege)
    assert response["status"] == 200
    events = response["body"]["events"]
    assert [event["updateType"] for event in events] == ["issuance", "encumbrance"]
    assert all("npdbCategories" not in event for event in events)
    assert floor_sleeps == [1.0]


def test_missing_privileges_and_bad_paths(call, encumbered_privilege):  # noqa: F811
    assert _history(call, encumbered_privilege, jurisdiction="ky")["status"] == 404
    assert _history(call, str(uuid.uuid4()))["status"] == 404
    bad = _history(call, encumbered_privilege, license_type="ot")
    assert bad["status"] == 400 and "licenseType" in bad["body"]["message"]
