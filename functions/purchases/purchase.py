"""A privilege purchase from request to receipt (payments_security §1.7-1.8): exactly the configured
fees, charged once, for exactly the privileges bought — or nothing charged at all.

The order is the reference's: price from the live configuration, check everything
(:mod:`purchases.eligibility`), charge, write. Where it is better on purpose:

- **One transaction after the charge.** The privileges, their history, the provider's list of states,
  the unsettled-transaction record, the purchase's events (an outbox entry) and the completion of its
  idempotency key are written together. Any failure there voids the charge; nothing is left half-done,
  so no manual rollback exists. Publishing the events happens after the commit and cannot undo it: what
  fails to publish is published by the relay (:mod:`purchases.relay`) from the outbox.
- **Idempotency-Key.** A request may carry one: its first answer is stored with the purchase, a retry
  with the same key and body gets it back without charging, the same key with another body is refused
  (409). A claim abandoned mid-purchase (the function timed out after charging) is taken over after
  :data:`CLAIM_ABANDONED_AFTER` and its charge voided first. Without a key, the processor's duplicate
  window still refuses the same charge within 35 seconds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from aws_lambda_powertools import Logger

from core import keys
from core.errors import CCError, InvalidRequest, ServiceUnavailable
from core.events import EncodedEvent, encode
from core.models.outbox import PendingEvents
from core.models.privilege import AttestationReference
from core.models.transaction import PurchaseRequest, UnsettledTransaction
from core.outbox import Outbox, entry_of
from core.repositories.configuration import ConfigurationRepository
from core.repositories.providers import ProviderRepository, retrying_conflicts
from core.repositories.transactions import TransactionRepository
from purchases.eligibility import ApprovedPurchase, PurchaseRequestFacts, approve
from purchases.events import (
    PRIVILEGE_ISSUED,
    PRIVILEGE_PURCHASE,
    PRIVILEGE_RENEWED,
    CostLineItemDetail,
    PrivilegeGrantedDetail,
    PrivilegePurchaseDetail,
    PurchasedPrivilegeDetail,
)
from purchases.fees import LineItem, line_items, total
from purchases.models import ChargedLineItem, PrivilegePurchaseRequest, PrivilegePurchaseResponse
from purchases.offer import live_offer
from purchases.privileges import PrivilegesBought, new_states, plan_privileges
from purchases.processor import (
    AUTHENTICATION_FAILED,
    Charge,
    PaymentDeclined,
    PaymentProcessor,
    ProcessorError,
)

logger = Logger(child=True)

SUCCESS_MESSAGE = "Successfully processed charge"
CLAIM_ABANDONED_AFTER = timedelta(minutes=5)
"""Far beyond the function's timeout: a pending claim this old belongs to an invocation that died."""
CLAIM_KEPT = timedelta(days=1)


class ChargeStands(ServiceUnavailable):
    """A charge was made and could not be voided: the caller must not be told to simply retry with a new
    key; the claim keeps the charge's id so the key's next request voids it first."""


class IdempotencyConflict(CCError):
    status_code = 409
    default_message = "This Idempotency-Key cannot be used for this request"


@dataclass(frozen=True)
class PurchasePorts:
    providers: ProviderRepository
    configuration: ConfigurationRepository
    transactions: TransactionRepository
    outbox: Outbox
    processor_for: Callable[[str], PaymentProcessor]
    forget_credentials: Callable[[str], None]
    publish_entries: Callable[[Sequence[EncodedEvent]], None]
    now: Callable[[], datetime]
    today: Callable[[], date]


@dataclass(frozen=True)
class PurchaseOrder:
    compact: str
    provider_id: str
    request: PrivilegePurchaseRequest
    idempotency_key: str | None = None

    @property
    def request_hash(self) -> str:
        body = self.request.model_dump(mode="json", by_alias=True)
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def purchase(order: PurchaseOrder, ports: PurchasePorts) -> dict[str, Any]:
    """Buy the privileges; the answer is the response body (the first answer again for a retried key)."""
    if order.idempotency_key is None:
        return _purchase(order, ports, None)
    claim, first_answer = _claim(order, ports)
    if first_answer is not None:
        return first_answer
    assert claim is not None
    try:
        return _purchase(order, ports, claim)
    except ChargeStands:
        raise  # the claim keeps the charge's id: the key's next request voids it before going on
    except BaseException:
        ports.transactions.release(claim)
        raise


# ---- the idempotency key -------------------------------------------------------------------------


