"""Staff sign-in: the scopes a token gets from the user's permission records."""

from __future__ import annotations

import pytest

from core.models.staff_user import StaffUser, StaffUserAttributes, StaffUserPermissions
from core.staff_scopes import UnknownPermission, scopes_for
from staff_auth.pre_token import lambda_handler

SUB = "5b1f7f1e-8a55-4f64-9d43-2a4c8d0c7b11"


def _record(compact: str, actions=(), jurisdictions=None, status="inactive") -> StaffUser:
    return StaffUser(
        user_id=SUB,
        compact=compact,
        attributes=StaffUserAttributes(email="ada@example.org", given_name="Ada", family_name="Lovelace"),
        permissions=StaffUserPermissions(actions=set(actions), jurisdictions=jurisdictions or {}),
        status=status,
    )


def _event(sub: str | None = SUB) -> dict:
    attributes = {"sub": sub, "email": "ada@example.org"} if sub else {}
    return {
        "version": "2",
        "triggerSource": "TokenGeneration_Authentication",
        "request": {"userAttributes": attributes},
        "response": {},
    }


def test_scopes_for_compact_and_jurisdiction_grants(local_config):
    records = [
        _record("aslp", actions={"read", "admin"}),
        _record("octp", jurisdictions={"ky": {"write", "readPrivate"}, "oh": {"admin"}}),
    ]

    assert scopes_for(records, local_config.compacts) == [
        "profile",
        "aslp/admin",
        "aslp/readGeneral",
        "ky/octp.readPrivate",
        "ky/octp.write",
        "octp/readGeneral",
        "oh/octp.admin",
    ]


@pytest.mark.parametrize(
    "record",
    [
        _record("nursing"),
        _record("aslp", actions={"write"}),  # there is no compact-level write grant
        _record("aslp", jurisdictions={"tx": {"write"}}),  # not an active member of aslp
        _record("aslp", jurisdictions={"oh": {"readGeneral"}}),
    ],
)
def test_anything_unknown_refuses_the_sign_in(local_config, record):
    with pytest.raises(UnknownPermission):
        scopes_for([record], local_config.compacts)


def test_the_trigger_adds_scopes_suppresses_self_service_and_activates(aws, lambda_context):
    users = aws["users"]
    users.put_item(Item=_record("aslp", jurisdictions={"oh": {"admin"}}).to_item())

    event = lambda_handler(_event(), lambda_context)

    details = event["response"]["claimsAndScopeOverrideDetails"]["accessTokenGeneration"]
    assert details["scopesToAdd"] == ["profile", "aslp/readGeneral", "oh/aslp.admin"]
    assert details["scopesToSuppress"] == ["aws.cognito.signin.user.admin"]
    assert users.get_item(Key={"pk": f"USER#{SUB}", "sk": "COMPACT#aslp"})["Item"]["status"] == "active"


@pytest.mark.parametrize("sub", [None, "9d1f7f1e-8a55-4f64-9d43-2a4c8d0c7b11"])
def test_a_user_without_records_cannot_sign_in(aws, sub, lambda_context):
    with pytest.raises(UnknownPermission):
        lambda_handler(_event(sub), lambda_context)


def test_a_bad_record_fails_without_activating_anything(aws, lambda_context):
    aws["users"].put_item(Item=_record("aslp", jurisdictions={"oh": {"delete"}}).to_item())

    with pytest.raises(UnknownPermission):
        lambda_handler(_event(), lambda_context)

    assert (
        aws["users"].get_item(Key={"pk": f"USER#{SUB}", "sk": "COMPACT#aslp"})["Item"]["status"] == "inactive"
    )
