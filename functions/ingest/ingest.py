"""License-ingest consumer: applies each ``license.ingest`` event to the provider table (spec §5.2 step 2).

For each event: read the provider's whole partition (one consistent query), plan the writes
(``ingest.license_changes``), publish ``license.deactivation`` when an unexpired license was deactivated,
then write license, history record and provider in one guarded transaction. A concurrent writer makes the
transaction fail; the event is then re-read and re-planned (a few times, then left to SQS to retry).

A state's first upload is mostly people the compact has never seen. One batch read of the batch's provider
records finds them (:meth:`ProviderRepository.without_provider_record`), and their first write is planned
on an empty partition without a query: one read per batch instead of one per row.

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

from core.aws import client_error
from core.clock import now_utc
from core.events import publish
from core.lookups import license_type_named
from core.repositories.providers import ConcurrentUpdate, ProviderRecords, ProviderRepository
from core.resources import granted, serves
from core.tables import PROVIDER
from ingest.events import LICENSE_DEACTIVATION
from ingest.failures import (
    PermanentFailure,
    json_object,
    report_failure,
    reporting_failures,
    should_report,
    validated,
)
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


def ingest_license(
    detail: IngestDetail, repository: ProviderRepository, *, unwritten: bool = False
) -> IngestPlan:
    """Apply one uploaded license; returns the plan that was written (re-planned after a conflict).

    ``unwritten``: the provider's partition was just seen without a provider record, so the first plan is
    made on no records; should another writer have come in between, the guarded write fails and the next
    attempt reads the partition.
    """
    license_type = license_type_named(detail.compact, detail.license_type)
    assert license_type is not None  # checked by `validated`
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        if unwritten and attempt == 1:
            records = ProviderRecords()
        else:
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


class _Batch:
    """One invocation's messages, and which of their providers have no records yet (one batch read)."""

    def __init__(self, event: dict[str, Any]) -> None:
        self.repository = ProviderRepository(granted().table(PROVIDER))
        self.unwritten = self._unwritten_providers(event.get("Records", []))

    def _unwritten_providers(self, records: list[dict[str, Any]]) -> set[tuple[str, str]]:
        """(compact, provider id) of the batch's providers without a provider record. Only a shortcut:
        a message that does not parse is left to its own handling, and a failed read to the queries."""
        providers: dict[str, set[str]] = {}
        for record in records:
            try:
                raw = json_object(record.get("body", ""), "detail")
            except PermanentFailure:
                continue
            compact, provider_id = raw.get("compact"), raw.get("providerId")
            if isinstance(compact, str) and isinstance(provider_id, str):
                providers.setdefault(compact, set()).add(provider_id)
        try:
            return {
                (compact, provider_id)
                for compact, provider_ids in providers.items()
                for provider_id in self.repository.without_provider_record(compact, provider_ids)
            }
        except client_error():
            logger.warning("Could not batch-read the providers; each is queried", exc_info=True)
            return set()

    def ingest(self, record: SQSRecord) -> None:
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
            provider = (detail.compact, detail.provider_id)
            plan = ingest_license(detail, self.repository, unwritten=provider in self.unwritten)
            self.unwritten.discard(provider)  # written now: a second license of theirs reads it
            logger.info("Ingested a license", extra={**context, "outcome": plan.outcome})


@serves(INGEST_LICENSES)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    """Each failed message is reported back (``batchItemFailures``) and retried, then dead-lettered."""
    batch = _Batch(event)
    return process_partial_response(
        event=event, record_handler=batch.ingest, processor=processor, context=context
    )
