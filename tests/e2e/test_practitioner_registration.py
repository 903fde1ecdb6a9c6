"""Registration end to end over HTTP in the sandbox (issue #14): a licensee from the manifest's
``registrable`` list registers, gets the temporary password in the mailbox, signs in and reads their own
record; and nobody learns from the public route whether a licensee exists.

Each scenario sends from its own address (``X-Forwarded-For``, which the gateway reports as the client's,
as API Gateway does), so their rate limits are independent.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

from tests.e2e.staff import TIMEOUT, cognito

REGISTRATION = "/v1/provider-users/registration"
PROCESSED = (200, {"message": "request processed"})
CHOSEN_PASSWORD = "my-own-passw0rd-1"


def register(manifest: dict[str, Any], form: dict[str, Any], address: str, token: str | None = None) -> tuple:
    body = {**form, "token": token or manifest["recaptcha"]["passToken"]}
    response = requests.post(
        manifest["apis"]["license"] + REGISTRATION,
        json=body,
        headers={"X-Forwarded-For": f"{address}, 10.0.0.1"},
        timeout=TIMEOUT,
    )
    return response.status_code, response.json()


def mailbox(manifest: dict[str, Any], email: str) -> list[dict[str, Any]]:
    return requests.get(f"{manifest['mailbox']}/messages", params={"to": email}, timeout=TIMEOUT).json()


def sign_in_first_time(manifest: dict[str, Any], email: str, temporary_password: str) -> dict[str, str]:
    """What the practitioner does with the emailed password: sign in, then choose their own."""
    pool = manifest["userPools"]["provider"]
    client = cognito(manifest)
    challenge = client.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=pool["clientId"],
        AuthParameters={"USERNAME": email, "PASSWORD": temporary_password},
    )
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    answered = client.respond_to_auth_challenge(
        ClientId=pool["clientId"],
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=challenge["Session"],
        ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": CHOSEN_PASSWORD},
    )
    return answered["AuthenticationResult"]


def test_a_licensee_registers_signs_in_and_reads_their_license(sandbox):
    manifest = sandbox.manifest
    licensee = next(entry for entry in manifest["registrable"] if entry["compact"] == "aslp")

    assert register(manifest, licensee, "198.51.100.21") == PROCESSED

    [invitation] = mailbox(manifest, licensee["email"])
    assert invitation["subject"] == "Welcome to CompactConnect"
    temporary_password = re.search(r"temporary password: (\S+)", invitation["text"]).group(1)
    tokens = sign_in_first_time(manifest, licensee["email"], temporary_password)
    me = requests.get(
        manifest["apis"]["license"] + "/v1/provider-users/me",
        headers={"Authorization": tokens["IdToken"]},
        timeout=TIMEOUT,
    )
    assert me.status_code == 200, me.text
    record = me.json()
    assert record["compactConnectRegisteredEmailAddress"] == licensee["email"]
    assert record["currentHomeJurisdiction"] == licensee["jurisdiction"]
    assert [(lic["jurisdiction"], lic["licenseType"]) for lic in record["licenses"]] == [
        (licensee["jurisdiction"], licensee["licenseType"])
    ]
    assert "ssn" not in me.text.lower().replace("ssnlastfour", "")

    # The same form again: the same answer, a warning to the registered address, no second account.
    assert register(manifest, licensee, "198.51.100.22") == PROCESSED
    subjects = [message["subject"] for message in mailbox(manifest, licensee["email"])]
    assert sorted(subjects) == sorted(
        ["Welcome to CompactConnect", "Someone tried to register your email with CompactConnect"]
    )
    users = cognito(manifest).list_users(
        UserPoolId=manifest["userPools"]["provider"]["id"], Filter=f'email = "{licensee["email"]}"'
    )["Users"]
    assert len(users) == 1


def test_refusals_reveal_nothing_about_who_is_licensed(sandbox):
    manifest = sandbox.manifest
    licensee = next(entry for entry in manifest["registrable"] if entry["compact"] == "octp")
    stranger = {**licensee, "givenName": "Nobody", "familyName": "Atall", "email": "nobody@example.org"}
    low_score = manifest["recaptcha"]["lowScoreToken"]

    with ThreadPoolExecutor(4) as pool:
        answers = list(
            pool.map(
                lambda args: register(manifest, *args),
                [
                    ({**licensee, "dob": "1970-01-01"}, "198.51.100.31"),  # a wrong date of birth
                    (stranger, "198.51.100.32"),
                    (licensee, "198.51.100.33", low_score),  # a low reCAPTCHA score
                    (stranger, "198.51.100.34", low_score),
                ],
            )
        )
    assert answers[0] == answers[1] == PROCESSED
    assert answers[2] == answers[3] == (403, {"message": "Access denied"})

    # A fourth attempt from one address within 15 minutes: the same 429 for the licensee and the stranger.
    strangers = [(stranger, address) for address in ("198.51.100.35", "198.51.100.36") for _ in range(3)]
    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(lambda args: register(manifest, *args), strangers)) == [PROCESSED] * 6
    limited = (429, {"message": "Rate limit exceeded. Please try again later."})
    assert register(manifest, licensee, "198.51.100.35") == limited
    assert register(manifest, stranger, "198.51.100.36") == limited

    assert mailbox(manifest, licensee["email"]) == []  # nothing was registered, nobody was written to
    users = cognito(manifest).list_users(
        UserPoolId=manifest["userPools"]["provider"]["id"], Filter=f'email = "{licensee["email"]}"'
    )["Users"]
    assert users == []


def test_the_seeded_practitioners_sign_in_with_the_manifest_password(sandbox):
    manifest = sandbox.manifest
    pool = manifest["userPools"]["provider"]
    compacts = {entry["compact"] for entry in manifest["practitioners"]}
    assert compacts == {"aslp", "octp", "coun"}
    assert {entry["compact"] for entry in manifest["registrable"]} == compacts
    assert all(
        sum(entry["compact"] == compact for entry in manifest["registrable"]) >= 3 for compact in compacts
    )
    practitioner = manifest["practitioners"][0]
    tokens = cognito(manifest).initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=pool["clientId"],
        AuthParameters={"USERNAME": practitioner["email"], "PASSWORD": practitioner["password"]},
    )["AuthenticationResult"]
    me = requests.get(
        manifest["apis"]["license"] + "/v1/provider-users/me",
        headers={"Authorization": tokens["IdToken"]},
        timeout=TIMEOUT,
    ).json()
    assert me["providerId"] == practitioner["providerId"]
    assert me["currentHomeJurisdiction"] == practitioner["homeJurisdiction"]
    assert practitioner["licenseType"] in {lic["licenseType"] for lic in me["licenses"]}
