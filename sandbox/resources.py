"""What the sandbox runs on: the tables, buckets, bus and user pools it provisions from the catalog, or,
for those an adoption block names (``scripts/sandbox --adopt FILE``, issue #20), a running deployment's
own, on the emulator that holds them (``--aws-endpoint URL``).

An adopted resource is used under its physical name or id and never created. Its data is the
deployment's: the sandbox writes into it only what ``pulumi up`` would write at the cut-over (the
configuration uploader's active members and new attestation versions; a declared index, stream or TTL
the table lacks, as the deploy's update adds them) and what the running functions write. The demo
seeding, which only a sandbox does, stays out of it: a seeder runs only when nothing it writes to is
adopted (:meth:`Seeder.may_run`). A pool's UI client is adopted with it when named, so tokens of the
client the UI uses are the ones the APIs accept; without one, the sandbox adds its password client to
the pool, as the program would add its own UI client.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import yaml
from botocore.exceptions import ClientError

from catalog import ALL_TABLES
from components.adoption import Adoption
from components.config import ADOPT_KEY, StackConfig
from core.buckets import ALL_BUCKETS
from core.catalog import TableSpec
from core.events import event_bus_name
from core.tables import COMPACT_CONFIGURATION, DATA_EVENT, PROVIDER, SSN, USERS
from core.user_pools import UserPoolName
from offline.stack_file import adoption_block
from sandbox.identity import EmulatedPool, create_password_client, create_provider_pool, create_staff_pool
from sandbox.provision import create_buckets, create_event_bus, create_tables, table_definition
from sandbox.state_auth import StatePool, create_state_pool


class AdoptionMismatch(ValueError):
    """An adopted resource is missing, or shaped so that the program could not use it."""


@dataclass(frozen=True)
class Seeder:
    """One of the sandbox's demo seedings, and what it writes to."""

    name: str
    tables: frozenset[str]
    pools: frozenset[UserPoolName] = frozenset()
    publishes: bool = False  # events on the bus reach whatever listens to it

    def may_run(self, adoption: Adoption) -> bool:
        """Only when it writes into nothing but what the sandbox made itself."""
        if self.publishes and adoption.event_bus:
            return False
        return not (self.tables & set(adoption.tables) or self.pools & set(adoption.user_pools))


DEMO_CONFIGURATION = Seeder("demo configuration", frozenset({COMPACT_CONFIGURATION.key}))
PAYMENT_CREDENTIALS = Seeder("payment credentials", frozenset({COMPACT_CONFIGURATION.key}))
STAFF_PERSONAS = Seeder("staff personas", frozenset({USERS.key}), frozenset({UserPoolName.STAFF}))
PRACTITIONERS = Seeder(  # ingested and registered in the demo configuration's live states
    "practitioners",
    frozenset({PROVIDER.key, SSN.key, DATA_EVENT.key, COMPACT_CONFIGURATION.key}),
    frozenset({UserPoolName.PROVIDER}),
    publishes=True,
)
STATE_CLIENTS = Seeder(
    "state clients", frozenset({COMPACT_CONFIGURATION.key}), frozenset({UserPoolName.STATE})
)
SEEDERS = (DEMO_CONFIGURATION, PAYMENT_CREDENTIALS, STAFF_PERSONAS, PRACTITIONERS, STATE_CLIENTS)


def load_adoption(path: Path) -> Adoption:
    """The adoption block in a YAML or JSON file: the block itself, or a stack file holding it under
    ``compact-connect:adopt``, as ``scripts/adopt --write`` leaves it."""
    try:
        return Adoption.model_validate(adoption_block(path, ADOPT_KEY))  # JSON is YAML
    except yaml.YAMLError as error:
        raise AdoptionMismatch(f"{path}: {error}") from None


@dataclass
class Resources:
    """Where everything the functions use is, by catalog key."""

    tables: dict[str, str]
    buckets: dict[str, str]
    bus_name: str
    bus_account: str  # the emulator's account, not the stack's
    staff_pool: EmulatedPool
    provider_pool: EmulatedPool
    state_pool: StatePool


