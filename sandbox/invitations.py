"""The user pools' emails in the sandbox: Cognito's invitation, with a temporary password that works.

The emulator's Cognito creates an invited user without a password and sends nothing, so an invited
staff user could not sign in. Cognito itself makes up a temporary password that meets the pool's
policy, asks the pool's custom-message trigger for the wording (with ``{####}`` and ``{username}`` in it)
and sends the message with those filled in. The sandbox does the same for the pools it is given: it runs
the pool's real trigger function and sends the result through the emulator's SES from the pool's address,
so the invitation lands in the mailbox (``sandbox.mailbox``). ``MessageAction=RESEND`` gives the user a
new temporary password and sends the invitation again, keeping the user (the emulator would replace it
with a new one, a new ``sub`` and no attributes); ``SUPPRESS`` sends nothing.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from html import escape
from typing import Any

from moto.cognitoidp.models import CognitoIdpBackend, UserStatus
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from core.catalog import FunctionSpec
from notifications.cognito_messages import Pool
from notifications.rendering import RenderedEmail
from notifications.sending import mime_message
from sandbox.emulator import REGION
from sandbox.invoke import invoke
from sandbox.mailbox import plain_text

INVITATION_TRIGGER = "CustomMessage_AdminCreateUser"
SYMBOLS = "^$*.[]{}()?!@#%&"


@dataclass(frozen=True)
class PoolMail:
    trigger: FunctionSpec
    pool: Pool
    sender: str


_pools: dict[str, PoolMail] = {}
_create_user = CognitoIdpBackend.admin_create_user


def install(pool_id: str, mail: PoolMail) -> None:
    """Cognito's invitations for this pool from now on (the sandbox's seeded users are not invited)."""
    _pools[pool_id] = mail
    CognitoIdpBackend.admin_create_user = _admin_create_user  # type: ignore[method-assign,assignment]


def temporary_password(minimum_length: int) -> str:
    """A password any pool policy accepts: lower and upper case, digits and symbols, 14+ characters."""
    alphabets = (string.ascii_lowercase, string.ascii_uppercase, string.digits, SYMBOLS)
    length = max(minimum_length, 14)
    characters = [secrets.choice(alphabet) for alphabet in alphabets]
    characters += [
        secrets.choice(string.ascii_letters + string.digits) for _ in range(length - len(characters))
    ]
    secrets.SystemRandom().shuffle(characters)
    return "".join(characters)


def _admin_create_user(
    self: CognitoIdpBackend,
    user_pool_id: str,
    username: str,
    message_action: str,
    temporary_password_given: str,
    attributes: list[dict[str, str]],
) -> Any:
    mail = _pools.get(user_pool_id)
    if mail is None:
        return _create_user(
            self, user_pool_id, username, message_action, temporary_password_given, attributes
        )
    policy = (
        self.describe_user_pool(user_pool_id).extended_config.get("Policies", {}).get("PasswordPolicy", {})
    )
    password = temporary_password_given or temporary_password(int(policy.get("MinimumLength", 8)))
    if message_action == "RESEND":
        user = self.admin_get_user(user_pool_id, username)
        user.password, user.status = password, UserStatus.FORCE_CHANGE_PASSWORD
    else:
        user = _create_user(self, user_pool_id, username, message_action, password, attributes)
    if message_action != "SUPPRESS":
        _send_invitation(user, password, mail)
    return user


def _send_invitation(user: Any, password: str, mail: PoolMail) -> None:
    email = user.attribute_lookup.get("email")
    if not email:
        return
    event = {
        "version": "1",
        "triggerSource": INVITATION_TRIGGER,
        "region": REGION,
        "userPoolId": user.user_pool_id,
        "userName": user.username,
        "request": {
            "userAttributes": dict(user.attribute_lookup),
            "codeParameter": "{####}",
            "usernameParameter": "{username}",
        },
        "response": {"smsMessage": None, "emailMessage": None, "emailSubject": None},
    }
    response = (invoke(mail.trigger, event) or {}).get("response") or {}
    subject = response.get("emailSubject") or "Your temporary password"
    body = response.get("emailMessage") or "Your username is {username} and temporary password is {####}."
    html = body.replace("{####}", escape(password)).replace("{username}", escape(email))
    invitation = RenderedEmail(f"cognito:{INVITATION_TRIGGER}", subject, html, plain_text(html))
    message = mime_message(invitation, mail.sender, email)
    ses = ses_backends[DEFAULT_ACCOUNT_ID][REGION]
    ses.send_raw_email(mail.sender, [email], message.as_string())
