"""The sandbox's memoized action lookup (sandbox/fast_actions.py): requests are answered as before,
known actions and unknown ones alike, and each handler class is listed once."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from moto.core import responses

from sandbox import fast_actions
from sandbox.emulator import REGION
from tests.sandbox.moto_environment import point_boto3_at_moto


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    point_boto3_at_moto(monkeypatch)


def answers() -> list[object]:
    sqs = boto3.client("sqs", region_name=REGION)
    url = sqs.create_queue(QueueName="actions")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="hello")
    seen: list[object] = [[m["Body"] for m in sqs.receive_message(QueueUrl=url)["Messages"]]]
    with pytest.raises(ClientError) as unknown:
        sqs.get_queue_url(QueueName="missing")
    seen.append(unknown.value.response["Error"]["Code"])
    return seen


def test_requests_are_answered_as_moto_answers_them_and_classes_are_listed_once(monkeypatch):
    listed: list[object] = []
    moto_lister = responses.method_names_from_class

    def counting(clazz: object) -> list[str]:
        listed.append(clazz)
        return moto_lister(clazz)

    monkeypatch.setattr(responses, "method_names_from_class", counting)
    with mock_aws():
        theirs = answers()
    calls_without = len(listed)
    listed.clear()
    fast_actions.install()
    with mock_aws():
        ours = answers()

    assert ours == theirs == [["hello"], "AWS.SimpleQueueService.NonExistentQueue"]
    assert calls_without >= 4  # once per request
    assert len(listed) == len(set(listed)) == 1  # one handler class, listed once