def _claim(
    order: PurchaseOrder, ports: PurchasePorts
) -> tuple[PurchaseRequest | None, dict[str, Any] | None]:
    """Claim the key for this request, or find the answer it already has. Returns (claim, None) to go on
    purchasing, or (None, answer) to answer a retry."""
    assert order.idempotency_key is not None
    for _ in range(3):
        now = ports.now()
        held = ports.transactions.purchase_request(order.compact, order.provider_id, order.idempotency_key)
        if held is not None and held.request_hash != order.request_hash:
            raise IdempotencyConflict(
                "This Idempotency-Key was already used for a different purchase request: "
                "send a new key with a new purchase"
            )
        if held is not None and held.status == "complete":
            assert held.response is not None
            return None, json.loads(held.response)
        if held is not None and now - held.claimed_at < CLAIM_ABANDONED_AFTER:
            raise IdempotencyConflict(
                "A purchase with this Idempotency-Key is still being processed: retry in a moment"
            )
        claim = PurchaseRequest(
            compact=order.compact,
            provider_id=order.provider_id,
            idempotency_key=order.idempotency_key,
            request_hash=order.request_hash,
            claimed_at=now,
            ttl=keys.epoch_seconds(now + CLAIM_KEPT),
        )
        abandoned = held.charged_transaction_id if held is not None else None
        if abandoned is not None and not _void(
            ports.processor_for(order.compact), Charge(abandoned), "abandoned"
        ):
            raise ChargeStands(
                "An earlier attempt with this Idempotency-Key charged the card and that charge could not be "
                "voided yet; nothing more was charged. Retry later, or contact support"
            )
        if ports.transactions.claim(claim, replacing=held):
            return claim, None
    raise IdempotencyConflict(
        "A purchase with this Idempotency-Key is still being processed: retry in a moment"
    )


# ---- the purchase ----------------------------------------------------------------------------------


def _purchase(order: PurchaseOrder, ports: PurchasePorts, claim: PurchaseRequest | None) -> dict[str, Any]:
    offer = live_offer(order.compact, ports.configuration)
    facts = PurchaseRequestFacts(
        license_type=order.request.license_type,
        jurisdictions=order.request.selected_jurisdictions,
        attestations=[
            AttestationReference(attestation_id=a.attestation_id, version=a.version)
            for a in order.request.attestations
        ],
    )
    latest_attestations = ports.configuration.latest_attestation_versions(order.compact)

    def approved_now() -> tuple[Any, ApprovedPurchase]:
        records = ports.providers.records(order.compact, order.provider_id, consistent=True, history=0)
        return records, approve(facts, offer.live, records, latest_attestations, ports.today())

    checked = [approved_now()]

    def read_for_writing() -> tuple[Any, ApprovedPurchase]:
        """The first attempt writes from the records checked before the charge (its writes are guarded on
        them); an attempt after a conflict reads and checks again."""
        return checked.pop() if checked else approved_now()

    approved = checked[0][1]
    items = line_items(
        offer.compact,
        approved.jurisdictions,
        approved.home_license.license_type_abbreviation,
        approved.active_military,
    )
    opaque = order.request.order_information.opaque_data
    try:
        processor, charge = _charge(order, ports, items, opaque.data_descriptor, opaque.data_value)
    except PaymentDeclined as declined:
        raise InvalidRequest(str(declined)) from declined
    except ProcessorError as error:
        logger.error("Charge failed", extra={"compact": order.compact, "error": str(error)})
        raise ServiceUnavailable("The payment could not be processed; please try again later") from error
    submitted = ports.now()
    try:
        if claim is not None:
            ports.transactions.record_charge(claim, charge.transaction_id)
        answer, outbox = retrying_conflicts(
            lambda: _record(order, ports, claim, read_for_writing, facts, items, charge, submitted)
        )
    except CCError as refused:
        if not _void(processor, charge, "refused on recording"):
            raise ChargeStands(
                f"{refused} The charge could not be voided yet; our staff have been alerted"
            ) from refused
        raise
    except Exception as error:
        if not _void(processor, charge, "not recorded"):
            raise ChargeStands(
                "The purchase could not be completed and the charge could not be voided yet; our staff "
                "have been alerted. Do not buy again until it is refunded"
            ) from error
        raise ServiceUnavailable(
            "The purchase could not be completed and the charge was voided; please try again"
        ) from error
    ports.outbox.publish(outbox, ports.publish_entries)  # a failure leaves it to the relay
    return answer


def _charge(
    order: PurchaseOrder, ports: PurchasePorts, items: Sequence[LineItem], descriptor: str, nonce: str
) -> tuple[PaymentProcessor, Charge]:
    """Charge the card, with the compact's credentials read again once if the processor refuses the cached
    ones (an admin uploaded new credentials within the cache's five minutes)."""
    description = f"LICENSEE#{order.provider_id}#"
    processor = ports.processor_for(order.compact)
    try:
        return processor, processor.charge(total(items), descriptor, nonce, description, items)
    except ProcessorError as refused:
        if refused.code != AUTHENTICATION_FAILED:
            raise
    ports.forget_credentials(order.compact)
    processor = ports.processor_for(order.compact)
    return processor, processor.charge(total(items), descriptor, nonce, description, items)


