"""The whole pipeline on moto: row -> preprocessor -> bus -> ingest -> provider table, with every published
event logged. The events travel as EventBridge delivers them to queues (a rule targeting SQS)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from core.clock import frozen_time
from core.repositories.providers import ProviderRepository
from core.repositories.ssn import SsnRepository
from ingest import data_events, ingest, preprocess
from tests.functions.ingest.conftest import SSN, PublishedEvents, license_row, sqs_event


def _deliver(handler: Any, envelopes: list[dict[str, Any]], lambda_context) -> None:
    response = handler.lambda_handler(sqs_event(*envelopes), lambda_context)
    assert response["batchItemFailures"] == []


def test_an_uploaded_row_becomes_a_provider_and_a_logged_event_without_spreading_the_ssn(
    aws, events: PublishedEvents, lambda_context, capsys
) -> None:
    with frozen_time(datetime(2026, 3, 1, 12, 0, 1, tzinfo=UTC)):
        assert preprocess.lambda_handler(sqs_event(license_row()), lambda_context)["batchItemFailures"] == []
        published = events.all()
        _deliver(ingest, [e for e in published if e["detail-type"] == "license.ingest"], lambda_context)
        _deliver(data_events, published, lambda_context)

    provider_id = SsnRepository(aws["ssn"]).get_or_create_provider_id("aslp", SSN)
    records = ProviderRepository(aws["provider"]).records("aslp", provider_id)
    assert records.provider is not None and records.provider.ssn_last_four == "1746"
    assert [lic.jurisdiction for lic in records.licenses] == ["oh"]
    [logged] = aws["data_event"].scan()["Items"]
    assert logged["eventType"] == "license.ingest" and logged["pk"] == "COMPACT#aslp#JURISDICTION#oh"

    for key, table in aws.items():
        assert (SSN in json.dumps(table.scan()["Items"], default=str)) == (key == "ssn"), key
    assert SSN not in json.dumps(events.all()) and SSN not in capsys.readouterr().out
