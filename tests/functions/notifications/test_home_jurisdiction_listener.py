"""The home-state change listener against moto: both states' operations teams get one email each; the
same event delivered again sends nothing; a recipient SES refused fails the message, and its retry
reaches only that recipient; a state outside the compact is not written to."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from core import aws as core_aws
from core.clock import frozen_time
from core.models.configuration import JurisdictionConfiguration, JurisprudenceRequirements
from core.repositories.configuration import ConfigurationRepository
from ingest import ingest
from notifications import home_jurisdiction
from tests.functions.ingest.conftest import PROVIDER_ID, bus_envelope, ingest_detail, sqs_event

KENTUCKY = "ops@ky.example.gov"


@pytest.fixture
def provider(mail, aws, lambda_context) -> None:
    """Ada Lovelace, licensed in Ohio; Kentucky's operations team configured too."""
    ConfigurationRepository(aws["compact_configuration"]).put_jurisdiction_configuration(
        JurisdictionConfiguration(
            compact="aslp",
            postal_abbreviation="ky",
            jurisdiction_name="Kentucky",
            jurisprudence_requirements=JurisprudenceRequirements(required=False),
            jurisdiction_operations_team_emails=[KENTUCKY],
        ),
        None,
    )
    envelope = bus_envelope("license.ingest", ingest_detail())
    with frozen_time(datetime(2026, 3, 1, 12, tzinfo=UTC)):
        assert ingest.lambda_handler(sqs_event(envelope), lambda_context)["batchItemFailures"] == []


def _moved(
    lambda_context: Any, previous: str = "oh", new: str = "ky", event_id: str = "event-7"
) -> list[str]:
    detail = {
        "eventTime": "2026-03-02T14:05:09+00:00",
        "compact": "aslp",
        "providerId": PROVIDER_ID,
        "previousHomeJurisdiction": previous,
        "newHomeJurisdiction": new,
    }
    event = sqs_event(bus_envelope("provider.homeJurisdictionChange", detail, event_id))
    response = home_jurisdiction.lambda_handler(event, lambda_context)
    return [failure["itemIdentifier"] for failure in response["batchItemFailures"]]


def test_both_states_are_told_once(provider, mail, lambda_context):
    assert _moved(lambda_context) == []

    sent = {message["To"]: message["Subject"] for message in mail.refresh()}
    assert sent[KENTUCKY] == "A practitioner moved their home state to Kentucky"
    assert sent["ops@oh.example.gov"] == "A practitioner moved their home state away from Ohio"
    assert "Ada Lovelace" in mail[0].get_body(("plain",)).get_content()

    assert _moved(lambda_context) == []  # the same event again
    assert len(mail.refresh()) == len(sent)


def test_a_refused_recipient_fails_the_message_and_only_it_is_retried(
    provider, mail, lambda_context, monkeypatch
):
    from botocore.exceptions import ClientError

    client = core_aws.sesv2_client()
    real_send, refused = client.send_email, {KENTUCKY}

    def flaky(**request: Any) -> Any:
        if request["Destination"]["ToAddresses"][0] in refused:
            raise ClientError({"Error": {"Code": "TooManyRequestsException", "Message": "slow"}}, "SendEmail")
        return real_send(**request)

    monkeypatch.setattr(client, "send_email", flaky)
    assert _moved(lambda_context) == ["message-0"]
    assert KENTUCKY not in mail.to()

    refused.clear()
    assert _moved(lambda_context) == []
    assert mail.to().count(KENTUCKY) == 1 and mail.to().count("ops@oh.example.gov") == 1


def test_a_state_outside_the_compact_is_not_written_to(provider, mail, lambda_context):
    assert _moved(lambda_context, previous="other", new="oh", event_id="event-8") == []
    assert [message["Subject"] for message in mail.refresh()] == [
        "A practitioner moved their home state to Ohio",
        "A practitioner moved their home state to Ohio",
    ]  # Ohio's two operations addresses; nothing for "other"


def test_an_unknown_provider_fails_the_message(mail, lambda_context):
    assert _moved(lambda_context) == ["message-0"]
    assert mail.refresh() == []
