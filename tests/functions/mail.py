"""Email in function tests: moto's SES (what the email service sent, parsed), the configuration of
aslp and Ohio (its lists), and Lambda's Invoke of the email service answered in-process, as the
sandbox answers it, so a sender's ``notifications.client.send_email`` reaches the real service."""

from __future__ import annotations

import email
import email.policy
import io
import json
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from core.models.configuration import JurisdictionConfiguration, JurisprudenceRequirements
from core.repositories.configuration import ConfigurationRepository
from notifications.functions import EMAIL_SERVICE
from tests.functions.configuration.conftest import compact_record
from tests.functions.moto_clients import moto_client

SENDER = "noreply@compactconnect.example"
OHIO_OPERATIONS = ["ops@oh.example.gov", "OPS@oh.example.gov", "lead@oh.example.gov"]


class SentMail(list):
    """The messages moto's SES was given, parsed; :meth:`refresh` re-reads them."""

    def refresh(self) -> list[Message]:
        sent = ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages
        self[:] = [
            email.message_from_string(message.raw_data, policy=email.policy.default) for message in sent
        ]
        return self

    def to(self) -> list[str]:
        return sorted(message["To"] for message in self.refresh())


class LocalLambda:
    """``invoke`` of the email service, run in-process with Lambda's response shape."""

    def invoke(self, FunctionName: str, InvocationType: str, Payload: bytes) -> dict[str, Any]:
        from notifications import service
        from sandbox.invoke import LocalContext

        assert FunctionName == f"cc-test-{EMAIL_SERVICE.name}"
        context = LocalContext(EMAIL_SERVICE.name, EMAIL_SERVICE.memory_mb, EMAIL_SERVICE.timeout_seconds)
        try:
            answer: Any = service.lambda_handler(json.loads(Payload), context)
            error = None
        except Exception as failure:
            answer, error = {"errorMessage": str(failure), "errorType": type(failure).__name__}, "Unhandled"
        response: dict[str, Any] = {"StatusCode": 200, "Payload": io.BytesIO(json.dumps(answer).encode())}
        if error:
            response["FunctionError"] = error
        return response


@pytest.fixture
def mail(aws: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[SentMail]:
    moto_client("sesv2").create_email_identity(EmailIdentity="compactconnect.example")
    monkeypatch.setenv("FROM_ADDRESS", SENDER)
    monkeypatch.setenv(EMAIL_SERVICE.name_env_var, f"cc-test-{EMAIL_SERVICE.name}")
    monkeypatch.setattr("notifications.client.lambda_client", LocalLambda)
    repository = ConfigurationRepository(aws["compact_configuration"])
    repository.put_compact_configuration(compact_record(), None)
    repository.put_jurisdiction_configuration(
        JurisdictionConfiguration(
            compact="aslp",
            postal_abbreviation="oh",
            jurisdiction_name="Ohio",
            jurisprudence_requirements=JurisprudenceRequirements(required=False),
            jurisdiction_operations_team_emails=OHIO_OPERATIONS,
        ),
        None,
    )
    ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages.clear()
    yield SentMail()
