"""What the practitioners' public account flows (registration, recovery) reach, as ports: the flows are
plain functions over these, wired to AWS by their handlers and to other adapters by tests and the
sandbox's seeding."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from aws_lambda_powertools import Logger

from core.errors import ServiceUnavailable
from core.repositories.providers import ProviderRepository
from core.repositories.rate_limits import Attempt
from provider_users.provider_pool import ProviderPool
from provider_users.recaptcha import Assessment, VerificationUnavailable

logger = Logger(child=True)

RECAPTCHA_METRIC = "recaptcha-attempt"
PROCESSED = "request processed"
"""The public forms' one answer, whatever happened behind it."""


class Attempts(Protocol):
    """The attempt log (:class:`core.repositories.rate_limits.AttemptLog`)."""

    def count_since(self, attempt: Attempt, window: timedelta) -> int: ...

    def record(self, attempt: Attempt) -> None: ...

    def forget(self, attempt: Attempt) -> None: ...


@dataclass(frozen=True)
class AccountPorts:
    providers: ProviderRepository
    attempts: Attempts
    pool: ProviderPool
    verify_recaptcha: Callable[[str, str | None], Assessment]
    send_email: Callable[[dict[str, Any]], Any]
    outcome: Callable[[str, bool], None]  # (metric, succeeded)
    count: Callable[[str], None]
    now: Callable[[], datetime]


def recaptcha_passes(ports: AccountPorts, token: str, source_ip: str, metric: str, unavailable: str) -> bool:
    """Whether the form's reCAPTCHA token passes (recorded under ``recaptcha-attempt``; a refusal also
    counts as a failed ``metric``). A verifier that cannot be asked is a 503 saying ``unavailable``."""
    try:
        assessment = ports.verify_recaptcha(token, source_ip)
    except VerificationUnavailable as error:
        logger.error("reCAPTCHA cannot be verified", reason=str(error))
        raise ServiceUnavailable(unavailable) from error
    ports.outcome(RECAPTCHA_METRIC, assessment.passed)
    if not assessment.passed:
        logger.info("reCAPTCHA refused", outcome=assessment.outcome.value, score=assessment.score)
        ports.outcome(metric, False)
    return assessment.passed


def unsuccessful(ports: AccountPorts, metric: str) -> str:
    """Count a failed attempt and answer as any attempt is answered."""
    ports.outcome(metric, False)
    return PROCESSED
