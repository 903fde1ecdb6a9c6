"""The staff user pool, as staff-user administration uses it.

Users are addressed by email: the pool's username attribute, so it is accepted wherever Cognito asks
for a username, and it is what the users-table record holds. The client is created on first use and
reused by the container; the pool id comes from the running function's pool grant for each call.
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from core.aws import client_error, cognito_client, error_code
from core.errors import InvalidRequest, NotFound
from core.resources import granted
from core.user_pools import UserPoolName

# Statuses in which Cognito refuses to resend an invitation until the user has a temporary password.
_NEEDS_TEMPORARY_PASSWORD = {"CONFIRMED", "RESET_REQUIRED"}


def _sub(attributes: list[dict[str, str]]) -> str:
    return next(attribute["Value"] for attribute in attributes if attribute["Name"] == "sub")


def _throwaway_password() -> str:
    """A temporary password nobody learns: it only moves the user back to FORCE_CHANGE_PASSWORD, so
    Cognito will send a fresh invitation (with its own new temporary password). Satisfies any policy
    of length <= 40 (upper, lower, digit and symbol)."""
    return secrets.token_urlsafe(30) + secrets.choice(string.ascii_uppercase) + "a1!"


class StaffPool:
    """Admin operations on the staff user pool."""

    def __init__(self, client: Any | None = None, pool_id: str | None = None) -> None:
        self._client = client
        self._pool_id = pool_id

    @property
    def client(self) -> Any:
        return self._client or cognito_client()

    def _pool(self, action: str) -> str:
        """The pool id given, else the one the running function was granted ``action`` on."""
        return self._pool_id or granted().user_pool_id(UserPoolName.STAFF, action)

    def invite(self, email: str) -> str:
        """The Cognito ``sub`` of the staff user with this email, inviting them if they are new.

        A new user gets a verified email and Cognito's invitation with a temporary password. An
        existing user keeps their account (and ``sub``); one that was disabled (removed from every
        compact) is enabled again and re-invited, as a removed user's password is no longer theirs
        to rely on.
        """
        try:
            created = self.client.admin_create_user(
                UserPoolId=self._pool("cognito-idp:AdminCreateUser"),
                Username=email,
                UserAttributes=[
                    {"Name": "email", "Value": email},
                    {"Name": "email_verified", "Value": "true"},
                ],
                DesiredDeliveryMediums=["EMAIL"],
            )
        except client_error() as error:
            if error_code(error) == "InvalidParameterException":
                # Cognito's own rules on addresses are not all knowable up front; the caller's input
                # is what it refused, so this is theirs to fix (400), not a fault of the service.
                detail = error.response.get("Error", {}).get("Message") or "refused by the user pool"
                raise InvalidRequest(f"Invalid request: attributes.email: {detail}") from error
            if error_code(error) != "UsernameExistsException":
                raise
        else:
            return _sub(created["User"]["Attributes"])
        existing = self.client.admin_get_user(
            UserPoolId=self._pool("cognito-idp:AdminGetUser"), Username=email
        )
        if not existing.get("Enabled", True):
            self.client.admin_enable_user(
                UserPoolId=self._pool("cognito-idp:AdminEnableUser"), Username=email
            )
            self._resend_invitation(email, existing["UserStatus"])
        return _sub(existing["UserAttributes"])

    def reinvite(self, email: str) -> None:
        """Send the invitation again (404 when the pool has no such user)."""
        try:
            user = self.client.admin_get_user(
                UserPoolId=self._pool("cognito-idp:AdminGetUser"), Username=email
            )
        except client_error() as error:
            if error_code(error) == "UserNotFoundException":
                raise NotFound("User not found") from error
            raise
        self._resend_invitation(email, user["UserStatus"])

    def disable(self, email: str) -> None:
        """Block sign-in; a user already gone from the pool needs nothing more."""
        try:
            self.client.admin_disable_user(
                UserPoolId=self._pool("cognito-idp:AdminDisableUser"), Username=email
            )
        except client_error() as error:
            if error_code(error) != "UserNotFoundException":
                raise

    def sign_out(self, email: str) -> None:
        """Revoke every refresh token the user holds (their devices must sign in again, and get only
        the scopes their records grant now); a user already gone from the pool holds none."""
        try:
            self.client.admin_user_global_sign_out(
                UserPoolId=self._pool("cognito-idp:AdminUserGlobalSignOut"), Username=email
            )
        except client_error() as error:
            if error_code(error) != "UserNotFoundException":
                raise

    def set_password(self, email: str, password: str) -> None:
        """Give a user a permanent password (operators seeding the first users; the local sandbox)."""
        self.client.admin_set_user_password(
            UserPoolId=self._pool("cognito-idp:AdminSetUserPassword"),
            Username=email,
            Password=password,
            Permanent=True,
        )

    def _resend_invitation(self, email: str, status: str) -> None:
        if status in _NEEDS_TEMPORARY_PASSWORD:
            self.client.admin_set_user_password(
                UserPoolId=self._pool("cognito-idp:AdminSetUserPassword"),
                Username=email,
                Password=_throwaway_password(),
                Permanent=False,
            )
        self.client.admin_create_user(
            UserPoolId=self._pool("cognito-idp:AdminCreateUser"),
            Username=email,
            MessageAction="RESEND",
            DesiredDeliveryMediums=["EMAIL"],
        )
