"""Handler of ``POST /v1/provider-users/registration`` (spec §9.1): the flow is
:mod:`provider_users.registration`; this module wires it to AWS and holds every answer — success, refusal
or error — to :data:`RESPONSE_FLOOR`, so timing cannot tell a registered licensee from a stranger."""

from __future__ import annotations

from typing import Any

from core.http import RouteTable
from core.repositories.configuration import ConfigurationRepository
from core.resources import granted
from core.response_floor import ResponseFloor
from core.tables import COMPACT_CONFIGURATION
from provider_users.functions import PROVIDER_REGISTRATION
from provider_users.public_routes import ROUTES
from provider_users.registration import RegistrationPorts, register
from provider_users.registration_models import RegistrationRequest
from provider_users.wiring import account_ports, check_described_license, source_ip

RESPONSE_FLOOR = ResponseFloor(seconds=2.0)

routes = RouteTable.serving(PROVIDER_REGISTRATION, ROUTES)


def registration_ports() -> RegistrationPorts:
    """The flow wired to AWS, for the function being invoked."""
    configuration = ConfigurationRepository(granted().table(COMPACT_CONFIGURATION))
    return RegistrationPorts(**account_ports(PROVIDER_REGISTRATION), configuration=configuration)


@routes.operation("register_provider")
def register_provider(body: RegistrationRequest) -> dict[str, Any]:
    check_described_license(body.compact, body.license_type)
    message = register(body, source_ip(routes.app.current_event.raw_event), registration_ports())
    return {"message": message}


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    with RESPONSE_FLOOR.hold():
        return routes(event, context)
