"""The practitioners' account flows wired to AWS, for the function being invoked."""

from __future__ import annotations

from typing import Any

from core import metrics, settings
from core.catalog import FunctionSpec
from core.clock import now_utc_precise
from core.errors import InvalidRequest
from core.lookups import license_type_named
from core.repositories.providers import ProviderRepository
from core.repositories.rate_limits import AttemptLog
from core.resources import granted
from core.tables import PROVIDER, RATE_LIMITING
from notifications.client import send_email
from provider_users import recaptcha
from provider_users.provider_pool import ProviderPool


def source_ip(event: dict[str, Any]) -> str:
    """The client address API Gateway reports (the first ``X-Forwarded-For`` entry it received)."""
    return str(event.get("requestContext", {}).get("identity", {}).get("sourceIp") or "unknown")


def check_compact(compact: str) -> None:
    """A form names one of the environment's compacts (400 naming the field)."""
    if compact not in settings.compacts().compacts:
        raise InvalidRequest(f"compact: {compact!r} is not a compact of this environment")


def check_described_license(compact: str, license_type: str) -> None:
    """A form names one of the environment's compacts and a license type of it (400 naming the field)."""
    check_compact(compact)
    if license_type_named(compact, license_type) is None:
        raise InvalidRequest(f"licenseType: {license_type!r} is not a license type of {compact}")


def account_ports(spec: FunctionSpec) -> dict[str, Any]:
    """The :class:`provider_users.account_ports.AccountPorts` fields, with ``spec``'s metrics."""
    resources = granted()
    return {
        "providers": ProviderRepository(resources.table(PROVIDER)),
        "attempts": AttemptLog(resources.table(RATE_LIMITING)),
        "pool": ProviderPool(),
        "verify_recaptcha": recaptcha.verify,
        "send_email": send_email,
        "outcome": lambda name, succeeded: metrics.outcome(spec.name, name, succeeded),
        "count": lambda name: metrics.count(spec.name, name),
        "now": now_utc_precise,
    }
