"""Long-lived data of one environment: keys, tables, buckets, the data event bus, the alarm topic
and the SSN guard rails (spec/infra.md §1.4 PersistentStack, §1.5, §3.2-3.4; DESIGN §5).

Everything that holds data is protected and retained in prod (``data_opts``). Other components get
what they need from the attributes below as Pulumi outputs, never by re-deriving names.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from typing import Any, Self

import pulumi
import pulumi_aws as aws
from pydantic import Field, model_validator

from components.adoption import AdoptedKey, Adoption
from components.alarm_topic import create_alarm_topic
from components.args import (
    AccountId,
    ComponentArgs,
    EnvironmentName,
    NamePrefix,
    Origins,
    Region,
    check_origins,
    refuse,
    require_retained_in_prod,
)
from components.base import CompactConnectComponent
from components.buckets import (
    ACCESS_LOG_LOCK_DAYS,
    BucketArgs,
    SecureBucket,
    access_logs_bucket,
    expire_after_days,
)
from components.config import Environment
from components.encryption import create_key, shared_key_policy, ssn_key_policy
from components.events import ARCHIVE_RETENTION_DAYS, create_event_bus
from components.ssn_access import (
    SsnExemptions,
    create_ssn_roles,
    create_ssn_table_policy,
    ssn_role_physical_name,
)
from components.tables import create_tables
from core.buckets import (
    ACCESS_LOGS,
    BULK_UPLOADS,
    DISASTER_RECOVERY_RESULTS,
    EXPORT_RESULTS,
    PROVIDER_USERS,
    TRANSACTION_REPORTS,
    USER_POOL_EXPORTS,
    BucketSpec,
)
from core.catalog import KeyName
from core.tables import ALL_TABLES, SSN

BULK_UPLOAD_RETENTION_DAYS = 1
EXPORT_RETENTION_DAYS = 1
"""A privilege export is downloaded within its link's minute; the file goes the next day."""
USER_POOL_EXPORT_RETENTION_DAYS = 35
"""Daily user exports kept in place for a month (AWS Backup keeps the bucket longer where backups are on)."""


def _customer_key(keys: Mapping[KeyName, aws.kms.Key], bucket: BucketSpec) -> aws.kms.Key:
    """The customer-managed key a bucket's declaration names (every bucket but the access logs')."""
    if bucket.encryption_key is None:
        raise ValueError(f"bucket {bucket.key} is not declared with a customer-managed key")
    return keys[bucket.encryption_key]


class PersistentArgs(ComponentArgs):
    """The settings of the environment's long-lived data. ``retain_data`` (protect, retain on delete,
    deletion protection, no force-destroy) must stay on in prod."""

    environment: EnvironmentName
    name_prefix: NamePrefix
    account_id: AccountId
    region: Region
    allowed_origins: Origins = Field(
        description="CORS origins of the buckets browsers upload to (the reference allowed `*`)."
    )
    alarm_emails: tuple[str, ...] = Field(
        default=(),
        description="Addresses subscribed to the alarm topic; at least one in prod, so alarms reach someone.",
    )
    access_log_lock_days: int | None = Field(
        default=ACCESS_LOG_LOCK_DAYS,
        ge=1,
        description=(
            "Object lock (COMPLIANCE) on access-log objects, in days; at least "
            f"{ACCESS_LOG_LOCK_DAYS} in prod. None only where data is not retained: a locked bucket "
            "cannot be emptied, so the stack could not be destroyed."
        ),
    )
    adoption: Adoption = Field(
        default=Adoption(),
        description="The reference deployment's tables, keys, buckets and bus taken over (issue #20).",
    )
    event_archive_retention_days: int = Field(
        default=ARCHIVE_RETENTION_DAYS,
        ge=ARCHIVE_RETENTION_DAYS,
        description="How long published events stay replayable from the bus archive.",
    )

    @model_validator(mode="after")
    def _guard_rails(self) -> Self:
        require_retained_in_prod(self.environment, self.retain_data)
        check_origins(self.environment, self.allowed_origins)
        if self.access_log_lock_days is not None and not self.retain_data:
            refuse(
                "access_log_lock_days",
                "object lock keeps access logs undeletable, so it needs retain_data "
                "(a bucket that may be force-destroyed cannot be locked); use None",
            )
        if self.environment is Environment.PROD:
            lock = self.access_log_lock_days
            if lock is None or lock < ACCESS_LOG_LOCK_DAYS:
                refuse(
                    "access_log_lock_days",
                    f"{'no lock' if lock is None else f'{lock} days'} is shorter than the required minimum "
                    f"of {ACCESS_LOG_LOCK_DAYS} days in prod (access logs are every bucket's audit trail)",
                )
            if not self.alarm_emails:
                refuse("alarm_emails", "prod alarms must reach someone: give at least one address")
        return self


