"""The practitioners' user pool, as their account flows use it (spec §9.1, §9.2).

Accounts are addressed by email: the pool signs in by email, an alias of each account's generated username,
and admin calls accept either. Each carries the immutable ``custom:compact`` and
``custom:providerId`` of the one provider record it belongs to; Cognito emails the temporary password
(through the pool's custom-message trigger) when an account is created or its invitation resent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.aws import client_error, cognito_client, error_code
from core.resources import granted
from core.user_pools import SIGN_IN_CHECK, UserPoolName

FORCE_CHANGE_PASSWORD = "FORCE_CHANGE_PASSWORD"
"""Invited, and the temporary password never replaced: the invitee has not signed in yet."""


_SIGN_IN_REFUSALS = frozenset(
    {
        "NotAuthorizedException",
        "UserNotFoundException",
        "UserNotConfirmedException",
        "PasswordResetRequiredException",
    }
)


class UsernameTaken(Exception):
    """Another account already uses this email."""


@dataclass(frozen=True)
class PoolAccount:
    status: str
    last_modified: datetime


class ProviderPool:
    """Admin operations on the provider pool; the pool id is the running function's grant."""

    def __init__(self, client: Any | None = None) -> None:
        self._client = client

    @property
    def client(self) -> Any:
        return self._client or cognito_client()

    def _pool(self, action: str) -> str:
        return granted().user_pool_id(UserPoolName.PROVIDER, action)

    def account(self, email: str) -> PoolAccount | None:
        """The account signed in as ``email``, or None when there is none."""
        try:
            user = self.client.admin_get_user(
                UserPoolId=self._pool("cognito-idp:AdminGetUser"), Username=email
            )
        except client_error() as error:
            if error_code(error) == "UserNotFoundException":
                return None
            raise
        return PoolAccount(status=user["UserStatus"], last_modified=user["UserLastModifiedDate"])

    def create(self, email: str, compact: str, provider_id: str) -> None:
        """A new account for the provider; Cognito sends the temporary password. Raises
        :class:`UsernameTaken` when the email already has an account."""
        try:
            self.client.admin_create_user(
                UserPoolId=self._pool("cognito-idp:AdminCreateUser"),
                Username=email,
                UserAttributes=[
                    {"Name": "custom:compact", "Value": compact},
                    {"Name": "custom:providerId", "Value": provider_id},
                    {"Name": "email", "Value": email},
                    {"Name": "email_verified", "Value": "true"},
                ],
                DesiredDeliveryMediums=["EMAIL"],
            )
        except client_error() as error:
            if error_code(error) == "UsernameExistsException":
                raise UsernameTaken(email) from error
            raise

    def resend_invitation(self, email: str) -> None:
        """A new temporary password for an invitee who never signed in."""
        self.client.admin_create_user(
            UserPoolId=self._pool("cognito-idp:AdminCreateUser"),
            Username=email,
            MessageAction="RESEND",
            DesiredDeliveryMediums=["EMAIL"],
        )

    def password_works(self, email: str, password: str) -> bool:
        """Whether ``email`` signs in with ``password``, as the UI would (a pending MFA challenge counts:
        the password was right). Any refusal — wrong password, no such account, a disabled one — is False."""
        try:
            answer = self.client.admin_initiate_auth(
                UserPoolId=self._pool(SIGN_IN_CHECK),
                ClientId=granted().user_pool_client_id(UserPoolName.PROVIDER),
                AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": email, "PASSWORD": password},
            )
        except client_error() as error:
            if error_code(error) in _SIGN_IN_REFUSALS:
                return False
            raise
        return "ChallengeName" in answer or "AuthenticationResult" in answer

    def recreate(self, email: str, compact: str, provider_id: str) -> None:
        """The account replaced by a new one with the same attributes: a new temporary password (emailed)
        and, at first sign-in, a new MFA device; the lost device and the old password stop working."""
        self.delete(email)
        self.create(email, compact, provider_id)

    def change_email(self, username: str, new: str) -> None:
        """The account ``username`` signs in as ``new`` from now on (verified: the practitioner proved they
        read it). Raises :class:`UsernameTaken` when another account has taken ``new`` meanwhile."""
        try:
            self.client.admin_update_user_attributes(
                UserPoolId=self._pool("cognito-idp:AdminUpdateUserAttributes"),
                Username=username,
                UserAttributes=[{"Name": "email", "Value": new}, {"Name": "email_verified", "Value": "true"}],
            )
        except client_error() as error:
            if error_code(error) in ("AliasExistsException", "UsernameExistsException"):
                raise UsernameTaken(new) from error
            raise

    def delete(self, email: str) -> None:
        """Remove the account; one already gone is not an error."""
        try:
            self.client.admin_delete_user(
                UserPoolId=self._pool("cognito-idp:AdminDeleteUser"), Username=email
            )
        except client_error() as error:
            if error_code(error) != "UserNotFoundException":
                raise