def _record(
    order: PurchaseOrder,
    ports: PurchasePorts,
    claim: PurchaseRequest | None,
    approved_now: Callable[[], tuple[Any, ApprovedPurchase]],
    facts: PurchaseRequestFacts,
    items: Sequence[LineItem],
    charge: Charge,
    submitted: datetime,
) -> tuple[dict[str, Any], PendingEvents]:
    """Write everything the paid purchase changes in one transaction, guarded on the records read: a
    provider changed since (encumbered, say) makes the write conflict, and the next attempt re-reads and
    re-checks, refusing (and voiding) when the purchase may no longer happen."""
    records, approved = approved_now()
    numbers = ports.providers.claim_privilege_numbers(order.compact, len(new_states(records, approved)))
    bought = plan_privileges(records, approved, numbers, charge.transaction_id, facts.attestations, submitted)
    email = records.provider.compact_connect_registered_email_address if records.provider else None
    outbox = entry_of(
        _events(order, approved, bought, items, charge, submitted, email), submitted, charge.transaction_id
    )
    answer = PrivilegePurchaseResponse(
        transaction_id=charge.transaction_id,
        message=SUCCESS_MESSAGE,
        line_items=[_charged(item) for item in items],
    ).to_body()
    unsettled = UnsettledTransaction(
        compact=order.compact, transaction_id=charge.transaction_id, transaction_date=submitted
    )
    also = [ports.transactions.new_item(unsettled), ports.outbox.new_item(outbox)]
    if claim is not None:
        also.append(ports.transactions.completion(claim, json.dumps(answer)))
    try:
        ports.providers.put_guarded(bought.puts, also)
    except CCError:
        raise
    except Exception:
        # An answer lost after DynamoDB committed (a timeout) must not void a purchase that happened.
        if not ports.transactions.exists(unsettled):
            raise
        logger.warning("The purchase's write committed though its answer was lost")
    logger.info(
        "Privileges purchased",
        extra={"compact": order.compact, "issued": bought.issued, "renewed": bought.renewed},
    )
    return answer, outbox


def _charged(item: LineItem) -> dict[str, str]:
    return ChargedLineItem(
        item_id=item.item_id,
        name=item.name,
        description=item.description,
        quantity=str(item.quantity),
        unit_price=f"{item.unit_price:.2f}",
        taxable="False",
    ).to_body()


def _events(
    order: PurchaseOrder,
    approved: ApprovedPurchase,
    bought: PrivilegesBought,
    items: Sequence[LineItem],
    charge: Charge,
    at: datetime,
    email: str | None,
) -> list[EncodedEvent]:
    home = approved.home_license
    purchase_detail = PrivilegePurchaseDetail(
        event_time=at,
        compact=order.compact,
        jurisdiction=home.jurisdiction,
        provider_email=email,
        privileges=[
            PurchasedPrivilegeDetail(
                compact=order.compact,
                provider_id=order.provider_id,
                jurisdiction=privilege.jurisdiction,
                license_type_abbrev=privilege.license_type_abbreviation,
                privilege_id=privilege.privilege_id,
            )
            for privilege in bought.privileges
        ],
        total_cost=f"{total(items):.2f}",
        cost_line_items=[
            CostLineItemDetail(
                name=item.name,
                description=item.description,
                quantity=str(item.quantity),
                unit_price=f"{item.unit_price:.2f}",
            )
            for item in items
        ],
        transaction_id=charge.transaction_id,
    )

    def granted(states: list[str]) -> list[PrivilegeGrantedDetail]:
        return [
            PrivilegeGrantedDetail(
                event_time=at, compact=order.compact, jurisdiction=state, provider_email=email
            )
            for state in states
        ]

    return [
        *encode(PRIVILEGE_PURCHASE, purchase_detail),
        *encode(PRIVILEGE_ISSUED, *granted(bought.issued)),
        *encode(PRIVILEGE_RENEWED, *granted(bought.renewed)),
    ]


def _void(processor: PaymentProcessor, charge: Charge, why: str) -> bool:
    """Give the money back; whether it was. A void that fails leaves a charge without privileges: logged
    as an ERROR, which alarms, and reported by the settlement reconciliation."""
    try:
        processor.void(charge.transaction_id)
    except ProcessorError as error:
        logger.error(
            "A charge could not be voided",
            extra={"transaction_id": charge.transaction_id, "reason": why, "error": str(error)},
        )
        return False
    logger.warning("Charge voided", extra={"transaction_id": charge.transaction_id, "reason": why})
    return True
