"""DELETE a staff user and POST .../reinvite, through the real handlers and a moto pool."""

from __future__ import annotations

import pytest

from core.repositories.users import UsersRepository
from staff_users.delete_api import lambda_handler as delete
from staff_users.reinvite_api import lambda_handler as reinvite
from tests.functions.conftest import api_event
from tests.functions.staff_users.conftest import (
    COMPACT_ADMIN,
    OH_ADMIN,
    REINVITE,
    USER,
    Session,
    call,
    cognito_user,
    compact_admin_scopes,
    jurisdiction_admin_scopes,
)

EMAIL = "target@example.org"
PASSWORD = "Perm4nent!pass"
OH_SCOPES = jurisdiction_admin_scopes("oh")


@pytest.fixture
def target(staff_pool, seed):
    """A signed-up staff user (confirmed account) and a function that gives them records."""
    client, pool_id, _ = staff_pool
    client.admin_create_user(UserPoolId=pool_id, Username=EMAIL, MessageAction="SUPPRESS")
    client.admin_set_user_password(UserPoolId=pool_id, Username=EMAIL, Password=PASSWORD, Permanent=True)
    sub = cognito_user(client, pool_id, EMAIL)["sub"]

    def with_records(**compacts):
        for compact, jurisdictions in compacts.items():
            seed(sub, compact=compact, jurisdictions=jurisdictions, email=EMAIL)
        return sub

    return with_records


def _delete(user_id, scopes=None, sub=COMPACT_ADMIN):
    scopes = compact_admin_scopes() if scopes is None else scopes
    event = api_event("DELETE", USER, {"compact": "aslp", "userId": user_id}, scopes=scopes, sub=sub)
    return call(delete, event)


def _reinvite(user_id, scopes=None, sub=COMPACT_ADMIN):
    scopes = compact_admin_scopes() if scopes is None else scopes
    event = api_event("POST", REINVITE, {"compact": "aslp", "userId": user_id}, scopes=scopes, sub=sub)
    return call(reinvite, event)


def _records(aws, user_id):
    return {record.compact for record in UsersRepository(aws["users"]).records_of(user_id)}


# ---- DELETE ------------------------------------------------------------------------------------


def test_compact_admin_deletes_and_the_account_is_disabled(admins, target, staff_pool, aws):
    client, pool_id, _ = staff_pool
    user_id = target(aslp={"oh": {"write"}, "ky": {"write"}})
    session = Session(client, pool_id, EMAIL, PASSWORD)

    assert _delete(user_id) == (200, {"message": "User deleted"})
    assert _records(aws, user_id) == set()
    assert cognito_user(client, pool_id, EMAIL)["enabled"] is False
    assert not session.can_refresh()


def test_a_user_still_in_another_compact_keeps_their_account_but_not_their_sessions(
    admins, target, staff_pool, aws
):
    client, pool_id, calls = staff_pool
    user_id = target(aslp={"oh": {"write"}}, octp={"oh": {"write"}})
    session = Session(client, pool_id, EMAIL, PASSWORD)

    assert _delete(user_id)[0] == 200
    assert _records(aws, user_id) == {"octp"}
    assert cognito_user(client, pool_id, EMAIL)["enabled"] is True
    assert "AdminDisableUser" not in calls.operations()
    assert not session.can_refresh()  # the next sign-in's token no longer carries aslp scopes


def test_jurisdiction_admin_deletes_a_user_wholly_within_their_jurisdictions(admins, target, staff_pool, aws):
    client, pool_id, _ = staff_pool
    user_id = target(aslp={"oh": {"write", "admin"}})

    assert _delete(user_id, OH_SCOPES, OH_ADMIN)[0] == 200
    assert _records(aws, user_id) == set()
    assert cognito_user(client, pool_id, EMAIL)["enabled"] is False


def test_jurisdiction_admin_cannot_delete_a_user_with_permissions_elsewhere(admins, target, staff_pool, aws):
    client, pool_id, _ = staff_pool
    user_id = target(aslp={"oh": {"write"}, "ky": {"write"}})

    status, body = _delete(user_id, OH_SCOPES, OH_ADMIN)

    assert status == 403
    assert "compact admin" in body["message"]
    assert _records(aws, user_id) == {"aslp"}
    assert cognito_user(client, pool_id, EMAIL)["enabled"] is True


