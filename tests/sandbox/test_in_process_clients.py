"""The emulator as the sandbox starts it (sandbox/emulator.py): the sandbox's own DynamoDB, SQS and
EventBridge clients are answered in-process by the same backends the HTTP server answers from, so
what one side writes the other reads; every other service (S3 here) stays on HTTP, since its URLs
are handed to clients outside the process. And the dispatcher's memory of hosts answers as moto's
lookup does, once per host."""

from __future__ import annotations

import json
import os
import re
import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

import boto3
import jsonpath_ng.ext
import pytest
from botocore.auth import SigV4Auth
from botocore.exceptions import ClientError
from moto.core import responses as moto_responses
from moto.core.base_backend import BackendDict
from moto.core.common_models import BaseModel
from moto.core.models import botocore_stubber
from moto.dynamodb.comparisons import ConditionExpressionParser
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import Item
from moto.dynamodb.models.table import StreamRecord, StreamShard, Table
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.sqs import models as moto_sqs
from moto.sqs.models import Message, Queue, SQSBackend

from sandbox import emulator as sandbox_emulator
from sandbox import fast_queues
from sandbox.emulator import IN_PROCESS_SERVICES, REGION, Dispatcher, Emulator, start_emulator
from toolkit.manifest import ACCESS_KEY_ID, SECRET_ACCESS_KEY

ENVIRONMENT = [
    "AWS_ENDPOINT_URL",
    *(f"AWS_ENDPOINT_URL_{variable}" for variable in IN_PROCESS_SERVICES),
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_PROFILE",
    "AWS_SESSION_TOKEN",
]
"""What ``start_emulator`` sets (or removes) in the process environment."""

PATCHED = [
    (Table, "query"),
    (SQSBackend, "is_message_valid_based_on_retention_period"),
    (SQSBackend, "send_message"),
    (Queue, "attributes"),
    (Queue, "delete_message"),
    *((Queue, walk) for walk in fast_queues.QUEUE_WALKS),
    (moto_sqs, "unix_time"),
    (moto_sqs, "unix_time_millis"),
    (DynamoDBBackend, "transact_write_items"),
    (StreamShard, "add"),
    (StreamShard, "get"),
    (jsonpath_ng.ext, "parse"),
    (moto_responses, "method_names_from_class"),
    (Table, "__init__"),
    (Table, "all_items"),
    (Table, "scan"),
    (Table, "__len__"),
    (botocore_stubber, "enabled"),
    (ConditionExpressionParser, "parse"),
    (Item, "__init__"),
    (SigV4Auth, "add_auth"),
]
"""What ``start_emulator`` changes in moto for the process."""


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Emulator, Counter[str]]]:
    """The emulator, started as the sandbox starts it, and the services its HTTP server was asked
    for (by the credential scope of each request's signature). Everything it changes in the process
    is put back afterwards."""
    requests: Counter[str] = Counter()
    moto_call = DomainDispatcherApplication.__call__

    def counting(self: Any, environ: dict[str, Any], start_response: Any) -> Any:
        scope = environ.get("HTTP_AUTHORIZATION", "").split("Credential=")[-1].split(",")[0].split("/")
        requests[scope[3] if len(scope) > 3 else "unsigned"] += 1
        return moto_call(self, environ, start_response)

    with pytest.MonkeyPatch.context() as patch:
        for variable in ENVIRONMENT:
            patch.delenv(variable, raising=False)  # remembered, and put back after the module
        for owner, name in PATCHED:
            patch.setattr(owner, name, getattr(owner, name))
        patch.setattr(BaseModel, "__new__", BaseModel.__dict__["__new__"])  # a static method, kept as one
        patch.setattr(StreamRecord, "record", None, raising=False)  # moto's is an instance attribute
        patch.setattr(Message, "body", None, raising=False)  # so is this one
        # start_emulator wraps the stub's method on the instance: gone again afterwards
        patch.setitem(vars(botocore_stubber), "process_request", botocore_stubber.process_request)
        patch.setattr(DomainDispatcherApplication, "__call__", counting)
        emulator = start_emulator(0)
        try:
            yield emulator, requests
        finally:
            emulator.stop()
            BackendDict.reset()  # what the module created, as mock_aws leaves nothing behind


@pytest.fixture
def emulator(served: tuple[Emulator, Counter[str]]) -> Emulator:
    return served[0]


@pytest.fixture
def http_requests(served: tuple[Emulator, Counter[str]]) -> Counter[str]:
    """Requests the HTTP server has served so far, by service."""
    return served[1]


def over_http(emulator: Emulator, service: str) -> Any:
    """A client as one outside the sandbox makes it: the emulator's endpoint, the sandbox credential."""
    return boto3.client(
        service,
        endpoint_url=emulator.endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY_ID,
        aws_secret_access_key=SECRET_ACCESS_KEY,
    )


