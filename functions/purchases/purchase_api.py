"""Handler of ``POST /v1/purchases/privileges``: the caller's compact and provider id come from their ID
token, never from the request; :mod:`purchases.purchase` does the rest."""

from __future__ import annotations

import re
from typing import Any

from aws_lambda_powertools import Logger

from core.clock import now_utc_precise, today_for_expiration
from core.errors import InvalidRequest
from core.events import put
from core.http import RouteTable
from core.outbox import Outbox
from core.repositories.configuration import ConfigurationRepository
from core.repositories.providers import ProviderRepository
from core.repositories.transactions import TransactionRepository
from core.resources import granted
from core.tables import COMPACT_CONFIGURATION, PROVIDER, TRANSACTION_HISTORY
from provider_users.caller import Practitioner
from purchases.credentials import forget, processor_for
from purchases.functions import PURCHASE_API
from purchases.models import PrivilegePurchaseRequest
from purchases.purchase import PurchaseOrder, PurchasePorts, purchase
from purchases.routes import IDEMPOTENCY_KEY, ROUTES

logger = Logger()
routes = RouteTable.serving(PURCHASE_API, ROUTES)

_KEY_SHAPE = re.compile(IDEMPOTENCY_KEY.schema["pattern"])


def idempotency_key() -> str | None:
    value = routes.app.current_event.headers.get(IDEMPOTENCY_KEY.name)  # case-insensitive
    if value is None:
        return None
    if not _KEY_SHAPE.fullmatch(value):
        raise InvalidRequest(
            f"{IDEMPOTENCY_KEY.name}: must be 1 to 255 letters, digits, '.', '_', ':' or '-'"
        )
    return value


def ports() -> PurchasePorts:
    resources = granted()
    return PurchasePorts(
        providers=ProviderRepository(resources.table(PROVIDER)),
        configuration=ConfigurationRepository(resources.table(COMPACT_CONFIGURATION)),
        transactions=TransactionRepository(resources.table(TRANSACTION_HISTORY)),
        outbox=Outbox(resources.table(TRANSACTION_HISTORY)),
        processor_for=processor_for,
        forget_credentials=forget,
        publish_entries=put,
        now=now_utc_precise,
        today=today_for_expiration,
    )


@routes.operation("post_purchase_privileges")
def post_purchase_privileges(body: PrivilegePurchaseRequest) -> dict[str, Any]:
    caller = Practitioner.from_event(routes.app.current_event.raw_event)
    order = PurchaseOrder(caller.compact, caller.provider_id, body, idempotency_key())
    return purchase(order, ports())


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
