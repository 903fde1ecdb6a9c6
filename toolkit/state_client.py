"""A state IT system's client of a running sandbox: OAuth client credentials, ECDSA-signed State API
calls, presigned CSV uploads, and a look at the emulator's queues.

The e2e tests and ``benchmarks.sandbox_ingest`` drive the sandbox as a state board's system would, so
both use this one client. Requests share one HTTP session: a state system keeps its connections open,
and a benchmark that opened one per request would measure the handshake.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import boto3
import requests

from core.signature import sign_request
from toolkit.manifest import ACCESS_KEY_ID, SECRET_ACCESS_KEY

TIMEOUT = 15


@dataclass
class StateClient:
    """One seeded state client (``manifest["stateClients"]``) of the sandbox the manifest describes."""

    manifest: dict[str, Any]
    client: dict[str, str]
    session: requests.Session = field(default_factory=requests.Session, repr=False)

    @property
    def compact(self) -> str:
        return self.client["compact"]

    @property
    def jurisdiction(self) -> str:
        return self.client["jurisdiction"]

    @cached_property
    def token(self) -> str:
        response = self.session.post(
            self.manifest["userPools"]["state"]["tokenUrl"],
            data={"grant_type": "client_credentials"},
            auth=(self.client["clientId"], self.client["clientSecret"]),
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        return str(response.json()["access_token"])

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
        return self.session.request(method, url, json=body, headers=headers, timeout=TIMEOUT)

    def base(self) -> str:
        return f"/v1/compacts/{self.compact}/jurisdictions/{self.jurisdiction}"

    def bulk_upload(self) -> dict[str, Any]:
        """The presigned POST (``url``, ``fields``) the State API hands out for one CSV file."""
        response = self.call("GET", f"{self.base()}/licenses/bulk-upload")
        if response.status_code != 200:
            raise RuntimeError(f"bulk-upload URL refused ({response.status_code}): {response.text}")
        return dict(response.json()["upload"])


def state_client(manifest: dict[str, Any], jurisdiction: str, compact: str | None = None) -> StateClient:
    """The seeded client of ``jurisdiction`` (in ``compact``, when several compacts seed one)."""
    for client in manifest["stateClients"]:
        if client["jurisdiction"] == jurisdiction and compact in (None, client["compact"]):
            return StateClient(manifest, client)
    raise LookupError(f"the sandbox seeds no state client for {jurisdiction} ({compact or 'any compact'})")


def csv_file(rows: Iterable[dict[str, str]]) -> str:
    """Rows as a license CSV, header first (the union of the rows' columns, sorted)."""
    rows = list(rows)
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
        timeout=max(TIMEOUT, len(content) / 1_000_000),  # a large file takes a while to send
    )


def emulator(manifest: dict[str, Any], service: str, resource: bool = False) -> Any:
    """A boto3 client (or resource) of the sandbox's AWS emulator."""
    session = boto3.Session(
        aws_access_key_id=ACCESS_KEY_ID,
        aws_secret_access_key=SECRET_ACCESS_KEY,
        region_name=manifest["region"],
    )
    # boto3-stubs type each service's factory by a literal name; the name here is any service's.
    factory: Callable[..., Any] = session.resource if resource else session.client
    return factory(service, endpoint_url=manifest["awsEndpoint"])


def queue_depth(manifest: dict[str, Any], queue: str, sqs: Any = None) -> int:
    """Messages waiting or in flight on one of the sandbox's queues (by catalog key)."""
    attributes = (sqs or emulator(manifest, "sqs")).get_queue_attributes(
        QueueUrl=manifest["queues"][queue],
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(
        attributes["ApproximateNumberOfMessagesNotVisible"]
    )


def scan_pages(scanner: Any, **request: Any) -> Iterator[dict[str, Any]]:
    """Every page of a Scan (``scanner`` is a DynamoDB client or Table, ``request`` its parameters)."""
    while True:
        page: dict[str, Any] = scanner.scan(**request)
        yield page
        if "LastEvaluatedKey" not in page:
            return
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
