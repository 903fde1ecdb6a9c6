"""The sandbox's mailbox and the user pools' invitations, on ``mock_aws``: what the email service and
Cognito send is listed newest first with its parts and template, can be filtered by recipient and emptied;
an invited user gets one invitation whose temporary password signs them in, a re-sent invitation a new
password for the same user, and a suppressed one nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws
from moto.cognitoidp.models import CognitoIdpBackend
from werkzeug.test import Client

from sandbox import invitations
from sandbox.emulator import REGION
from sandbox.invitations import PoolMail
from sandbox.mailbox import MAIL_DOMAIN, Mailbox, create_mail_identity
from staff_auth.functions import CUSTOM_MESSAGE
from tests.sandbox.moto_environment import point_boto3_at_moto

SENDER = f"no-reply@{MAIL_DOMAIN}"
INVITEE = "nell@example.org"


@pytest.fixture
def pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Client, str]]:
    """A staff-like pool whose invitations the sandbox sends, and a client of the mailbox."""
    point_boto3_at_moto(monkeypatch)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setattr(CognitoIdpBackend, "admin_create_user", CognitoIdpBackend.admin_create_user)
    monkeypatch.setattr(invitations, "_pools", {})
    with mock_aws():
        create_mail_identity(MAIL_DOMAIN)
        cognito = boto3.client("cognito-idp", region_name=REGION)
        pool_id = cognito.create_user_pool(
            PoolName="staff",
            UsernameAttributes=["email"],
            Policies={"PasswordPolicy": {"MinimumLength": 12, "RequireNumbers": True}},
        )["UserPool"]["Id"]
        invitations.install(pool_id, PoolMail(CUSTOM_MESSAGE, "staff", SENDER))
        yield Client(Mailbox()), pool_id


def _invite(pool_id: str, **extra: str) -> dict:
    return boto3.client("cognito-idp", region_name=REGION).admin_create_user(
        UserPoolId=pool_id,
        Username=INVITEE,
        UserAttributes=[{"Name": "email", "Value": INVITEE}, {"Name": "email_verified", "Value": "true"}],
        DesiredDeliveryMediums=["EMAIL"],
        **extra,
    )["User"]


def _attributes(attributes: list[dict]) -> dict[str, str]:
    return {attribute["Name"]: attribute["Value"] for attribute in attributes}


def _password(message: dict) -> str:
    found = re.search(r"temporary password: (\S+)", message["text"])
    assert found, message["text"]
    return found.group(1)


def _signs_in_for_the_first_time(pool_id: str, password: str) -> bool:
    cognito = boto3.client("cognito-idp", region_name=REGION)
    client_id = cognito.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    challenge = cognito.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=client_id,
        AuthParameters={"USERNAME": INVITEE, "PASSWORD": password},
    )
    return challenge.get("ChallengeName") == "NEW_PASSWORD_REQUIRED"


def test_an_invited_user_finds_one_invitation_whose_password_signs_them_in(pool):
    mailbox, pool_id = pool
    _invite(pool_id)

    messages = mailbox.get("/messages", query_string={"to": INVITEE.upper()}).json
    assert len(messages) == 1
    invitation = messages[0]
    assert invitation["to"] == [INVITEE] and invitation["from"] == f"CompactConnect <{SENDER}>"
    assert invitation["subject"] == "Welcome to CompactConnect"
    assert invitation["template"] == "cognito:CustomMessage_AdminCreateUser"
    assert "{####}" not in invitation["html"] and INVITEE in invitation["text"]
    assert invitation["sentAt"]
    assert _signs_in_for_the_first_time(pool_id, _password(invitation))


def test_a_resent_invitation_carries_a_new_password_for_the_same_user(pool):
    mailbox, pool_id = pool
    created = _attributes(_invite(pool_id)["Attributes"])
    _invite(pool_id, MessageAction="RESEND")

    newest, oldest = mailbox.get("/messages").json
    assert _password(newest) != _password(oldest)
    user = boto3.client("cognito-idp", region_name=REGION).admin_get_user(
        UserPoolId=pool_id, Username=INVITEE
    )
    assert _attributes(user["UserAttributes"]) == created  # the same user: same sub, attributes kept
    assert _signs_in_for_the_first_time(pool_id, _password(newest))


def test_a_suppressed_invitation_sends_nothing(pool):
    mailbox, pool_id = pool
    _invite(pool_id, MessageAction="SUPPRESS")
    assert mailbox.get("/messages").json == []


def test_the_email_services_messages_are_listed_with_both_parts_and_can_be_emptied(pool, monkeypatch):
    from core import aws as core_aws
    from notifications.rendering import RenderedEmail
    from notifications.sending import send

    mailbox, _pool_id = pool
    core_aws.sesv2_client.cache_clear()
    email = RenderedEmail(
        "militaryAuditApprovedNotification", "Approved", "<p>Approved <b>now</b></p>", "Approved now"
    )
    send(email, f"noreply@{MAIL_DOMAIN}", ["a@example.org", "b@example.org"], core_aws.sesv2_client())

    listed = mailbox.get("/messages").json
    assert [message["to"] for message in listed] == [["b@example.org"], ["a@example.org"]]  # newest first
    assert listed[0]["text"].strip() == "Approved now" and "<b>now</b>" in listed[0]["html"]
    assert listed[0]["template"] == "militaryAuditApprovedNotification"
    assert mailbox.get("/messages", query_string={"to": "a@example.org"}).json[0]["to"] == ["a@example.org"]

    assert mailbox.delete("/messages").status_code == 204
    assert mailbox.get("/messages").json == []
    core_aws.sesv2_client.cache_clear()


def test_the_page_and_unknown_paths(pool):
    mailbox, _pool_id = pool
    page = mailbox.get("/")
    assert page.status_code == 200 and "Sandbox mailbox" in page.text
    assert mailbox.get("/nowhere").status_code == 404
    assert mailbox.post("/messages").status_code == 405
