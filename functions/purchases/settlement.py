"""The daily transaction history (payments_security §1.9-1.10): what Authorize.Net settled since the last
run, stored with the privileges each transaction paid for, reconciled against the charges made at
purchase time, and an alert when something did not settle.

One run handles at most :data:`TRANSACTIONS_PER_RUN` transactions and says where it stopped; the workflow
calls it again until it is done (``IN_PROGRESS`` → ``COMPLETE``, or ``BATCH_FAILURE`` when a transaction
failed to settle or a charge has not settled in 48 hours, which emails the compact's operations team).
Storing is idempotent (keys are the batch and transaction ids), so a run may be repeated: after a
point-in-time restore, run it with ``startTime``/``endTime`` covering the lost days (a scheduled run
starts at the last settlement still stored).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from aws_lambda_powertools import Logger
from pydantic import Field

from core.models.base import CamelModel, UtcDatetime
from core.models.transaction import SettlementBatch, Transaction, TransactionLineItem
from core.repositories.configuration import ConfigurationRepository
from core.repositories.providers import ProviderRepository
from core.repositories.transactions import TransactionRepository
from purchases.processor import PaymentProcessor, SettledBatch, TransactionDetails

logger = Logger(child=True)

TRANSACTIONS_PER_RUN = 500
"""Bounded so one run ends well inside the function's 15 minutes (one details call per transaction)."""
LONGEST_WINDOW = timedelta(days=30)
"""Authorize.Net lists at most 31 days of batches per call."""
UNSETTLED_ALERT_AFTER = timedelta(hours=48)
SETTLEMENT_ERRORS = frozenset({"settlementError", "generalError"})
IGNORED = frozenset({"declined"})
PRIVILEGE_ITEM = "priv:"

Status = Literal["IN_PROGRESS", "COMPLETE", "BATCH_FAILURE"]


class HistoryRun(CamelModel):
    """The workflow's state between runs (the reference's field names, plus the failures so far)."""

    compact: str
    scheduled_time: UtcDatetime
    processed_batch_ids: list[str] = Field(default_factory=list)
    start_time: UtcDatetime | None = None
    end_time: UtcDatetime | None = None
    current_batch_id: str | None = None
    last_processed_transaction_id: str | None = None
    failed_transaction_ids: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class HistoryPorts:
    configuration: ConfigurationRepository
    transactions: TransactionRepository
    providers: ProviderRepository
    processor: Callable[[str], PaymentProcessor]
    now: Callable[[], datetime]


def window(run: HistoryRun, ports: HistoryPorts) -> tuple[datetime, datetime]:
    """From the last stored settlement to the scheduled day's 01:00 UTC (settlement is around midnight),
    at most :data:`LONGEST_WINDOW`; a run's own ``startTime``/``endTime`` win. The window includes the
    last stored batch again (the reference started a second after it): an execution that failed part
    way through that batch is completed by the next, and storing it again duplicates nothing."""
    if run.start_time is not None and run.end_time is not None:
        return run.start_time, run.end_time
    end = run.end_time or run.scheduled_time.astimezone(UTC).replace(
        hour=1, minute=0, second=0, microsecond=0
    )
    last = ports.transactions.last_settlement(run.compact, end)
    start = max(last, end - LONGEST_WINDOW) if last else end - LONGEST_WINDOW
    return start, end


def collect(run: HistoryRun, ports: HistoryPorts) -> dict[str, Any]:
    """One run of the workflow's task: the next transactions stored, and the state for the next run."""
    compact_record, jurisdictions = ports.configuration.compact_with_jurisdictions(run.compact)
    if compact_record is None or not any(code in jurisdictions for code in compact_record.live_jurisdictions):
        logger.warning(
            "The compact is not live yet: no settlement to collect", extra={"compact": run.compact}
        )
        return _answer(run, "COMPLETE")
    start, end = window(run, ports)
    run = run.model_copy(update={"start_time": start, "end_time": end})
    processor = ports.processor(run.compact)
    collected: list[Transaction] = []
    failed = list(run.failed_transaction_ids)
    for batch in processor.settled_batches(start, end):
        if batch.batch_id in run.processed_batch_ids:
            continue
        ids = processor.transaction_ids(batch.batch_id)
        if batch.batch_id == run.current_batch_id and run.last_processed_transaction_id in ids:
            ids = ids[ids.index(run.last_processed_transaction_id) + 1 :]
        for transaction_id in ids:
            if len(collected) == TRANSACTIONS_PER_RUN:
                _keep(run.compact, collected, ports)
                return _answer(
                    run.model_copy(
                        update={
                            "current_batch_id": batch.batch_id,
                            "last_processed_transaction_id": collected[-1].transaction_id,
                            "failed_transaction_ids": failed,
                        }
                    ),
                    "IN_PROGRESS",
                )
            details = processor.transaction_details(transaction_id)
            if details.transaction_status in IGNORED:
                continue
            if details.transaction_status in SETTLEMENT_ERRORS and _needs_attention(
                run.compact, details, ports
            ):
                failed.append(transaction_id)
            collected.append(_transaction(run.compact, batch, details))
        run = run.model_copy(
            update={
                "processed_batch_ids": [*run.processed_batch_ids, batch.batch_id],
                "current_batch_id": None,
                "last_processed_transaction_id": None,
            }
        )
    _keep(run.compact, collected, ports)
    return _finish(run.model_copy(update={"failed_transaction_ids": failed}), ports)


