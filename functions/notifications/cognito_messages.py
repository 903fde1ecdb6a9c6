"""The emails Cognito sends for a user pool (invitation, codes), worded by the pool's custom-message
trigger from the same layout as every other email.

Cognito substitutes its placeholders (``{####}`` for the code or temporary password, ``{username}``)
after the trigger returns, so the templates receive the placeholders, never a real password. The staff
pool uses these now; the practitioner pool (``pool="provider"``) gets its own sign-in link and wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from notifications.rendering import environment, shared_context

Pool = Literal["staff", "provider"]


@dataclass(frozen=True)
class CognitoMessage:
    subject: str
    template: str
    purpose: str = ""


MESSAGES: dict[str, CognitoMessage] = {
    "CustomMessage_AdminCreateUser": CognitoMessage("Welcome to CompactConnect", "cognitoInvitation.html"),
    "CustomMessage_ForgotPassword": CognitoMessage(
        "Reset your CompactConnect password",
        "cognitoCode.html",
        "Someone asked to reset the password of your CompactConnect account. Your code:",
    ),
    "CustomMessage_ResendCode": CognitoMessage(
        "Your CompactConnect code", "cognitoCode.html", "Here is the code you asked for:"
    ),
    "CustomMessage_SignUp": CognitoMessage(
        "Verify your CompactConnect email", "cognitoCode.html", "Confirm your email address with this code:"
    ),
    "CustomMessage_UpdateUserAttribute": CognitoMessage(
        "Verify your new CompactConnect email",
        "cognitoCode.html",
        "Confirm the new email address of your CompactConnect account with this code:",
    ),
    "CustomMessage_VerifyUserAttribute": CognitoMessage(
        "Verify your CompactConnect email",
        "cognitoCode.html",
        "Confirm the email address of your CompactConnect account with this code:",
    ),
}


def render(trigger_source: str, code: str, username: str, pool: Pool) -> tuple[str, str] | None:
    """(subject, html) for a trigger, or None to keep Cognito's default message."""
    message = MESSAGES.get(trigger_source)
    if message is None:
        return None
    html = (
        environment()
        .get_template(message.template)
        .render(
            shared_context(""),
            subject=message.subject,
            code=code,
            username=username,
            pool=pool,
            purpose=message.purpose,
            forgot_password=trigger_source == "CustomMessage_ForgotPassword",
        )
    )
    return message.subject, html


def word_cognito_message(event: dict[str, Any], pool: Pool) -> dict[str, Any]:
    """A custom-message trigger's whole answer: the event with the subject and body of its message, or
    unchanged (Cognito's default wording) for a trigger source without a template."""
    request = event.get("request") or {}
    rendered = render(
        event.get("triggerSource", ""),
        code=request.get("codeParameter", "{####}"),
        username=request.get("usernameParameter") or "{username}",
        pool=pool,
    )
    if rendered is not None:
        subject, html = rendered
        response = event.setdefault("response", {})
        response["emailSubject"] = subject
        response["emailMessage"] = html
    return event