def test_the_process_environment_sends_its_services_to_aws_hosts_and_the_rest_to_the_emulator(emulator):
    assert os.environ["AWS_ENDPOINT_URL"] == emulator.endpoint
    assert emulator.endpoint.startswith("http://127.0.0.1:")
    for variable, prefix in IN_PROCESS_SERVICES.items():
        assert os.environ[f"AWS_ENDPOINT_URL_{variable}"] == f"https://{prefix}.{REGION}.amazonaws.com"
    assert botocore_stubber.enabled
    assert boto3.client("dynamodb").meta.endpoint_url == "https://dynamodb.us-east-1.amazonaws.com"
    assert boto3.client("events").meta.endpoint_url == "https://events.us-east-1.amazonaws.com"
    assert boto3.client("s3").meta.endpoint_url == emulator.endpoint


def test_dynamodb_items_written_on_one_side_are_read_on_the_other(emulator, http_requests):
    local, remote = boto3.client("dynamodb"), over_http(emulator, "dynamodb")
    served = http_requests["dynamodb"]
    local.create_table(
        TableName="cc-in-process",
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
    )
    local.put_item(TableName="cc-in-process", Item={"pk": {"S": "local"}, "n": {"N": "1"}})
    assert http_requests["dynamodb"] == served  # nothing so far went over HTTP

    read = remote.get_item(TableName="cc-in-process", Key={"pk": {"S": "local"}})
    remote.put_item(TableName="cc-in-process", Item={"pk": {"S": "remote"}, "n": {"N": "2"}})

    assert read["Item"] == {"pk": {"S": "local"}, "n": {"N": "1"}}
    assert local.get_item(TableName="cc-in-process", Key={"pk": {"S": "remote"}})["Item"]["n"] == {"N": "2"}
    assert http_requests["dynamodb"] == served + 2


def test_sqs_messages_sent_on_one_side_are_received_on_the_other(emulator, http_requests):
    """Queues created in-process have AWS's URLs (as the sandbox's manifest lists them); an HTTP client
    reaches them by those URLs too, and an in-process one by the emulator's."""
    local, remote = boto3.client("sqs"), over_http(emulator, "sqs")
    served = http_requests["sqs"]
    url = local.create_queue(QueueName="cc-in-process")["QueueUrl"]
    local.send_message(QueueUrl=url, MessageBody="from the sandbox")
    assert url.startswith("https://sqs.us-east-1.amazonaws.com/")
    assert http_requests["sqs"] == served

    [received] = remote.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    remote_url = remote.get_queue_url(QueueName="cc-in-process")["QueueUrl"]
    remote.send_message(QueueUrl=remote_url, MessageBody="from outside")
    [back] = local.receive_message(QueueUrl=remote_url, MaxNumberOfMessages=10)["Messages"]

    assert received["Body"] == "from the sandbox"
    assert remote_url.startswith(emulator.endpoint)
    assert back["Body"] == "from outside"
    assert http_requests["sqs"] == served + 3


def test_events_put_in_process_reach_a_queue_read_over_http(emulator):
    local_events, local_sqs, remote = boto3.client("events"), boto3.client("sqs"), over_http(emulator, "sqs")
    url = local_sqs.create_queue(QueueName="cc-in-process-events")["QueueUrl"]
    arn = local_sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    local_events.create_event_bus(Name="cc-in-process")
    local_events.put_rule(Name="all", EventBusName="cc-in-process", EventPattern='{"source": ["cc.test"]}')
    local_events.put_targets(Rule="all", EventBusName="cc-in-process", Targets=[{"Id": "q", "Arn": arn}])

    local_events.put_events(
        Entries=[
            {"Source": "cc.test", "DetailType": "t", "Detail": '{"a": 1}', "EventBusName": "cc-in-process"}
        ]
    )

    [message] = remote.receive_message(QueueUrl=url)["Messages"]
    assert json.loads(message["Body"])["detail"] == {"a": 1}


def authorization_sent(client: Any, call: str, **request: Any) -> str:
    """The ``Authorization`` header of one request of ``client``, as it left botocore."""
    sent: list[str] = []
    client.meta.events.register(
        "before-send", lambda request, **_: sent.append(request.headers.get("Authorization"))
    )
    getattr(client, call)(**request)
    return sent[-1].decode() if isinstance(sent[-1], bytes) else sent[-1]


def test_in_process_requests_name_the_sandbox_credential_unsigned_and_http_ones_are_signed(emulator):
    """The emulator reads only the credential scope of what this process asks it directly: no SigV4
    computation for those; what goes over HTTP is signed as botocore signs it."""
    scope = f"Credential={ACCESS_KEY_ID}/"
    local = authorization_sent(boto3.client("sqs"), "list_queues")
    remote = authorization_sent(over_http(emulator, "sqs"), "list_queues")

    unsigned = "/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=in-process-unsigned"
    assert local.startswith(f"AWS4-HMAC-SHA256 {scope}") and local.endswith(unsigned)
    assert remote.startswith(f"AWS4-HMAC-SHA256 {scope}")
    assert re.search(r"Signature=[0-9a-f]{64}$", remote)


