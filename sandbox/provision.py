"""Creates the declared tables, buckets and bus on the emulator, from the same declarations the
Pulumi components use."""

from __future__ import annotations

from typing import Any

import boto3

from core.buckets import BucketSpec
from core.catalog import IndexSpec, TableSpec


def table_definition(spec: TableSpec, name: str) -> dict[str, Any]:
    """CreateTable arguments for a catalog table (also used by the moto-based function tests)."""
    definition: dict[str, Any] = {
        "TableName": name,
        "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        "AttributeDefinitions": [
            {"AttributeName": attribute, "AttributeType": "S"} for attribute in spec.attribute_names
        ],
    }
    if spec.indexes:
        definition["GlobalSecondaryIndexes"] = [_index(index) for index in spec.indexes]
    if spec.stream:
        definition["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": spec.stream}
    return definition


def _index(index: IndexSpec) -> dict[str, Any]:
    keys = [{"AttributeName": index.partition_key, "KeyType": "HASH"}]
    if index.sort_key:
        keys.append({"AttributeName": index.sort_key, "KeyType": "RANGE"})
    projection: dict[str, Any] = {"ProjectionType": index.projection}
    if index.non_key_attributes:
        projection["NonKeyAttributes"] = list(index.non_key_attributes)
    return {"IndexName": index.name, "KeySchema": keys, "Projection": projection}


def create_tables(specs: tuple[TableSpec, ...], name_prefix: str) -> dict[str, str]:
    """Create every table (with TTL where declared); returns TableSpec.key -> physical name."""
    client = boto3.client("dynamodb")
    names: dict[str, str] = {}
    for spec in specs:
        name = spec.physical_name(name_prefix)
        client.create_table(**table_definition(spec, name))
        if spec.ttl_attribute:
            client.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={"Enabled": True, "AttributeName": spec.ttl_attribute},
            )
        names[spec.key] = name
    return names


def create_buckets(specs: tuple[BucketSpec, ...], name_prefix: str, account_id: str) -> dict[str, str]:
    """Create every declared bucket; returns BucketSpec.key -> physical name."""
    client = boto3.client("s3")
    names: dict[str, str] = {}
    for spec in specs:
        name = spec.physical_name(name_prefix, account_id)
        client.create_bucket(Bucket=name)
        names[spec.key] = name
    return names


def create_event_bus(name: str) -> str:
    """The data event bus; returns its ARN."""
    return boto3.client("events").create_event_bus(Name=name)["EventBusArn"]
