"""What the preview role may read: the configuration of everything, the data of nothing.

``pulumi preview`` and ``pulumi refresh --preview-only`` read every resource's settings (AWS's
``ReadOnlyAccess``, cut down by the permissions boundary), the stack's state and its secrets (the state
bucket, the state key). Refreshing a secret's version reads its value: the preview role may read the
secrets whose values the stack config holds anyway (``core.secrets``), and no other secret. Everything that
is the environment's *data* rather than its configuration (table items and streams, objects, queue
messages, log events, users, search documents, workflow executions) is denied outright, so a pull
request's preview cannot become a way to read licensee records.
"""

from __future__ import annotations

from typing import Any

from core.secrets import ALL_SECRETS

READ_ONLY_ACCESS_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess"

DATA_READS: tuple[str, ...] = (
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:PartiQLSelect",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
    "sqs:ReceiveMessage",
    "logs:GetLogEvents",
    "logs:FilterLogEvents",
    "logs:StartQuery",
    "logs:GetQueryResults",
    "logs:GetLogRecord",
    "logs:StartLiveTail",
    "cognito-idp:AdminGetUser",
    "cognito-idp:ListUsers",
    "cognito-idp:ListUsersInGroup",
    "es:ESHttp*",
    "states:DescribeExecution",
    "states:GetExecutionHistory",
    "secretsmanager:GetSecretValue",
    "backup:GetRecoveryPointRestoreMetadata",
)
"""Reads of the environment's data (never needed to compare settings)."""


def config_secret_arn_patterns(region: str, account_id: str, environment: str) -> list[str]:
    """Secrets Manager appends six random characters to a secret's name in its ARN."""
    return [
        f"arn:aws:secretsmanager:{region}:{account_id}:secret:{spec.secret_name(environment)}-??????"
        for spec in ALL_SECRETS
    ]


def preview_access_policy(
    region: str, account_id: str, environment: str, state_bucket: str, state_key_arn: str
) -> dict[str, Any]:
    bucket_arn = f"arn:aws:s3:::{state_bucket}"
    config_secrets = config_secret_arn_patterns(region, account_id, environment)
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ListTheState",
                "Effect": "Allow",
                "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
                "Resource": bucket_arn,
            },
            {
                "Sid": "ReadTheState",
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": f"{bucket_arn}/*",
            },
            {
                "Sid": "DecryptTheStateAndTheStackSecrets",
                "Effect": "Allow",
                "Action": ["kms:Decrypt", "kms:DescribeKey"],
                "Resource": state_key_arn,
            },
            {
                "Sid": "ReadTheSecretsTheStackConfigHolds",
                "Effect": "Allow",
                "Action": "secretsmanager:GetSecretValue",
                "Resource": config_secrets,
            },
            {
                "Sid": "DecryptThoseSecretsThroughSecretsManager",
                "Effect": "Allow",
                "Action": "kms:Decrypt",
                "Resource": f"arn:aws:kms:{region}:{account_id}:key/*",
                "Condition": {
                    "StringEquals": {"kms:ViaService": f"secretsmanager.{region}.amazonaws.com"},
                    "ArnLike": {"kms:EncryptionContext:SecretARN": config_secrets},
                },
            },
            {
                "Sid": "NoDataReads",
                "Effect": "Deny",
                "Action": list(DATA_READS),
                "NotResource": config_secrets,
            },
            {
                "Sid": "NoObjectReadsButTheState",
                "Effect": "Deny",
                "Action": ["s3:GetObject", "s3:GetObjectVersion"],
                "NotResource": f"{bucket_arn}/*",
            },
        ],
    }