def test_s3_stays_on_http(emulator, http_requests):
    """S3's URLs leave the process (presigned posts for browsers and states), so its clients in the
    sandbox use the emulator's endpoint as before."""
    s3 = boto3.client("s3")
    served = http_requests["s3"]
    s3.create_bucket(Bucket="cc-in-process")
    s3.put_object(Bucket="cc-in-process", Key="k", Body=b"v")

    presigned = s3.generate_presigned_post("cc-in-process", "upload")

    assert presigned["url"].startswith(emulator.endpoint)
    assert http_requests["s3"] == served + 2
    assert over_http(emulator, "s3").get_object(Bucket="cc-in-process", Key="k")["Body"].read() == b"v"


def test_a_failure_inside_moto_reaches_in_process_clients_as_it_reaches_http_ones(emulator, monkeypatch):
    """A backend's exception (not an AWS error) is a 500 over HTTP: botocore retries it and raises a
    ClientError. The sandbox's own clients get the same, not the exception itself."""
    local, remote = boto3.client("sqs"), over_http(emulator, "sqs")
    url = local.create_queue(QueueName="cc-in-process-failing")["QueueUrl"]
    attempts: Counter[str] = Counter()

    def failing(self: Any, queue_name: str, attribute_names: list[str]) -> Any:
        attempts[threading.current_thread().name] += 1
        raise RuntimeError("moto failed inside")

    monkeypatch.setattr(SQSBackend, "get_queue_attributes", failing)
    answers = []
    for client in (local, remote):
        attempts.clear()
        with pytest.raises(ClientError) as failed:
            client.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])
        answers.append((failed.value.response["Error"]["Code"], sum(attempts.values())))

    assert answers[0] == answers[1] == ("500", 3)  # botocore's default: two retries


def test_start_emulator_installs_the_speedups(emulator):
    from sandbox import bounded_streams, compact_tables, fast_queries, fast_transactions, untracked_models

    assert Table.query is fast_queries.query
    assert SQSBackend.is_message_valid_based_on_retention_period is fast_queues.message_within_retention
    assert SQSBackend.send_message is fast_queues.send_message
    assert Queue.delete_message is fast_queues.delete_message
    assert Table.__init__ is compact_tables.table_init
    assert BaseModel.__new__ is untracked_models.new
    assert DynamoDBBackend.transact_write_items is fast_transactions.transact_write_items
    assert StreamShard.add is bounded_streams.add and StreamShard.get is bounded_streams.get
    assert hasattr(jsonpath_ng.ext.parse, "cache_info")
    assert jsonpath_ng.ext.parse("$.detail") is jsonpath_ng.ext.parse("$.detail")  # memoized


HOSTS = [
    None,
    "moto_api",
    "dynamodb",
    "dynamodbstreams",
    "s3.us-east-1.amazonaws.com",
    "cc-bucket.s3.us-east-1.amazonaws.com",
    "sqs.us-east-1.amazonaws.com",
    "events.us-east-1.amazonaws.com",
    "cognito-idp.us-east-1.amazonaws.com",
    "127.0.0.1:5050",
    "nothing.example",
]


def test_the_dispatcher_finds_moto_s_backend_once_per_host(monkeypatch):
    moto = DomainDispatcherApplication(create_backend_app)
    expected = {host: moto.get_backend_for_host(host) for host in HOSTS}
    lookups: Counter[str | None] = Counter()
    moto_lookup = DomainDispatcherApplication.get_backend_for_host

    def counted(self: Any, host: str | None) -> Any:
        lookups[host] += 1
        return moto_lookup(self, host)

    monkeypatch.setattr(DomainDispatcherApplication, "get_backend_for_host", counted)
    dispatcher = Dispatcher(create_backend_app)

    found = [{host: dispatcher.get_backend_for_host(host) for host in HOSTS} for _ in range(3)]

    assert found == [expected] * 3
    assert lookups == Counter(dict.fromkeys(HOSTS, 1))
    assert expected["dynamodb"] == "dynamodb" and expected["sqs.us-east-1.amazonaws.com"] == "sqs"
    assert expected[None] is None  # remembered too: the dispatcher asks for None first on every request


def test_the_emulator_app_dispatches_with_the_remembering_dispatcher():
    """Behind the AWS JSON and S3 POST policy gates."""
    gates = sandbox_emulator.emulator_app()
    assert isinstance(gates.app.app.app, Dispatcher)  # type: ignore[attr-defined]  # Lambda, JSON, S3 POST gates
