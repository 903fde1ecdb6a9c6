"""`python -m benchmarks.emulator_transactions`: five-item ``TransactWriteItems`` per second on the
emulator, moto's own implementation against the sandbox's (:mod:`sandbox.fast_transactions`), by
table size.

For each size, an in-process moto holds the provider table as the sandbox declares it (its indexes and
its stream, so every write also leaves a stream record) with that many provider-shaped items. Then, in
alternating rounds, each implementation commits ``--transactions`` transactions of five guarded puts
(``attribute_not_exists(pk)``, about twenty attributes each) for a new provider, as license ingest
writes them, through boto3 as the handlers call it.

It prints one JSON object per size, ``{items, moto_per_s, ours_per_s, ratio}``; ``ratio`` is
``ours_per_s / moto_per_s``. Each figure is the best of ``--repeat`` rounds. moto's cost grows with the
table (it deep-copies it once per entry), so its rounds at 5,000 items take tens of seconds.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import boto3
from moto import mock_aws
from moto.dynamodb.models import DynamoDBBackend

from core.tables import PROVIDER
from sandbox import fast_transactions
from sandbox.emulator import REGION
from sandbox.provision import table_definition

TABLE = "benchmark-provider"
ENTRIES = 5
BATCH = 25
IMPLEMENTATIONS: dict[str, Callable[..., None]] = {
    "moto": DynamoDBBackend.transact_write_items,
    "ours": fast_transactions.transact_write_items,
}


def provider_items(provider: int) -> Iterator[dict[str, Any]]:
    """The five records of one provider: its provider record and four licenses, as attribute maps."""
    pk = f"aslp#PROVIDER#{provider:08}"
    common = {
        "pk": pk,
        "compact": "aslp",
        "providerId": f"{provider:08}",
        "givenName": "Ada",
        "middleName": "Q",
        "familyName": f"Family{provider}",
        "dateOfBirth": "1980-01-01",
        "dateOfUpdate": "2025-01-01T00:00:00+00:00",
        "providerFamGivMid": f"aslp#PROVIDER#family{provider}#ada#q",
        "providerDateOfUpdate": "aslp#PROVIDER#2025-01-01T00:00:00+00:00",
        "emailAddress": f"ada{provider}@example.org",
        "phoneNumber": "+15555550100",
        "homeAddressStreet1": "1 Main St",
        "homeAddressCity": "Columbus",
        "homeAddressState": "oh",
        "homeAddressPostalCode": "43004",
    }
    yield {**common, "sk": "aslp#PROVIDER", "type": "provider", "licenseJurisdiction": "oh"}
    for index, jurisdiction in enumerate(("oh", "ky", "ne", "al")):
        yield {
            **common,
            "sk": f"aslp#PROVIDER#license/{jurisdiction}/aud#",
            "type": "license",
            "jurisdiction": jurisdiction,
            "licenseType": "audiologist",
            "licenseNumber": f"A-{provider}-{index}",
            "licenseStatus": "active",
            "dateOfIssuance": "2020-01-01",
            "dateOfExpiration": "2030-01-01",
        }


def _typed(item: dict[str, Any]) -> dict[str, Any]:
    return {name: {"S": value} for name, value in item.items()}


def seed(client: Any, items: int) -> None:
    """``items`` provider-shaped items (whole providers of five), written 25 at a time."""
    written = itertools.chain.from_iterable(provider_items(provider) for provider in range(items // ENTRIES))
    while batch := list(itertools.islice(written, BATCH)):
        client.batch_write_item(
            RequestItems={TABLE: [{"PutRequest": {"Item": _typed(item)}} for item in batch]}
        )


def transactions_per_second(client: Any, first_provider: int, count: int) -> float:
    """Commits ``count`` five-item transactions, each for a provider not yet in the table."""
    started = time.perf_counter()
    for provider in range(first_provider, first_provider + count):
        client.transact_write_items(
            TransactItems=[
                {
                    "Put": {
                        "TableName": TABLE,
                        "Item": _typed(item),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                }
                for item in provider_items(provider)
            ]
        )
    return count / (time.perf_counter() - started)


def measure(items: int, transactions: int, repeat: int) -> dict[str, Any]:
    """Both implementations on one table of ``items`` items, in alternating rounds (so that a busy
    machine slows both alike); the table grows by the transactions' items, a few per cent at most."""
    with mock_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        client.create_table(**table_definition(PROVIDER, TABLE))
        seed(client, items)
        best = dict.fromkeys(IMPLEMENTATIONS, 0.0)
        providers = itertools.count(items // ENTRIES, transactions)
        for _ in range(repeat):
            for name, implementation in IMPLEMENTATIONS.items():
                with mock.patch.object(DynamoDBBackend, "transact_write_items", implementation):
                    rate = transactions_per_second(client, next(providers), transactions)
                best[name] = max(best[name], rate)
    return {
        "items": items,
        "moto_per_s": round(best["moto"], 2),
        "ours_per_s": round(best["ours"], 1),
        "ratio": round(best["ours"] / best["moto"], 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.emulator_transactions", description=__doc__)
    parser.add_argument("--sizes", default="0,1000,5000", help="table sizes in items, comma-separated")
    parser.add_argument("--transactions", type=int, default=3, help="transactions per round")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    for variable in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        os.environ.pop(variable, None)
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "benchmark")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "benchmark")
    for size in args.sizes.split(","):
        print(json.dumps(measure(int(size), args.transactions, args.repeat)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
