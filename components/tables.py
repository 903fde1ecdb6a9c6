"""DynamoDB tables built purely from the catalog's ``TableSpec`` declarations (spec/infra.md §1.5).

Nothing about an individual table is decided here: names, indexes, streams, TTL, PITR and the key
come from ``functions/core/tables.py``, which the local sandbox and the tests read too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pulumi_aws as aws

from components.base import CompactConnectComponent
from core.catalog import IndexSpec, KeyName, TableSpec
from policies.conventions import MARKER_TRUE, NO_BACKUP_TAG

BILLING_MODE = "PAY_PER_REQUEST"


def physical_table_name(spec: TableSpec, name_prefix: str) -> str:
    """Fixed names exist only where IAM policies or CloudTrail selectors depend on them."""
    return spec.fixed_name or f"{name_prefix}-{spec.resource_name}"


def _index_args(index: IndexSpec) -> aws.dynamodb.TableGlobalSecondaryIndexArgs:
    # key_schemas replaces the deprecated hash_key/range_key on GSIs in pulumi-aws 7.
    key_schemas = [
        aws.dynamodb.TableGlobalSecondaryIndexKeySchemaArgs(
            attribute_name=index.partition_key, key_type="HASH"
        )
    ]
    if index.sort_key:
        key_schemas.append(
            aws.dynamodb.TableGlobalSecondaryIndexKeySchemaArgs(
                attribute_name=index.sort_key, key_type="RANGE"
            )
        )
    return aws.dynamodb.TableGlobalSecondaryIndexArgs(
        name=index.name,
        key_schemas=key_schemas,
        projection_type=index.projection,
        non_key_attributes=list(index.non_key_attributes) or None,
    )


def create_table(
    owner: CompactConnectComponent[Any],
    spec: TableSpec,
    key: aws.kms.Key,
    name_prefix: str,
    adopted_name: str | None = None,
) -> aws.dynamodb.Table:
    """One on-demand table with string ``pk``/``sk``, encrypted with the declared customer key;
    deletion protection goes with the owner's data retention. A table declared without a backup category
    is tagged so, which the policy pack reads as a deliberate choice rather than a forgotten plan.
    ``adopted_name``: the reference deployment's table of this declaration, taken over where it stands
    (``components.adoption``)."""
    tags = owner.tags if spec.backup_category else {**owner.tags, NO_BACKUP_TAG: MARKER_TRUE}
    return aws.dynamodb.Table(
        spec.resource_name,
        name=adopted_name or physical_table_name(spec, name_prefix),
        billing_mode=BILLING_MODE,
        hash_key="pk",
        range_key="sk",
        attributes=[aws.dynamodb.TableAttributeArgs(name=name, type="S") for name in spec.attribute_names],
        global_secondary_indexes=[_index_args(index) for index in spec.indexes] or None,
        stream_enabled=spec.stream is not None,
        stream_view_type=spec.stream,
        ttl=aws.dynamodb.TableTtlArgs(attribute_name=spec.ttl_attribute, enabled=True)
        if spec.ttl_attribute
        else None,
        point_in_time_recovery=aws.dynamodb.TablePointInTimeRecoveryArgs(enabled=spec.point_in_time_recovery),
        server_side_encryption=aws.dynamodb.TableServerSideEncryptionArgs(enabled=True, kms_key_arn=key.arn),
        deletion_protection_enabled=owner.args.retain_data,
        tags=tags,
        opts=owner.data_opts(import_=adopted_name),
    )


def create_tables(
    owner: CompactConnectComponent[Any],
    specs: Iterable[TableSpec],
    keys: Mapping[KeyName, aws.kms.Key],
    name_prefix: str,
    adopted: Mapping[str, str] | None = None,
) -> dict[str, aws.dynamodb.Table]:
    """Every declared table, keyed by ``TableSpec.key`` (the name grants use); ``adopted`` maps keys to
    the reference's tables taken over instead of created."""
    adopted = adopted or {}
    return {
        spec.key: create_table(owner, spec, keys[spec.encryption_key], name_prefix, adopted.get(spec.key))
        for spec in specs
    }
