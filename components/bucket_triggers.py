"""Object-created notifications from a bucket to the functions that process uploads."""

from __future__ import annotations

from collections.abc import Sequence

import pulumi
import pulumi_aws as aws

from components.args import AccountId, ComponentArgs
from components.base import CompactConnectComponent
from core.triggers import BucketTrigger


class BucketTriggersArgs(ComponentArgs):
    """The invoke permissions name the bucket's account, so a same-named bucket elsewhere cannot
    invoke the functions."""

    account_id: AccountId


class BucketTriggers(CompactConnectComponent[BucketTriggersArgs]):
    """S3 allows one notification configuration per bucket, so all triggers of a bucket are set
    together; each function lets only that bucket, in this account, invoke it."""

    def __init__(
        self,
        name: str,
        args: BucketTriggersArgs,
        bucket: aws.s3.Bucket,
        triggers: Sequence[tuple[BucketTrigger, aws.lambda_.Function]],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("BucketTriggers", name, args, opts)
        self.permissions = [
            aws.lambda_.Permission(
                f"{name}-invokes-{trigger.function.name}",
                action="lambda:InvokeFunction",
                function=function.name,
                principal="s3.amazonaws.com",
                source_arn=bucket.arn,
                source_account=args.account_id,
                opts=self.child_opts(),
            )
            for trigger, function in triggers
        ]
        self.notification = aws.s3.BucketNotification(
            f"{name}-notification",
            bucket=bucket.bucket,
            lambda_functions=[
                aws.s3.BucketNotificationLambdaFunctionArgs(
                    lambda_function_arn=function.arn,
                    events=["s3:ObjectCreated:*"],
                    filter_prefix=trigger.prefix or None,
                )
                for trigger, function in triggers
            ],
            opts=self.child_opts(depends_on=self.permissions),
        )
        self.register_outputs({})
