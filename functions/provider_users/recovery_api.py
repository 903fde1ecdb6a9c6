"""Handlers of ``POST /v1/provider-users/initiateRecovery`` and ``.../verifyRecovery`` (spec §9.2): the
flows are :mod:`provider_users.recovery`; each answer is held to its floor (five and three seconds, as the
reference), so timing tells nothing about the practitioner either."""

from __future__ import annotations

from typing import Any

from core.http import RouteTable
from core.response_floor import ResponseFloor
from provider_users import recovery
from provider_users.account_ports import AccountPorts
from provider_users.functions import PROVIDER_RECOVERY_INITIATE, PROVIDER_RECOVERY_VERIFY
from provider_users.public_routes import ROUTES
from provider_users.recovery_models import InitiateRecoveryRequest, VerifyRecoveryRequest
from provider_users.wiring import account_ports, check_compact, check_described_license, source_ip

INITIATE_FLOOR = ResponseFloor(seconds=5.0)
VERIFY_FLOOR = ResponseFloor(seconds=3.0)

initiate_routes = RouteTable.serving(PROVIDER_RECOVERY_INITIATE, ROUTES)
verify_routes = RouteTable.serving(PROVIDER_RECOVERY_VERIFY, ROUTES)


@initiate_routes.operation("initiate_account_recovery")
def initiate_account_recovery(body: InitiateRecoveryRequest) -> dict[str, Any]:
    check_described_license(body.compact, body.license_type)
    ports = AccountPorts(**account_ports(PROVIDER_RECOVERY_INITIATE))
    return {"message": recovery.initiate(body, source_ip(initiate_routes.app.current_event.raw_event), ports)}


@verify_routes.operation("verify_account_recovery")
def verify_account_recovery(body: VerifyRecoveryRequest) -> dict[str, Any]:
    check_compact(body.compact)
    ports = AccountPorts(**account_ports(PROVIDER_RECOVERY_VERIFY))
    return {"message": recovery.verify(body, source_ip(verify_routes.app.current_event.raw_event), ports)}


def initiate_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    with INITIATE_FLOOR.hold():
        return initiate_routes(event, context)


def verify_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    with VERIFY_FLOOR.hold():
        return verify_routes(event, context)
