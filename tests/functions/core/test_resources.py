"""A function reaches only what its FunctionSpec grants (core.resources): each kind of grant, both ways,
against moto with every table and bucket named in the environment, as in the sandbox."""

from __future__ import annotations

import pytest

from core.buckets import BULK_UPLOADS, PROVIDER_USERS, BucketAccess, BucketGrant
from core.catalog import Access, FunctionSpec, TableGrant
from core.queues import QueueGrant
from core.resources import MissingGrant, NoFunctionContext, granted, running_as, serves
from core.tables import PROVIDER, SSN, SSN_INDEX, USERS
from core.user_pools import UserPoolGrant, UserPoolName
from ingest.events import LICENSE_DEACTIVATION, LICENSE_INGEST
from ingest.queues import LICENSE_PREPROCESSING_QUEUE

KEY = {"pk": "x", "sk": "x"}


def _spec(**grants: object) -> FunctionSpec:
    return FunctionSpec(name="Probe", handler="tests.probe.handler", description="test double", **grants)


def test_outside_a_function_nothing_is_reachable(aws):
    with pytest.raises(NoFunctionContext, match="running_as"):
        granted()


def test_an_ungranted_table_names_the_grant_to_declare(aws):
    with running_as(_spec()), pytest.raises(MissingGrant, match=r"Probe is not granted table 'provider'"):
        granted().table(PROVIDER)


def test_a_read_grant_reads_but_cannot_write(aws):
    with running_as(_spec(grants=(TableGrant(PROVIDER.key, Access.READ),))):
        table = granted().table(PROVIDER)
        assert "Item" not in table.get_item(Key=KEY)
        with pytest.raises(MissingGrant, match=r"write access to table 'provider'.*Access\.READ_WRITE"):
            table.put_item(Item=KEY)
        with pytest.raises(MissingGrant, match="write access"):
            table.meta.client.transact_write_items(TransactItems=[])


def test_a_read_write_grant_writes(aws):
    with running_as(_spec(grants=(TableGrant(PROVIDER.key, Access.READ_WRITE),))):
        granted().table(PROVIDER).put_item(Item=KEY)
    assert aws["provider"].get_item(Key=KEY)["Item"] == KEY


def test_an_index_grant_queries_only_that_index(aws):
    with running_as(_spec(grants=(TableGrant(SSN.key, Access.READ, index=SSN_INDEX),))):
        table = granted().table(SSN)
        table.query(
            IndexName=SSN_INDEX,
            KeyConditionExpression="providerIdGSIpk = :p",
            ExpressionAttributeValues={":p": "aslp#PROVIDER#x"},
        )
        with pytest.raises(MissingGrant, match="outside its index 'ssnIndex'"):
            table.query(KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": "x"})
        with pytest.raises(MissingGrant, match="get_item on table 'ssn'"):
            table.get_item(Key=KEY)


def test_buckets_by_access(aws, monkeypatch):
    monkeypatch.setenv(BULK_UPLOADS.env_var, "cc-test-bulk-uploads")
    spec = _spec(bucket_grants=(BucketGrant(BULK_UPLOADS.key, BucketAccess.READ_DELETE),))
    with running_as(spec):
        assert granted().bucket(BULK_UPLOADS, BucketAccess.READ) == "cc-test-bulk-uploads"
        with pytest.raises(MissingGrant, match=r"write access to bucket 'bulk_uploads'.*BucketAccess\.WRITE"):
            granted().bucket(BULK_UPLOADS, BucketAccess.WRITE)
        with pytest.raises(MissingGrant, match="bucket 'provider_users'"):
            granted().bucket(PROVIDER_USERS, BucketAccess.READ)


def test_queues_only_for_senders(aws, monkeypatch):
    monkeypatch.setenv(LICENSE_PREPROCESSING_QUEUE.env_var, "https://queue")
    with running_as(_spec(queue_grants=(QueueGrant(LICENSE_PREPROCESSING_QUEUE.key, "send"),))):
        assert granted().queue_url(LICENSE_PREPROCESSING_QUEUE) == "https://queue"
    with (
        running_as(_spec(queue_grants=(QueueGrant(LICENSE_PREPROCESSING_QUEUE.key, "consume"),))),
        pytest.raises(MissingGrant, match="sending to queue 'license_preprocessing'"),
    ):
        granted().queue_url(LICENSE_PREPROCESSING_QUEUE)


def test_pool_actions_one_by_one(aws, monkeypatch):
    monkeypatch.setenv("STAFF_USER_POOL_ID", "us-east-1_pool")
    spec = _spec(pool_grants=(UserPoolGrant(UserPoolName.STAFF, ("cognito-idp:AdminGetUser",)),))
    with running_as(spec):
        assert granted().user_pool_id(UserPoolName.STAFF, "cognito-idp:AdminGetUser") == "us-east-1_pool"
        with pytest.raises(MissingGrant, match="cognito-idp:AdminDisableUser on the staff user pool"):
            granted().user_pool_id(UserPoolName.STAFF, "cognito-idp:AdminDisableUser")


def test_the_bus_only_for_declared_events(aws, monkeypatch):
    monkeypatch.setenv("EVENT_BUS_NAME", "test-dataEventBus")
    with running_as(_spec(publishes=(LICENSE_INGEST,))):
        assert granted().event_bus(LICENSE_INGEST) == "test-dataEventBus"
        with pytest.raises(MissingGrant, match=r"publishing 'license\.deactivation'"):
            granted().event_bus(LICENSE_DEACTIVATION)


def test_a_handler_runs_with_its_own_grants_and_leaves_none_behind(aws):
    @serves(_spec(grants=(TableGrant(USERS.key, Access.READ),)))
    def handler(event: dict, context: object) -> str:
        granted().table(USERS)
        granted().table(PROVIDER)  # not granted: fails although the environment names the table
        return "unreachable"

    with pytest.raises(MissingGrant, match="Probe is not granted table 'provider'"):
        handler({}, None)
    with pytest.raises(NoFunctionContext):
        granted()


def test_grants_are_per_invocation_not_per_process(aws):
    """Nested functions (the sandbox calls the uploader while serving) each see their own grants."""
    outer, inner = _spec(grants=(TableGrant(USERS.key, Access.READ),)), _spec()
    with running_as(outer):
        with running_as(inner), pytest.raises(MissingGrant):
            granted().table(USERS)
        granted().table(USERS)
