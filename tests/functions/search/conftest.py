"""Search functions on moto and the local engine: a fresh engine per test, its indices made by the index
manager as a deploy makes them, and a helper that delivers provider changes as the pipe would."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from opensearchpy import OpenSearch

from core.catalog import SEARCH_ENDPOINT_ENV_VAR
from core.resources import running_as
from sandbox.search_engine.rest import SearchEngineStandIn
from search import indexer
from search.client import _client
from search.functions import PROVIDER_CHANGE_MESSAGE, SEARCH_INDEX_MANAGER
from search.index_manager import ensure_indices
from search.pipe_template import render
from tests.functions.moto_clients import moto_client


@pytest.fixture
def stand_in(aws, monkeypatch: pytest.MonkeyPatch) -> Iterator[SearchEngineStandIn]:
    """The local engine, where the functions are told the domain is."""
    engine = SearchEngineStandIn()
    monkeypatch.setenv(SEARCH_ENDPOINT_ENV_VAR, engine.serve(0))
    yield engine
    engine.stop()


@pytest.fixture
def engine(stand_in, local_config) -> OpenSearch:
    """The stand-in with each compact's index and alias, as a deploy leaves it; answers a client to
    inspect it."""
    url = os.environ[SEARCH_ENDPOINT_ENV_VAR]
    with running_as(SEARCH_INDEX_MANAGER):
        ensure_indices(_client(url), list(local_config.compacts.compacts))
    return OpenSearch(hosts=[url])


@pytest.fixture
def export_bucket(aws, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bucket privilege exports are written to."""
    moto_client("s3").create_bucket(Bucket="cc-test-export-results")
    monkeypatch.setenv("EXPORT_RESULTS_BUCKET_NAME", "cc-test-export-results")


def engine_url() -> str:
    """Where the functions reach the engine."""
    return os.environ[SEARCH_ENDPOINT_ENV_VAR]


def stream_record(pk: str, sk: str, at: datetime, event_name: str = "MODIFY") -> dict[str, Any]:
    """A DynamoDB stream record as the pipe receives it (with the images the template leaves out)."""
    return {
        "eventID": "1",
        "eventName": event_name,
        "eventSource": "aws:dynamodb",
        "dynamodb": {
            "ApproximateCreationDateTime": at.timestamp(),
            "Keys": {"pk": {"S": pk}, "sk": {"S": sk}},
            "NewImage": {"pk": {"S": pk}, "dateOfBirth": {"S": "1985-12-10"}},
            "SequenceNumber": "1",
        },
    }


def deliver(
    *changes: tuple[str, str], at: datetime | None = None, lambda_context: Any = None
) -> dict[str, Any]:
    """Runs the indexer on one batch of pipe messages, one per (pk, sk) change."""
    moment = at or datetime.now(UTC)
    records = [
        {"messageId": f"m{i}", "body": render(PROVIDER_CHANGE_MESSAGE, stream_record(pk, sk, moment))}
        for i, (pk, sk) in enumerate(changes)
    ]
    return indexer.lambda_handler({"Records": records}, lambda_context)


def documents(client: OpenSearch, compact: str = "aslp") -> dict[str, dict[str, Any]]:
    answer = client.search(index=f"compact_{compact}_providers", body={"size": 100})
    return {hit["_id"]: hit["_source"] for hit in answer["hits"]["hits"]}


def body_of(response: dict[str, Any]) -> Any:
    return json.loads(response["body"])
