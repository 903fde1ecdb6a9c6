"""The sandbox over adopted resources (issue #20), piece by piece: reading the block, which demo seeding
may run, how an adopted table is checked and aligned, and what is provisioned around what is adopted.
The whole cut-over over HTTP is ``tests/e2e/test_adoption_cutover.py``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from components.adoption import Adoption
from core.tables import DATA_EVENT, PROVIDER
from sandbox.__main__ import main
from sandbox.emulator import REGION
from sandbox.provision import table_definition
from sandbox.resources import (
    DEMO_CONFIGURATION,
    PRACTITIONERS,
    STAFF_PERSONAS,
    AdoptionMismatch,
    align_table,
    load_adoption,
    provision,
)
from tests.sandbox.moto_environment import point_boto3_at_moto

BLOCK = {
    "tables": {"provider": "Test-PersistentStack-ProviderTable1A2B-XYZ"},
    "userPools": {"staff": {"id": "us-east-1_AbC123", "name": "StaffUsersGreen"}},
}


@pytest.fixture
def emulated(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    point_boto3_at_moto(monkeypatch)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        yield


def test_the_block_is_read_alone_as_json_or_from_a_stack_file_as_yaml(tmp_path):
    alone, stack_file = tmp_path / "adopt.json", tmp_path / "Pulumi.test.yaml"
    alone.write_text(json.dumps(BLOCK))
    stack_file.write_text(
        "config:\n  compact-connect:region: us-east-1\n  compact-connect:adopt:\n"
        "    tables: {provider: Test-PersistentStack-ProviderTable1A2B-XYZ}\n"
        "    userPools: {staff: {id: us-east-1_AbC123, name: StaffUsersGreen}}\n"
    )

    assert load_adoption(alone) == load_adoption(stack_file) == Adoption.model_validate(BLOCK)


@pytest.mark.parametrize(
    "text", ["tables: {providers: Some-Table}", "- a list", "tables: [unclosed", "config: {other: 1}"]
)
def test_a_block_naming_no_declaration_or_no_block_at_all_is_refused(tmp_path, text):
    path = tmp_path / "adopt.yaml"
    path.write_text(text)

    with pytest.raises(ValueError):
        load_adoption(path)


def test_a_seeder_runs_only_when_nothing_it_writes_to_is_adopted():
    provider_only = Adoption.model_validate({"tables": {"provider": "P"}})
    staff_pool = Adoption.model_validate({"userPools": {"staff": {"id": "us-east-1_A", "name": "S"}}})
    bus_only = Adoption.model_validate({"eventBus": "test-dataEventBus"})

    assert DEMO_CONFIGURATION.may_run(provider_only) and STAFF_PERSONAS.may_run(provider_only)
    assert not PRACTITIONERS.may_run(provider_only)
    assert not STAFF_PERSONAS.may_run(staff_pool) and DEMO_CONFIGURATION.may_run(staff_pool)
    assert not PRACTITIONERS.may_run(bus_only) and STAFF_PERSONAS.may_run(bus_only)
    assert all(seeder.may_run(Adoption()) for seeder in (DEMO_CONFIGURATION, STAFF_PERSONAS, PRACTITIONERS))


def _reference_data_event_table(name: str) -> None:
    """The reference's data event table: pk/sk, no index, no TTL."""
    definition = table_definition(DATA_EVENT, name)
    definition.pop("GlobalSecondaryIndexes")
    definition["AttributeDefinitions"] = [
        {"AttributeName": key, "AttributeType": "S"} for key in ("pk", "sk")
    ]
    boto3.client("dynamodb").create_table(**definition)


def test_an_adopted_table_gets_the_index_and_ttl_it_lacks_as_the_deploy_adds_them(emulated):
    _reference_data_event_table("Test-PersistentStack-DataEventTable-XYZ")
    client = boto3.client("dynamodb")
    client.put_item(
        TableName="Test-PersistentStack-DataEventTable-XYZ", Item={"pk": {"S": "a"}, "sk": {"S": "b"}}
    )

    align_table(DATA_EVENT, "Test-PersistentStack-DataEventTable-XYZ")

    table = client.describe_table(TableName="Test-PersistentStack-DataEventTable-XYZ")["Table"]
    ttl = client.describe_time_to_live(TableName="Test-PersistentStack-DataEventTable-XYZ")
    assert [index["IndexName"] for index in table["GlobalSecondaryIndexes"]] == ["reportIndex"]
    assert ttl["TimeToLiveDescription"]["AttributeName"] == DATA_EVENT.ttl_attribute
    assert client.scan(TableName="Test-PersistentStack-DataEventTable-XYZ")["Count"] == 1  # its data kept


