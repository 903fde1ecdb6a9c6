"""Practitioner accounts in the running sandbox, made as registration makes them: an admin-created user of
the provider pool carrying ``custom:compact`` and ``custom:providerId``, signed in with its password."""

from __future__ import annotations

from typing import Any

from tests.e2e.staff import cognito

PASSWORD = "practitioner-passw0rd-1"


def practitioner_tokens(
    manifest: dict[str, Any], email: str, compact: str, provider_id: str
) -> dict[str, str]:
    """A provider-pool account for the provider, signed in with its password: Cognito's tokens."""
    pool = manifest["userPools"]["provider"]
    client = cognito(manifest)
    client.admin_create_user(
        UserPoolId=pool["id"],
        Username=email,
        UserAttributes=[
            {"Name": "email", "Value": email},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "custom:compact", "Value": compact},
            {"Name": "custom:providerId", "Value": provider_id},
        ],
        MessageAction="SUPPRESS",
    )
    client.admin_set_user_password(UserPoolId=pool["id"], Username=email, Password=PASSWORD, Permanent=True)
    result = client.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=pool["clientId"],
        AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
    )
    return result["AuthenticationResult"]
