"""License-ingest consumer: applies each ``license.ingest`` event to the provider table (spec §5.2 step 2).

For each event: read the provider's whole partition (one consistent query), plan the writes
(``ingest.license_changes``), publish ``license.deactivation`` when an unexpired license was deactivated,
then write license, history record and provider in one guarded transaction. A concurrent writer makes the
transaction fail; the event is then re-read and re-planned (a few times, then left to SQS to retry).

The deactivation event is published *before* the write: if the write then fails, the retried message
publishes it again, and its consumer is idempotent; published after, a failure between the write and the
publish would lose it for good, because the retry would find nothing left to change.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from core.clock import now_utc
from core.events import publish
from core.lookups import license_type_named
from core.repositories.providers import ConcurrentUpdate, ProviderRepository
from core.resources import granted, serves
from core.tables import PROVIDER
from ingest.events import LICENSE_DEACTIVATION
from ingest.failures import json_object, report_failure, reporting_failures, should_report, validated
from ingest.license_changes import IngestPlan, plan_ingest
from ingest.models import IngestDetail, LicenseDeactivation
from ingest.queues import LICENSE_INGEST_QUEUE
from ingest.routes import INGEST_LICENSES

WRITE_ATTEMPTS = 3
SSN_CORRECTION_UNSUPPORTED = (
    "previousSSN: SSN corrections are not supported yet; the license was not updated. "
    "Upload it without previousSSN, or contact the compact to correct the SSN."
)

logger = Logger()
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


def _deactivation(plan: IngestPlan) -> LicenseDeactivation:
    """``license.deactivation``: the privileges bought on this license must be deactivated (§7.1)."""
    return LicenseDeactivation(
        compact=plan.license.compact,
        jurisdiction=plan.license.jurisdiction,
        provider_id=plan.license.provider_id,
        license_type=plan.license.license_type,
        license_type_abbreviation=plan.license.license_type_abbreviation,
        event_time=now_utc(),
    )


def ingest_license(detail: IngestDetail, repository: ProviderRepository) -> IngestPlan:
    """Apply one uploaded license; returns the plan that was written (re-planned after a conflict)."""
    license_type = license_type_named(detail.compact, detail.license_type)
    assert license_type is not None  # checked by `validated`
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        records = repository.records(detail.compact, detail.provider_id, consistent=True)
        plan = plan_ingest(records, detail, license_type.abbreviation)
        if plan.deactivated_unexpired:
            publish(LICENSE_DEACTIVATION, _deactivation(plan))
        try:
            repository.put_guarded(plan.puts)
            return plan
        except ConcurrentUpdate:
            if attempt == WRITE_ATTEMPTS:
                raise
            logger.info("Provider changed while ingesting; re-reading", extra={"attempt": attempt})
    raise AssertionError("unreachable")


def _record_handler(record: SQSRecord) -> None:
    with reporting_failures(record, LICENSE_INGEST_QUEUE.max_receive_count, "ingest a license") as origin:
        raw = json_object(record.body, "detail")
        origin.update(compact=raw.get("compact"), jurisdiction=raw.get("jurisdiction"))
        detail = validated(IngestDetail, raw)
        context = {
            "message_id": record.message_id,
            "compact": detail.compact,
            "jurisdiction": detail.jurisdiction,
            "provider_id": detail.provider_id,
        }
        if detail.previous_provider_id is not None:
            # The migration between providers (spec §5.4) is not built yet: refuse visibly; retrying
            # cannot help, so the message is not failed.
            logger.error("Skipped an SSN correction: not supported yet", extra=context)
            if should_report(record, True, LICENSE_INGEST_QUEUE.max_receive_count):
                report_failure(detail.compact, detail.jurisdiction, [SSN_CORRECTION_UNSUPPORTED])
            return
        plan = ingest_license(detail, ProviderRepository(granted().table(PROVIDER)))
        logger.info("Ingested a license", extra={**context, "outcome": plan.outcome})


@serves(INGEST_LICENSES)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    """Each failed message is reported back (``batchItemFailures``) and retried, then dead-lettered."""
    return process_partial_response(
        event=event, record_handler=_record_handler, processor=processor, context=context
    )
