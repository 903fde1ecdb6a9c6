"""Staff-user handlers run against moto: the catalog's users table plus a moto staff user pool."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from core.models.enums import StaffUserStatus
from core.models.staff_user import StaffUser, StaffUserAttributes, StaffUserPermissions
from staff_users import cognito
from tests.functions.moto_clients import moto_client

COMPACT_ADMIN = "00000000-0000-4000-8000-00000000000a"
OH_ADMIN = "00000000-0000-4000-8000-00000000000b"
TARGET = "00000000-0000-4000-8000-00000000000c"

USERS = "/v1/compacts/{compact}/staff-users"
USER = "/v1/compacts/{compact}/staff-users/{userId}"
REINVITE = "/v1/compacts/{compact}/staff-users/{userId}/reinvite"
ME = "/v1/staff-users/me"


def compact_admin_scopes(compact: str = "aslp") -> list[str]:
    return ["profile", f"{compact}/readGeneral", f"{compact}/admin"]


def jurisdiction_admin_scopes(*jurisdictions: str, compact: str = "aslp") -> list[str]:
    return ["profile", f"{compact}/readGeneral", *(f"{jur}/{compact}.admin" for jur in jurisdictions)]


def call(handler: Callable[[dict, Any], dict], event: dict[str, Any]) -> tuple[int, Any]:
    response = handler(event, None)
    return response["statusCode"], json.loads(response["body"])


def make_user(
    user_id: str,
    compact: str = "aslp",
    jurisdictions: dict[str, set[str]] | None = None,
    actions: set[str] | None = None,
    family: str = "Doe",
    given: str = "Jane",
    email: str | None = None,
    status: StaffUserStatus = StaffUserStatus.INACTIVE,
) -> StaffUser:
    return StaffUser(
        user_id=user_id,
        compact=compact,
        attributes=StaffUserAttributes(
            email=email or f"{user_id[-4:]}@example.org", given_name=given, family_name=family
        ),
        permissions=StaffUserPermissions(actions=actions or set(), jurisdictions=jurisdictions or {}),
        status=status,
    )


@pytest.fixture
def seed(aws) -> Callable[..., StaffUser]:
    """Writes a users-table record (see :func:`make_user` for the arguments)."""

    def put(user_id: str, **fields: Any) -> StaffUser:
        user = make_user(user_id, **fields)
        aws["users"].put_item(Item=user.to_item())
        return user

    return put


@pytest.fixture
def admins(seed) -> None:
    """The callers' own records: admins acting on a compact must still belong to it."""
    seed(COMPACT_ADMIN, actions={"admin"}, family="Admin", given="Compact", email="compact.admin@example.org")
    seed(
        OH_ADMIN, jurisdictions={"oh": {"admin"}}, family="Admin", given="Ohio", email="oh.admin@example.org"
    )


class CognitoCalls(list):
    """(operation, parameters) of every call the handlers made to the staff pool."""

    def operations(self) -> list[str]:
        return [operation for operation, _ in self]


@pytest.fixture
def staff_pool(aws, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, str, CognitoCalls]]:
    """A moto staff pool (email as username, like the real one) wired into the handlers' environment."""
    client = moto_client("cognito-idp")  # not the handlers' client, whose calls are recorded
    pool_id = client.create_user_pool(PoolName="staff", UsernameAttributes=["email"])["UserPool"]["Id"]
    monkeypatch.setenv("STAFF_USER_POOL_ID", pool_id)
    calls = CognitoCalls()

    def record(params: dict[str, Any], model: Any, **_: Any) -> None:
        calls.append((model.name, dict(params)))

    events = cognito.cognito_client().meta.events
    events.register("provide-client-params.cognito-idp.*", record)
    yield client, pool_id, calls
    events.unregister("provide-client-params.cognito-idp.*", record)


def cognito_user(client: Any, pool_id: str, email: str) -> dict[str, Any]:
    user = client.admin_get_user(UserPoolId=pool_id, Username=email)
    return {
        "sub": next(attr["Value"] for attr in user["UserAttributes"] if attr["Name"] == "sub"),
        "enabled": user["Enabled"],
        "status": user["UserStatus"],
    }


class Session:
    """A staff user's signed-in session on the moto pool: does its refresh token still work?"""

    def __init__(self, client: Any, pool_id: str, email: str, password: str) -> None:
        self._client, self._pool_id = client, pool_id
        self._client_id = client.create_user_pool_client(
            UserPoolId=pool_id,
            ClientName="session",
            ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        )["UserPoolClient"]["ClientId"]
        signed_in = client.admin_initiate_auth(
            UserPoolId=pool_id,
            ClientId=self._client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )
        self._refresh_token = signed_in["AuthenticationResult"]["RefreshToken"]

    def can_refresh(self) -> bool:
        try:
            self._client.admin_initiate_auth(
                UserPoolId=self._pool_id,
                ClientId=self._client_id,
                AuthFlow="REFRESH_TOKEN_AUTH",
                AuthParameters={"REFRESH_TOKEN": self._refresh_token},
            )
        except self._client.exceptions.NotAuthorizedException:
            return False
        return True