def test_an_adopted_table_that_is_missing_or_keyed_otherwise_is_refused_by_its_entry(emulated):
    boto3.client("dynamodb").create_table(
        TableName="Keyed-Otherwise",
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
    )

    with pytest.raises(AdoptionMismatch, match=r"tables\.provider: Nowhere is not on the emulator"):
        align_table(PROVIDER, "Nowhere")
    with pytest.raises(AdoptionMismatch, match=r"tables\.provider: Keyed-Otherwise is keyed"):
        align_table(PROVIDER, "Keyed-Otherwise")


def _adopted_pools(ui_client: bool) -> dict[str, Any]:
    cognito = boto3.client("cognito-idp")
    pool_id = cognito.create_user_pool(PoolName="StaffUsersGreen")["UserPool"]["Id"]
    adopted: dict[str, Any] = {"id": pool_id, "name": "StaffUsersGreen"}
    if ui_client:
        client = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="UIClient")["UserPoolClient"]
        adopted |= {"uiClientId": client["ClientId"], "uiClientName": "UIClient"}
    return {"staff": adopted}


@pytest.mark.parametrize("ui_client", [True, False])
def test_adopted_resources_are_used_by_name_and_only_the_rest_is_created(emulated, local_config, ui_client):
    boto3.client("dynamodb").create_table(
        **table_definition(PROVIDER, "Test-PersistentStack-ProviderTable-XYZ")
    )
    boto3.client("events").create_event_bus(Name="test-dataEventBus")
    pools = _adopted_pools(ui_client)
    adoption = Adoption.model_validate(
        {
            "tables": {"provider": "Test-PersistentStack-ProviderTable-XYZ"},
            "eventBus": "test-dataEventBus",
            "userPools": pools,
        }
    )

    resources = provision(local_config, adoption, "http://127.0.0.1:5050")

    tables = boto3.client("dynamodb").list_tables()["TableNames"]
    assert resources.tables["provider"] == "Test-PersistentStack-ProviderTable-XYZ"
    assert sorted(tables) == sorted(resources.tables.values())  # one provider table: the adopted one
    assert resources.bus_name == "test-dataEventBus"
    assert [bus["Name"] for bus in boto3.client("events").list_event_buses()["EventBuses"]] == [
        "default",
        "test-dataEventBus",
    ]
    staff = pools["staff"]
    assert resources.staff_pool.pool_id == staff["id"]
    clients = boto3.client("cognito-idp").list_user_pool_clients(UserPoolId=staff["id"], MaxResults=10)
    if ui_client:  # the UI's client signs in; nothing is added to the pool
        assert resources.staff_pool.client_id == staff["uiClientId"]
        assert [client["ClientName"] for client in clients["UserPoolClients"]] == ["UIClient"]
    else:  # the program would add its UI client; the sandbox adds its own
        assert [client["ClientName"] for client in clients["UserPoolClients"]] == ["sandbox-ui"]
    pool_names = [
        pool["Name"] for pool in boto3.client("cognito-idp").list_user_pools(MaxResults=10)["UserPools"]
    ]
    assert sorted(pool_names) == sorted(
        [
            "StaffUsersGreen",
            f"{local_config.name_prefix}-provider-users",
            f"{local_config.name_prefix}-state-auth",
        ]
    )


@pytest.mark.parametrize(
    ("argv", "refusal"),
    [
        (["--adopt", "adopt.yaml"], "give its --aws-endpoint"),
        (["--adopt", "adopt.yaml", "--aws-endpoint", "http://127.0.0.1:1", "--demo"], "--demo would write"),
    ],
)
def test_the_command_refuses_adoption_without_its_emulator_or_with_demo_data(capsys, argv, refusal):
    with pytest.raises(SystemExit) as exit_:
        main(argv)

    assert exit_.value.code == 2
    assert refusal in capsys.readouterr().err
