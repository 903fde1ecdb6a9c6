"""A state IT system's client: OAuth client credentials plus ECDSA request signatures."""

from __future__ import annotations

import csv
import io
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any, TypeVar

import boto3
import requests

from core.signature import sign_request
from ops.generate_mock_licenses import mock_rows

TIMEOUT = 15
ASLP_LICENSE_TYPES = ("audiologist", "speech-language pathologist")
T = TypeVar("T")


@dataclass
class StateClient:
    manifest: dict[str, Any]
    client: dict[str, str]

    @property
    def compact(self) -> str:
        return self.client["compact"]

    @property
    def jurisdiction(self) -> str:
        return self.client["jurisdiction"]

    @cached_property
    def token(self) -> str:
        response = requests.post(
            self.manifest["userPools"]["state"]["tokenUrl"],
            data={"grant_type": "client_credentials"},
            auth=(self.client["clientId"], self.client["clientSecret"]),
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        return response.json()["access_token"]

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        signed: bool = True,
        timestamp: str | None = None,
        nonce: str | None = None,
    ) -> requests.Response:
        headers = {"Authorization": self.token}
        if signed:
            headers |= sign_request(
                self.client["privateKeyPem"], method, path, {}, self.client["keyId"], timestamp, nonce
            )
        url = self.manifest["apis"]["state"] + path
        return requests.request(method, url, json=body, headers=headers, timeout=TIMEOUT)

    def base(self) -> str:
        return f"/v1/compacts/{self.compact}/jurisdictions/{self.jurisdiction}"

    def bulk_upload(self) -> dict[str, Any]:
        """The presigned POST (``url``, ``fields``) the State API hands out for one CSV file."""
        response = self.call("GET", f"{self.base()}/licenses/bulk-upload")
        assert response.status_code == 200, response.text
        return response.json()["upload"]


def license_rows(count: int, jurisdiction: str = "oh", invalid_every: int = 0) -> list[dict[str, str]]:
    """Fresh mock aslp license rows (new license numbers every call)."""
    seed = random.randrange(1 << 30)
    return list(mock_rows(count, ASLP_LICENSE_TYPES, jurisdiction, seed=seed, invalid_every=invalid_every))


def csv_file(rows: list[dict[str, str]]) -> str:
    """Rows as a license CSV, header first."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=sorted({key for row in rows for key in row}))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def post_upload(
    target: dict[str, Any], content: str | bytes, fields: dict[str, str] | None = None
) -> requests.Response:
    """What a browser does with a presigned POST: the fields (``fields`` changing some), then the file."""
    return requests.post(
        target["url"],
        data={**target["fields"], **(fields or {})},
        files={"file": ("licenses.csv", content, "text/csv")},
        timeout=TIMEOUT,
    )


def stale_timestamp(seconds: int = 300) -> str:
    return (datetime.now(UTC) - timedelta(seconds=seconds)).isoformat()


def emulator(manifest: dict[str, Any], service: str, resource: bool = False) -> Any:
    session = boto3.Session(
        aws_access_key_id="sandbox", aws_secret_access_key="sandbox", region_name="us-east-1"
    )
    factory = session.resource if resource else session.client
    return factory(service, endpoint_url=manifest["awsEndpoint"])


def object_exists(manifest: dict[str, Any], bucket: str, key: str) -> bool:
    listed = emulator(manifest, "s3").list_objects_v2(Bucket=manifest["buckets"][bucket], Prefix=key)
    return any(item["Key"] == key for item in listed.get("Contents", []))


def table_items(manifest: dict[str, Any], table: str) -> list[dict[str, Any]]:
    dynamodb = emulator(manifest, "dynamodb", resource=True).Table(manifest["tables"][table])
    items, scan = [], {}
    while True:
        page = dynamodb.scan(**scan)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        scan["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def queue_drained(manifest: dict[str, Any], queue: str) -> bool:
    """No message waiting or in flight: the consumer has finished with everything sent so far."""
    attributes = emulator(manifest, "sqs").get_queue_attributes(
        QueueUrl=manifest["queues"][queue],
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return (
        int(attributes["ApproximateNumberOfMessages"])
        + int(attributes["ApproximateNumberOfMessagesNotVisible"])
        == 0
    )


def eventually(check: Callable[[], T | None], timeout: float = 90, interval: float = 0.5) -> T:
    """Polls until the asynchronous pipeline has produced what ``check`` looks for."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {check.__name__}")
        time.sleep(interval)
