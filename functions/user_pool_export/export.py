"""Exports each human user pool's users as JSON lines, one object per pool and day.

Cognito cannot export passwords or MFA devices, so a lost pool cannot be restored from this: what the
export keeps is who had an account, with which attributes (the practitioner's ``custom:providerId``
and ``custom:compact`` links, the staff member's email), enabled or not, so an operator can re-create
the accounts and send each person a reset (docs/runbooks/restore-table.md). The keys are dated
(``{pool}/{YYYY-MM-DD}.jsonl``): a re-run the same day replaces that day's file, the bucket's
lifecycle keeps a month of days, and where backups are on AWS Backup keeps the bucket for two years.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from aws_lambda_powertools import Logger

from core.aws import cognito_client, s3_client
from core.buckets import USER_POOL_EXPORTS, BucketAccess
from core.clock import now_utc_precise
from core.resources import granted, serves
from core.user_pools import UserPoolName
from user_pool_export.functions import EXPORTED_POOLS, LIST_USERS, USER_POOL_EXPORT

logger = Logger()

PAGE_SIZE = 60  # ListUsers' maximum


def _exported(user: dict[str, Any]) -> dict[str, Any]:
    """One user as a JSON object: Cognito's fields, dates as ISO 8601, attributes as a mapping."""
    return {
        "username": user["Username"],
        "attributes": {attribute["Name"]: attribute["Value"] for attribute in user.get("Attributes", ())},
        "enabled": user.get("Enabled", True),
        "status": user.get("UserStatus"),
        "created": _iso(user.get("UserCreateDate")),
        "lastModified": _iso(user.get("UserLastModifiedDate")),
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def users_of(client: Any, pool_id: str) -> Iterator[dict[str, Any]]:
    """Every user of the pool, page by page."""
    for page in client.get_paginator("list_users").paginate(
        UserPoolId=pool_id, PaginationConfig={"PageSize": PAGE_SIZE}
    ):
        yield from page.get("Users", ())


def export_pool(pool: UserPoolName, pool_id: str, bucket: str, day: str) -> dict[str, Any]:
    """Write the pool's users to ``{pool}/{day}.jsonl``; returns where and how many."""
    lines = [json.dumps(_exported(user), sort_keys=True) for user in users_of(cognito_client(), pool_id)]
    key = f"{pool.value}/{day}.jsonl"
    s3_client().put_object(
        Bucket=bucket,
        Key=key,
        Body=("\n".join(lines) + "\n" if lines else "").encode(),
        ContentType="application/x-ndjson",
    )
    logger.info("Exported user pool", extra={"pool": pool.value, "users": len(lines), "key": key})
    return {"pool": pool.value, "key": key, "users": len(lines)}


@serves(USER_POOL_EXPORT)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    resources = granted()
    bucket = resources.bucket(USER_POOL_EXPORTS, BucketAccess.WRITE)
    day = now_utc_precise().date().isoformat()
    return {
        "bucket": bucket,
        "exports": [
            export_pool(pool, resources.user_pool_id(pool, LIST_USERS), bucket, day)
            for pool in EXPORTED_POOLS
        ],
    }
