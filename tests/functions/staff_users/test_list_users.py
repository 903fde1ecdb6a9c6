"""GET /v1/compacts/{compact}/staff-users: visibility, order and pagination through the real handler."""

from __future__ import annotations

import base64
import json

import pytest

from staff_users.read_api import lambda_handler
from tests.functions.conftest import api_event
from tests.functions.staff_callers import hold
from tests.functions.staff_users.conftest import (
    COMPACT_ADMIN,
    OH_ADMIN,
    USERS,
    call,
    compact_admin_scopes,
    jurisdiction_admin_scopes,
)


def _list(scopes, sub=COMPACT_ADMIN, compact="aslp", **query):
    event = api_event("GET", USERS, {"compact": compact}, query=query or None, scopes=scopes, sub=sub)
    return call(lambda_handler, event)


def _user_id(index: int) -> str:
    return f"00000000-0000-4000-8000-{index:012d}"


@pytest.fixture
def thirty_users(admins, seed):
    """30 users besides the two admins, named in reverse of creation order (so key order is not name
    order). Those with ``index % 5`` in (0, 2) hold oh permissions (12 users, one also in ky), the others
    ky only. Returns the ids the Ohio admin sees: those 12 and the Ohio admin themself."""
    visible = []
    for index in range(30):
        in_oh = index % 5 in (0, 2)
        jurisdictions = {"oh": {"write"}} if in_oh else {"ky": {"write"}}
        if index == 10:
            jurisdictions["ky"] = {"admin"}
        seed(_user_id(index), jurisdictions=jurisdictions, family=f"Family{29 - index:02d}", given="Given")
        if in_oh:
            visible.append(_user_id(index))
    return [*visible, OH_ADMIN]


def _read_all(scopes, sub, page_size):
    pages, last_key = [], None
    while True:
        query = {"pageSize": str(page_size)}
        if last_key:
            query["lastKey"] = last_key
        status, body = _list(scopes, sub, **query)
        assert status == 200, body
        pages.append(body)
        assert body["pagination"]["pageSize"] == page_size
        assert body["pagination"].get("prevLastKey") == last_key
        last_key = body["pagination"].get("lastKey")
        if not last_key:
            return pages
        assert len(pages) < 20, "pagination does not end"


def test_jurisdiction_admin_pages_through_exactly_their_users(thirty_users):
    pages = _read_all(jurisdiction_admin_scopes("oh"), OH_ADMIN, page_size=5)

    assert [len(page["users"]) for page in pages] == [5, 5, 3]
    seen = [user["userId"] for page in pages for user in page["users"]]
    assert sorted(seen) == sorted(thirty_users)
    assert len(seen) == len(set(seen)) == 13
    families = [user["attributes"]["familyName"] for page in pages for user in page["users"]]
    assert families == sorted(families)


def test_compact_admin_pages_through_everyone_in_name_order(thirty_users):
    pages = _read_all(compact_admin_scopes(), COMPACT_ADMIN, page_size=7)

    assert [len(page["users"]) for page in pages] == [7, 7, 7, 7, 4]
    families = [user["attributes"]["familyName"] for page in pages for user in page["users"]]
    assert families == ["Admin", "Admin", *(f"Family{index:02d}" for index in range(30))]


def test_an_exactly_full_last_page_has_no_next_key(thirty_users, seed):
    seed(_user_id(99), jurisdictions={"oh": {"readPrivate"}}, family="Family99")  # the Ohio admin's 14th

    pages = _read_all(jurisdiction_admin_scopes("oh"), OH_ADMIN, page_size=7)

    assert [len(page["users"]) for page in pages] == [7, 7]


def test_default_page_size_is_100(thirty_users):
    status, body = _list(compact_admin_scopes())

    assert status == 200
    assert len(body["users"]) == 32
    assert body["pagination"] == {"pageSize": 100}


def test_response_shape(admins, seed):
    seed(
        "00000000-0000-4000-8000-0000000000d1", jurisdictions={"oh": {"write", "admin"}}, actions={"readSSN"}
    )

    status, body = _list(compact_admin_scopes())

    assert status == 200
    (user,) = [user for user in body["users"] if user["userId"].endswith("d1")]
    assert set(user) == {"type", "dateOfUpdate", "userId", "attributes", "permissions", "status"}
    assert user["type"] == "user" and user["status"] == "inactive"
    assert user["dateOfUpdate"].endswith("+00:00")
    assert user["attributes"] == {"email": "00d1@example.org", "givenName": "Jane", "familyName": "Doe"}
    assert user["permissions"] == {
        "aslp": {
            "actions": {"readSSN": True},
            "jurisdictions": {"oh": {"actions": {"admin": True, "write": True}}},
        }
    }


def test_other_compacts_users_are_not_listed(admins, seed):
    seed(_user_id(1), compact="octp", jurisdictions={"oh": {"write"}})

    status, body = _list(compact_admin_scopes())

    assert status == 200
    assert {user["userId"] for user in body["users"]} == {COMPACT_ADMIN, OH_ADMIN}


@pytest.mark.parametrize("page_size", ["4", "101", "many"])
def test_page_size_must_be_between_5_and_100(admins, page_size):
    status, body = _list(compact_admin_scopes(), pageSize=page_size)

    assert status == 400
    assert "pageSize" in body["message"]


def _token(key) -> str:
    return base64.b64encode(json.dumps(key).encode()).decode()


@pytest.mark.parametrize(
    "last_key",
    [
        "not base64!",
        _token(["pk", "sk"]),
        _token({"pk": "USER#x", "sk": "COMPACT#octp", "famGiv": "a#b"}),
        _token({"pk": "USER#x", "sk": "COMPACT#aslp"}),
    ],
)
def test_a_foreign_or_malformed_last_key_is_refused(admins, last_key):
    status, body = _list(compact_admin_scopes(), lastKey=last_key)

    assert status == 400
    assert "lastKey" in body["message"]


@pytest.mark.parametrize(
    "scopes",
    [["profile", "aslp/readGeneral", "oh/aslp.write"], jurisdiction_admin_scopes("oh", compact="octp")],
    ids=["aslp-writer", "octp-admin"],
)
def test_only_admins_of_the_compact_may_list(aws, scopes):
    hold(aws["users"], scopes, user_id=COMPACT_ADMIN)

    assert _list(scopes)[0] == 403


def test_a_request_without_claims_is_unauthorized(aws):
    assert _list(None)[0] == 401
