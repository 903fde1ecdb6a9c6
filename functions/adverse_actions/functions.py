"""The functions of adverse actions, each with only what it needs, and the queues of the cascades (each
its own queue, DLQ and bus rule)."""

from __future__ import annotations

from adverse_actions.events import (
    ENCUMBRANCE_EVENTS,
    INVESTIGATION_EVENTS,
    LICENSE_ENCUMBRANCE,
    LICENSE_ENCUMBRANCE_LIFTED,
    MILITARY_AFFILIATION_AUDIT,
    PRIVILEGE_DEACTIVATION,
    PRIVILEGE_ENCUMBRANCE,
    PRIVILEGE_ENCUMBRANCE_LIFTED,
)
from core.catalog import Access, FunctionSpec, TableGrant
from core.current_permissions import CURRENT_PERMISSIONS
from core.events import EventSpec
from core.outbox import OUTBOX_GRANT
from core.queues import QueueGrant, QueueSpec, listener_queue
from core.tables import PROVIDER
from core.triggers import ConsumerSpec, EventPattern
from ingest.events import LICENSE_DEACTIVATION

MINUTES = 60

ENCUMBRANCE_API = FunctionSpec(
    name="EncumbranceApi",
    handler="adverse_actions.encumbrance_api.lambda_handler",
    description="A state's admins encumber a license or privilege of their state, and lift it.",
    grants=(TableGrant(PROVIDER.key, Access.READ_WRITE), OUTBOX_GRANT, CURRENT_PERMISSIONS),
    publishes=ENCUMBRANCE_EVENTS,
)

INVESTIGATION_API = FunctionSpec(
    name="InvestigationApi",
    handler="adverse_actions.investigation_api.lambda_handler",
    description="A state's admins open and close investigations of a license or privilege of their state.",
    grants=(TableGrant(PROVIDER.key, Access.READ_WRITE), OUTBOX_GRANT, CURRENT_PERMISSIONS),
    publishes=(*INVESTIGATION_EVENTS, LICENSE_ENCUMBRANCE, PRIVILEGE_ENCUMBRANCE),  # closing may encumber
)

PRIVILEGE_DEACTIVATION_API = FunctionSpec(
    name="PrivilegeDeactivationApi",
    handler="adverse_actions.compact_admin_api.deactivation_handler",
    description="A compact's admins deactivate a privilege, named in its history with their reason.",
    grants=(TableGrant(PROVIDER.key, Access.READ_WRITE), OUTBOX_GRANT, CURRENT_PERMISSIONS),
    publishes=(PRIVILEGE_DEACTIVATION,),
)

MILITARY_AUDIT_API = FunctionSpec(
    name="MilitaryAuditApi",
    handler="adverse_actions.compact_admin_api.audit_handler",
    description="A compact's admins approve or decline a provider's military documents.",
    grants=(TableGrant(PROVIDER.key, Access.READ_WRITE), OUTBOX_GRANT, CURRENT_PERMISSIONS),
    publishes=(MILITARY_AFFILIATION_AUDIT,),
)


def _cascade(
    name: str, handler: str, description: str, queue: QueueSpec, *publishes: EventSpec
) -> FunctionSpec:
    return FunctionSpec(
        name=name,
        handler=f"adverse_actions.cascade_listeners.{handler}",
        description=description,
        grants=(TableGrant(PROVIDER.key, Access.READ_WRITE), *((OUTBOX_GRANT,) if publishes else ())),
        queue_grants=(QueueGrant(queue.key, "consume"),),
        publishes=publishes,
        timeout_seconds=MINUTES,
    )


ENCUMBRANCE_CASCADE_QUEUE = listener_queue(
    "license_encumbrance_cascade", "LicenseEncumbranceCascadeQueue", MINUTES
)
LIFT_CASCADE_QUEUE = listener_queue("license_lift_cascade", "LicenseEncumbranceLiftedCascadeQueue", MINUTES)
DEACTIVATION_CASCADE_QUEUE = listener_queue(
    "license_deactivation_cascade", "LicenseDeactivationCascadeQueue", MINUTES
)

ENCUMBRANCE_CASCADE = _cascade(
    "LicenseEncumbranceCascade",
    "on_license_encumbrance",
    "An encumbered license's privileges become licenseEncumbered, each announced.",
    ENCUMBRANCE_CASCADE_QUEUE,
    PRIVILEGE_ENCUMBRANCE,
)
LIFT_CASCADE = _cascade(
    "LicenseEncumbranceLiftedCascade",
    "on_license_encumbrance_lifted",
    "A license freed of its last encumbrance frees its licenseEncumbered privileges, each announced.",
    LIFT_CASCADE_QUEUE,
    PRIVILEGE_ENCUMBRANCE_LIFTED,
)
DEACTIVATION_CASCADE = _cascade(
    "LicenseDeactivationCascade",
    "on_license_deactivation",
    "A license its state deactivated marks the privileges bought on it licenseDeactivated.",
    DEACTIVATION_CASCADE_QUEUE,
)

QUEUES: tuple[QueueSpec, ...] = (ENCUMBRANCE_CASCADE_QUEUE, LIFT_CASCADE_QUEUE, DEACTIVATION_CASCADE_QUEUE)
CONSUMERS: tuple[ConsumerSpec, ...] = tuple(
    ConsumerSpec(
        function=function,
        queue=queue,
        batch_size=10,
        batching_window_seconds=1,
        source=EventPattern(events=(event,)),
    )
    for function, queue, event in (
        (ENCUMBRANCE_CASCADE, ENCUMBRANCE_CASCADE_QUEUE, LICENSE_ENCUMBRANCE),
        (LIFT_CASCADE, LIFT_CASCADE_QUEUE, LICENSE_ENCUMBRANCE_LIFTED),
        (DEACTIVATION_CASCADE, DEACTIVATION_CASCADE_QUEUE, LICENSE_DEACTIVATION),
    )
)
