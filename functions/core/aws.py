"""boto3 resources created once per container and reused across invocations (cold-start cost is
paid once, and nothing is created at import time)."""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3
from botocore.config import Config


@cache
def dynamodb() -> Any:
    return boto3.resource("dynamodb")


@cache
def table_resource(name: str) -> Any:
    """A boto3 Table, built once per table: building one costs more than serving a small request."""
    return dynamodb().Table(name)


@cache
def s3_client() -> Any:
    """S3 with SigV4, which presigned URLs and POST policies need in every region opened since 2014."""
    return boto3.client("s3", config=Config(signature_version="s3v4"))
