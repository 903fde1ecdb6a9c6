"""Long-lived data of one environment: keys, tables, buckets, the data event bus, the alarm topic
and the SSN guard rails (spec/infra.md §1.4 PersistentStack, §1.5, §3.2-3.4; DESIGN §5).

Everything that holds data is protected and retained in prod (``data_opts``). Other components get
what they need from the attributes below as Pulumi outputs, never by re-deriving names.
"""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws

from components.alarm_topic import create_alarm_topic
from components.base import CompactConnectComponent
from components.buckets import SecureBucket, access_logs_bucket, expire_after_days
from components.config import StackConfig
from components.encryption import create_key, shared_key_policy, ssn_key_policy
from components.events import create_event_bus
from components.ssn_access import (
    SsnExemptions,
    create_ssn_roles,
    create_ssn_table_policy,
    grant_ssn_access,
)
from components.tables import create_tables
from core.buckets import ACCESS_LOGS, BULK_UPLOADS, PROVIDER_USERS, TRANSACTION_REPORTS
from core.catalog import KeyName
from core.tables import ALL_TABLES, PROVIDER, SSN

BULK_UPLOAD_RETENTION_DAYS = 1


class Persistent(CompactConnectComponent):
    """Attributes: ``shared_key``, ``ssn_key``, ``tables`` (by ``TableSpec.key``), ``buckets``
    (``access_logs``, ``bulk_uploads``, ``provider_users``, ``transaction_reports``), ``event_bus``,
    ``event_archive``, ``alarm_topic``, ``ssn_roles`` (``license_ingest``, ``license_upload``,
    ``provider_query``) and ``ssn_role_policies``."""

    def __init__(
        self,
        name: str,
        config: StackConfig,
        opts: pulumi.ResourceOptions | None = None,
        *,
        ssn_exemptions: SsnExemptions | None = None,
    ) -> None:
        super().__init__("Persistent", name, config, opts)
        exemptions = ssn_exemptions or SsnExemptions()

        # The SSN key policy names the SSN roles, so the roles come first and get permissions last.
        self.ssn_roles: dict[str, aws.iam.Role] = create_ssn_roles(self)
        self.shared_key = create_key(
            self,
            "SharedEncryptionKey",
            alias=f"alias/{config.name_prefix}-shared-encryption-key",
            description="Encrypts CompactConnect data that does not hold full SSNs",
            policy=json.dumps(shared_key_policy(config)),
        )
        self.ssn_key = create_key(
            self,
            "SsnEncryptionKey",
            alias=f"alias/{config.name_prefix}-ssn-key",
            description="Encrypts full SSNs only: the SSN table, bulk uploads and their preprocessing queue",
            policy=ssn_key_policy(
                config, [*(role.arn for role in self.ssn_roles.values()), *exemptions.key_user_arns]
            ),
        )
        keys = {KeyName.SHARED: self.shared_key, KeyName.SSN: self.ssn_key}

        self.event_bus, self.event_archive = create_event_bus(self)
        self.alarm_topic: aws.sns.Topic = create_alarm_topic(self, self.shared_key)

        self.tables: dict[str, aws.dynamodb.Table] = create_tables(self, ALL_TABLES, keys)
        self.ssn_table_policy = create_ssn_table_policy(self, self.tables[SSN.key], exemptions)

        self.secure_buckets = self._buckets(keys)
        self.buckets: dict[str, aws.s3.Bucket] = {key: sb.bucket for key, sb in self.secure_buckets.items()}

        self.ssn_role_policies = grant_ssn_access(
            self,
            self.ssn_roles,
            {
                "ssn_table": self.tables[SSN.key].arn,
                "ssn_key": self.ssn_key.arn,
                "shared_key": self.shared_key.arn,
                "provider_table": self.tables[PROVIDER.key].arn,
                "bulk_uploads": self.buckets["bulk_uploads"].arn,
                "event_bus": self.event_bus.arn,
            },
        )

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
        """The four buckets; CORS is limited to the UI origins (the reference allowed ``*``)."""
        config = self.config
        access_logs = access_logs_bucket(config, self.child_opts())
        return {
            ACCESS_LOGS.key: access_logs,
            BULK_UPLOADS.key: SecureBucket(
                BULK_UPLOADS,
                config,
                kms_key=keys[BULK_UPLOADS.encryption_key],
                log_to=access_logs,
                transient=True,
                cors_origins=config.allowed_origins,
                lifecycle_rules=[expire_after_days(BULK_UPLOAD_RETENTION_DAYS)],
                opts=self.child_opts(),
            ),
            PROVIDER_USERS.key: SecureBucket(
                PROVIDER_USERS,
                config,
                kms_key=keys[PROVIDER_USERS.encryption_key],
                log_to=access_logs,
                cors_origins=config.allowed_origins,
                opts=self.child_opts(),
            ),
            TRANSACTION_REPORTS.key: SecureBucket(
                TRANSACTION_REPORTS,
                config,
                kms_key=keys[TRANSACTION_REPORTS.encryption_key],
                log_to=access_logs,
                opts=self.child_opts(),
            ),
        }
