"""Handler of the full-SSN read (function ProviderSsnApi; payments_security §4.6).

The order matters. Once the caller, compact and provider id are known to be well-formed, a switched-off
endpoint answers 503 before anything is recorded or read. Otherwise the attempt is recorded (so refused
and unauthorised attempts count), the 24-hour limits are judged on the counts that include it, and only
then is the caller's right to this provider checked (readSSN compact-wide or where the provider holds a
license or privilege; another compact's readSSN is denied and counted here too) and the SSN read through
the ``ssnIndex``. Every outcome is one structured audit line (compact, provider, user, outcome) and a
metric that an alarm watches.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from core.api_catalog import READ_SSN
from core.auth import Principal
from core.clock import now_utc_precise
from core.errors import AccessDenied, CCError, NotFound, RateLimited, ServiceUnavailable
from core.http import RouteTable
from core.lookups import known_compact
from core.metrics import count
from core.models.operational import SsnEndpointSwitch, SsnReadRequest
from core.repositories.ssn import SsnRepository
from core.repositories.ssn_reads import SsnReadLog, is_on
from core.resources import granted
from core.tables import RATE_LIMITING, SSN
from providers.records import PROVIDER_NOT_FOUND, canonical_provider_id, provider_records
from providers.ssn_limits import Verdict, judge
from providers.ssn_models import ProviderSsn
from providers.ssn_routes import PROVIDER_SSN_API, ROUTES
from staff_users.cognito import StaffPool

routes = RouteTable.serving(PROVIDER_SSN_API, ROUTES)
logger = Logger()

SWITCHED_OFF = "SSN reads are switched off after unusual volume; an operator must switch them back on"
TOO_MANY = "Too many SSN reads: the limit is 5 per staff user in 24 hours"


class EndpointSwitchedOff(ServiceUnavailable):
    default_message = SWITCHED_OFF


def _count(metric: str) -> None:
    count(PROVIDER_SSN_API.name, metric)


def _enforce_limits(
    log: SsnReadLog, switch: SsnEndpointSwitch | None, principal: Principal, compact: str, provider_id: str
) -> None:
    """Record this attempt, then apply the 24-hour limits to the counts that include it."""
    now = now_utc_precise()
    request_id = routes.app.lambda_context.aws_request_id
    log.record(
        SsnReadRequest(
            compact=compact,
            provider_id=provider_id,
            staff_user_id=principal.user_id,
            request_id=request_id,
            requested_at=now,
        )
    )
    attempts = log.attempts(principal.user_id, now, switch)
    verdict = judge(attempts.by_user, attempts.all)
    if verdict is Verdict.ALLOW:
        return
    logger.warning(
        "SSN read refused", verdict=verdict.value, user_attempts=attempts.by_user, all_attempts=attempts.all
    )
    if verdict is Verdict.SWITCH_OFF:
        log.set_switch(
            enabled=False,
            changed_at=now,
            changed_by=f"{PROVIDER_SSN_API.name} request {request_id}",
            reason=f"{attempts.all} SSN read attempts in 24 hours",
        )
        _count("ssn-endpoint-disabled")
        raise RateLimited(SWITCHED_OFF)
    _count("rate-limited-ssn-access")
    if verdict is Verdict.REFUSE_AND_DISABLE_USER:
        # With email as the pool's username attribute, the token's ``username`` is the Cognito username.
        StaffPool().disable(str(principal.claims.get("username") or principal.user_id))
        logger.warning("Staff user disabled for repeated SSN reads")
    raise RateLimited(TOO_MANY)


def _read_ssn(principal: Principal, compact: str, provider_id: str) -> str:
    """The SSN, for a caller with readSSN compact-wide or where the provider is licensed or privileged."""
    records = provider_records(compact, provider_id, history=0)  # where the provider holds anything
    if not principal.can_for_provider(compact, READ_SSN.action, records.provider_jurisdictions()):
        _count("unauthorized-ssn-access")
        logger.warning("SSN read denied for this provider")
        raise AccessDenied()
    ssn = (
        SsnRepository(granted().table(SSN)).ssn_of_provider(compact, provider_id)
        if records.provider
        else None
    )
    if ssn is None:
        raise NotFound(PROVIDER_NOT_FOUND)
    return ssn


@routes.operation("get_provider_ssn")
def get_provider_ssn(compact: str, providerId: str) -> dict[str, Any]:
    """The provider's full SSN; every attempt is audited and counted against the limits."""
    principal = routes.principal()
    known_compact(compact)
    provider_id = canonical_provider_id(providerId)
    logger.append_keys(compact=compact, provider_id=provider_id, user_id=principal.user_id)
    log = SsnReadLog(granted().table(RATE_LIMITING))
    try:
        switch = log.switch()
        if not is_on(switch):
            raise EndpointSwitchedOff()
        _enforce_limits(log, switch, principal, compact, provider_id)
        ssn = _read_ssn(principal, compact, provider_id)
        _count("read-ssn")
    except CCError as error:
        logger.info("SSN read not served", status=error.status_code)
        raise
    logger.info("SSN read served")
    return ProviderSsn(ssn=ssn).to_body()


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
