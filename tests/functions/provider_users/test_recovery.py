"""Account (MFA) recovery (spec §9.2, payments_security §3.3): initiate with license, login and password;
redeem the emailed link once, within 15 minutes; every refusal of the first step looks like success."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from botocore.exceptions import ClientError

from tests.functions.moto_clients import moto_client
from tests.functions.provider_users.registration_world import INVITATION, LOW_SCORE_TOKEN, PASS_TOKEN, World

PASSWORD = "My-own-passw0rd-1!"  # the emulator pool's default policy wants every character class
LOGIN = "ada.new@example.org"
PROCESSED = {"status": 200, "body": {"message": "request processed"}}
INVALID_LINK = {"status": 400, "body": {"message": "Invalid or expired recovery link"}}
CONFIRMATION = "Confirm the recovery of your CompactConnect account"
LINK_PARAMETERS = {"compact": "compact", "providerId": "providerId", "token": "recoveryId"}


@pytest.fixture
def registered(world: World, mail) -> World:
    """Ada registered and chose her password; the mailbox is emptied."""

    assert world.register(world.form(email=LOGIN)) == PROCESSED
    moto_client("cognito-idp").admin_set_user_password(
        UserPoolId=world.pool_id, Username=LOGIN, Password=PASSWORD, Permanent=True
    )
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages.clear()
    return world


def recovery_form(world: World, **changes) -> dict:
    form = {key: value for key, value in world.form().items() if key not in ("email", "token")}
    return {**form, "username": LOGIN, "password": PASSWORD, "recaptchaToken": PASS_TOKEN, **changes}


def emailed_link(mail) -> dict[str, str]:
    """The recovery link's parameters, from the one confirmation email."""
    [message] = [m for m in mail.refresh() if m["Subject"] == CONFIRMATION]
    text = message.get_body(preferencelist=("plain",)).get_content()
    url = re.search(r"(\S+recoveryId=\S+)", text).group(1)
    query = parse_qs(urlsplit(url).query)
    return {
        "compact": query["compact"][0],
        "providerId": query["providerId"][0],
        "token": query["recoveryId"][0],
    }


def verify_form(link: dict[str, str], **changes) -> dict:
    return {
        "compact": link["compact"],
        "providerId": link["providerId"],
        "recoveryToken": link["token"],
        "recaptchaToken": PASS_TOKEN,
        **changes,
    }


def test_initiating_emails_a_link_and_stores_only_a_hash_of_its_token(registered: World, mail):
    assert registered.initiate_recovery(recovery_form(registered)) == PROCESSED

    link = emailed_link(mail)
    assert link["providerId"] == registered.provider.provider_id
    stored = registered.stored_provider()
    assert stored["recoveryToken"].startswith("$argon2id$") and link["token"] not in stored["recoveryToken"]
    assert stored["recoveryExpiry"] > registered.clock[0].isoformat()


@pytest.mark.parametrize(
    "changes",
    [
        {"password": "not-her-passw0rd"},
        {"username": "someone@example.org"},
        {"dob": "1970-01-01"},
        {"recaptchaToken": LOW_SCORE_TOKEN},
    ],
)
def test_every_failed_initiation_answers_the_same_and_sends_nothing(registered: World, mail, changes):
    assert registered.initiate_recovery(recovery_form(registered, **changes)) == PROCESSED

    assert mail.refresh() == []
    assert "recoveryToken" not in registered.stored_provider()


def test_an_unregistered_licensee_cannot_initiate(world: World, mail):
    assert world.initiate_recovery(recovery_form(world)) == PROCESSED

    assert mail.refresh() == []


def test_a_fourth_initiation_within_an_hour_is_silently_dropped(registered: World, mail):
    for _ in range(3):
        assert registered.initiate_recovery(recovery_form(registered)) == PROCESSED
    assert registered.initiate_recovery(recovery_form(registered)) == PROCESSED

    assert len([m for m in mail.refresh() if m["Subject"] == CONFIRMATION]) == 3


def test_the_link_replaces_the_account_once(registered: World, mail):
    registered.initiate_recovery(recovery_form(registered))
    link = emailed_link(mail)

    assert registered.verify_recovery(verify_form(link)) == PROCESSED

    with pytest.raises(ClientError):  # the old password (and with it the old authenticator) is gone
        registered.sign_in(LOGIN, PASSWORD)
    invitation = [m for m in mail.refresh() if m["Subject"] == INVITATION]
    assert [m["To"] for m in invitation] == [LOGIN]  # a new temporary password
    account = registered.accounts()[LOGIN]
    assert account["custom:providerId"] == registered.provider.provider_id
    assert "recoveryToken" not in registered.stored_provider()
    assert registered.verify_recovery(verify_form(link), address="203.0.113.70") == INVALID_LINK


def test_an_expired_link_is_refused_and_cleared(registered: World, mail):
    registered.initiate_recovery(recovery_form(registered))
    registered.later(timedelta(minutes=16))

    assert registered.verify_recovery(verify_form(emailed_link(mail))) == INVALID_LINK
    assert "recoveryToken" not in registered.stored_provider()
    assert registered.sign_in(LOGIN, PASSWORD)["AuthenticationResult"]  # the account is untouched


def test_a_wrong_token_is_refused_and_a_third_try_in_15_minutes_is_429(registered: World, mail):
    registered.initiate_recovery(recovery_form(registered))
    link = emailed_link(mail)

    assert registered.verify_recovery(verify_form(link, recoveryToken="guess-1")) == INVALID_LINK
    assert registered.verify_recovery(verify_form(link, recoveryToken="guess-2")) == INVALID_LINK
    assert registered.verify_recovery(verify_form(link)) == {
        "status": 429,
        "body": {"message": "Please try again later."},
    }
    assert "recoveryToken" in registered.stored_provider()  # refused before the token was looked at


def test_a_refused_recaptcha_on_the_link_is_403(registered: World, mail):
    registered.initiate_recovery(recovery_form(registered))

    answer = registered.verify_recovery(verify_form(emailed_link(mail), recaptchaToken=LOW_SCORE_TOKEN))

    assert answer == {"status": 403, "body": {"message": "Invalid or expired recovery link"}}
    assert "recoveryToken" in registered.stored_provider()


def test_answers_are_held_to_five_and_three_seconds(registered: World):
    registered.waits.clear()
    registered.initiate_recovery(recovery_form(registered, password="wrong-passw0rd-x"))
    registered.verify_recovery(
        {
            "compact": "aslp",
            "providerId": registered.provider.provider_id,
            "recoveryToken": "x",
            "recaptchaToken": "y",
        }
    )

    assert 4.0 < registered.waits[0] <= 5.0 and 2.0 < registered.waits[1] <= 3.0


def test_the_link_still_works_when_the_account_cannot_be_replaced(registered: World, mail, monkeypatch):
    from provider_users.provider_pool import ProviderPool

    registered.initiate_recovery(recovery_form(registered))
    link = emailed_link(mail)

    def broken(*_):
        raise RuntimeError("Cognito is unavailable")

    with monkeypatch.context() as patch:
        patch.setattr(ProviderPool, "create", broken)
        with pytest.raises(RuntimeError):
            registered.verify_recovery(verify_form(link))
    assert "recoveryToken" in registered.stored_provider()  # put back

    assert registered.verify_recovery(verify_form(link), address="203.0.113.80") == PROCESSED
