"""Catalog entries of the notification functions."""

from __future__ import annotations

from adverse_actions.events import (
    ENCUMBRANCE_EVENTS,
    INVESTIGATION_EVENTS,
    MILITARY_AFFILIATION_AUDIT,
    PRIVILEGE_DEACTIVATION,
)
from core.buckets import TRANSACTION_REPORTS, BucketAccess, BucketGrant
from core.catalog import Access, FunctionSpec, TableGrant
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

HOME_JURISDICTION_NOTIFICATIONS_QUEUE = listener_queue(
    "home_jurisdiction_notifications", "HomeJurisdictionChangeNotificationQueue", LISTENER_TIMEOUT
)

HOME_JURISDICTION_NOTIFICATIONS = FunctionSpec(
    name="HomeJurisdictionChangeNotificationListener",
    handler="notifications.home_jurisdiction.lambda_handler",
    description="Tells the states a practitioner left and joined, once each.",
    grants=(TableGrant(PROVIDER.key, Access.READ),),
    queue_grants=(QueueGrant(HOME_JURISDICTION_NOTIFICATIONS_QUEUE.key, "consume"),),
    invokes=(EMAIL_SERVICE.name,),
    timeout_seconds=LISTENER_TIMEOUT,
)

PURCHASE_RECEIPTS_QUEUE = listener_queue(
    "purchase_receipts", "PrivilegePurchaseReceiptQueue", LISTENER_TIMEOUT
)

PURCHASE_RECEIPTS = FunctionSpec(
    name="PrivilegePurchaseReceiptListener",
    handler="notifications.purchase_receipts.lambda_handler",
    description="Sends the practitioner the receipt of each privilege purchase, once.",
    queue_grants=(QueueGrant(PURCHASE_RECEIPTS_QUEUE.key, "consume"),),
    invokes=(EMAIL_SERVICE.name,),
    timeout_seconds=LISTENER_TIMEOUT,
)

ENCUMBRANCE_NOTIFICATIONS_QUEUE = listener_queue(
    "encumbrance_notifications", "EncumbranceNotificationQueue", LISTENER_TIMEOUT
)

ENCUMBRANCE_NOTIFICATIONS = FunctionSpec(
    name="EncumbranceNotificationListener",
    handler="notifications.encumbrances.lambda_handler",
    description="Tells the provider and every state concerned of an encumbrance placed or lifted, once each.",
    grants=(TableGrant(PROVIDER.key, Access.READ),),
    queue_grants=(QueueGrant(ENCUMBRANCE_NOTIFICATIONS_QUEUE.key, "consume"),),
    invokes=(EMAIL_SERVICE.name,),
    timeout_seconds=LISTENER_TIMEOUT,
)

INVESTIGATION_NOTIFICATIONS_QUEUE = listener_queue(
    "investigation_notifications", "InvestigationNotificationQueue", LISTENER_TIMEOUT
)

INVESTIGATION_NOTIFICATIONS = FunctionSpec(
    name="InvestigationNotificationListener",
    handler="notifications.investigations.lambda_handler",
    description="Tells every state concerned of an investigation opened or closed, once each.",
    grants=(TableGrant(PROVIDER.key, Access.READ),),
    queue_grants=(QueueGrant(INVESTIGATION_NOTIFICATIONS_QUEUE.key, "consume"),),
    invokes=(EMAIL_SERVICE.name,),
    timeout_seconds=LISTENER_TIMEOUT,
)

DEACTIVATION_NOTIFICATIONS_QUEUE = listener_queue(
    "deactivation_notifications", "PrivilegeDeactivationNotificationQueue", LISTENER_TIMEOUT
)

DEACTIVATION_NOTIFICATIONS = FunctionSpec(
    name="PrivilegeDeactivationNotificationListener",
    handler="notifications.deactivations.lambda_handler",
    description="Tells the provider and the privilege's state of a privilege a compact admin deactivated.",
    grants=(TableGrant(PROVIDER.key, Access.READ),),
    queue_grants=(QueueGrant(DEACTIVATION_NOTIFICATIONS_QUEUE.key, "consume"),),
    invokes=(EMAIL_SERVICE.name,),
    timeout_seconds=LISTENER_TIMEOUT,
)

MILITARY_AUDIT_NOTIFICATIONS_QUEUE = listener_queue(
    "military_audit_notifications", "MilitaryAuditNotificationQueue", LISTENER_TIMEOUT
)

MILITARY_AUDIT_NOTIFICATIONS = FunctionSpec(
    name="MilitaryAuditNotificationListener",
    handler="notifications.military_audits.lambda_handler",
    description="Tells the provider their military documents were approved or declined.",
    grants=(TableGrant(PROVIDER.key, Access.READ),),
    queue_grants=(QueueGrant(MILITARY_AUDIT_NOTIFICATIONS_QUEUE.key, "consume"),),
    invokes=(EMAIL_SERVICE.name,),
    timeout_seconds=LISTENER_TIMEOUT,
)

QUEUES: tuple[QueueSpec, ...] = (
    HOME_JURISDICTION_NOTIFICATIONS_QUEUE,
    PURCHASE_RECEIPTS_QUEUE,
    ENCUMBRANCE_NOTIFICATIONS_QUEUE,
    INVESTIGATION_NOTIFICATIONS_QUEUE,
    DEACTIVATION_NOTIFICATIONS_QUEUE,
    MILITARY_AUDIT_NOTIFICATIONS_QUEUE,
)
CONSUMERS: tuple[ConsumerSpec, ...] = (
    ConsumerSpec(
        function=HOME_JURISDICTION_NOTIFICATIONS,
        queue=HOME_JURISDICTION_NOTIFICATIONS_QUEUE,
        batch_size=10,
        batching_window_seconds=5,
        source=EventPattern(events=(PROVIDER_HOME_JURISDICTION_CHANGE,)),
    ),
    ConsumerSpec(
        function=PURCHASE_RECEIPTS,
        queue=PURCHASE_RECEIPTS_QUEUE,
        batch_size=10,
        batching_window_seconds=5,
        source=EventPattern(events=(PRIVILEGE_PURCHASE,)),
    ),
    ConsumerSpec(
        function=ENCUMBRANCE_NOTIFICATIONS,
        queue=ENCUMBRANCE_NOTIFICATIONS_QUEUE,
        batch_size=10,
        batching_window_seconds=1,
        source=EventPattern(events=ENCUMBRANCE_EVENTS),
    ),
    ConsumerSpec(
        function=INVESTIGATION_NOTIFICATIONS,
        queue=INVESTIGATION_NOTIFICATIONS_QUEUE,
        batch_size=10,
        batching_window_seconds=1,
        source=EventPattern(events=INVESTIGATION_EVENTS),
    ),
    ConsumerSpec(
        function=DEACTIVATION_NOTIFICATIONS,
        queue=DEACTIVATION_NOTIFICATIONS_QUEUE,
        batch_size=10,
        batching_window_seconds=1,
        source=EventPattern(events=(PRIVILEGE_DEACTIVATION,)),
    ),
    ConsumerSpec(
        function=MILITARY_AUDIT_NOTIFICATIONS,
        queue=MILITARY_AUDIT_NOTIFICATIONS_QUEUE,
        batch_size=10,
        batching_window_seconds=1,
        source=EventPattern(events=(MILITARY_AFFILIATION_AUDIT,)),
    ),
)
"""The notification listeners: each its own queue (and DLQ) behind a bus rule for its events."""
