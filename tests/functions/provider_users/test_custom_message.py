"""The provider pool's email wording: the practitioner invitation, with Cognito's placeholders intact."""

from __future__ import annotations

from provider_users.custom_message import lambda_handler
from staff_auth.custom_message import lambda_handler as staff_handler


def _event(trigger: str) -> dict:
    return {
        "triggerSource": trigger,
        "request": {"codeParameter": "{####}", "usernameParameter": "{username}", "userAttributes": {}},
        "response": {"emailSubject": None, "emailMessage": None},
    }


def test_the_invitation_is_worded_for_practitioners_with_the_placeholders():
    response = lambda_handler(_event("CustomMessage_AdminCreateUser"), None)["response"]
    staff = staff_handler(_event("CustomMessage_AdminCreateUser"), None)["response"]

    assert response["emailSubject"] == "Welcome to CompactConnect"
    assert "{username}" in response["emailMessage"] and "{####}" in response["emailMessage"]
    assert "24 hours" in response["emailMessage"]  # the provider pool's one-day temporary password
    assert response["emailMessage"] != staff["emailMessage"]


def test_other_triggers_keep_cognitos_default():
    response = lambda_handler(_event("CustomMessage_Authentication"), None)["response"]

    assert response == {"emailSubject": None, "emailMessage": None}
