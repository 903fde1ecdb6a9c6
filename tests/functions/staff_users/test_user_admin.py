"""GET / PATCH one staff user: visibility and the permission-change rules, through the real handlers."""

from __future__ import annotations

import pytest

from core.repositories.users import UsersRepository
from staff_users.read_api import lambda_handler as read
from staff_users.update_api import lambda_handler as update
from tests.functions.conftest import api_event
from tests.functions.staff_users.conftest import (
    COMPACT_ADMIN,
    OH_ADMIN,
    TARGET,
    USER,
    Session,
    call,
    compact_admin_scopes,
    jurisdiction_admin_scopes,
)

OH_SCOPES = jurisdiction_admin_scopes("oh")


def _get(scopes, sub=COMPACT_ADMIN, user_id=TARGET):
    return call(read, api_event("GET", USER, {"compact": "aslp", "userId": user_id}, scopes=scopes, sub=sub))


def _patch(body, scopes, sub=COMPACT_ADMIN, user_id=TARGET):
    event = api_event(
        "PATCH", USER, {"compact": "aslp", "userId": user_id}, body=body, scopes=scopes, sub=sub
    )
    return call(update, event)


def _stored(aws, user_id=TARGET):
    return UsersRepository(aws["users"]).get("aslp", user_id)


# ---- GET ---------------------------------------------------------------------------------------


def test_compact_admin_gets_any_user(admins, seed):
    seed(TARGET, jurisdictions={"ky": {"write"}}, actions={"readPrivate"})

    status, body = _get(compact_admin_scopes())

    assert status == 200
    assert body["userId"] == TARGET
    assert body["permissions"] == {
        "aslp": {"actions": {"readPrivate": True}, "jurisdictions": {"ky": {"actions": {"write": True}}}}
    }


def test_jurisdiction_admin_gets_a_user_sharing_a_jurisdiction_with_all_their_permissions(admins, seed):
    seed(TARGET, jurisdictions={"oh": {"write"}, "ky": {"admin"}})

    status, body = _get(OH_SCOPES, OH_ADMIN)

    assert status == 200
    assert set(body["permissions"]["aslp"]["jurisdictions"]) == {"oh", "ky"}


def test_a_user_outside_the_admins_jurisdictions_looks_absent(admins, seed):
    seed(TARGET, jurisdictions={"ky": {"write"}})

    assert _get(OH_SCOPES, OH_ADMIN) == _get(OH_SCOPES, OH_ADMIN, user_id="no-such-user")
    assert _get(OH_SCOPES, OH_ADMIN)[0] == 404


def test_a_user_of_another_compact_is_not_found(admins, seed):
    seed(TARGET, compact="octp", jurisdictions={"oh": {"write"}})

    assert _get(compact_admin_scopes())[0] == 404


def test_non_admins_are_refused_and_anonymous_callers_unauthorized(admins, seed):
    seed(TARGET, jurisdictions={"oh": {"write"}})

    assert _get(["profile", "aslp/readGeneral", "oh/aslp.write"])[0] == 403
    assert _get(None)[0] == 401


# ---- PATCH -------------------------------------------------------------------------------------


def test_compact_admin_grants_and_revokes(admins, seed, aws, staff_pool):
    seed(TARGET, jurisdictions={"oh": {"write", "readPrivate"}}, actions={"readSSN"})
    body = {
        "permissions": {
            "aslp": {
                "actions": {"admin": True, "readSSN": False},
                "jurisdictions": {"oh": {"actions": {"write": False}}, "ky": {"actions": {"admin": True}}},
            }
        }
    }

    status, response = _patch(body, compact_admin_scopes())

    assert status == 200
    assert response["permissions"] == {
        "aslp": {
            "actions": {"admin": True},
            "jurisdictions": {"ky": {"actions": {"admin": True}}, "oh": {"actions": {"readPrivate": True}}},
        }
    }
    stored = _stored(aws)
    assert stored.permissions.actions == {"admin"}
    assert stored.permissions.jurisdictions == {"ky": {"admin"}, "oh": {"readPrivate"}}
    assert stored.revision == 1


def test_revoking_signs_the_user_out_everywhere_and_granting_does_not(admins, seed, staff_pool):
    client, pool_id, _ = staff_pool
    email, password = "target@example.org", "Perm4nent!pass"
    client.admin_create_user(UserPoolId=pool_id, Username=email, MessageAction="SUPPRESS")
    client.admin_set_user_password(UserPoolId=pool_id, Username=email, Password=password, Permanent=True)
    seed(TARGET, jurisdictions={"oh": {"write"}}, email=email)
    session = Session(client, pool_id, email, password)

    def change(oh_actions):
        body = {"permissions": {"aslp": {"jurisdictions": {"oh": {"actions": oh_actions}}}}}
        assert _patch(body, compact_admin_scopes())[0] == 200

    change({"readPrivate": True})
    assert session.can_refresh()

    change({"write": False})
    assert not session.can_refresh()


def test_revoking_a_jurisdictions_last_action_removes_it(admins, seed, aws, staff_pool):
    seed(TARGET, jurisdictions={"oh": {"write"}, "ky": {"write"}})

    status, body = _patch(
        {"permissions": {"aslp": {"jurisdictions": {"oh": {"actions": {"write": False}}}}}},
        OH_SCOPES,
        OH_ADMIN,
    )

    assert status == 200
    assert body["permissions"]["aslp"]["jurisdictions"] == {"ky": {"actions": {"write": True}}}
    assert "oh" not in _stored(aws).permissions.jurisdictions


