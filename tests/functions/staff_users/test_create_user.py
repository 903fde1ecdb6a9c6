"""POST /v1/compacts/{compact}/staff-users: invitations through the real handler and a moto pool."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from core.models.enums import StaffUserStatus
from core.repositories.users import UsersRepository
from staff_users import cognito
from staff_users.create_api import lambda_handler
from tests.functions.conftest import api_event
from tests.functions.staff_users.conftest import (
    COMPACT_ADMIN,
    OH_ADMIN,
    USERS,
    call,
    cognito_user,
    compact_admin_scopes,
    jurisdiction_admin_scopes,
)

EMAIL = "new.staff@example.org"


def _body(permissions=None, email=EMAIL, **attributes):
    return {
        "attributes": {"email": email, "givenName": "New", "familyName": "Staff", **attributes},
        "permissions": permissions
        if permissions is not None
        else {"aslp": {"jurisdictions": {"oh": {"actions": {"write": True}}}}},
    }


def _post(body, scopes=None, sub=COMPACT_ADMIN, compact="aslp"):
    scopes = compact_admin_scopes(compact) if scopes is None else scopes
    return call(
        lambda_handler, api_event("POST", USERS, {"compact": compact}, body=body, scopes=scopes, sub=sub)
    )


def test_invites_a_new_user(admins, staff_pool, aws):
    client, pool_id, calls = staff_pool

    status, body = _post(
        _body(
            {
                "aslp": {
                    "actions": {"readPrivate": True},
                    "jurisdictions": {"oh": {"actions": {"write": True, "admin": False}}},
                }
            }
        )
    )

    assert status == 200, body
    account = cognito_user(client, pool_id, EMAIL)
    assert body["userId"] == account["sub"]
    assert account["status"] == "FORCE_CHANGE_PASSWORD"
    assert body["status"] == "inactive"
    assert body["attributes"] == {"email": EMAIL, "givenName": "New", "familyName": "Staff"}
    assert body["permissions"] == {
        "aslp": {"actions": {"readPrivate": True}, "jurisdictions": {"oh": {"actions": {"write": True}}}}
    }
    (operation, params), *_ = calls
    assert operation == "AdminCreateUser"
    assert params["Username"] == EMAIL and params["DesiredDeliveryMediums"] == ["EMAIL"]
    assert {"Name": "email_verified", "Value": "true"} in params["UserAttributes"]
    record = UsersRepository(aws["users"]).get("aslp", account["sub"])
    assert record.status is StaffUserStatus.INACTIVE
    assert aws["users"].get_item(Key={"pk": record.pk, "sk": record.sk})["Item"]["famGiv"] == "Staff#New"


def test_an_existing_account_is_reused_and_new_permissions_added(admins, seed, staff_pool, aws):
    client, pool_id, calls = staff_pool
    seed(COMPACT_ADMIN, compact="octp", actions={"admin"})
    _, first = _post(_body())
    _, octp = _post(
        _body({"octp": {"jurisdictions": {"oh": {"actions": {"write": True}}}}}),
        compact="octp",
        scopes=compact_admin_scopes("octp"),
    )

    status, body = _post(_body({"aslp": {"jurisdictions": {"ky": {"actions": {"admin": True}}}}}))

    assert status == 200
    assert first["userId"] == octp["userId"] == body["userId"] == cognito_user(client, pool_id, EMAIL)["sub"]
    assert body["permissions"]["aslp"]["jurisdictions"] == {
        "oh": {"actions": {"write": True}},
        "ky": {"actions": {"admin": True}},
    }
    assert [op for op in calls.operations() if op == "AdminCreateUser"] == ["AdminCreateUser"] * 3
    assert "AdminEnableUser" not in calls.operations(), "an enabled account is left alone"
    assert len(UsersRepository(aws["users"]).records_of(body["userId"])) == 2


def test_inviting_an_existing_member_never_revokes(admins, staff_pool, aws):
    _post(
        _body({"aslp": {"actions": {"readSSN": True}, "jurisdictions": {"oh": {"actions": {"write": True}}}}})
    )

    status, body = _post(
        _body(
            {"aslp": {"actions": {"readSSN": False}, "jurisdictions": {"oh": {"actions": {"write": False}}}}}
        )
    )

    assert status == 200
    assert body["permissions"] == {
        "aslp": {"actions": {"readSSN": True}, "jurisdictions": {"oh": {"actions": {"write": True}}}}
    }


def test_a_disabled_account_is_enabled_and_invited_again(admins, staff_pool):
    client, pool_id, calls = staff_pool
    client.admin_create_user(UserPoolId=pool_id, Username=EMAIL, MessageAction="SUPPRESS")
    client.admin_set_user_password(
        UserPoolId=pool_id, Username=EMAIL, Password="Perm4nent!pass", Permanent=True
    )
    client.admin_disable_user(UserPoolId=pool_id, Username=EMAIL)
    sub = cognito_user(client, pool_id, EMAIL)["sub"]

    status, body = _post(_body())

    assert status == 200
    assert body["userId"] == sub
    assert cognito_user(client, pool_id, EMAIL)["enabled"] is True
    operations = calls.operations()
    assert operations[operations.index("AdminEnableUser") :] == [
        "AdminEnableUser",
        "AdminSetUserPassword",
        "AdminCreateUser",
    ]
    assert calls[-1][1]["MessageAction"] == "RESEND"
    assert calls[-2][1]["Permanent"] is False


def test_jurisdiction_admin_invites_into_their_jurisdiction(admins, staff_pool):
    status, body = _post(_body(), scopes=jurisdiction_admin_scopes("oh"), sub=OH_ADMIN)

    assert status == 200
    assert body["permissions"]["aslp"]["jurisdictions"] == {"oh": {"actions": {"write": True}}}


@pytest.mark.parametrize(
    "permissions",
    [
        {"aslp": {"actions": {"admin": True}}},
        {"aslp": {"actions": {"readSSN": True}, "jurisdictions": {"oh": {"actions": {"write": True}}}}},
        {"aslp": {"jurisdictions": {"ky": {"actions": {"write": True}}}}},
    ],
)
def test_jurisdiction_admin_cannot_grant_beyond_their_jurisdiction(admins, staff_pool, aws, permissions):
    _, _, calls = staff_pool

    status, _ = _post(_body(permissions), scopes=jurisdiction_admin_scopes("oh"), sub=OH_ADMIN)

    assert status == 403
    assert calls == [], "no account is created for a refused invitation"


@pytest.mark.parametrize(
    ("permissions", "status_code"),
    [
        ({"octp": {"jurisdictions": {"oh": {"actions": {"write": True}}}}}, 400),
        ({"aslp": {}, "octp": {}}, 400),
        ({}, 400),
        ({"aslp": {"jurisdictions": {"wa": {"actions": {"write": True}}}}}, 400),
    ],
)
def test_permissions_must_be_in_the_path_compact_and_its_active_jurisdictions(
    admins, staff_pool, permissions, status_code
):
    _, _, calls = staff_pool
    scopes = compact_admin_scopes("aslp") + compact_admin_scopes("octp")

    status, body = _post(_body(permissions), scopes=scopes)

    assert status == status_code
    assert "permissions" in body["message"]
    assert calls == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"attributes": {"email": EMAIL, "givenName": "New"}, "permissions": {"aslp": {}}},
            "attributes.familyName",
        ),
        (
            {"attributes": {"email": "nope", "givenName": "A", "familyName": "B"}, "permissions": {}},
            "attributes.email",
        ),
        (_body(givenName=""), "attributes.givenName"),
        (_body(familyName="x" * 101), "attributes.familyName"),
        ({"attributes": {"email": EMAIL, "givenName": "A", "familyName": "B"}}, "permissions"),
        ({**_body(), "userId": "chosen"}, "userId"),
        (_body({"aslp": {"jurisdictions": {"oh": {"actions": {"delete": True}}}}}), "delete"),
        # Flags are JSON booleans: a truthy string or number never grants anything.
        (_body({"aslp": {"jurisdictions": {"oh": {"actions": {"write": "yes"}}}}}), "write"),
        (_body({"aslp": {"actions": {"admin": 1}}}), "admin"),
        (_body(givenName="New\nLine"), "attributes.givenName"),
        (_body(familyName="Tab\t"), "attributes.familyName"),
        (_body(email="someone@localhost"), "attributes.email"),
        ([_body()], "body"),
    ],
)
def test_bad_bodies_are_400s_naming_the_field(admins, staff_pool, body, field):
    status, response = _post(body)

    assert status == 400
    assert field in response["message"]


def test_an_address_cognito_refuses_is_a_400_naming_the_email(admins, staff_pool):
    """Cognito has rules of its own on addresses; its refusal is the caller's to fix, not a 5xx."""

    def refuse(**_: object) -> tuple[object, dict]:
        error = {"Code": "InvalidParameterException", "Message": "Invalid email address format."}
        return SimpleNamespace(status_code=400), {"Error": error, "ResponseMetadata": {"HTTPStatusCode": 400}}

    events = cognito.cognito_client().meta.events
    events.register("before-call.cognito-idp.AdminCreateUser", refuse)
    try:
        status, body = _post(_body())
    finally:
        events.unregister("before-call.cognito-idp.AdminCreateUser", refuse)

    assert status == 400
    assert body["message"] == "Invalid request: attributes.email: Invalid email address format."


def test_names_and_email_are_trimmed(admins, staff_pool):
    status, body = _post(_body(email=f"  {EMAIL} ", givenName=" New "))

    assert status == 200
    assert body["attributes"] == {"email": EMAIL, "givenName": "New", "familyName": "Staff"}


def test_a_caller_removed_from_the_compact_cannot_invite(seed, staff_pool):
    _, _, calls = staff_pool
    seed(COMPACT_ADMIN, compact="octp", actions={"admin"})  # removed from aslp, still in octp

    assert _post(_body())[0] == 403
    assert calls == []


def test_non_admins_are_refused_and_anonymous_callers_unauthorized(admins, staff_pool):
    assert _post(_body(), scopes=["profile", "aslp/readGeneral", "oh/aslp.write"])[0] == 403
    assert call(lambda_handler, api_event("POST", USERS, {"compact": "aslp"}, body=_body()))[0] == 401
