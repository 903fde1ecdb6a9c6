"""A table's stream into a queue through an EventBridge Pipe (spec/infra.md SearchPersistentStack: the
provider table's changes reach the indexer this way), from a catalog :class:`core.triggers.StreamPipe`.

The pipe reads new records only (``LATEST``: a new environment is filled by the re-index job), keeps
those whose partition key starts with the declaration's prefix for one of the compacts, and sends each as
the declaration's template renders it, so the queue never holds the items' images. Its role may read
that one stream and send to that queue and its dead-letter queue (with the keys that protect each);
failures are logged at ``ERROR`` to its own log group, and a record the pipe cannot deliver after its
retries is bisected out of its batch and sent to the dead-letter queue, whose alarm pages, so the index
never drifts unnoticed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import pulumi
import pulumi_aws as aws
from pydantic import Field

from components.args import AccountId, ComponentArgs, NamePrefix
from components.base import CompactConnectComponent
from components.trust import service_trust_policy
from core.triggers import StreamPipe

STREAM_READS = [
    "dynamodb:DescribeStream",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
    "dynamodb:ListStreams",
]


class StreamPipeArgs(ComponentArgs):
    name_prefix: NamePrefix
    account_id: AccountId
    log_retention_days: int = Field(default=365, ge=1)
    maximum_retry_attempts: int = Field(default=10, ge=0, le=185)
    compacts: tuple[str, ...] = Field(description="The environment's compacts: whose partitions pass.")


def filter_pattern(pipe: StreamPipe, compacts: Sequence[str]) -> str:
    """Records of the declared partitions: a ``prefix`` match per compact (Pipes' filters match
    prefixes, not patterns inside a value)."""
    return json.dumps({"dynamodb": {"Keys": {"pk": {"S": [{"prefix": p} for p in pipe.prefixes(compacts)]}}}})


class StreamPipeComponent(CompactConnectComponent[StreamPipeArgs]):
    def __init__(
        self,
        pipe: StreamPipe,
        args: StreamPipeArgs,
        *,
        table: aws.dynamodb.Table,
        table_key: aws.kms.Key,
        queue: aws.sqs.Queue,
        dead_letters: aws.sqs.Queue,
        queue_key: aws.kms.Key,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("StreamPipe", pipe.name, args, opts)
        name = f"{args.name_prefix}-{pipe.name}"
        role = aws.iam.Role(
            f"{pipe.name}-role",
            assume_role_policy=service_trust_policy("pipes.amazonaws.com", args.account_id),
            tags=self.tags,
            opts=self.child_opts(),
        )
        policy = aws.iam.RolePolicy(
            f"{pipe.name}-grants",
            role=role.id,
            policy=pulumi.Output.json_dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "ReadStream",
                            "Effect": "Allow",
                            "Action": STREAM_READS,
                            "Resource": [table.stream_arn],
                        },
                        {
                            "Sid": "StreamKey",
                            "Effect": "Allow",
                            "Action": ["kms:Decrypt"],
                            "Resource": [table_key.arn],
                        },
                        {
                            "Sid": "SendToQueues",
                            "Effect": "Allow",
                            "Action": ["sqs:SendMessage"],
                            "Resource": [queue.arn, dead_letters.arn],
                        },
                        {
                            "Sid": "QueueKey",
                            "Effect": "Allow",
                            "Action": ["kms:Encrypt", "kms:GenerateDataKey*", "kms:Decrypt"],
                            "Resource": [queue_key.arn],
                        },
                    ],
                }
            ),
            opts=self.child_opts(),
        )
        self.log_group = aws.cloudwatch.LogGroup(
            f"{pipe.name}-logs",
            name=f"/aws/vendedlogs/pipes/{name}",
            retention_in_days=args.log_retention_days,
            tags=self.tags,
            opts=self.child_opts(),
        )
        self.pipe = aws.pipes.Pipe(
            pipe.name,
            name=name,
            description=f"{pipe.table} table changes into the {pipe.queue.key} queue",
            role_arn=role.arn,
            source=table.stream_arn,
            target=queue.arn,
            source_parameters=aws.pipes.PipeSourceParametersArgs(
                dynamodb_stream_parameters=aws.pipes.PipeSourceParametersDynamodbStreamParametersArgs(
                    starting_position="LATEST",
                    batch_size=pipe.batch_size,
                    maximum_retry_attempts=args.maximum_retry_attempts,
                    on_partial_batch_item_failure="AUTOMATIC_BISECT",
                    dead_letter_config=aws.pipes.PipeSourceParametersDynamodbStreamParametersDeadLetterConfigArgs(
                        arn=dead_letters.arn
                    ),
                ),
                filter_criteria=aws.pipes.PipeSourceParametersFilterCriteriaArgs(
                    filters=[
                        aws.pipes.PipeSourceParametersFilterCriteriaFilterArgs(
                            pattern=filter_pattern(pipe, args.compacts)
                        )
                    ]
                ),
            ),
            target_parameters=aws.pipes.PipeTargetParametersArgs(input_template=pipe.message_template),
            log_configuration=aws.pipes.PipeLogConfigurationArgs(
                level="ERROR",
                cloudwatch_logs_log_destination=aws.pipes.PipeLogConfigurationCloudwatchLogsLogDestinationArgs(
                    log_group_arn=self.log_group.arn
                ),
            ),
            tags=self.tags,
            opts=self.child_opts(depends_on=[policy]),
        )
        self.register_outputs({"pipeArn": self.pipe.arn})
