"""Catalog entries of the notification functions: the email service and the listeners that turn bus
events into its requests."""

from __future__ import annotations

from dataclasses import dataclass

from adverse_actions.events import (
    ENCUMBRANCE_EVENTS,
    INVESTIGATION_EVENTS,
    MILITARY_AFFILIATION_AUDIT,
    PRIVILEGE_DEACTIVATION,
)
from core.buckets import TRANSACTION_REPORTS, BucketAccess, BucketGrant
from core.catalog import Access, FunctionSpec, TableGrant
from core.events import EventSpec
from core.queues import QueueGrant, QueueSpec, listener_queue
from core.tables import COMPACT_CONFIGURATION, EVENT_STATE, PROVIDER
from core.triggers import ConsumerSpec, EventPattern
from providers.events import PROVIDER_HOME_JURISDICTION_CHANGE
from purchases.events import PRIVILEGE_PURCHASE

MINUTES = 60
LISTENER_TIMEOUT = 2 * MINUTES  # a batch of ten events, a few emails each

EMAIL_SERVICE = FunctionSpec(
    name="EmailNotificationService",
    handler="notifications.service.lambda_handler",
    description="Renders and sends every email of the system to its recipients, once each.",
    grants=(
        TableGrant(COMPACT_CONFIGURATION.key, Access.READ),
        TableGrant(EVENT_STATE.key, Access.READ_WRITE),
    ),
    bucket_grants=(BucketGrant(TRANSACTION_REPORTS.key, BucketAccess.READ),),  # the reports it attaches
    timeout_seconds=60,
)


@dataclass(frozen=True)
class Listener:
    """A notification listener: its own queue (and DLQ) behind a bus rule for its events."""

    queue: QueueSpec
    function: FunctionSpec
    consumer: ConsumerSpec


def _listener(
    name: str,
    module: str,
    description: str,
    queue: tuple[str, str],
    events: tuple[EventSpec, ...],
    reads_providers: bool = True,
    batching_window_seconds: int = 1,
) -> Listener:
    """``queue`` is the queue's catalog key (its manifest key) and resource name."""
    queue_spec = listener_queue(*queue, LISTENER_TIMEOUT)
    function = FunctionSpec(
        name=name,
        handler=f"notifications.{module}.lambda_handler",
        description=description,
        grants=(TableGrant(PROVIDER.key, Access.READ),) if reads_providers else (),
        queue_grants=(QueueGrant(queue_spec.key, "consume"),),
        invokes=(EMAIL_SERVICE.name,),
        timeout_seconds=LISTENER_TIMEOUT,
    )
    consumer = ConsumerSpec(
        function=function,
        queue=queue_spec,
        batch_size=10,
        batching_window_seconds=batching_window_seconds,
        source=EventPattern(events=events),
    )
    return Listener(queue_spec, function, consumer)


LISTENERS = (
    HOME_JURISDICTION := _listener(
        "HomeJurisdictionChangeNotificationListener",
        "home_jurisdiction",
        "Tells the states a practitioner left and joined, once each.",
        ("home_jurisdiction_notifications", "HomeJurisdictionChangeNotificationQueue"),
        (PROVIDER_HOME_JURISDICTION_CHANGE,),
        batching_window_seconds=5,
    ),
    PURCHASE_RECEIPT := _listener(
        "PrivilegePurchaseReceiptListener",
        "purchase_receipts",
        "Sends the practitioner the receipt of each privilege purchase, once.",
        ("purchase_receipts", "PrivilegePurchaseReceiptQueue"),
        (PRIVILEGE_PURCHASE,),
        reads_providers=False,  # the event carries the receipt
        batching_window_seconds=5,
    ),
    ENCUMBRANCE := _listener(
        "EncumbranceNotificationListener",
        "encumbrances",
        "Tells the provider and every state concerned of an encumbrance placed or lifted, once each.",
        ("encumbrance_notifications", "EncumbranceNotificationQueue"),
        ENCUMBRANCE_EVENTS,
    ),
    INVESTIGATION := _listener(
        "InvestigationNotificationListener",
        "investigations",
        "Tells every state concerned of an investigation opened or closed, once each.",
        ("investigation_notifications", "InvestigationNotificationQueue"),
        INVESTIGATION_EVENTS,
    ),
    DEACTIVATION := _listener(
        "PrivilegeDeactivationNotificationListener",
        "deactivations",
        "Tells the provider and the privilege's state of a privilege a compact admin deactivated.",
        ("deactivation_notifications", "PrivilegeDeactivationNotificationQueue"),
        (PRIVILEGE_DEACTIVATION,),
    ),
    MILITARY_AUDIT := _listener(
        "MilitaryAuditNotificationListener",
        "military_audits",
        "Tells the provider their military documents were approved or declined.",
        ("military_audit_notifications", "MilitaryAuditNotificationQueue"),
        (MILITARY_AFFILIATION_AUDIT,),
    ),
)

HOME_JURISDICTION_NOTIFICATIONS = HOME_JURISDICTION.function
PURCHASE_RECEIPTS = PURCHASE_RECEIPT.function
ENCUMBRANCE_NOTIFICATIONS = ENCUMBRANCE.function
INVESTIGATION_NOTIFICATIONS = INVESTIGATION.function
DEACTIVATION_NOTIFICATIONS = DEACTIVATION.function
MILITARY_AUDIT_NOTIFICATIONS = MILITARY_AUDIT.function

QUEUES: tuple[QueueSpec, ...] = tuple(listener.queue for listener in LISTENERS)
CONSUMERS: tuple[ConsumerSpec, ...] = tuple(listener.consumer for listener in LISTENERS)
