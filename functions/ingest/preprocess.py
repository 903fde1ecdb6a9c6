"""Preprocessing-queue consumer: turns a license row carrying a full SSN into a ``license.ingest`` event
carrying only a provider id and the SSN's last four digits (spec §5.2 step 1, payments_security §4.6).

This is the last place a full SSN exists on the way in: it is written only to the SSN table, never to
logs, events or error reports. Validation problems are summarised by field without their values, and the
exceptions raised here never include the message body.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from core.events import EventPublishError, publish
from core.repositories.ssn import SsnRepository
from core.resources import granted, serves
from core.tables import SSN
from ingest.batches import process_then_finish
from ingest.events import LICENSE_INGEST
from ingest.failures import TransientFailure, json_object, reporting_failures, validated
from ingest.models import IngestDetail, PreprocessMessage
from ingest.queues import LICENSE_PREPROCESSING_QUEUE
from ingest.routes import PREPROCESS_LICENSES

logger = Logger()
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


def ingest_detail(message: PreprocessMessage, repository: SsnRepository) -> IngestDetail:
    """The ``license.ingest`` detail: the row without its SSNs, plus providerId and ssnLastFour.

    A ``previousSSN`` (a state correcting an SSN) resolves to its own provider id, passed on as
    ``previousProviderId`` when it differs, so ingest can tell that records must move between providers.
    """
    detail = message.license_fields()
    detail["providerId"] = repository.get_or_create_provider_id(message.compact, message.ssn)
    detail["ssnLastFour"] = message.ssn[-4:]
    if message.previous_ssn and message.previous_ssn != message.ssn:
        previous = repository.get_or_create_provider_id(message.compact, message.previous_ssn)
        if previous != detail["providerId"]:
            detail["previousProviderId"] = previous
    return IngestDetail.model_validate(detail)


class _Batch:
    """The ``license.ingest`` details of one invocation's messages, published together at its end: ten
    events per PutEvents call instead of one call per row (issue #12: round trips per row)."""

    def __init__(self) -> None:
        self.ready: list[tuple[SQSRecord, IngestDetail]] = []

    def preprocess(self, record: SQSRecord) -> None:
        with reporting_failures(
            record, LICENSE_PREPROCESSING_QUEUE.max_receive_count, "preprocess a license"
        ) as origin:
            raw = json_object(record.body)
            origin.update(compact=raw.get("compact"), jurisdiction=raw.get("jurisdiction"))
            message = validated(PreprocessMessage, raw)
            self.ready.append((record, ingest_detail(message, SsnRepository(granted().table(SSN)))))

    def publish(self) -> list[str]:
        """Publishes every ready detail; returns the message ids of those that could not be published
        (each failed, and reported to its state when it is the message's last attempt, as any failure)."""
        try:
            publish(LICENSE_INGEST, *(detail for _record, detail in self.ready))
        except EventPublishError as error:
            unpublished = [self.ready[position] for position in error.failed]
            for record, detail in unpublished:
                with (
                    suppress(TransientFailure),
                    reporting_failures(
                        record, LICENSE_PREPROCESSING_QUEUE.max_receive_count, "publish a license"
                    ) as origin,
                ):
                    origin.update(compact=detail.compact, jurisdiction=detail.jurisdiction)
                    raise error
            return [record.message_id for record, _detail in unpublished]
        return []


@serves(PREPROCESS_LICENSES)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    """Each failed message is reported back (``batchItemFailures``) and retried, then dead-lettered: a
    message that fails validation or the SSN table at once, one whose event was not published at the end."""
    batch = _Batch()
    return process_then_finish(event, context, processor, batch.preprocess, batch.publish)
