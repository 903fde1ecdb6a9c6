"""Issue #3 "done when": a compact admin invites a jurisdiction admin, who signs in for the first
time and can configure only their own jurisdiction — over HTTP, against the emulated pool. Issue #13:
the invitation, with its temporary password, is in the sandbox's mailbox, and that password works."""

from __future__ import annotations

import re

import requests

from tests.e2e.staff import StaffSession, cognito, persona

NEW_ADMIN = "new-admin.ne.aslp@staff.sandbox.example"
CHOSEN_PASSWORD = "chosen-passw0rd-2026"


def _jurisdiction_body(abbreviations: list[str]) -> dict:
    return {
        "privilegeFees": [
            {"licenseTypeAbbreviation": abbr, "amount": 75, "militaryRate": 40} for abbr in abbreviations
        ],
        "jurisdictionOperationsTeamEmails": ["ops@ne.example.gov"],
        "jurisdictionAdverseActionsNotificationEmails": ["adverse@ne.example.gov"],
        "jurisdictionSummaryReportNotificationEmails": ["reports@ne.example.gov"],
        "licenseeRegistrationEnabled": False,
        "jurisprudenceRequirements": {
            "required": True,
            "linkToDocumentation": "https://ne.example.gov/rules",
        },
    }


def _invitation(manifest: dict, email: str) -> dict:
    messages = requests.get(f"{manifest['mailbox']}/messages", params={"to": email}, timeout=10).json()
    assert len(messages) == 1, messages  # exactly one invitation
    return messages[0]


def _first_sign_in(manifest: dict, email: str) -> StaffSession:
    """What the invitee does with the emailed temporary password: sign in, choose a password."""
    invitation = _invitation(manifest, email)
    assert invitation["subject"] == "Welcome to CompactConnect"
    assert invitation["from"].endswith("<no-reply@sandbox.example>")
    temporary_password = re.search(r"temporary password: (\S+)", invitation["text"]).group(1)
    assert email in invitation["text"]  # the username it names is the address to sign in with
    client = cognito(manifest)
    pool = manifest["userPools"]["staff"]
    challenge = client.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=pool["clientId"],
        AuthParameters={"USERNAME": email, "PASSWORD": temporary_password},
    )
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    client.respond_to_auth_challenge(
        ClientId=pool["clientId"],
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=challenge["Session"],
        ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": CHOSEN_PASSWORD},
    )
    return StaffSession(manifest, email, CHOSEN_PASSWORD)


def test_compact_admin_onboards_a_jurisdiction_admin_who_configures_only_their_jurisdiction(sandbox):
    manifest = sandbox.manifest
    compact_admin = persona(manifest, "compact-admin")
    license_types = ["aud", "slp"]

    created = compact_admin.call(
        "POST",
        "/v1/compacts/aslp/staff-users",
        {
            "attributes": {"email": NEW_ADMIN, "givenName": "Nell", "familyName": "Nebraska"},
            "permissions": {"aslp": {"jurisdictions": {"ne": {"actions": {"admin": True}}}}},
        },
    )
    assert created.status_code == 200, created.text
    assert created.json()["status"] == "inactive"

    new_admin = _first_sign_in(manifest, NEW_ADMIN)

    me = new_admin.call("GET", "/v1/staff-users/me")
    assert me.status_code == 200, me.text
    assert me.json()["permissions"]["aslp"]["jurisdictions"]["ne"]["actions"]["admin"] is True
    assert me.json()["status"] == "active"  # the first token activated the account

    own = new_admin.call("PUT", "/v1/compacts/aslp/jurisdictions/ne", _jurisdiction_body(license_types))
    assert own.status_code == 200, own.text
    read_back = new_admin.call("GET", "/v1/compacts/aslp/jurisdictions/ne")
    assert read_back.status_code == 200
    assert {fee["licenseTypeAbbreviation"] for fee in read_back.json()["privilegeFees"]} == set(license_types)

    assert (
        new_admin.call(
            "PUT", "/v1/compacts/aslp/jurisdictions/oh", _jurisdiction_body(license_types)
        ).status_code
        == 403
    )
    assert new_admin.call("GET", "/v1/compacts/aslp/jurisdictions/oh").status_code == 403
    assert new_admin.call("GET", "/v1/compacts/aslp").status_code == 403
    assert new_admin.call("GET", "/v1/compacts/octp/jurisdictions/ne").status_code == 403
