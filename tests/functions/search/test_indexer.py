"""The provider-change path: a pipe message (keys and time only) makes the indexer write the provider's
whole general document, the newest change winning whatever order messages arrive in, a provider whose
records are gone deleted, a poison message failed alone (SQS retries it, then dead-letters it)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from core.keys import provider_pk, provider_sk
from core.models.provider_records import ProviderRecords
from search import indexer
from search.documents import provider_document
from search.functions import PROVIDER_CHANGE_MESSAGE
from search.indexer import ProviderChange
from search.pipe_template import render
from tests.functions.search.conftest import deliver, documents, stream_record
from tests.records import make_license, make_privilege, make_provider, put


def change_of(provider):
    return provider_pk(provider.compact, provider.provider_id), provider_sk(provider.compact)


def test_the_pipe_message_holds_keys_but_no_image():
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    body = render(PROVIDER_CHANGE_MESSAGE, stream_record("aslp#PROVIDER#p-1", "aslp#PROVIDER", at))
    assert json.loads(body) == {"pk": "aslp#PROVIDER#p-1", "sk": "aslp#PROVIDER", "eventName": "MODIFY"}
    assert ProviderChange.parse("m", body).provider == ("aslp", "p-1")


def test_a_change_indexes_the_providers_general_document(aws, engine, lambda_context):
    provider = make_provider()
    records = [provider, make_license(provider), make_privilege(provider, "ky")]
    put(aws["provider"], *records)

    answer = deliver(change_of(provider), change_of(provider), lambda_context=lambda_context)

    assert answer == {"batchItemFailures": []}
    indexed = documents(engine)[provider.provider_id]
    expected = provider_document(ProviderRecords.from_items([r.to_item(stamp=False) for r in records]))
    assert indexed == json.loads(json.dumps(expected))
    assert "dateOfBirth" not in indexed and "ssnLastFour" not in indexed
    assert "history" not in indexed["privileges"][0]


def test_an_older_reading_never_overwrites_a_newer_document(aws, engine, lambda_context, monkeypatch):
    provider = make_provider(family_name="Newer")
    put(aws["provider"], provider, make_license(provider, family_name="Newer"))
    deliver(change_of(provider), lambda_context=lambda_context)
    newer = documents(engine)[provider.provider_id]
    # A reading made earlier (a slower indexer, of the records as they were then) arrives late.
    stale = make_provider(provider_id=provider.provider_id, family_name="Older")
    put(aws["provider"], stale, make_license(stale, family_name="Older"))
    monkeypatch.setattr(indexer, "now_utc", lambda: datetime.now(UTC) - timedelta(minutes=5))

    answer = deliver(change_of(provider), lambda_context=lambda_context)

    assert answer == {"batchItemFailures": []}  # refused by the engine as older: settled, not retried
    assert documents(engine)[provider.provider_id] == newer


def test_a_provider_whose_records_are_gone_is_deleted(aws, engine, lambda_context):
    provider = make_provider()
    put(aws["provider"], provider, make_license(provider))
    deliver(change_of(provider), lambda_context=lambda_context)
    for key in [change_of(provider)]:
        aws["provider"].delete_item(Key={"pk": key[0], "sk": key[1]})
    license_sk = make_license(provider).to_item()["sk"]
    aws["provider"].delete_item(Key={"pk": change_of(provider)[0], "sk": license_sk})

    deliver(change_of(provider), at=datetime.now(UTC) + timedelta(seconds=1), lambda_context=lambda_context)

    assert provider.provider_id not in documents(engine)


def test_a_poison_message_fails_alone(aws, engine, lambda_context):
    provider = make_provider()
    put(aws["provider"], provider, make_license(provider))
    event = {
        "Records": [
            {"messageId": "bad", "body": json.dumps({"pk": "CONFIG#aslp", "sk": "x"})},
            {"messageId": "not-json", "body": "{"},
            {
                "messageId": "good",
                "body": render(
                    PROVIDER_CHANGE_MESSAGE, stream_record(*change_of(provider), datetime.now(UTC))
                ),
            },
        ]
    }
    answer = indexer.lambda_handler(event, lambda_context)

    assert {f["itemIdentifier"] for f in answer["batchItemFailures"]} == {"bad", "not-json"}
    assert provider.provider_id in documents(engine)


def test_a_provider_of_a_compact_without_an_index_is_retried(aws, engine, lambda_context):
    provider = make_provider()
    put(aws["provider"], provider, make_license(provider))
    engine.indices.delete(index="compact_aslp_providers_v1")

    answer = deliver(change_of(provider), lambda_context=lambda_context)

    assert answer == {"batchItemFailures": [{"itemIdentifier": "m0"}]}
