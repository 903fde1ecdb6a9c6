"""Adoption of a running reference deployment (issue #20), on prod with the example adoption block
(docs/examples/adopt-prod.yaml, what scripts/adopt writes): every stateful resource it lists is imported
under the reference's name and id, nothing stateful is created in its place, and each adopted resource is
declared exactly as the reference deployed it (tests/components/reference_stateful_settings.py, from
spec/infra.md) in every property whose change would replace it — or rebuild an index or drop a stream.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from components.adoption import Adoption
from components.config import ADOPT_KEY
from offline.mocks import RecordedResource
from offline.preview import adoption_config
from offline.runner import ProgramRun
from tests.components import reference_stateful_settings as reference
from tests.components.runs import ADOPTION_EXAMPLE, program_run

TABLE = "aws:dynamodb/table:Table"
POOL = "aws:cognito/userPool:UserPool"
CLIENT = "aws:cognito/userPoolClient:UserPoolClient"
DOMAIN = "aws:cognito/userPoolDomain:UserPoolDomain"
SERVER = "aws:cognito/resourceServer:ResourceServer"
STATEFUL = {
    TABLE,
    "aws:s3/bucket:Bucket",
    "aws:kms/key:Key",
    POOL,
    DOMAIN,
    "aws:cloudwatch/eventBus:EventBus",
    "aws:backup/vault:Vault",
}
POOL_NAMES = {"staff": "StaffUsers", "provider": "ProviderUsers", "state": "StateAuthUsers"}


@pytest.fixture(scope="module")
def adopted() -> ProgramRun:
    return program_run("prod", ADOPTION_EXAMPLE)


@pytest.fixture(scope="module")
def block(adopted: ProgramRun) -> Adoption:
    return adopted.config.adopt


def imported(run: ProgramRun) -> dict[str, RecordedResource]:
    return {r.import_id: r for r in run.resources if r.import_id}


def test_every_listed_resource_is_imported_once_under_its_id(adopted: ProgramRun, block: Adoption) -> None:
    ids = imported(adopted)
    expected = {
        *block.tables.values(),
        *block.buckets.values(),
        *block.keys.values(),
        *(pool.id for pool in block.user_pools.values()),
        *(pool.domain for pool in block.user_pools.values() if pool.domain),
        *(f"{pool.id}/{pool.ui_client_id}" for pool in block.user_pools.values() if pool.ui_client_id),
        *(f"{pool.id}|{server}" for pool in block.user_pools.values() for server in pool.resource_servers),
        *([block.event_bus] if block.event_bus else []),
        *block.backup_vaults.values(),
    }
    assert set(ids) == expected
    assert len([r for r in adopted.resources if r.import_id]) == len(expected) == 117


def test_no_stateful_resource_is_created_beside_an_adopted_one(adopted: ProgramRun, block: Adoption) -> None:
    """Every table, bucket, data key, pool, domain, bus and vault of the reference is adopted. Created
    anew: the user-export bucket (the reference's per-pool backup buckets are kept, not adopted), and the
    keys of what is rebuilt rather than adopted (the flow logs, the search domain, re-indexed)."""
    created = [r for r in adopted.resources if r.type in STATEFUL and not r.import_id]
    assert {(r.type, r.name) for r in created} == {
        ("aws:s3/bucket:Bucket", "UserPoolExportBucket"),
        ("aws:kms/key:Key", "FlowLogKey"),
        ("aws:kms/key:Key", "SearchKey"),
    }


def test_adopted_tables_are_declared_as_the_reference_deployed_them(
    adopted: ProgramRun, block: Adoption
) -> None:
    by_import = imported(adopted)
    assert set(block.tables) == set(reference.TABLES)
    for key, physical in block.tables.items():
        table, expected = by_import[physical].inputs, reference.TABLES[key]
        assert table["name"] == physical
        assert (table["hashKey"], table["rangeKey"], table["billingMode"]) == (
            expected.hash_key,
            expected.range_key,
            expected.billing_mode,
        )
        assert not table.get("localSecondaryIndexes")
        declared = _indexes(table)
        assert {i for i in declared if i[0] not in reference.ADDED_INDEXES.get(key, ())} == {
            (i.name, i.hash_key, i.range_key, i.projection, i.non_key_attributes) for i in expected.indexes
        }, key
        assert table.get("streamViewType") == expected.stream and bool(table.get("streamEnabled")) == bool(
            expected.stream
        )
        ttl = (table.get("ttl") or {}).get("attributeName")
        assert ttl == (expected.ttl or reference.ADDED_TTL.get(key)), key


def _indexes(table: dict[str, Any]) -> set[tuple[Any, ...]]:
    found = set()
    for index in table.get("globalSecondaryIndexes") or []:
        keys = {k["keyType"]: k["attributeName"] for k in index["keySchemas"]}
        found.add(
            (
                index["name"],
                keys["HASH"],
                keys.get("RANGE"),
                index["projectionType"],
                frozenset(index.get("nonKeyAttributes") or ()),
            )
        )
    return found


def test_adopted_pools_keep_their_names_sign_in_and_schema(adopted: ProgramRun, block: Adoption) -> None:
    by_import = imported(adopted)
    for name, pool in block.user_pools.items():
        declared = by_import[pool.id]
        assert declared.name == POOL_NAMES[name] and declared.inputs["name"] == pool.name
        assert not declared.inputs.get("aliasAttributes")
    for name in ("staff", "provider"):
        inputs = by_import[block.user_pools[name].id].inputs  # type: ignore[index]
        assert inputs["usernameAttributes"] == reference.USERNAME_ATTRIBUTES
        assert inputs["usernameConfiguration"] == {"caseSensitive": False}
    provider = by_import[block.user_pools["provider"].id].inputs  # type: ignore[index]
    schema = {s["name"]: s for s in provider["schemas"]}
    custom = {n for n, s in schema.items() if n in reference.PROVIDER_POOL_CUSTOM_ATTRIBUTES}
    assert custom == reference.PROVIDER_POOL_CUSTOM_ATTRIBUTES
    assert all(schema[n]["mutable"] is False and schema[n]["attributeDataType"] == "String" for n in custom)
    optional = {n for n, s in schema.items() if n not in custom and n != "email"}
    assert optional == reference.PROVIDER_POOL_OPTIONAL_STANDARD_ATTRIBUTES
    assert schema["email"]["required"] is True
    staff = by_import[block.user_pools["staff"].id].inputs  # type: ignore[index]
    assert [s["name"] for s in staff["schemas"]] == ["email"]


def test_adopted_domains_clients_and_servers_stay_on_their_pool(adopted: ProgramRun, block: Adoption) -> None:
    by_import = imported(adopted)
    for name, pool in block.user_pools.items():
        pool_id = by_import[pool.id].outputs["id"]
        assert pool_id == pool.id  # the adopted pool's own id flows into what hangs on it
        assert pool.domain
        assert by_import[pool.domain].inputs["userPoolId"] == pool_id
        assert pool.domain == reference.pool_domain(name, adopted.config.domain_name, "prod")
        if pool.ui_client_id:
            client = by_import[f"{pool.id}/{pool.ui_client_id}"].inputs
            assert client["userPoolId"] == pool_id and client["generateSecret"] is False
            assert client["name"] == pool.ui_client_name
        servers = [by_import[f"{pool.id}|{server}"] for server in pool.resource_servers]
        assert all(s.inputs["userPoolId"] == pool_id for s in servers)


def test_adopted_keys_buckets_bus_and_vaults(adopted: ProgramRun, block: Adoption) -> None:
    by_import = imported(adopted)
    for key_id in block.keys.values():
        key = by_import[key_id]
        assert key.inputs.get("keyUsage", "ENCRYPT_DECRYPT") == "ENCRYPT_DECRYPT"
        assert key.inputs.get("customerMasterKeySpec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
        assert not key.inputs.get("multiRegion")
    for name in block.buckets.values():
        assert by_import[name].inputs["bucket"] == name
    # Object lock can only be set when a bucket is created: the reference's prod access logs have it.
    assert by_import[block.buckets["access_logs"]].inputs.get("objectLockEnabled") is True
    assert block.event_bus == reference.event_bus("prod")
    for kind, vault_name in block.backup_vaults.items():
        vault = by_import[vault_name].inputs
        assert vault["name"] == vault_name == reference.backup_vault("prod", kind)
        key_id = block.keys["ssn_backup" if kind == "ssn" else "backup"]  # type: ignore[index]
        assert vault["kmsKeyArn"] == by_import[key_id].outputs["arn"]  # a vault's key cannot change


def test_adopted_data_keeps_its_keys(adopted: ProgramRun, block: Adoption) -> None:
    """The reference's tables stay encrypted with the reference's keys: both are adopted together."""
    by_import = imported(adopted)
    shared_arn = by_import[block.keys["shared"]].outputs["arn"]  # type: ignore[index]
    ssn_arn = by_import[block.keys["ssn"]].outputs["arn"]  # type: ignore[index]
    for key, physical in block.tables.items():
        expected = ssn_arn if key == "ssn" else shared_arn
        assert by_import[physical].inputs["serverSideEncryption"]["kmsKeyArn"] == expected


def test_without_an_adoption_block_nothing_is_imported() -> None:
    assert not imported(program_run("prod"))


def test_the_preview_reads_a_bare_block_or_a_stack_file_fragment(tmp_path: Path) -> None:
    bare = tmp_path / "bare.yaml"
    bare.write_text("tables: {ssn: ssn-table-DataEventsLog}\n")
    assert adoption_config(bare) == {ADOPT_KEY: {"tables": {"ssn": "ssn-table-DataEventsLog"}}}
    fragment = tmp_path / "fragment.yaml"
    fragment.write_text(f"config:\n  {ADOPT_KEY}:\n    eventBus: prod-dataEventBus\n")
    assert adoption_config(fragment) == {ADOPT_KEY: {"eventBus": "prod-dataEventBus"}}
