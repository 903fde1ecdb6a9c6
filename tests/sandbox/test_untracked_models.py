"""The sandbox's untracked moto models (sandbox/untracked_models.py): what DynamoDB, SQS and EventBridge
create per request is released when nothing uses it any more, and the other services keep moto's
tracking (S3's reset relies on it)."""

from __future__ import annotations

import gc
import weakref

import boto3
import pytest
from moto import mock_aws
from moto.core.common_models import BaseModel
from moto.dynamodb.models.dynamo_type import Item
from moto.s3.models import FakeKey
from moto.sqs.models import Message

from sandbox import untracked_models
from sandbox.emulator import REGION
from tests.sandbox.moto_environment import point_boto3_at_moto
from tests.sandbox.transaction_corpus import typed


@pytest.fixture(autouse=True)
def untracked(monkeypatch: pytest.MonkeyPatch) -> None:
    point_boto3_at_moto(monkeypatch)
    monkeypatch.setattr(BaseModel, "__new__", BaseModel.__dict__["__new__"])
    for model in (Item, Message):  # what earlier tests in this worker left tracked is not this test's
        monkeypatch.setattr(model, "instances_tracked", [])
    untracked_models.install()


def test_items_and_messages_are_released_once_deleted_and_s3_keys_stay_tracked():
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name=REGION)
        dynamodb.create_table(
            TableName="t",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        dynamodb.put_item(TableName="t", Item=typed(pk="a", n=1))
        dynamodb.scan(TableName="t")  # moto copies every item it scans
        sqs = boto3.client("sqs", region_name=REGION)
        url = sqs.create_queue(QueueName="q")["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="x")
        [received] = sqs.receive_message(QueueUrl=url)["Messages"]  # moto copies what it hands out
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="tracked-bucket")
        s3.put_object(Bucket="tracked-bucket", Key="k", Body=b"data")

        from moto.dynamodb.models import dynamodb_backends
        from moto.sqs.models import sqs_backends

        table = dynamodb_backends["123456789012"][REGION].get_table("t")
        [item] = table.items.values()
        stored_item = weakref.ref(item)
        [message] = sqs_backends["123456789012"][REGION].get_queue("q")._messages
        stored_message = weakref.ref(message)
        del item, message
        dynamodb.delete_item(TableName="t", Key=typed(pk="a"))
        sqs.delete_message(QueueUrl=url, ReceiptHandle=received["ReceiptHandle"])
        gc.collect()

        assert stored_item() is None and stored_message() is None
        assert Item.instances_tracked == [] and Message.instances_tracked == []
        assert any(key.name == "k" for key in FakeKey.instances_tracked)
