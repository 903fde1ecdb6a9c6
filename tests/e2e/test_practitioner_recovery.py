"""Account recovery end to end over HTTP in the sandbox (issue #14): a practitioner who lost their
authenticator proves who they are, follows the emailed link, signs in again with a new temporary password —
and the link works only once."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from botocore.exceptions import ClientError

from tests.e2e.staff import TIMEOUT, cognito
from tests.e2e.test_practitioner_registration import mailbox, register, sign_in_first_time

CHOSEN_PASSWORD = "my-own-passw0rd-1"
CONFIRMATION = "Confirm the recovery of your CompactConnect account"


def post(manifest: dict[str, Any], path: str, body: dict[str, Any], address: str) -> tuple:
    response = requests.post(
        manifest["apis"]["license"] + path, json=body, headers={"X-Forwarded-For": address}, timeout=TIMEOUT
    )
    return response.status_code, response.json()


def sign_in(manifest: dict[str, Any], email: str, password: str) -> dict[str, Any]:
    return cognito(manifest).initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=manifest["userPools"]["provider"]["clientId"],
        AuthParameters={"USERNAME": email, "PASSWORD": password},
    )


def test_a_practitioner_recovers_their_account_through_the_emailed_link_once(sandbox):
    manifest = sandbox.manifest
    licensee = next(entry for entry in manifest["registrable"] if entry["compact"] == "coun")
    email = licensee["email"]
    assert register(manifest, licensee, "198.51.100.41") == (200, {"message": "request processed"})
    [invitation] = mailbox(manifest, email)
    first_password = re.search(r"temporary password: (\S+)", invitation["text"]).group(1)
    sign_in_first_time(manifest, email, first_password)

    identity = {key: value for key, value in licensee.items() if key != "email"}
    initiate = {
        **identity,
        "username": email,
        "password": CHOSEN_PASSWORD,
        "recaptchaToken": manifest["recaptcha"]["passToken"],
    }
    answer = post(manifest, "/v1/provider-users/initiateRecovery", initiate, "198.51.100.42")
    assert answer == (200, {"message": "request processed"})

    [confirmation] = [m for m in mailbox(manifest, email) if m["subject"] == CONFIRMATION]
    link = re.search(r"(\S+recoveryId=\S+)", confirmation["text"]).group(1)
    query = {key: values[0] for key, values in parse_qs(urlsplit(link).query).items()}
    verify = {
        "compact": query["compact"],
        "providerId": query["providerId"],
        "recoveryToken": query["recoveryId"],
        "recaptchaToken": manifest["recaptcha"]["passToken"],
    }
    assert post(manifest, "/v1/provider-users/verifyRecovery", verify, "198.51.100.43") == (
        200,
        {"message": "request processed"},
    )

    with pytest.raises(ClientError):
        sign_in(manifest, email, CHOSEN_PASSWORD)  # the old account is gone
    invitations = [m for m in mailbox(manifest, email) if m["subject"] == "Welcome to CompactConnect"]
    passwords = {re.search(r"temporary password: (\S+)", m["text"]).group(1) for m in invitations}
    [new_password] = passwords - {first_password}
    assert sign_in(manifest, email, new_password)["ChallengeName"] == "NEW_PASSWORD_REQUIRED"

    again = post(manifest, "/v1/provider-users/verifyRecovery", verify, "198.51.100.44")
    assert again == (400, {"message": "Invalid or expired recovery link"})
