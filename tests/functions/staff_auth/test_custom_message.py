"""The staff pool's email wording: Cognito's placeholders must survive into the message."""

from __future__ import annotations

import pytest

from staff_auth.custom_message import lambda_handler


def _event(trigger: str) -> dict:
    return {
        "triggerSource": trigger,
        "request": {"codeParameter": "{####}", "usernameParameter": "{username}", "userAttributes": {}},
        "response": {"emailSubject": None, "emailMessage": None},
    }


def test_invitation_carries_username_and_temporary_password_placeholders(monkeypatch):
    monkeypatch.setenv("UI_BASE_URL", "https://app.example.org")

    response = lambda_handler(_event("CustomMessage_AdminCreateUser"), None)["response"]

    assert response["emailSubject"] == "Welcome to CompactConnect"
    assert "{username}" in response["emailMessage"] and "{####}" in response["emailMessage"]
    assert "https://app.example.org" in response["emailMessage"]


@pytest.mark.parametrize(
    "trigger",
    ["CustomMessage_ForgotPassword", "CustomMessage_ResendCode", "CustomMessage_UpdateUserAttribute"],
)
def test_code_messages_carry_the_code_placeholder(trigger):
    response = lambda_handler(_event(trigger), None)["response"]

    assert "{####}" in response["emailMessage"] and response["emailSubject"]


def test_other_triggers_keep_cognitos_default():
    response = lambda_handler(_event("CustomMessage_Authentication"), None)["response"]

    assert response == {"emailSubject": None, "emailMessage": None}
