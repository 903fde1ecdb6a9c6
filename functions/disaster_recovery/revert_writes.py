"""Reverting one provider: read all its records, plan (:mod:`disaster_recovery.revert_plan`), write the plan
guarded on what was read, and announce it (``license.revert``, ``privilege.revert``) through the outbox, in
the plan's last transaction, so the events exist exactly when the revert does.

A conflict (someone wrote the provider between the read and the write) is met by reading and deciding
again, so a change made meanwhile keeps the provider back as it would have before. Whatever else goes wrong
with one provider is its failure, reported, and the rollback goes on with the next.
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_lambda_powertools import Logger
from pydantic import ValidationError

from core.clock import now_utc, now_utc_precise
from core.errors import field_errors
from core.events import EncodedEvent, encode
from core.outbox import Outbox, entry_of
from core.repositories.providers import WRITE_ATTEMPTS, ConcurrentUpdate, ProviderRepository
from disaster_recovery.events import LICENSE_REVERT, PRIVILEGE_REVERT
from disaster_recovery.models import (
    FailedProvider,
    Outcome,
    RevertDetail,
    RevertedProvider,
    RevertedRecord,
    SkippedProvider,
)
from disaster_recovery.revert_plan import RevertPlan, plan_revert
from disaster_recovery.revert_review import Window

logger = Logger(child=True)


@dataclass(frozen=True)
class Rollback:
    """What every provider's revert in one execution shares."""

    window: Window
    reason: str
    execution_name: str


class PartlyWritten(Exception):
    """Some of a plan's transactions were written, and a later one was refused."""


def describe(error: Exception) -> str:
    """What went wrong, without the values involved (a record's fields are personal data)."""
    if isinstance(error, ValidationError):
        problems = field_errors(error, whole="record")
        return f"A {error.title} record does not validate: " + "; ".join(
            f"{field}: {', '.join(messages)}" for field, messages in problems.items()
        )
    return f"{type(error).__name__}: {error}"


class ProviderReverter:
    def __init__(self, repository: ProviderRepository, outbox: Outbox, rollback: Rollback) -> None:
        self.repository = repository
        self.outbox = outbox
        self.rollback = rollback

    def revert(self, provider_id: str) -> Outcome:
        """Revert one provider, or say why it was left alone or could not be reverted."""
        partly = False
        try:
            for _ in range(WRITE_ATTEMPTS):
                compact = self.rollback.window.compact
                records = self.repository.records(compact, provider_id, consistent=True)
                plan = plan_revert(records, self.rollback.window, provider_id)
                if isinstance(plan, SkippedProvider):
                    return _partly_reverted(plan) if partly else plan
                try:
                    return self._write(plan)
                except PartlyWritten:
                    partly = True
                except ConcurrentUpdate:
                    pass
                logger.info(
                    "Provider changed while being reverted; reading it again",
                    extra={"provider_id": provider_id},
                )
            return FailedProvider(
                provider_id=provider_id, error="The provider kept changing while being reverted."
            )
        except Exception as error:  # one provider's failure is reported, and the rollback goes on
            logger.exception("Could not revert a provider", extra={"provider_id": provider_id})
            return FailedProvider(provider_id=provider_id, error=describe(error))

    def _write(self, plan: RevertPlan) -> RevertedProvider:
        transactions = plan.transactions()
        entry = entry_of(self._events(plan.summary), now_utc_precise())
        for position, writes in enumerate(transactions, start=1):
            last = position == len(transactions)
            try:
                self.repository.put_guarded(writes, [self.outbox.new_item(entry)] if last else [])
            except ConcurrentUpdate as conflict:
                if position > 1:
                    raise PartlyWritten() from conflict
                raise
        self.outbox.publish(entry)
        return plan.summary

    def _events(self, summary: RevertedProvider) -> list[EncodedEvent]:
        def detail(reverted: RevertedRecord) -> RevertDetail:
            return RevertDetail(
                event_time=now_utc(),
                compact=self.rollback.window.compact,
                jurisdiction=reverted.jurisdiction,
                provider_id=summary.provider_id,
                license_type=reverted.license_type,
                rollback_reason=self.rollback.reason,
                start_time=self.rollback.window.start,
                end_time=self.rollback.window.end,
                rollback_execution_name=self.rollback.execution_name,
            )

        return [
            *encode(LICENSE_REVERT, *(detail(reverted) for reverted in summary.licenses_reverted)),
            *encode(PRIVILEGE_REVERT, *(detail(reverted) for reverted in summary.privileges_reverted)),
        ]


def _partly_reverted(skipped: SkippedProvider) -> FailedProvider:
    """Restores were written before a change made meanwhile kept the provider back: its records are half
    put back, which a person must finish or undo."""
    changes = "; ".join(
        f"{change.record_type} {change.type_of_update}: {change.reason}"
        for change in skipped.ineligible_updates
    )
    return FailedProvider(
        provider_id=skipped.provider_id,
        error=(
            "Partly reverted: some licenses or privileges were put back before another change reached the "
            "provider; the uploads' history records are still in place. Manual review required. "
            f"{skipped.reason} {changes}"
        ).strip(),
    )
