"""The export function and its daily schedule: it may list the two human pools' users and write the
export bucket, nothing else."""

from __future__ import annotations

from core.buckets import USER_POOL_EXPORTS, BucketAccess, BucketGrant
from core.catalog import FunctionSpec
from core.triggers import ScheduleSpec
from core.user_pools import UserPoolGrant, UserPoolName

EXPORTED_POOLS = (UserPoolName.STAFF, UserPoolName.PROVIDER)
"""The pools people sign in to. The state pool holds only app clients, which the deploy re-creates."""

LIST_USERS = "cognito-idp:ListUsers"

USER_POOL_EXPORT = FunctionSpec(
    name="UserPoolExport",
    handler="user_pool_export.export.lambda_handler",
    description="Writes every staff and practitioner user's attributes to the export bucket, daily.",
    pool_grants=tuple(UserPoolGrant(pool, (LIST_USERS,)) for pool in EXPORTED_POOLS),
    bucket_grants=(BucketGrant(USER_POOL_EXPORTS.key, BucketAccess.WRITE),),
    timeout_seconds=900,
    memory_mb=1024,
    slow_after_seconds=600,
)

SCHEDULES: tuple[ScheduleSpec, ...] = (
    # 04:00 UTC: the day's file is written before the daily general-data backups (05:00 in the stacks).
    ScheduleSpec("UserPoolExportDaily", USER_POOL_EXPORT, "0 4 ? * * *"),
)
