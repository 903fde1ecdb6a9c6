"""Handler of the payment-credentials upload (payments_security §1.3): exactly ``{compact}/admin`` may
upload (jurisdiction admins are refused, as in the reference); :func:`purchases.credentials.upload` checks
and stores them."""

from __future__ import annotations

from typing import Any

from core.api_catalog import ADMIN
from core.auth import require_compact_level_action
from core.fields import MessageResponse
from core.http import RouteTable
from core.lookups import configuration_repository, known_compact
from purchases import credentials
from purchases.functions import PAYMENT_CREDENTIALS_API
from purchases.models import PaymentProcessorCredentialsRequest
from purchases.processor import Credentials
from purchases.routes import ROUTES

routes = RouteTable.serving(PAYMENT_CREDENTIALS_API, ROUTES)


@routes.operation("post_payment_processor_credentials")
def post_payment_processor_credentials(
    compact: str, body: PaymentProcessorCredentialsRequest
) -> MessageResponse:
    known_compact(compact)
    require_compact_level_action(routes.principal(), compact, ADMIN.action)
    given = Credentials(api_login_id=body.api_login_id, transaction_key=body.transaction_key)
    credentials.upload(compact, given, configuration_repository())
    return MessageResponse(message="Successfully verified credentials")


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
