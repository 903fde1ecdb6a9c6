"""Sandbox tests on ``mock_aws``: boto3 pointed at it whatever the process's environment says (no
endpoint — the sandbox's own ``AWS_ENDPOINT_URL`` and per-service ones —, no profile, test
credentials), and fresh DynamoDB tables with their items."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import DynamoDBBackend, dynamodb_backends

from sandbox.emulator import IN_PROCESS_SERVICES, REGION


def point_boto3_at_moto(patch: pytest.MonkeyPatch) -> None:
    endpoints = ["AWS_ENDPOINT_URL", *(f"AWS_ENDPOINT_URL_{service}" for service in IN_PROCESS_SERVICES)]
    for variable in (*endpoints, "AWS_PROFILE"):
        patch.delenv(variable, raising=False)
    patch.setenv("AWS_ACCESS_KEY_ID", "testing")
    patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")


@contextmanager
def moto_dynamodb(
    definitions: Iterable[dict[str, Any]], items: Iterable[tuple[str, dict[str, Any]]]
) -> Iterator[tuple[Any, DynamoDBBackend]]:
    """Fresh tables on ``mock_aws``, with ``items`` (table name, typed item) written: a client, and the
    backend to look inside."""
    with mock_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        for definition in definitions:
            client.create_table(**definition)
        for table, item in items:
            client.put_item(TableName=table, Item=item)
        yield client, dynamodb_backends[DEFAULT_ACCOUNT_ID][REGION]
