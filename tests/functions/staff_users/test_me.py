"""GET / PATCH /v1/staff-users/me through the real handlers."""

from __future__ import annotations

import pytest

from core.models.enums import StaffUserStatus
from core.repositories.users import UsersRepository
from staff_users.read_api import lambda_handler as read
from staff_users.update_api import lambda_handler as update
from tests.functions.conftest import api_event
from tests.functions.staff_users.conftest import ME, TARGET, call

PROFILE = ["profile"]


def _get_me(scopes=PROFILE, sub=TARGET):
    return call(read, api_event("GET", ME, scopes=scopes, sub=sub))


def _patch_me(body, scopes=PROFILE, sub=TARGET):
    return call(update, api_event("PATCH", ME, body=body, scopes=scopes, sub=sub))


@pytest.fixture
def me(seed):
    seed(TARGET, compact="aslp", jurisdictions={"oh": {"write"}}, actions={"readSSN"}, email="me@example.org")
    seed(
        TARGET,
        compact="octp",
        jurisdictions={"ky": {"admin"}},
        email="me@example.org",
        status=StaffUserStatus.ACTIVE,
    )


def test_get_me_merges_every_compact(me):
    status, body = _get_me()

    assert status == 200
    assert body["userId"] == TARGET
    assert body["status"] == "active"
    assert body["attributes"] == {"email": "me@example.org", "givenName": "Jane", "familyName": "Doe"}
    assert body["permissions"] == {
        "aslp": {"actions": {"readSSN": True}, "jurisdictions": {"oh": {"actions": {"write": True}}}},
        "octp": {"actions": {}, "jurisdictions": {"ky": {"actions": {"admin": True}}}},
    }


def test_a_user_in_no_compact_is_not_found(aws):
    assert _get_me() == (404, {"message": "User not found"})
    assert _patch_me({"attributes": {"givenName": "X"}})[0] == 404


def test_me_requires_claims(me):
    assert _get_me(scopes=None)[0] == 401
    assert _patch_me({"attributes": {"givenName": "X"}}, scopes=None)[0] == 401


def test_patch_me_renames_every_record_and_their_index_keys(me, aws):
    status, body = _patch_me({"attributes": {"givenName": " Janet ", "familyName": "Smith"}})

    assert status == 200
    assert body["attributes"] == {"email": "me@example.org", "givenName": "Janet", "familyName": "Smith"}
    assert set(body["permissions"]) == {"aslp", "octp"}
    for compact in ("aslp", "octp"):
        item = aws["users"].get_item(Key={"pk": f"USER#{TARGET}", "sk": f"COMPACT#{compact}"})["Item"]
        assert item["attributes"]["givenName"] == "Janet"
        assert item["attributes"]["familyName"] == "Smith"
        assert item["famGiv"] == "Smith#Janet"
        assert item["permissions"]["jurisdictions"], "permissions are untouched"


def test_patch_me_changes_one_name_and_keeps_the_other(me, aws):
    status, body = _patch_me({"attributes": {"familyName": "Roe"}})

    assert status == 200
    assert body["attributes"]["givenName"] == "Jane"
    records = UsersRepository(aws["users"]).records_of(TARGET)
    assert {(r.attributes.given_name, r.attributes.family_name) for r in records} == {("Jane", "Roe")}


def test_an_empty_patch_changes_nothing(me, aws):
    before = aws["users"].scan()["Items"]

    status, body = _patch_me({})

    assert status == 200
    assert body["attributes"]["familyName"] == "Doe"
    assert aws["users"].scan()["Items"] == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"attributes": {"email": "new@example.org"}}, "attributes.email"),
        ({"permissions": {"aslp": {"actions": {"admin": True}}}}, "permissions"),
        ({"attributes": {"givenName": ""}}, "attributes.givenName"),
        ({"attributes": {"familyName": "x" * 101}}, "attributes.familyName"),
        # A name is left out to keep it; null is not "keep it" (the document has no null).
        ({"attributes": {"givenName": None}}, "attributes.givenName"),
        ({"attributes": {"familyName": "Line\nbreak"}}, "attributes.familyName"),
    ],
)
def test_only_names_may_change(me, aws, body, field):
    before = aws["users"].scan()["Items"]

    status, response = _patch_me(body)

    assert status == 400
    assert field in response["message"]
    assert aws["users"].scan()["Items"] == before
