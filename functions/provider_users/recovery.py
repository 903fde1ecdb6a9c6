"""Account (MFA) recovery (spec §9.2, payments_security §3.3), as two flows over their ports.

*Initiate*: a practitioner who lost their authenticator proves who they are — their license, as at
registration, and their login and password — and is emailed a link. Every outcome answers the same
"request processed" (reCAPTCHA refused, no such license, wrong login or password, too many attempts), so
the route tells nobody anything. The link carries a 32-byte token; the record keeps its Argon2 hash and
an expiry 15 minutes on.

*Verify*: the link's token, for the provider it names. It must be the one stored, unexpired; it is then
spent (cleared, guarded on the record being unchanged, so two uses at the same moment cannot both pass)
before the account is replaced by a new one with the same attributes: a new temporary password is
emailed, and the first sign-in sets up a new authenticator.
"""

from __future__ import annotations

from datetime import timedelta

from aws_lambda_powertools import Logger

from core.errors import AccessDenied, InvalidRequest, RateLimited
from core.models.operational import RecoveryInitiation, RecoveryVerification
from core.models.provider import Provider
from core.repositories.providers import ConcurrentUpdate, GuardedPut
from provider_users import recovery_tokens
from provider_users.account_ports import PROCESSED, AccountPorts, recaptcha_passes, unsuccessful
from provider_users.functions import (
    RECOVERY_INITIATE_METRIC,
    RECOVERY_THROTTLE_METRIC,
    RECOVERY_VERIFY_METRIC,
)
from provider_users.license_match import the_license
from provider_users.recovery_models import InitiateRecoveryRequest, VerifyRecoveryRequest

logger = Logger(child=True)

INVALID_LINK = "Invalid or expired recovery link"
TRY_LATER = "Please try again later."
UNAVAILABLE = "Account recovery is temporarily unavailable. Please try again later."
TOKEN_LIFETIME = timedelta(minutes=15)
INITIATIONS_PER_HOUR = 3
VERIFICATIONS_PER_WINDOW = 2
VERIFICATION_WINDOW = timedelta(minutes=15)
CONFIRMATION_TEMPLATE = "providerAccountRecoveryConfirmation"


def initiate(form: InitiateRecoveryRequest, source_ip: str, ports: AccountPorts) -> str:
    """Email a recovery link if the form proves who the practitioner is; answers the same either way."""
    if not recaptcha_passes(ports, form.recaptcha_token, source_ip, RECOVERY_INITIATE_METRIC, UNAVAILABLE):
        return PROCESSED
    matched = the_license(ports.providers.table, form)
    if matched is None:
        return unsuccessful(ports, RECOVERY_INITIATE_METRIC)
    attempt = RecoveryInitiation(
        compact=matched.compact, provider_id=matched.provider_id, attempted_at=ports.now()
    )
    ports.attempts.record(attempt)  # first: a refused attempt counts too
    if ports.attempts.count_since(attempt, timedelta(hours=1)) > INITIATIONS_PER_HOUR:
        logger.warning(
            "recovery initiations limit reached", compact=matched.compact, provider_id=matched.provider_id
        )
        ports.count(RECOVERY_THROTTLE_METRIC)
        return unsuccessful(ports, RECOVERY_INITIATE_METRIC)
    records = ports.providers.records(matched.compact, matched.provider_id, consistent=True)
    provider = records.provider
    login = provider.compact_connect_registered_email_address if provider else None
    if provider is None or login is None or login.lower() != form.username.lower():
        logger.info("recovery for an unregistered provider or another login", provider_id=matched.provider_id)
        return unsuccessful(ports, RECOVERY_INITIATE_METRIC)
    if not ports.pool.password_works(login, form.password):
        logger.info("recovery with a wrong password", provider_id=matched.provider_id)
        return unsuccessful(ports, RECOVERY_INITIATE_METRIC)
    token = recovery_tokens.new_token()
    pending = provider.model_copy(
        update={
            "recovery_token": recovery_tokens.hashed(token),
            "recovery_expiry": ports.now() + TOKEN_LIFETIME,
        }
    )
    try:
        ports.providers.put_guarded([GuardedPut(pending, read=provider)])
    except ConcurrentUpdate:  # the record changed as we wrote: answered as any refusal, nothing sent
        logger.warning("recovery link not stored: the record changed", provider_id=matched.provider_id)
        return unsuccessful(ports, RECOVERY_INITIATE_METRIC)
    ports.send_email(
        {
            "template": CONFIRMATION_TEMPLATE,
            "recipientType": "SPECIFIC",
            "compact": matched.compact,
            "specificEmails": [login],
            "templateVariables": {"providerId": matched.provider_id, "recoveryToken": token},
        }
    )
    logger.info("recovery link sent", compact=matched.compact, provider_id=matched.provider_id)
    ports.outcome(RECOVERY_INITIATE_METRIC, True)
    return PROCESSED


