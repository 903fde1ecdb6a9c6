"""Queue consumers whose records share work done once per batch: each record is handled on its own,
then the batch's shared step runs (one publish of every event, one write of every item), and the
messages whose part of it failed are reported with the records that failed on their own."""

from collections.abc import Callable, Iterable
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext


def process_then_finish(
    event: dict[str, Any],
    context: LambdaContext,
    processor: BatchProcessor,
    record_handler: Callable[[SQSRecord], None],
    finish: Callable[[], Iterable[str]],
) -> PartialItemFailureResponse:
    """Every record through ``record_handler`` (a raise fails that message alone), then ``finish``,
    which returns the ids of the messages its shared step failed for."""
    response = process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
    response["batchItemFailures"].extend({"itemIdentifier": message_id} for message_id in finish())
    return response
