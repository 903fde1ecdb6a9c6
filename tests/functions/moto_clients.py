"""boto3 clients for the function tests, built once per worker: building one costs about a tenth of a
second (more than most tests), and a client built under one ``mock_aws`` reaches the next one's fresh
backends, because moto's stub is registered with botocore once, globally."""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3


@cache
def moto_client(service: str) -> Any:
    return boto3.client(service)


@cache
def moto_dynamodb() -> Any:
    """The tests' own DynamoDB resource: not the handlers' (``core.aws``), so that counting what a
    handler asks of DynamoDB does not count what a test writes or reads."""
    return boto3.resource("dynamodb")