def verify(form: VerifyRecoveryRequest, source_ip: str, ports: AccountPorts) -> str:
    """Spend the link's token and replace the account; 400 for any link that is not valid now."""
    if not recaptcha_passes(ports, form.recaptcha_token, source_ip, RECOVERY_VERIFY_METRIC, UNAVAILABLE):
        raise AccessDenied(INVALID_LINK)
    attempt = RecoveryVerification(
        compact=form.compact, provider_id=form.provider_id, attempted_at=ports.now()
    )
    ports.attempts.record(attempt)
    if ports.attempts.count_since(attempt, VERIFICATION_WINDOW) > VERIFICATIONS_PER_WINDOW:
        logger.warning(
            "recovery verifications limit reached", compact=form.compact, provider_id=form.provider_id
        )
        ports.count(RECOVERY_THROTTLE_METRIC)
        ports.outcome(RECOVERY_VERIFY_METRIC, False)
        raise RateLimited(TRY_LATER)
    provider = ports.providers.records(form.compact, form.provider_id, consistent=True).provider
    if provider is None or not _valid(provider, form.recovery_token, ports):
        ports.outcome(RECOVERY_VERIFY_METRIC, False)
        raise InvalidRequest(INVALID_LINK)
    login = provider.compact_connect_registered_email_address
    assert login is not None  # a token is only ever stored for a registered provider
    try:
        ports.pool.recreate(login, provider.compact, provider.provider_id)
    except Exception:
        _restore_token(provider, ports)  # the link still works: the practitioner may try again
        raise
    logger.info("account recovered", compact=provider.compact, provider_id=provider.provider_id)
    ports.outcome(RECOVERY_VERIFY_METRIC, True)
    return PROCESSED


def _valid(provider: Provider, token: str, ports: AccountPorts) -> bool:
    """Whether ``token`` is the provider's live one; if so it is spent here, and an expired one is
    cleared. False when another request spent or replaced it first."""
    if provider.recovery_token is None or provider.recovery_expiry is None:
        return False
    expired = provider.recovery_expiry <= ports.now()
    if not expired and not recovery_tokens.matches(provider.recovery_token, token):
        return False
    spent = provider.model_copy(update={"recovery_token": None, "recovery_expiry": None})
    try:
        ports.providers.put_guarded([GuardedPut(spent, read=provider)])
    except ConcurrentUpdate:
        return False
    return not expired


def _restore_token(provider: Provider, ports: AccountPorts) -> None:
    """Put the spent token back (``provider`` is the record as it was read, token included)."""
    current = ports.providers.records(
        provider.compact, provider.provider_id, consistent=True, history=0
    ).provider
    if current is not None:
        restored = current.model_copy(
            update={"recovery_token": provider.recovery_token, "recovery_expiry": provider.recovery_expiry}
        )
        ports.providers.put_guarded([GuardedPut(restored, read=current)])
