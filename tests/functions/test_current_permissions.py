"""Every route that changes data or reveals SSNs acts on the caller's current permission records.

A token is a snapshot of its user's records at sign-in; these tests hold valid-looking tokens whose
records are gone (401) or have moved to another compact (403) against every re-checking route of the
catalog, so a route added later is covered without a line here.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest

from catalog import ROUTES
from core.api_catalog import READ_SSN, AuthKind
from core.catalog import Access
from core.current_permissions import REVOKED
from core.operational_keys import SSN_READ_REQUESTS_PK
from core.tables import USERS
from tests.functions.configuration.conftest import compact_body, jurisdiction_body
from tests.functions.conftest import api_event
from tests.functions.staff_callers import DEFAULT_SUB, hold

RECHECKED = [route for route in ROUTES if route.rechecks_permissions]
PATH_VALUES = {
    "compact": "aslp",
    "jurisdiction": "oh",
    "userId": "00000000-0000-4000-8000-0000000000e9",
    "providerId": "00000000-0000-4000-8000-0000000000f9",
    "licenseType": "slp",
    "encumbranceId": "00000000-0000-4000-8000-0000000000fa",
    "investigationId": "00000000-0000-4000-8000-0000000000fb",
}
ASLP_EVERYTHING = [
    "profile",
    "aslp/readGeneral",
    "aslp/admin",
    "aslp/readSSN",
    "oh/aslp.admin",
    "oh/aslp.write",
    "oh/aslp.readSSN",
]


# Valid bodies, so that what answers is the permission check and not the body's validation.
BODIES = {
    "put_compact_configuration": compact_body(),
    "put_jurisdiction_configuration": jurisdiction_body(),
    "create_staff_user": {
        "attributes": {"email": "new@example.org", "givenName": "New", "familyName": "Staff"},
        "permissions": {"aslp": {"jurisdictions": {"oh": {"actions": {"write": True}}}}},
    },
    "patch_staff_user": {"permissions": {"aslp": {"jurisdictions": {"oh": {"actions": {"write": False}}}}}},
    "encumber_license": {
        "encumbranceEffectiveDate": "2026-01-05",
        "encumbranceType": "suspension",
        "clinicalPrivilegeActionCategories": ["Unsafe Practice or Substandard Care"],
    },
    "lift_license_encumbrance": {"effectiveLiftDate": "2026-01-06"},
    "post_payment_processor_credentials": {
        "processor": "authorize.net",
        "apiLoginId": "login",
        "transactionKey": "key",
    },
}
BODIES["encumber_privilege"] = BODIES["encumber_license"]
BODIES["lift_privilege_encumbrance"] = BODIES["lift_license_encumbrance"]
BODIES["deactivate_privilege"] = {"deactivationNote": "Practised outside the privilege's scope"}
BODIES["audit_military_affiliation"] = {"militaryStatus": "approved"}
BODIES["close_license_investigation"] = BODIES["close_privilege_investigation"] = {"action": "close"}


def _call(route, scopes: list[str], context: Any) -> tuple[int, dict[str, Any]]:
    module, _, attribute = route.function.handler.rpartition(".")
    handler = getattr(importlib.import_module(module), attribute)
    body = BODIES[route.operation] if route.request_model is not None else None
    event = api_event(route.method, route.path, {name: PATH_VALUES[name] for name in route.path_params},
                      body=body, scopes=scopes)  # fmt: skip
    response = handler(event, context)
    return response["statusCode"], json.loads(response["body"])


def _items(aws) -> dict[str, list[dict[str, Any]]]:
    """Every stored item but the SSN read log, which audits every attempt, refused ones included."""
    return {
        key: [item for item in table.scan()["Items"] if item.get("pk") != SSN_READ_REQUESTS_PK]
        for key, table in aws.items()
    }


# Staff routes that are not GETs yet change no one else's data: queries with a body (an export writes
# only the caller's own file), and the caller renaming themself (that handler re-reads the caller's
# records itself: 404 once they are gone).
READ_WITH_A_BODY = {"query_providers", "search_providers", "export_privileges"}
OWN_PROFILE = {"patch_me"}


@pytest.mark.parametrize("route", [route for route in ROUTES if route.auth.kind is AuthKind.STAFF],
                         ids=lambda route: route.key)  # fmt: skip
def test_every_staff_route_that_changes_data_or_reveals_ssns_rechecks(route):
    changes_data = route.method != "GET" and route.operation not in READ_WITH_A_BODY | OWN_PROFILE
    if changes_data or route.auth.scopes == READ_SSN:
        assert route.rechecks_permissions


@pytest.mark.parametrize("route", RECHECKED, ids=lambda route: route.key)
def test_every_function_serving_one_may_read_the_permission_records(route):
    assert any(
        grant.table == USERS.key and grant.access in (Access.READ, Access.READ_WRITE) and not grant.partitions
        for grant in route.function.grants
    )


@pytest.mark.parametrize("route", RECHECKED, ids=lambda route: route.key)
def test_a_token_whose_user_has_no_records_left_is_refused_and_writes_nothing(aws, route, lambda_context):
    before = _items(aws)

    status, body = _call(route, ASLP_EVERYTHING, lambda_context)

    assert (status, body) == (401, {"message": REVOKED})
    assert _items(aws) == before


@pytest.mark.parametrize("route", RECHECKED, ids=lambda route: route.key)
def test_a_token_whose_user_moved_to_another_compact_is_forbidden_and_writes_nothing(
    aws, route, lambda_context
):
    hold(aws["users"], ["profile", "octp/readGeneral", "octp/admin", "octp/readSSN"], user_id=DEFAULT_SUB)
    before = _items(aws)

    status, _ = _call(route, ASLP_EVERYTHING, lambda_context)

    assert status == 403
    assert _items(aws) == before
