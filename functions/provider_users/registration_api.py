"""Handler of ``POST /v1/provider-users/registration`` (spec §9.1): the flow is
:mod:`provider_users.registration`; this module wires it to AWS and holds every answer — success, refusal
or error — to :data:`RESPONSE_FLOOR`, so timing cannot tell a registered licensee from a stranger."""

from __future__ import annotations

from typing import Any

from core import metrics
from core.clock import now_utc_precise
from core.errors import InvalidRequest
from core.http import RouteTable
from core.repositories.configuration import ConfigurationRepository
from core.repositories.providers import ProviderRepository
from core.repositories.rate_limits import AttemptLog
from core.resources import granted
from core.response_floor import ResponseFloor
from core.settings import compacts
from core.tables import COMPACT_CONFIGURATION, PROVIDER, RATE_LIMITING
from notifications.client import send_email
from provider_users import recaptcha
from provider_users.functions import PROVIDER_REGISTRATION
from provider_users.provider_pool import ProviderPool
from provider_users.registration import RegistrationPorts, register
from provider_users.registration_models import RegistrationRequest
from provider_users.registration_routes import ROUTES

RESPONSE_FLOOR = ResponseFloor(seconds=2.0)

routes = RouteTable.serving(PROVIDER_REGISTRATION, ROUTES)


def source_ip(event: dict[str, Any]) -> str:
    """The client address API Gateway reports (the first ``X-Forwarded-For`` entry it received)."""
    return str(event.get("requestContext", {}).get("identity", {}).get("sourceIp") or "unknown")


def registration_ports() -> RegistrationPorts:
    """The flow wired to AWS, for the function being invoked."""
    resources = granted()
    service = PROVIDER_REGISTRATION.name
    return RegistrationPorts(
        providers=ProviderRepository(resources.table(PROVIDER)),
        configuration=ConfigurationRepository(resources.table(COMPACT_CONFIGURATION)),
        attempts=AttemptLog(resources.table(RATE_LIMITING)),
        pool=ProviderPool(),
        verify_recaptcha=recaptcha.verify,
        send_email=send_email,
        outcome=lambda name, succeeded: metrics.outcome(service, name, succeeded),
        count=lambda name: metrics.count(service, name),
        now=now_utc_precise,
    )


@routes.operation("register_provider")
def register_provider(body: RegistrationRequest) -> dict[str, Any]:
    compact = compacts().compacts.get(body.compact)
    if compact is None:
        raise InvalidRequest(f"compact: {body.compact!r} is not a compact of this environment")
    if body.license_type not in {license_type.name for license_type in compact.license_types}:
        raise InvalidRequest(f"licenseType: {body.license_type!r} is not a license type of {body.compact}")
    message = register(body, source_ip(routes.app.current_event.raw_event), registration_ports())
    return {"message": message}


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    with RESPONSE_FLOOR.hold():
        return routes(event, context)
