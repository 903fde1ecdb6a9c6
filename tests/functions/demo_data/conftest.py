"""One seeded emulator shared by the demo-data tests (seeding takes a second), and readers of it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from moto import mock_aws

from catalog import ALL_TABLES
from core import keys
from core.buckets import PROVIDER_USERS
from core.clock import frozen_time
from core.models.provider_records import ProviderRecords
from core.repositories.ssn import SsnRepository
from ops.demo_data import DemoSummary, seed_demo_data
from ops.demo_data.profiles import SHOWCASE
from sandbox.provision import table_definition
from sandbox.seed import seed_demo_configuration
from tests.functions.moto_clients import moto_client

NOW = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)
TODAY = NOW.date()
PROVIDERS = 3 * len(SHOWCASE)  # every showcase case in every compact, and nothing more: keeps it fast
MIRRORED = (
    "licenseJurisdiction",
    "jurisdictionUploadedLicenseStatus",
    "jurisdictionUploadedCompactEligibility",
    "ssnLastFour",
    "npi",
    "givenName",
    "middleName",
    "familyName",
    "suffix",
    "dateOfExpiration",
    "dateOfBirth",
)


@dataclass
class Demo:
    """What a seeding left in the emulator, read back before the emulator closed."""

    summary: DemoSummary
    items: dict[str, list[dict[str, Any]]]  # provider table, by partition key
    records: dict[str, ProviderRecords]  # the provider partitions, loaded
    ssn_of: dict[str, str | None]  # provider id -> SSN, read through ssnIndex
    id_of: dict[tuple[str, str], str]  # (compact, SSN) -> provider id, as ingest would resolve it
    live: dict[str, set[str]]  # compact -> its live jurisdictions
    documents: dict[str, bytes]  # provider-users bucket


def create_tables(prefix: str) -> dict[str, Any]:
    """Every catalog table, each named after ``prefix`` (even the fixed-name SSN table, so that a test can
    have two sets)."""
    client = moto_client("dynamodb")
    tables = {}
    for spec in ALL_TABLES:
        name = f"{prefix}-{spec.resource_name}"
        client.create_table(**table_definition(spec, name))
        tables[spec.key] = boto3.resource("dynamodb").Table(name)
    return tables


@pytest.fixture(scope="package")
def demo(local_config) -> Iterator[Demo]:
    """One seeded emulator for the tests that only read (seeding takes a second); set up as the ``aws``
    fixture does."""
    with pytest.MonkeyPatch.context() as patch:
        for variable in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
            patch.delenv(variable, raising=False)
        for variable, value in (("AWS_DEFAULT_REGION", "us-east-1"), ("AWS_ACCESS_KEY_ID", "testing"),
                                ("AWS_SECRET_ACCESS_KEY", "testing")):  # fmt: skip
            patch.setenv(variable, value)
        with mock_aws():
            tables = create_tables("cc-demo")
            bucket = boto3.resource("s3").create_bucket(Bucket="cc-demo-provider-users")
            seed_demo_configuration(local_config, tables["compact_configuration"].name)
            with frozen_time(NOW):
                summary = seed_demo_data(
                    tables, {PROVIDER_USERS.key: bucket}, local_config, providers=PROVIDERS
                )
            items = partitions(tables["provider"])
            records = provider_partitions(items)
            ssns = SsnRepository(tables["ssn"])
            providers = [r.provider for r in records.values() if r.provider is not None]
            ssn_of = {p.provider_id: ssns.ssn_of_provider(p.compact, p.provider_id) for p in providers}
            id_of = {
                (p.compact, ssn): ssns.get_or_create_provider_id(p.compact, ssn)
                for p in providers
                if (ssn := ssn_of[p.provider_id])
            }
            live = {
                item["compactAbbr"]: {
                    s["postalAbbreviation"] for s in item["configuredStates"] if s["isLive"]
                }
                for item in tables["compact_configuration"].scan()["Items"]
                if item.get("type") == "compact"
            }
            documents = {o.key: o.get()["Body"].read() for o in bucket.objects.all()}
    yield Demo(summary, items, records, ssn_of, id_of, live, documents)


@pytest.fixture
def bucket(aws):
    return boto3.resource("s3").create_bucket(Bucket="cc-test-provider-users")


def partitions(table: Any) -> dict[str, list[dict[str, Any]]]:
    by_pk: dict[str, list[dict[str, Any]]] = defaultdict(list)
    scan: dict[str, Any] = {}
    while True:
        page = table.scan(**scan)
        for item in page["Items"]:
            by_pk[item["pk"]].append(item)
        if "LastEvaluatedKey" not in page:
            return dict(by_pk)
        scan["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def provider_partitions(table_or_items: Any) -> dict[str, ProviderRecords]:
    """Every provider's partition, loaded (the emulator scans slowly: pass items already scanned)."""
    by_pk = table_or_items if isinstance(table_or_items, dict) else partitions(table_or_items)
    return {
        pk: ProviderRecords.from_items(items)
        for pk, items in by_pk.items()
        if not pk.endswith(keys.privilege_count_key(""))
    }
