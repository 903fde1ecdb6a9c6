"""A signed-in practitioner's own account changes, end to end over HTTP in the sandbox (issue #14): the
login email with the code from the mailbox, and home-state moves — to a state without a license (the
privileges end, case A) and to one with a license (the privileges move onto it, case B)."""

from __future__ import annotations

import re
from typing import Any

import requests

from tests.e2e.practitioners import PASSWORD, practitioner_tokens
from tests.e2e.providers import SandboxRecords
from tests.e2e.staff import TIMEOUT, cognito
from tests.e2e.state import eventually
from tests.e2e.test_practitioner_registration import mailbox
from tests.records import make_license, make_privilege, make_provider
from toolkit.state_client import post_upload

ME = "/v1/provider-users/me"
OT = {"license_type_abbreviation": "ot"}


def call(manifest: dict[str, Any], token: str, method: str, path: str, body: Any = None) -> requests.Response:
    return requests.request(
        method,
        manifest["apis"]["license"] + path,
        json=body,
        headers={"Authorization": token},
        timeout=TIMEOUT,
    )


def test_the_login_email_changes_with_the_code_from_the_mailbox(sandbox):
    manifest = sandbox.manifest
    provider = SandboxRecords(manifest).provider(
        "111-22-3501",
        "al",
        compact="aslp",
        compact_connect_registered_email_address="grace.before@example.org",
    )
    token = practitioner_tokens(manifest, "grace.before@example.org", "aslp", provider.provider_id)["IdToken"]

    started = call(manifest, token, "PATCH", f"{ME}/email", {"newEmailAddress": "grace.after@example.org"})
    assert started.status_code == 200, started.text
    [message] = mailbox(manifest, "grace.after@example.org")
    code = re.search(r"\b(\d{4})\b", message["text"]).group(1)
    verified = call(manifest, token, "POST", f"{ME}/email/verify", {"verificationCode": code})
    assert verified.json() == {"message": "Email address updated successfully"}

    signed_in = cognito(manifest).initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=manifest["userPools"]["provider"]["clientId"],
        AuthParameters={"USERNAME": "grace.after@example.org", "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    me = call(manifest, signed_in["IdToken"], "GET", ME).json()
    assert me["compactConnectRegisteredEmailAddress"] == "grace.after@example.org"
    told = [m["subject"] for m in mailbox(manifest, "grace.before@example.org")]
    assert "The email address of your CompactConnect account changed" in told


def test_moving_home_ends_or_moves_the_privileges(sandbox):
    """In octp, whose live states no other test pages through: a mover licensed at home and in the other live
    state, and a leaver licensed only at home, each with a privilege in Kentucky."""
    manifest = sandbox.manifest
    records = SandboxRecords(manifest)
    home, other_live = manifest["demo"]["liveJurisdictions"]["octp"][:2]
    people = {}
    for who, ssn, licensed in (
        ("mover", "111-22-3502", (home, other_live)),
        ("leaver", "111-22-3503", (home,)),
    ):
        provider = make_provider(
            provider_id=records.ssns.get_or_create_provider_id("octp", ssn),
            compact="octp",
            license_jurisdiction=home,
            current_home_jurisdiction=home,
            privilege_jurisdictions={"ky"},
            ssn_last_four=ssn[-4:],
            compact_connect_registered_email_address=f"{who}@example.org",
        )
        licenses = [make_license(provider, jurisdiction=j, ssn_last_four=ssn[-4:], **OT) for j in licensed]
        records.put(provider, *licenses, make_privilege(provider, "ky", 300, **OT))
        people[who] = practitioner_tokens(manifest, f"{who}@example.org", "octp", provider.provider_id)[
            "IdToken"
        ]

    # Case B: a state where they hold a license, live in the compact.
    moved = call(manifest, people["mover"], "PUT", f"{ME}/home-jurisdiction", {"jurisdiction": other_live})
    assert moved.json() == {"message": "ok"}
    me = call(manifest, people["mover"], "GET", ME).json()
    assert (me["currentHomeJurisdiction"], me["licenseJurisdiction"]) == (other_live, other_live)
    [privilege] = me["privileges"]
    assert (privilege["licenseJurisdiction"], privilege["status"]) == (other_live, "active")

    # Case A: a state where they hold no license.
    left = call(manifest, people["leaver"], "PUT", f"{ME}/home-jurisdiction", {"jurisdiction": "ms"})
    assert left.json() == {"message": "ok"}
    me = call(manifest, people["leaver"], "GET", ME).json()
    assert me["currentHomeJurisdiction"] == "ms"
    [privilege] = me["privileges"]
    assert (privilege["status"], privilege["homeJurisdictionChangeStatus"]) == ("inactive", "inactive")
    history = call(manifest, people["leaver"], "GET", f"{ME}/jurisdiction/ky/licenseType/ot/history").json()
    assert "homeJurisdictionChange" in [event["updateType"] for event in history["events"]]

    # Both states the mover left and joined are told, through provider.homeJurisdictionChange.
    def told(jurisdiction: str) -> list[dict[str, Any]] | None:
        messages = mailbox(manifest, f"licensing@{jurisdiction}.state.example")
        return [m for m in messages if "moved their home state" in m["subject"]] or None

    assert eventually(lambda: told(home), timeout=30)
    assert eventually(lambda: told(other_live), timeout=30)


def test_a_military_document_uploaded_through_the_presigned_post_makes_the_affiliation_active(sandbox):
    manifest = sandbox.manifest
    provider = SandboxRecords(manifest).provider("111-22-3504", "al", compact="aslp")
    token = practitioner_tokens(manifest, "mil.member@example.org", "aslp", provider.provider_id)["IdToken"]

    declared = call(
        manifest, token, "POST", f"{ME}/military-affiliation",
        {"affiliationType": "militaryMember", "fileNames": ["orders.pdf"]},
    )  # fmt: skip
    assert declared.status_code == 200, declared.text
    assert declared.json()["status"] == "initializing"
    [upload] = declared.json()["documentUploadFields"]
    posted = post_upload(upload, b"%PDF-1.4 orders")
    assert posted.status_code in (200, 204), posted.text

    def active() -> dict[str, Any] | None:
        # Both changes are one transaction; the emulator applies a transaction's items one by one, so a
        # read racing it on a loaded machine may see the first and not yet the second.
        me = call(manifest, token, "GET", ME).json()
        affiliated = [a["status"] for a in me["militaryAffiliations"]] == ["active"]
        return me if affiliated and me["militaryStatus"] == "tentative" else None

    me = eventually(active, timeout=30)
    assert me["militaryStatus"] == "tentative"

    ended = call(manifest, token, "PATCH", f"{ME}/military-affiliation", {"status": "inactive"})
    assert ended.json() == {"message": "Military affiliation updated successfully"}
    me = call(manifest, token, "GET", ME).json()
    assert [a["status"] for a in me["militaryAffiliations"]] == ["inactive"]
    assert me["militaryStatus"] == "notApplicable"