class Persistent(CompactConnectComponent[PersistentArgs]):
    """Attributes: ``shared_key``, ``ssn_key``, ``tables`` (by ``TableSpec.key``), ``buckets``
    (``access_logs``, ``bulk_uploads``, ``provider_users``, ``transaction_reports``), ``event_bus``,
    ``event_archive``, ``alarm_topic``, ``ssn_roles`` (the role of each SSN-path function, by function
    name: ``ssn_functions``)."""

    def __init__(
        self,
        name: str,
        args: PersistentArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        ssn_functions: Sequence[str] = (),
        ssn_bulk_functions: Sequence[str] = (),
        ssn_exemptions: SsnExemptions | None = None,
    ) -> None:
        super().__init__("Persistent", name, args, opts)
        exemptions = ssn_exemptions or SsnExemptions()
        adopted = args.adoption
        environment = str(args.environment)

        # The SSN key policy names the SSN-path roles, so the roles come first and get permissions last.
        self.ssn_roles: dict[str, aws.iam.Role] = create_ssn_roles(
            self, environment, args.name_prefix, ssn_functions
        )
        # The recovery steps' roles are SSN-path roles (already allowed the key); the table must admit
        # their whole-table reads and writes as well.
        table_exemptions = dataclasses.replace(
            exemptions,
            bulk_access_role_arns=(
                *exemptions.bulk_access_role_arns,
                *(
                    f"arn:aws:iam::{args.account_id}:role/{ssn_role_physical_name(args.name_prefix, name)}"
                    for name in ssn_bulk_functions
                ),
            ),
        )
        self.shared_key = create_key(
            self,
            "SharedEncryptionKey",
            alias=f"alias/{args.name_prefix}-shared-encryption-key",
            description="Encrypts CompactConnect data that does not hold full SSNs",
            policy=json.dumps(shared_key_policy(args.account_id, args.region)),
            adopted_id=adopted.keys.get(AdoptedKey.SHARED),
        )
        self.ssn_key = create_key(
            self,
            "SsnEncryptionKey",
            alias=f"alias/{args.name_prefix}-ssn-key",
            description="Encrypts full SSNs only: the SSN table, bulk uploads and their preprocessing queue",
            policy=ssn_key_policy(
                args.account_id, [role.arn for role in self.ssn_roles.values()], exemptions.key_user_arns
            ),
            adopted_id=adopted.keys.get(AdoptedKey.SSN),
        )
        keys = {KeyName.SHARED: self.shared_key, KeyName.SSN: self.ssn_key}

        self.event_bus, self.event_archive = create_event_bus(
            self,
            environment=environment,
            account_id=args.account_id,
            archive_retention_days=args.event_archive_retention_days,
            adopted_name=adopted.event_bus,
        )
        self.alarm_topic: aws.sns.Topic = create_alarm_topic(
            self,
            self.shared_key,
            environment=environment,
            account_id=args.account_id,
            region=args.region,
            emails=args.alarm_emails,
        )

        self.tables: dict[str, aws.dynamodb.Table] = create_tables(
            self, ALL_TABLES, keys, args.name_prefix, adopted.tables
        )
        self.ssn_table_policy = create_ssn_table_policy(self, self.tables[SSN.key], table_exemptions)

        self.secure_buckets = self._buckets(keys)
        self.buckets: dict[str, aws.s3.Bucket] = {key: sb.bucket for key, sb in self.secure_buckets.items()}

        self.register_outputs(
            {
                "sharedKeyArn": self.shared_key.arn,
                "ssnKeyArn": self.ssn_key.arn,
                "tableNames": {key: table.name for key, table in self.tables.items()},
                "bucketNames": {key: bucket.bucket for key, bucket in self.buckets.items()},
                "eventBusName": self.event_bus.name,
                "alarmTopicArn": self.alarm_topic.arn,
                "ssnRoleArns": {key: role.arn for key, role in self.ssn_roles.items()},
            }
        )

    def _buckets(self, keys: dict[KeyName, aws.kms.Key]) -> dict[str, SecureBucket]:
        """Every declared bucket; CORS is limited to the UI origins (the reference allowed ``*``)."""
        origins = list(self.args.allowed_origins)
        bucket_args = self.args.narrow(BucketArgs, adopted_names=self.args.adoption.buckets)
        access_logs = access_logs_bucket(
            bucket_args, self.child_opts(), lock_days=self.args.access_log_lock_days
        )

        def bucket(spec: BucketSpec, **settings: Any) -> SecureBucket:
            """A data bucket under its declared key, logging to the access-logs bucket."""
            return SecureBucket(
                spec,
                bucket_args,
                kms_key=_customer_key(keys, spec),
                log_to=access_logs,
                opts=self.child_opts(),
                **settings,
            )

        return {
            ACCESS_LOGS.key: access_logs,
            BULK_UPLOADS.key: bucket(
                BULK_UPLOADS,
                transient=True,
                cors_origins=origins,
                lifecycle_rules=[expire_after_days(BULK_UPLOAD_RETENTION_DAYS)],
            ),
            PROVIDER_USERS.key: bucket(PROVIDER_USERS, cors_origins=origins),
            TRANSACTION_REPORTS.key: bucket(TRANSACTION_REPORTS),
            EXPORT_RESULTS.key: bucket(
                EXPORT_RESULTS, transient=True, lifecycle_rules=[expire_after_days(EXPORT_RETENTION_DAYS)]
            ),
            USER_POOL_EXPORTS.key: bucket(
                USER_POOL_EXPORTS, lifecycle_rules=[expire_after_days(USER_POOL_EXPORT_RETENTION_DAYS)]
            ),
            DISASTER_RECOVERY_RESULTS.key: bucket(DISASTER_RECOVERY_RESULTS),
        }
