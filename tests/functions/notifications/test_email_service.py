"""The email service against moto (SES v2, the configuration table, the event-state table): a request is
checked before anything is sent, recipients come from the configuration, each gets one message, a
request with a delivery id reaches nobody twice, and an environment without a sending address sends
nothing."""

from __future__ import annotations

from typing import Any

import pytest

from core import aws as core_aws
from notifications import service
from notifications.requests import InvalidEmailRequest
from notifications.sending import TEMPLATE_HEADER
from tests.functions.mail import SENDER
from tests.functions.notifications.samples import SAMPLES


def _send(lambda_context: Any, **request: Any) -> dict[str, Any]:
    return service.lambda_handler(request, lambda_context)


def _state_request(**overrides: Any) -> dict[str, Any]:
    return {
        "template": "homeJurisdictionChangeNewStateNotification",
        "recipientType": "JURISDICTION_OPERATIONS_TEAM",
        "compact": "aslp",
        "jurisdiction": "oh",
        "templateVariables": SAMPLES["homeJurisdictionChangeNewStateNotification"],
        **overrides,
    }


def test_a_state_email_goes_to_each_address_of_its_list_once(mail, lambda_context):
    result = _send(lambda_context, **_state_request())

    assert result["sent"] == 2
    sent = mail.refresh()
    assert sorted(message["To"] for message in sent) == ["lead@oh.example.gov", "ops@oh.example.gov"]
    message = sent[0]
    assert message["From"] == f"CompactConnect <{SENDER}>"
    assert message[TEMPLATE_HEADER] == "homeJurisdictionChangeNewStateNotification"
    assert message["Subject"] == "A practitioner moved their home state to Ohio"
    kinds = [part.get_content_type() for part in message.walk()]
    assert kinds == ["multipart/alternative", "text/plain", "text/html"]


def test_a_provider_email_goes_only_to_the_given_addresses(mail, lambda_context):
    _send(
        lambda_context,
        template="militaryAuditDeclinedNotification",
        recipientType="SPECIFIC",
        compact="aslp",
        specificEmails=["ada@example.org"],
        templateVariables=SAMPLES["militaryAuditDeclinedNotification"],
    )
    assert [message["To"] for message in mail.refresh()] == ["ada@example.org"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"template": "noSuchTemplate"}, "template"),
        ({"recipientType": "SPECIFIC", "specificEmails": ["a@example.org"]}, "recipientType"),
        ({"jurisdiction": None}, "jurisdiction"),
        ({"compact": "xyz"}, "compact"),
        ({"templateVariables": {}}, "templateVariables.providerId"),
        (
            {
                "templateVariables": {
                    **SAMPLES["homeJurisdictionChangeNewStateNotification"],
                    "newJurisdiction": 5,
                }
            },
            "templateVariables.newJurisdiction",
        ),
        ({"specificEmails": ["ops@example.org"]}, "specificEmails"),
        ({"unexpected": True}, "unexpected"),
    ],
)
def test_a_bad_request_is_refused_naming_the_field_and_sends_nothing(mail, lambda_context, change, field):
    with pytest.raises(InvalidEmailRequest) as refused:
        _send(lambda_context, **_state_request(**change))
    assert any(name.startswith(field) for name in refused.value.errors)
    assert mail.refresh() == []


def test_a_retried_request_with_a_delivery_id_reaches_nobody_twice(mail, lambda_context, monkeypatch):
    """SES refuses one address on the first attempt: the other is reached and recorded; the retry sends
    only to the refused one, and a third attempt sends nothing at all."""
    from botocore.exceptions import ClientError

    client = core_aws.sesv2_client()
    real_send = client.send_email
    refused = {"lead@oh.example.gov"}

    def flaky_send(**request: Any) -> Any:
        if request["Destination"]["ToAddresses"][0] in refused:
            raise ClientError({"Error": {"Code": "TooManyRequestsException", "Message": "slow"}}, "SendEmail")
        return real_send(**request)

    monkeypatch.setattr(client, "send_email", flaky_send)
    request = _state_request(deliveryId="sqs:4f1c0e2a")

    with pytest.raises(service.EmailNotDelivered, match="1 of 2 recipients refused"):
        _send(lambda_context, **request)
    assert [message["To"] for message in mail.refresh()] == ["ops@oh.example.gov"]

    refused.clear()
    assert _send(lambda_context, **request) == {"message": "Email message sent", "sent": 1, "alreadySent": 1}
    assert _send(lambda_context, **request) == {"message": "Email message sent", "sent": 0, "alreadySent": 2}
    assert sorted(message["To"] for message in mail.refresh()) == [
        "lead@oh.example.gov",
        "ops@oh.example.gov",
    ]


def test_delivery_records_carry_no_address(mail, lambda_context, aws):
    _send(lambda_context, **_state_request(deliveryId="sqs:1"))
    items = aws["event_state"].scan()["Items"]
    assert len(items) == 2
    assert not any("example.gov" in str(item) for item in items)


def test_an_environment_without_a_sending_address_sends_nothing(mail, lambda_context, monkeypatch):
    monkeypatch.setenv("FROM_ADDRESS", "NONE")
    result = _send(lambda_context, **_state_request())
    assert result["sent"] == 0 and "No from address" in result["message"]
    assert mail.refresh() == []


def test_an_empty_list_sends_nothing_and_says_why(mail, lambda_context):
    result = _send(lambda_context, **_state_request(jurisdiction="ky"))
    assert result["sent"] == 0 and "no configuration" in result["message"]
    assert mail.refresh() == []