def provision(config: StackConfig, adoption: Adoption, endpoint: str) -> Resources:
    """Adopted resources checked (and aligned as the deploy aligns them), the others created."""
    created_tables = create_tables(
        tuple(spec for spec in ALL_TABLES if spec.key not in adoption.tables), config.name_prefix
    )
    for spec in ALL_TABLES:
        if spec.key in adoption.tables:
            align_table(spec, adoption.tables[spec.key])
    buckets = create_buckets(
        tuple(spec for spec in ALL_BUCKETS if spec.key not in adoption.buckets),
        config.name_prefix,
        config.account_id,
    )
    for key, name in adoption.buckets.items():
        _exists(f"buckets.{key}", name, lambda name: boto3.client("s3").head_bucket(Bucket=name))
    bus_name = adoption.event_bus or event_bus_name(str(config.environment_name))
    if adoption.event_bus:
        describe = boto3.client("events").describe_event_bus
        bus_arn = _exists("eventBus", bus_name, lambda name: describe(Name=name))["Arn"]
    else:
        bus_arn = create_event_bus(bus_name)
    pools = adoption.user_pools
    return Resources(
        tables={spec.key: adoption.tables.get(spec.key) or created_tables[spec.key] for spec in ALL_TABLES},
        buckets={**adoption.buckets, **buckets},
        bus_name=bus_name,
        bus_account=bus_arn.split(":")[4],
        staff_pool=_human_pool(adoption, UserPoolName.STAFF, endpoint)
        if UserPoolName.STAFF in pools
        else create_staff_pool(config, endpoint),
        provider_pool=_human_pool(adoption, UserPoolName.PROVIDER, endpoint)
        if UserPoolName.PROVIDER in pools
        else create_provider_pool(config, endpoint),
        state_pool=StatePool(pool_id=_pool_id(adoption, UserPoolName.STATE))
        if UserPoolName.STATE in pools
        else create_state_pool(config),
    )


def align_table(spec: TableSpec, name: str) -> None:
    """Refuse a table whose keys differ from the declaration's (only replacing it could change them);
    add the indexes, stream and TTL it declares and the table lacks, as the deploy's update would."""
    dynamodb = boto3.client("dynamodb")
    table = _exists(f"tables.{spec.key}", name, lambda name: dynamodb.describe_table(TableName=name))["Table"]
    wanted = table_definition(spec, name)
    if sorted(table["KeySchema"], key=str) != sorted(wanted["KeySchema"], key=str):
        raise AdoptionMismatch(f"tables.{spec.key}: {name} is keyed {table['KeySchema']}, not pk/sk")
    present = {index["IndexName"] for index in table.get("GlobalSecondaryIndexes", [])}
    for index in wanted.get("GlobalSecondaryIndexes", []):
        if index["IndexName"] not in present:
            dynamodb.update_table(
                TableName=name,
                AttributeDefinitions=wanted["AttributeDefinitions"],
                GlobalSecondaryIndexUpdates=[{"Create": index}],
            )
    if spec.stream and not table.get("StreamSpecification", {}).get("StreamEnabled"):
        dynamodb.update_table(TableName=name, StreamSpecification=wanted["StreamSpecification"])
    if spec.ttl_attribute:
        ttl = dynamodb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
        if ttl.get("TimeToLiveStatus") not in ("ENABLED", "ENABLING"):
            dynamodb.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={"Enabled": True, "AttributeName": spec.ttl_attribute},
            )


def adoption_manifest(adoption: Adoption, endpoint: str | None) -> dict[str, Any]:
    """The manifest's ``adopted`` entry: the block as given, and the emulator that holds it."""
    return {
        "awsEndpoint": endpoint,
        **adoption.model_dump(mode="json", by_alias=True, exclude_defaults=True),
    }


def _human_pool(adoption: Adoption, pool: UserPoolName, endpoint: str) -> EmulatedPool:
    pool_id = _pool_id(adoption, pool)
    adopted = adoption.user_pools[pool]
    if adopted.ui_client_id:
        describe = boto3.client("cognito-idp").describe_user_pool_client
        _exists(
            f"userPools.{pool}.uiClientId",
            adopted.ui_client_id,
            lambda client: describe(UserPoolId=pool_id, ClientId=client),
        )
    client_id = adopted.ui_client_id or create_password_client(pool_id)
    return EmulatedPool(pool_id=pool_id, client_id=client_id, endpoint=endpoint)


def _pool_id(adoption: Adoption, pool: UserPoolName) -> str:
    pool_id = adoption.user_pools[pool].id
    describe = boto3.client("cognito-idp").describe_user_pool
    _exists(f"userPools.{pool}", pool_id, lambda pool_id: describe(UserPoolId=pool_id))
    return pool_id


def _exists(entry: str, name: str, describe: Any) -> Any:
    """``describe(name)``; an adopted resource the emulator does not have is a clear error at start."""
    try:
        return describe(name)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        raise AdoptionMismatch(f"{entry}: {name} is not on the emulator ({code})") from None
