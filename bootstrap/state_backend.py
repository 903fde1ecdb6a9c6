"""The account's Pulumi state backend: a bucket for ``pulumi login s3://...`` and a KMS key for the
``awskms://`` secrets provider.

The state of an environment lives in the environment's own account, so reading it takes a role of that
account (the preview role reads, the deploy role writes) and no token outside AWS can reach every
environment's state. The bucket is the project's hardened ``SecureBucket``: KMS-encrypted with the state
key, versioned (every state the backend ever wrote can be restored), TLS only, public access blocked,
closed to other accounts, and access-logged into an access-logs bucket of its own, built as the main
program builds its own (which does not exist before the first deploy); the bootstrap's name prefix keeps
the two apart. Both buckets and the key are kept whatever happens to the stack.
"""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pulumi_aws as aws

from components.base import CompactConnectComponent
from components.buckets import BucketArgs, SecureBucket, access_logs_bucket
from components.encryption import account_root_arn, create_key
from core.buckets import BucketSpec

STATE_KEY_ALIAS = "alias/compact-connect-pulumi-state"
STATE_BUCKET = BucketSpec(
    "pulumi_state",
    "PulumiStateBucket",
    "pulumi-state",
    "PULUMI_STATE_BUCKET",
    "Pulumi state of this account's stacks (pulumi login s3://...)",
)
STATE_HISTORY_DAYS = 365


class StateBackendArgs(BucketArgs):
    access_log_lock_days: int | None = None
    """COMPLIANCE object lock on the access logs (prod: 90 days, as the main program's access logs)."""


def state_bucket_name(name_prefix: str, account_id: str) -> str:
    return STATE_BUCKET.physical_name(name_prefix, account_id)


def backend_url(bucket: str, region: str) -> str:
    return f"s3://{bucket}?region={region}"


def secrets_provider(region: str) -> str:
    return f"awskms://{STATE_KEY_ALIAS}?region={region}"


def state_key_policy(account_id: str) -> dict[str, Any]:
    """The account administers the key and grants its use through IAM (the deploy and preview roles)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AccountAdministersAndDelegates",
                "Effect": "Allow",
                "Principal": {"AWS": account_root_arn(account_id)},
                "Action": "kms:*",
                "Resource": "*",
            }
        ],
    }


class StateBackend(CompactConnectComponent[StateBackendArgs]):
    def __init__(self, args: StateBackendArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("StateBackend", "StateBackend", args, opts)
        self.key = create_key(
            self,
            "PulumiStateKey",
            alias=STATE_KEY_ALIAS,
            description="Encrypts the Pulumi state bucket and the stacks' secrets (awskms secrets provider)",
            policy=json.dumps(state_key_policy(args.account_id)),
        )
        self.access_logs = access_logs_bucket(args, self.child_opts(), lock_days=args.access_log_lock_days)
        self.bucket = SecureBucket(
            STATE_BUCKET,
            args,
            kms_key=self.key,
            log_to=self.access_logs,
            lifecycle_rules=[_expire_old_states()],
            extra_statements=lambda arn: [_only_this_account(arn, args.account_id)],
            opts=self.child_opts(),
        )
        self.bucket_name = state_bucket_name(args.name_prefix, args.account_id)
        self.backend_url = backend_url(self.bucket_name, args.region)
        self.secrets_provider = secrets_provider(args.region)
        self.register_outputs({"backendUrl": self.backend_url, "secretsProvider": self.secrets_provider})


def _expire_old_states() -> aws.s3.BucketLifecycleConfigurationRuleArgs:
    """Every overwritten state stays restorable for a year; unfinished uploads go after a week."""
    return aws.s3.BucketLifecycleConfigurationRuleArgs(
        id=f"noncurrent-states-after-{STATE_HISTORY_DAYS}-days",
        status="Enabled",
        filter=aws.s3.BucketLifecycleConfigurationRuleFilterArgs(prefix=""),
        noncurrent_version_expiration=aws.s3.BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs(
            noncurrent_days=STATE_HISTORY_DAYS
        ),
        abort_incomplete_multipart_upload=(
            aws.s3.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs(days_after_initiation=7)
        ),
    )


def _only_this_account(arn: str, account_id: str) -> dict[str, Any]:
    """No principal of another account reaches the state, whatever a key or IAM policy says."""
    return {
        "Sid": "DenyOtherAccounts",
        "Effect": "Deny",
        "Principal": {"AWS": "*"},
        "Action": "s3:*",
        "Resource": [arn, f"{arn}/*"],
        "Condition": {"StringNotEquals": {"aws:PrincipalAccount": account_id}},
    }
