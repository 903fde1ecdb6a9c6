"""boto3 resources created once per container and reused across invocations.

boto3 and botocore are imported on the first AWS call, not when a handler module is imported: a
request refused before it reaches AWS (a malformed body, a missing token, a CORS preflight) never pays
for them, and the handler's import stays within 1.5 times a bare ``import boto3`` (benchmarks/cold_start).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from botocore.exceptions import ClientError


@cache
def dynamodb() -> Any:
    import boto3

    return boto3.resource("dynamodb")


@cache
def table_resource(name: str) -> Any:
    """A boto3 Table, built once per table: building one costs more than serving a small request."""
    return dynamodb().Table(name)


@cache
def s3_client() -> Any:
    """S3 with SigV4, which presigned URLs and POST policies need in every region opened since 2014."""
    import boto3
    from botocore.config import Config

    return boto3.client("s3", config=Config(signature_version="s3v4"))


def client_error() -> type[ClientError]:
    """botocore's ``ClientError``, for ``except client_error() as error:`` — an except clause's class
    is looked up only when an exception reaches it, so nothing is imported on the happy path."""
    from botocore.exceptions import ClientError

    return ClientError


def error_code(error: ClientError) -> str:
    """The AWS error code of a refused call (``ConditionalCheckFailedException``...)."""
    return str(error.response.get("Error", {}).get("Code", ""))


@cache
def cognito_client() -> Any:
    import boto3

    return boto3.client("cognito-idp")


@cache
def sesv2_client() -> Any:
    """SES through its v2 API (the one with configuration sets on every send and raw MIME messages)."""
    import boto3

    return boto3.client("sesv2")


@cache
def lambda_client() -> Any:
    """Synchronous invocations wait as long as the invoked function may run, and are never retried by
    the SDK: a retry after a read timeout would run the function a second time alongside the first."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        "lambda", config=Config(read_timeout=INVOKE_READ_TIMEOUT_SECONDS, retries={"max_attempts": 1})
    )


INVOKE_READ_TIMEOUT_SECONDS = 905
"""Longer than any function's timeout (15 minutes at most)."""


@cache
def kms_client() -> Any:
    import boto3

    return boto3.client("kms")
