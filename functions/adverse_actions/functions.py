"""The functions of adverse actions, each with only what it needs."""

from __future__ import annotations

from adverse_actions.events import EVENTS as ENCUMBRANCE_EVENTS
from core.catalog import Access, FunctionSpec, TableGrant
from core.current_permissions import CURRENT_PERMISSIONS
from core.outbox import OUTBOX_GRANT
from core.tables import PROVIDER

ENCUMBRANCE_API = FunctionSpec(
    name="EncumbranceApi",
    handler="adverse_actions.encumbrance_api.lambda_handler",
    description="A state's admins encumber a license or privilege of their state, and lift it.",
    grants=(TableGrant(PROVIDER.key, Access.READ_WRITE), OUTBOX_GRANT, CURRENT_PERMISSIONS),
    publishes=ENCUMBRANCE_EVENTS,
)
