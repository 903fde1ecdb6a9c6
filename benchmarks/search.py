"""`python -m benchmarks.search --providers N`: the search indexer's throughput against serialising the
same documents, and the local engine's query latency.

Demo providers (:mod:`ops.demo_data`, every case of the crowd) are built in memory. Then:

- the floor: ``json.dumps`` of every provider's search document — the least any indexer must do;
- the real path: one pipe message per provider-table record (so a provider with a license, privileges
  and history arrives several times, as from the stream), in the queue's batches of 50, through the
  indexer's handler (records read, documents built, versioned ``_bulk`` requests over HTTP) into the
  local engine; the provider table's reads are answered from memory, so DynamoDB's time is not counted.

``docs_per_s`` is providers indexed per second and ``ratio`` is ``docs_per_s / floor_docs_per_s``. Then
two queries run ``--queries`` times each on the filled engine, through ``opensearch-py``: a family
name (``match``) and a privilege state with a license status (``nested`` + ``term``), reported as
``p50_ms`` and ``p95_ms``. ``peak_rss_mb`` is the process's high-water mark.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, cast
from unittest import mock

from benchmarks.local_stack import local_environment
from benchmarks.provider_detail import FreeProviderReads
from core import keys
from core.catalog import SEARCH_ENDPOINT_ENV_VAR
from core.models.provider_records import ProviderRecords
from core.resources import running_as
from core.tables import PROVIDER
from sandbox.invoke import LocalContext
from sandbox.search_engine.rest import SearchEngineStandIn
from search import indexer
from search.client import _client
from search.documents import provider_document
from search.functions import PROVIDER_CHANGE_MESSAGE, SEARCH_INDEX_MANAGER
from search.index_layout import alias
from search.index_manager import ensure_indices
from search.pipe_template import render

BATCH = 50
SEED = 2025


def demo_partitions(providers: int) -> dict[str, list[dict[str, Any]]]:
    """``providers`` demo providers' items by partition, spread over the local stack's compacts."""
    from core.clock import today_for_expiration
    from ops.demo_data.compacts import Compact
    from ops.demo_data.history import History
    from ops.demo_data.profiles import profile_for, slots
    from ops.demo_data.story import simulate

    config, _ = local_environment()
    compacts = [
        Compact(name, definition.license_types, definition.active_jurisdictions, (), (), {}, SEED)
        for name, definition in config.compacts.compacts.items()
    ]
    today = today_for_expiration()
    partitions: dict[str, list[dict[str, Any]]] = {}
    for slot in slots(compacts, providers, SEED):
        rng = random.Random(f"{SEED}/{slot.compact.abbreviation}/{slot.number}")
        provider_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        history = History(slot.compact, provider_id, f"900-00-{slot.index:04d}", rng, today)
        simulate(history, profile_for(slot.case, rng, slot.compact, slot.showcase))
        items = [record.to_item(stamp=False) for record in history.records()]
        partitions[keys.provider_pk(slot.compact.abbreviation, provider_id)] = items
    return partitions


def messages(partitions: dict[str, list[dict[str, Any]]]) -> Iterator[list[dict[str, Any]]]:
    """The pipe's messages for every record, in batches as the queue hands them to the indexer."""
    at = datetime.now(UTC).timestamp()
    batch: list[dict[str, Any]] = []
    for pk, items in partitions.items():
        for item in items:
            record = {
                "eventName": "INSERT",
                "dynamodb": {
                    "ApproximateCreationDateTime": at,
                    "Keys": {"pk": {"S": pk}, "sk": {"S": item["sk"]}},
                },
            }
            batch.append({"messageId": str(len(batch)), "body": render(PROVIDER_CHANGE_MESSAGE, record)})
            if len(batch) == BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def _seconds(run: Callable[[], None]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _floor_seconds(partitions: dict[str, list[dict[str, Any]]]) -> float:
    """Serialising every provider's search document, built beforehand."""
    documents = [provider_document(ProviderRecords.from_items(items)) for items in partitions.values()]

    def serialise() -> None:
        for document in documents:
            json.dumps(document)

    return _seconds(serialise)


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(providers: int, queries: int) -> dict[str, Any]:
    config, variables = local_environment()
    os.environ.update(variables)
    os.environ.setdefault(PROVIDER.env_var, f"{config.name_prefix}-{PROVIDER.resource_name}")
    partitions = demo_partitions(providers)
    engine = SearchEngineStandIn()
    url = engine.serve(0)
    os.environ[SEARCH_ENDPOINT_ENV_VAR] = url
    try:
        with running_as(SEARCH_INDEX_MANAGER):
            ensure_indices(_client(url), list(config.compacts.compacts))
        floor_seconds = _floor_seconds(partitions)
        context = LocalContext("ProviderSearchIndexer", 512, 60)
        batches = list(messages(partitions))

        def index_all() -> None:
            for batch in batches:
                answer = indexer.lambda_handler({"Records": batch}, cast(Any, context))
                assert not answer["batchItemFailures"], answer

        with (
            mock.patch.object(indexer, "granted", lambda: FreeProviderReads(partitions)),
            mock.patch.object(indexer.logger, "info"),
        ):
            index_seconds = _seconds(index_all)
        client = _client(url)
        compact = next(iter(config.compacts.compacts))
        names = [document_family(items) for items in partitions.values() if items[0]["compact"] == compact]
        state = config.compacts.compacts[compact].active_jurisdictions[0]
        by_name = lambda i: {"query": {"match": {"familyName": names[i % len(names)]}}, "size": 100}  # noqa: E731
        by_state = lambda i: {  # noqa: E731
            "query": {
                "bool": {
                    "filter": [
                        {
                            "nested": {
                                "path": "privileges",
                                "query": {"term": {"privileges.jurisdiction": state}},
                            }
                        },
                        {"term": {"licenseStatus": "active"}},
                    ]
                }
            },
            "size": 100,
            "sort": [{"familyName.keyword": {"order": "asc"}}],
        }
        latencies = {
            name: _latencies(client, alias(compact), query, queries)
            for name, query in (("name", by_name), ("jurisdiction_status", by_state))
        }
    finally:
        engine.stop()
    return {
        "providers": providers,
        "stream_records": sum(len(items) for items in partitions.values()),
        "docs_per_s": round(providers / index_seconds, 1),
        "floor_docs_per_s": round(providers / floor_seconds, 1),
        "ratio": round(floor_seconds / index_seconds, 4),
        **{f"{name}_{key}": value for name, figures in latencies.items() for key, value in figures.items()},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def document_family(items: list[dict[str, Any]]) -> str:
    return next(str(item["familyName"]) for item in items if item.get("type") == "provider")


def _latencies(client: Any, index: str, query: Callable[[int], dict[str, Any]], count: int) -> dict[str, Any]:
    samples = []
    for i in range(count):
        started = time.perf_counter()
        client.search(index=index, body=query(i))
        samples.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": round(statistics.median(samples), 2), "p95_ms": round(_percentile(samples, 0.95), 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__)
    parser.add_argument("--providers", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=40)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.providers, args.queries)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
