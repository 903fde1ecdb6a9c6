"""`python -m benchmarks.provider_detail`: the work of serving a staff provider detail, against dumping
the provider's stored items as they are.

Demo providers (:mod:`ops.demo_data`) are written to an in-process moto DynamoDB and each provider's
partition is read once. Then the table is replaced by those items in memory (the read costs nothing;
moto's own query time would otherwise drown everything), and every provider is served twice per round:

- the floor: ``json.dumps`` of the partition's items — serving what is stored with no checks at all;
- the real path: ``GET /v1/compacts/{compact}/providers/{providerId}`` through the handler as API
  Gateway would call it (routing, authorisation, typed records, statuses and activeSince computed for
  today, history snapshots cut to the audience, the audience model, JSON).

It prints ``{providers, items, details_per_s, floor_per_s, ratio}``; ``ratio`` is ``details_per_s /
floor_per_s``. Each measurement is the best of ``--repeat`` rounds, floor and real path alternating.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any
from unittest import mock

import boto3
from boto3.dynamodb.conditions import Attr, Key
from moto import mock_aws

from benchmarks.local_stack import local_environment
from catalog import ALL_TABLES
from core import keys
from core.buckets import PROVIDER_USERS
from core.catalog import TableSpec
from core.resources import GrantedTable, granted
from sandbox.invoke import LocalContext
from sandbox.provision import table_definition

PROVIDER_ROUTE = "/v1/compacts/{compact}/providers/{providerId}"


def _environment() -> dict[str, Any]:
    """Moto tables named as in the sandbox, and the function environment pointing at them."""
    config, variables = local_environment()
    os.environ.update(variables)
    client, resource = boto3.client("dynamodb"), boto3.resource("dynamodb")
    tables = {}
    for spec in ALL_TABLES:
        name = spec.physical_name(config.name_prefix)
        client.create_table(**table_definition(spec, name))
        os.environ[spec.env_var] = name
        tables[spec.key] = resource.Table(name)
    bucket = boto3.resource("s3").Bucket(f"{config.name_prefix}-provider-users")
    bucket.create()
    os.environ[PROVIDER_USERS.env_var] = bucket.name
    return {"config": config, "tables": tables, "buckets": {PROVIDER_USERS.key: bucket}}


def _event(compact: str, provider_id: str) -> dict[str, Any]:
    path = PROVIDER_ROUTE.format(compact=compact, providerId=provider_id)
    return {
        "resource": PROVIDER_ROUTE,
        "path": path,
        "httpMethod": "GET",
        "headers": {},
        "multiValueHeaders": {},
        "pathParameters": {"compact": compact, "providerId": provider_id},
        "requestContext": {
            "resourcePath": PROVIDER_ROUTE,
            "httpMethod": "GET",
            "requestId": "benchmark",
            "stage": "local",
            "authorizer": {
                "claims": {"sub": "benchmark", "scope": f"{compact}/readGeneral {compact}/readPrivate"}
            },
        },
        "body": None,
        "isBase64Encoded": False,
    }


def _provider_ids(table: Any) -> list[tuple[str, str]]:
    """Every provider record's (compact, providerId), in a stable order."""
    request: dict[str, Any] = {
        "FilterExpression": Attr("type").eq("provider"),
        "ProjectionExpression": "#c, providerId",
        "ExpressionAttributeNames": {"#c": "compact"},
    }
    found = []
    while True:
        page = table.scan(**request)
        found += [(item["compact"], item["providerId"]) for item in page["Items"]]
        if "LastEvaluatedKey" not in page:
            return sorted(found)
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _seconds(run: Callable[[], None]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


class InMemoryPartitions:
    """Stands in for the provider table: a partition query answers from memory, in one page."""

    def __init__(self, partitions: dict[str, list[dict[str, Any]]]) -> None:
        self.partitions = partitions

    def query(self, **request: Any) -> dict[str, Any]:
        """``pk = :pk``, optionally ``AND sk < :floor`` (a read without the older history tiers)."""
        condition = request["KeyConditionExpression"].get_expression()
        if condition["operator"] != "AND":
            return {"Items": self.partitions[condition["values"][1]]}
        partition, below = (part.get_expression()["values"][1] for part in condition["values"])
        return {"Items": [item for item in self.partitions[partition] if item["sk"] < below]}


class FreeProviderReads:
    """The running function's grants, checked as for a real read, with the provider table's partition
    queries answered from memory."""

    def __init__(self, partitions: dict[str, list[dict[str, Any]]]) -> None:
        self.partitions = partitions

    def table(self, spec: TableSpec) -> GrantedTable:
        granted_table = granted().table(spec)
        return dataclasses.replace(granted_table, table=InMemoryPartitions(self.partitions))


def _partitions(table: Any, targets: list[tuple[str, str]]) -> dict[str, list[dict[str, Any]]]:
    partitions = {}
    for compact, provider_id in targets:
        pk = keys.provider_pk(compact, provider_id)
        partitions[pk] = table.query(KeyConditionExpression=Key("pk").eq(pk))["Items"]
    return partitions


def measure(providers: int, repeat: int) -> dict[str, Any]:
    from ops.demo_data import seed_demo_data

    environment = _environment()
    seed_demo_data(environment["tables"], environment["buckets"], environment["config"], providers=providers)
    targets = _provider_ids(environment["tables"]["provider"])
    partitions = _partitions(environment["tables"]["provider"], targets)
    from providers import api, privilege_lookup

    context = LocalContext("StaffProviderApi", 256, 28)
    free_reads = FreeProviderReads(partitions)

    def floor() -> None:
        for items in partitions.values():
            json.dumps(items, default=str)

    def real() -> None:
        for compact, provider_id in targets:
            response = api.lambda_handler(_event(compact, provider_id), context)
            assert response["statusCode"] == 200, response["body"]

    floor_seconds, real_seconds = float("inf"), float("inf")
    with mock.patch.object(privilege_lookup, "granted", lambda: free_reads):
        for _ in range(repeat):
            floor_seconds = min(floor_seconds, _seconds(floor))
            real_seconds = min(real_seconds, _seconds(real))
    count = len(targets)
    return {
        "providers": count,
        "items": sum(len(items) for items in partitions.values()),
        "details_per_s": round(count / real_seconds, 1),
        "floor_per_s": round(count / floor_seconds, 1),
        "ratio": round(floor_seconds / real_seconds, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.provider_detail", description=__doc__)
    parser.add_argument("--providers", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with mock_aws():
        print(json.dumps(measure(args.providers, args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