def test_jurisdiction_admin_cannot_delete_a_user_with_compact_level_permissions(
    admins, seed, staff_pool, aws
):
    seed("00000000-0000-4000-8000-0000000000e1", jurisdictions={"oh": {"write"}}, actions={"readSSN"})

    assert _delete("00000000-0000-4000-8000-0000000000e1", OH_SCOPES, OH_ADMIN)[0] == 403


def test_jurisdiction_admin_cannot_see_users_outside_their_jurisdictions(admins, target, staff_pool, aws):
    user_id = target(aslp={"ky": {"write"}})

    assert _delete(user_id, OH_SCOPES, OH_ADMIN) == (404, {"message": "User not found"})
    assert _records(aws, user_id) == {"aslp"}


def test_deleting_a_missing_user_is_404(admins, staff_pool):
    assert _delete("no-such-user")[0] == 404


def test_delete_requires_the_caller_to_still_be_a_user_of_the_compact(target, seed, staff_pool, aws):
    user_id = target(aslp={"oh": {"write"}})
    seed(COMPACT_ADMIN, compact="octp", actions={"admin"})  # removed from aslp, still in octp

    assert _delete(user_id)[0] == 403
    assert _records(aws, user_id) == {"aslp"}


def test_delete_is_for_admins_only(admins, target, staff_pool):
    user_id = target(aslp={"oh": {"write"}})

    assert _delete(user_id, ["profile", "aslp/readGeneral", "oh/aslp.write"])[0] == 403
    assert call(delete, api_event("DELETE", USER, {"compact": "aslp", "userId": user_id}))[0] == 401


# ---- reinvite ----------------------------------------------------------------------------------


def test_reinviting_a_confirmed_user_resets_a_temporary_password_then_resends(admins, target, staff_pool):
    *_, calls = staff_pool
    user_id = target(aslp={"oh": {"write"}})

    assert _reinvite(user_id) == (200, {"message": "User reinvited"})
    assert calls.operations() == ["AdminGetUser", "AdminSetUserPassword", "AdminCreateUser"]
    assert calls[1][1]["Permanent"] is False
    assert calls[2][1]["MessageAction"] == "RESEND" and calls[2][1]["Username"] == EMAIL


def test_reinviting_a_user_who_never_signed_in_just_resends(admins, seed, staff_pool):
    client, pool_id, calls = staff_pool
    client.admin_create_user(UserPoolId=pool_id, Username="pending@example.org", MessageAction="SUPPRESS")
    sub = cognito_user(client, pool_id, "pending@example.org")["sub"]
    seed(sub, jurisdictions={"oh": {"write"}}, email="pending@example.org")

    assert _reinvite(sub, OH_SCOPES, OH_ADMIN)[0] == 200
    assert calls.operations() == ["AdminGetUser", "AdminCreateUser"]


def test_jurisdiction_admin_cannot_reinvite_users_they_cannot_see(admins, target, staff_pool):
    _, _, calls = staff_pool
    user_id = target(aslp={"ky": {"write"}})

    assert _reinvite(user_id, OH_SCOPES, OH_ADMIN)[0] == 404
    assert calls == []


def test_reinviting_a_user_missing_from_the_pool_is_404(admins, seed, staff_pool):
    seed("00000000-0000-4000-8000-0000000000e2", jurisdictions={"oh": {"write"}}, email="gone@example.org")

    assert _reinvite("00000000-0000-4000-8000-0000000000e2")[0] == 404


def test_reinvite_requires_the_caller_to_still_be_a_user_of_the_compact(target, seed, staff_pool):
    _, _, calls = staff_pool
    user_id = target(aslp={"oh": {"write"}})
    seed(COMPACT_ADMIN, compact="octp", actions={"admin"})  # removed from aslp, still in octp

    assert _reinvite(user_id)[0] == 403
    assert calls == []
