"""Presigned POSTs as the handlers make them, signed with the sandbox's credential, for the S3 POST
policy checks; no emulator is needed, since presigning is local to botocore."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config

from core.buckets import BULK_UPLOADS
from sandbox.emulator import ACCESS_KEY_ID, REGION, SECRET_ACCESS_KEY
from sandbox.s3_post_policy import PostForm
from tests.sandbox.moto_environment import point_boto3_at_moto

BUCKET = "cc-sandbox-bulk-uploads"
CSV = b"licenseNumber\r\nA-1\r\n"

Presigned = dict[str, Any]


@pytest.fixture
def bulk_upload(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Presigned]]:
    """``licenses.uploads.presigned_upload`` itself: the policy the State API hands out."""
    from core import aws
    from core.resources import running_as
    from licenses.routes import STATE_BULK_UPLOAD_URL
    from licenses.uploads import presigned_upload

    monkeypatch.setenv(BULK_UPLOADS.env_var, BUCKET)
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:5050")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    aws.s3_client.cache_clear()

    def presigned(compact: str = "aslp", jurisdiction: str = "oh") -> Presigned:
        with running_as(STATE_BULK_UPLOAD_URL):  # the function that presigns for states, with its grants
            return presigned_upload(compact, jurisdiction)

    yield presigned
    aws.s3_client.cache_clear()


def presign(
    fields: dict[str, str] | None = None,
    conditions: list[Any] | None = None,
    key: str = "aslp/oh/upload",
    expires: int = 3600,
    access_key: str = ACCESS_KEY_ID,
    secret: str = SECRET_ACCESS_KEY,
    region: str = REGION,
) -> Presigned:
    """A presigned POST with any fields and conditions, signed by botocore as an SDK would."""
    s3 = boto3.client(
        "s3",
        region_name=region,
        endpoint_url="http://127.0.0.1:5050",
        aws_access_key_id=access_key,
        aws_secret_access_key=secret,
        config=Config(signature_version="s3v4"),
    )
    return s3.generate_presigned_post(BUCKET, key, Fields=fields, Conditions=conditions, ExpiresIn=expires)


def form_of(
    presigned: Presigned,
    changes: dict[str, str | None] | None = None,
    size: int = len(CSV),
    bucket: str = BUCKET,
) -> PostForm:
    """The form a client posts with the presigned fields and a ``size``-byte file; ``changes`` sets
    fields, and a value of None leaves the field out."""
    fields = {**presigned["fields"], **(changes or {})}
    sent = [(name, value) for name, value in fields.items() if value is not None]
    return PostForm(bucket=bucket, fields=sent, files=[("file", size)])


@pytest.fixture
def aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """boto3 pointed at ``mock_aws`` for the test (``moto_environment.point_boto3_at_moto``)."""
    point_boto3_at_moto(monkeypatch)