def test_jurisdiction_admin_changes_their_jurisdiction(admins, seed, aws):
    seed(TARGET, jurisdictions={"oh": {"write"}})

    body = {"permissions": {"aslp": {"jurisdictions": {"oh": {"actions": {"readSSN": True, "admin": True}}}}}}
    status, response = _patch(body, OH_SCOPES, OH_ADMIN)

    assert status == 200
    assert response["permissions"]["aslp"]["jurisdictions"]["oh"]["actions"] == {
        "write": True,
        "readSSN": True,
        "admin": True,
    }
    assert _stored(aws).permissions.jurisdictions == {"oh": {"write", "readSSN", "admin"}}


@pytest.mark.parametrize(
    "permissions",
    [
        {"actions": {"admin": True}},
        {"actions": {"readSSN": False}},
        {"actions": {"readPrivate": True}},
        {"jurisdictions": {"ky": {"actions": {"write": True}}}},
        {"jurisdictions": {"oh": {"actions": {"write": True}}, "ky": {"actions": {"write": False}}}},
    ],
)
def test_jurisdiction_admin_cannot_change_compact_level_or_other_jurisdictions(
    admins, seed, aws, permissions
):
    seed(TARGET, jurisdictions={"oh": {"write"}, "ky": {"write"}}, actions={"readSSN"})

    status, _ = _patch({"permissions": {"aslp": permissions}}, OH_SCOPES, OH_ADMIN)

    assert status == 403
    assert _stored(aws).revision == 0, "nothing was written"


def test_jurisdiction_admin_cannot_patch_a_user_they_cannot_see(admins, seed, aws):
    seed(TARGET, jurisdictions={"ky": {"write"}})

    body = {"permissions": {"aslp": {"jurisdictions": {"oh": {"actions": {"write": True}}}}}}
    status, _ = _patch(body, OH_SCOPES, OH_ADMIN)

    assert status == 404
    assert _stored(aws).permissions.jurisdictions == {"ky": {"write"}}


def test_an_inactive_jurisdiction_is_a_bad_request(admins, seed):
    seed(TARGET, jurisdictions={"oh": {"write"}})

    body = {"permissions": {"aslp": {"jurisdictions": {"wa": {"actions": {"write": True}}}}}}
    status, response = _patch(body, compact_admin_scopes())

    assert status == 400
    assert "jurisdictions.wa" in response["message"]


def test_patch_may_not_name_another_compact(admins, seed):
    seed(TARGET, jurisdictions={"oh": {"write"}})

    body = {"permissions": {"octp": {"jurisdictions": {"oh": {"actions": {"write": True}}}}}}
    status, response = _patch(body, compact_admin_scopes("aslp") + compact_admin_scopes("octp"))

    assert status == 400
    assert "octp" in response["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"permissions": {"aslp": {"actions": {"write": True}}}}, "actions.write"),
        ({"permissions": {"aslp": {"jurisdictions": {"oh": {"actions": {"read": True}}}}}}, "read"),
        ({"permissions": {"aslp": {"actions": {"admin": "yes please"}}}}, "admin"),
        ({"permissions": {"aslp": {"actions": {"admin": "true"}}}}, "admin"),
        ({"permissions": {"aslp": {"jurisdictions": {"oh": {"actions": {"write": 0}}}}}}, "write"),
        ({"permissions": {"aslp": {"jurisdictions": {"oh": {"actions": {"write": None}}}}}}, "write"),
        ({"permissions": {"aslp": {"actions": None}}}, "actions"),
        ({"attributes": {"givenName": "X"}}, "attributes"),
    ],
)
def test_bad_bodies_are_400s_naming_the_field(admins, seed, body, field):
    seed(TARGET, jurisdictions={"oh": {"write"}})

    status, response = _patch(body, compact_admin_scopes())

    assert status == 400
    assert field in response["message"]


def test_patch_requires_the_caller_to_still_be_a_user_of_the_compact(seed, aws):
    seed(TARGET, jurisdictions={"oh": {"write"}})
    seed(COMPACT_ADMIN, compact="octp", actions={"admin"})  # removed from aslp, still in octp

    body = {"permissions": {"aslp": {"jurisdictions": {"oh": {"actions": {"admin": True}}}}}}
    status, _ = _patch(body, compact_admin_scopes())

    assert status == 403
    assert _stored(aws).permissions.jurisdictions == {"oh": {"write"}}


def test_an_empty_patch_returns_the_user_unchanged(admins, seed, aws):
    seed(TARGET, jurisdictions={"oh": {"write"}})

    status, body = _patch({}, compact_admin_scopes())

    assert status == 200
    assert body["permissions"] == {
        "aslp": {"actions": {}, "jurisdictions": {"oh": {"actions": {"write": True}}}}
    }
    assert _stored(aws).revision == 0


def test_patching_a_missing_user_is_404(admins):
    body = {"permissions": {"aslp": {"jurisdictions": {"oh": {"actions": {"write": True}}}}}}

    assert _patch(body, compact_admin_scopes(), user_id="no-such-user")[0] == 404
