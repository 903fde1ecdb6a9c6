"""A signed-in practitioner changes their login email (§9.3) and their home state (§9.4), and reads their
own privilege history."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from core.clock import now_utc
from tests.functions.conftest import api_event
from tests.functions.moto_clients import moto_client
from tests.functions.provider_users.registration_world import World
from tests.functions.provider_users.test_recovery import LOGIN, PROCESSED
from tests.records import make_license, make_privilege, put

VERIFY = "/v1/provider-users/me/email/verify"
HOME = "/v1/provider-users/me/home-jurisdiction"
CODE_SUBJECT = "Your CompactConnect email verification code"
CHANGED_SUBJECT = "The email address of your CompactConnect account changed"


@pytest.fixture
def account(world: World, mail, monkeypatch):
    """Ada registered (home oh); her ID token's claims; the clock the account API reads."""
    from provider_users import account_api

    assert world.register(world.form(email=LOGIN)) == PROCESSED
    mail.refresh()
    clock = [now_utc()]
    monkeypatch.setattr(account_api, "now_utc", lambda: clock[0])
    monkeypatch.setenv("EVENT_BUS_NAME", moto_client("events").create_event_bus(Name="bus")["EventBusArn"])
    return {"world": world, "clock": clock}


def call(method: str, path: str, body=None, world: World | None = None, claims=None) -> dict:
    from provider_users import account_api, api

    assert world is not None
    username = moto_client("cognito-idp").admin_get_user(UserPoolId=world.pool_id, Username=LOGIN)["Username"]
    claims = claims or {
        "sub": username,
        "cognito:username": username,
        "custom:compact": "aslp",
        "custom:providerId": world.provider.provider_id,
        "token_use": "id",
    }
    handler = api if method == "GET" else account_api
    response = handler.lambda_handler(api_event(method, path, body=body, claims=claims), None)
    return {"status": response["statusCode"], "body": json.loads(response["body"])}


def sent_code(mail, to: str) -> str:
    [message] = [m for m in mail.refresh() if m["Subject"] == CODE_SUBJECT and m["To"] == to]
    return re.search(r"\b(\d{4})\b", message.get_body(preferencelist=("plain",)).get_content()).group(1)


def test_the_login_email_changes_with_the_emailed_code(account, mail):
    world = account["world"]
    answer = call("PATCH", "/v1/provider-users/me/email", {"newEmailAddress": "ada.next@example.org"}, world)
    assert answer == {"status": 200, "body": {"message": "Verification code sent to new email address"}}
    me = call("GET", "/v1/provider-users/me", world=world)["body"]
    assert "emailVerificationCode" not in me and "pendingEmailAddress" not in me  # never served

    code = sent_code(mail, "ada.next@example.org")
    answer = call("POST", "/v1/provider-users/me/email/verify", {"verificationCode": code}, world)

    assert answer == {"status": 200, "body": {"message": "Email address updated successfully"}}
    assert set(world.accounts()) == {"ada.next@example.org"}
    stored = world.stored_provider()
    assert stored["compactConnectRegisteredEmailAddress"] == "ada.next@example.org"
    assert "pendingEmailAddress" not in stored and "emailVerificationCode" not in stored
    assert sorted(u["updateType"] for u in world.provider_updates()) == ["emailChange", "registration"]
    assert (LOGIN, CHANGED_SUBJECT) in [(m["To"], m["Subject"]) for m in mail.refresh()]


def test_an_address_in_use_is_refused(account):
    world = account["world"]
    answer = call("PATCH", "/v1/provider-users/me/email", {"newEmailAddress": LOGIN}, world)

    assert answer == {"status": 400, "body": {"message": "Email address is already in use"}}


def test_three_wrong_codes_end_the_pending_change(account, mail):
    world = account["world"]
    call("PATCH", "/v1/provider-users/me/email", {"newEmailAddress": "ada.next@example.org"}, world)
    code = sent_code(mail, "ada.next@example.org")
    wrong = f"{(int(code) - 999) % 9000 + 1000}"

    answers = [
        call("POST", "/v1/provider-users/me/email/verify", {"verificationCode": wrong}, world)
        for _ in range(3)
    ]
    assert [a["body"]["message"] for a in answers] == [
        "Invalid verification code.",
        "Invalid verification code.",
        "Too many invalid verification codes. Please submit another email update request.",
    ]
    late = call("POST", "/v1/provider-users/me/email/verify", {"verificationCode": code}, world)
    assert late["body"]["message"].startswith("No email verification in progress")
    assert set(world.accounts()) == {LOGIN}


def test_an_expired_code_is_refused_and_cleared(account, mail):
    world = account["world"]
    call("PATCH", "/v1/provider-users/me/email", {"newEmailAddress": "ada.next@example.org"}, world)
    code = sent_code(mail, "ada.next@example.org")
    account["clock"][0] += timedelta(minutes=16)

    answer = call("POST", "/v1/provider-users/me/email/verify", {"verificationCode": code}, world)

    assert answer["body"]["message"].startswith("Verification code has expired")
    assert "pendingEmailAddress" not in world.stored_provider()


def test_moving_home_to_a_state_without_a_license_ends_the_privileges(account):
    world = account["world"]
    put(world.tables["provider"], make_privilege(world.provider, "ne", 1))

    answer = call("PUT", "/v1/provider-users/me/home-jurisdiction", {"jurisdiction": "other"}, world)

    assert answer == {"status": 200, "body": {"message": "ok"}}
    me = call("GET", "/v1/provider-users/me", world=world)["body"]
    assert me["currentHomeJurisdiction"] == "other"
    [privilege] = me["privileges"]
    assert (privilege["status"], privilege["homeJurisdictionChangeStatus"]) == ("inactive", "inactive")


def test_moving_home_to_a_licensed_live_state_moves_the_privileges(account):
    world = account["world"]
    kentucky = make_license(world.provider, jurisdiction="ky", middle_name=None)
    put(world.tables["provider"], kentucky, make_privilege(world.provider, "ne", 1))
    table = world.tables["compact_configuration"]
    compact = table.get_item(Key={"pk": "aslp#CONFIGURATION", "sk": "aslp#CONFIGURATION"})["Item"]
    compact["configuredStates"] = [
        {"postalAbbreviation": "oh", "isLive": True},
        {"postalAbbreviation": "ky", "isLive": True},
    ]
    table.put_item(Item=compact)

    assert (
        call("PUT", "/v1/provider-users/me/home-jurisdiction", {"jurisdiction": "ky"}, world)["status"] == 200
    )

    me = call("GET", "/v1/provider-users/me", world=world)["body"]
    assert (me["currentHomeJurisdiction"], me["licenseJurisdiction"]) == ("ky", "ky")
    [privilege] = me["privileges"]
    assert (privilege["licenseJurisdiction"], privilege["status"]) == ("ky", "active")
    history = call("GET", "/v1/provider-users/me/jurisdiction/ne/licenseType/slp/history", world=world)
    assert history["status"] == 200
    assert "homeJurisdictionChange" in [event["updateType"] for event in history["body"]["events"]]


@pytest.mark.parametrize("jurisdiction", ["zz", "OH", "unknown", ""])
def test_an_unknown_home_state_is_400_naming_the_field(account, jurisdiction):
    answer = call(
        "PUT", "/v1/provider-users/me/home-jurisdiction", {"jurisdiction": jurisdiction}, account["world"]
    )

    assert answer["status"] == 400 and "jurisdiction" in answer["body"]["message"]