def _transaction(compact: str, batch: SettledBatch, details: TransactionDetails) -> Transaction:
    parts = details.order_description.split("#")
    licensee = parts[1] if len(parts) >= 3 and parts[0] == "LICENSEE" else ""
    return Transaction(
        transaction_id=details.transaction_id,
        batch=SettlementBatch(
            batch_id=batch.batch_id,
            settlement_state=batch.settlement_state,
            settlement_time_local=batch.settlement_time_local,
            settlement_time_utc=batch.settlement_time_utc,
        ),
        line_items=[
            TransactionLineItem(
                item_id=item["itemId"],
                name=item["name"],
                description=item["description"],
                quantity=item["quantity"],
                taxable=item["taxable"].lower() == "true",
                unit_price=item["unitPrice"],
            )
            for item in details.line_items
        ],
        compact=compact,
        licensee_id=licensee,
        response_code=details.response_code,
        settle_amount=details.settle_amount,
        submit_time_utc=details.submit_time_utc,
        transaction_status=details.transaction_status,
        transaction_type=details.transaction_type,
    )


def with_privileges(transaction: Transaction, records: list[dict[str, Any]]) -> Transaction:
    """The transaction with its licensee and each ``priv:`` line item's privilege id, from the privilege
    records it paid for: the order description is not trusted (Authorize.Net masks digit runs in it). A
    privilege renewed since is found through its renewal's history record (``previous``)."""
    providers = {str(record["providerId"]) for record in records if record.get("providerId")}
    if len(providers) > 1:
        logger.error(
            "A transaction paid for several providers", extra={"transaction_id": transaction.transaction_id}
        )
    by_state: dict[str, str] = {}
    for record in records:
        previous = record.get("previous") or {}
        privilege_id = record.get("privilegeId") or previous.get("privilegeId")
        if record.get("jurisdiction") and privilege_id:
            by_state.setdefault(str(record["jurisdiction"]), str(privilege_id))
    items = []
    for item in transaction.line_items:
        if item.item_id.startswith(PRIVILEGE_ITEM):
            state = item.item_id.removeprefix(PRIVILEGE_ITEM).split("-")[1]
            privilege_id = by_state.get(state)
            if privilege_id is None:
                logger.error(
                    "No privilege for a line item",
                    extra={"transaction_id": transaction.transaction_id, "item_id": item.item_id},
                )
            item = item.model_copy(update={"privilege_id": privilege_id or "UNKNOWN"})
        items.append(item)
    licensee = next(iter(sorted(providers)), transaction.licensee_id)
    return transaction.model_copy(update={"line_items": items, "licensee_id": licensee})


def _keep(compact: str, collected: list[Transaction], ports: HistoryPorts) -> None:
    """Store what this run collected, with its privileges, and clear the matching unsettled records. A
    settled transaction whose charge was never recorded (and that an earlier run did not store) is an
    ERROR: a charge made outside a purchase, or one whose purchase failed without voiding it."""
    if not collected:
        return
    already = ports.transactions.stored_ids(collected)
    ports.transactions.store(
        [
            with_privileges(t, ports.providers.transaction_records(compact, t.transaction_id))
            for t in collected
        ]
    )
    settled = {t.transaction_id for t in collected if t.transaction_status not in SETTLEMENT_ERRORS}
    unsettled = ports.transactions.unsettled(compact)
    ports.transactions.forget_unsettled([u for u in unsettled if u.transaction_id in settled])
    unmatched = sorted(settled - already - {u.transaction_id for u in unsettled})
    if unmatched:
        logger.error(
            "Settled transactions with no record of their charge", extra={"transaction_ids": unmatched}
        )


def _finish(run: HistoryRun, ports: HistoryPorts) -> dict[str, Any]:
    """The last run: failures and charges unsettled for over 48 hours make it a ``BATCH_FAILURE``."""
    failed = run.failed_transaction_ids
    overdue = [
        u.transaction_id
        for u in ports.transactions.unsettled(run.compact)
        if u.transaction_date < ports.now() - UNSETTLED_ALERT_AFTER
    ]
    if not failed and not overdue:
        return _answer(run, "COMPLETE")
    summary: dict[str, Any] = {
        "message": "Settlement errors detected in one or more transactions." if failed else "",
        "failedTransactionIds": failed,
    }
    if overdue:
        summary["message"] = (
            summary["message"] + " One or more transactions have not settled in over 48 hours."
        ).strip()
        summary["unsettledTransactionIds"] = overdue
    logger.error("Transaction settlement needs attention", extra={"compact": run.compact, "summary": summary})
    return {**_answer(run, "BATCH_FAILURE"), "batchFailureErrorMessage": json.dumps(summary)}


def _needs_attention(compact: str, details: TransactionDetails, ports: HistoryPorts) -> bool:
    """A settlement failure needs someone, except a ``generalError`` that bought nothing (the purchase
    was refused), which is only noted."""
    if details.transaction_status != "generalError" or ports.providers.transaction_records(
        compact, details.transaction_id
    ):
        return True
    logger.warning("A general error with no privilege", extra={"transaction_id": details.transaction_id})
    return False


def _answer(run: HistoryRun, status: Status) -> dict[str, Any]:
    state = run.model_dump(mode="json", by_alias=True, exclude_none=True)
    return {**state, "status": status}
