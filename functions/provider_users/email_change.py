"""A practitioner changes their login email (spec §9.3): a 4-digit code goes to the new address, and the
change happens only when the code comes back within 15 minutes.

Better than the reference: each try is counted before it is judged, and a code can be tried at most
:data:`WRONG_CODES_ALLOWED` times (then the pending change is dropped and a new code must be asked for);
and the Cognito change and the record change are made together — the account's email is changed back if
the record cannot be written.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from aws_lambda_powertools import Logger

from core.errors import InvalidRequest, NotFound
from core.models.enums import UpdateCategory
from core.models.provider import Provider
from core.repositories.providers import GuardedPut, ProviderRepository
from provider_users.caller import Practitioner
from provider_users.provider_changes import provider_update
from provider_users.provider_pool import ProviderPool, UsernameTaken
from providers.records import PROVIDER_NOT_FOUND

logger = Logger(child=True)

CODE_LIFETIME = timedelta(minutes=15)
WRONG_CODES_ALLOWED = 3
CODE_SENT = "Verification code sent to new email address"
CHANGED = "Email address updated successfully"
IN_USE = "Email address is already in use"
NOTHING_PENDING = "No email verification in progress. Please submit a new email address first."
EXPIRED = "Verification code has expired. Please submit another email update request."
WRONG_CODE = "Invalid verification code."
TOO_MANY = "Too many invalid verification codes. Please submit another email update request."
TAKEN_MEANWHILE = "Email address is no longer available. Please try again with a different email address."

_PENDING_CLEARED = {
    "pending_email_address": None,
    "email_verification_code": None,
    "email_verification_expiry": None,
    "email_verification_failures": None,
}


@dataclass(frozen=True)
class EmailChangePorts:
    providers: ProviderRepository
    pool: ProviderPool
    send_email: Callable[[dict[str, Any]], Any]
    now: Callable[[], datetime]


def request_change(caller: Practitioner, new_email: str, ports: EmailChangePorts) -> str:
    """Hold the new address as pending and send it a code; 400 when it already signs in to an account."""
    provider = _provider(caller, ports)
    if ports.pool.account(new_email) is not None:
        raise InvalidRequest(IN_USE)
    code = f"{1000 + secrets.randbelow(9000)}"
    pending = provider.model_copy(
        update={
            **_PENDING_CLEARED,
            "pending_email_address": new_email,
            "email_verification_code": code,
            "email_verification_expiry": ports.now() + CODE_LIFETIME,
        }
    )
    ports.providers.put_guarded([GuardedPut(pending, read=provider)])
    ports.send_email(
        _email("providerEmailVerificationCode", caller.compact, new_email, verificationCode=code)
    )
    return CODE_SENT


def verify_change(caller: Practitioner, code: str, ports: EmailChangePorts) -> str:
    """Make the pending address the login, if ``code`` is the one sent and still valid."""
    provider = _provider(caller, ports)
    new_email, expiry = provider.pending_email_address, provider.email_verification_expiry
    if new_email is None or expiry is None or provider.email_verification_code is None:
        raise InvalidRequest(NOTHING_PENDING)
    if expiry <= ports.now():
        _drop_pending(provider, ports)
        raise InvalidRequest(EXPIRED)
    provider = _count_try(caller, provider, ports)
    assert provider.email_verification_code is not None
    if not secrets.compare_digest(code, provider.email_verification_code):
        _refuse_wrong_code(provider, ports)
    old_email = provider.compact_connect_registered_email_address
    try:
        ports.pool.change_email(caller.username, new_email)
    except UsernameTaken:
        _drop_pending(provider, ports)
        raise InvalidRequest(TAKEN_MEANWHILE) from None
    changed = provider.model_copy(
        update={**_PENDING_CLEARED, "compact_connect_registered_email_address": new_email}
    )
    update = provider_update(provider, changed, UpdateCategory.EMAIL_CHANGE, ports.now())
    try:
        ports.providers.put_guarded([GuardedPut(changed, read=provider), GuardedPut(update, guard=False)])
    except Exception:
        if old_email is not None:
            ports.pool.change_email(caller.username, old_email)  # the login stays what the record says
        raise
    if old_email is not None:
        ports.send_email(
            _email("providerEmailChangeNotification", caller.compact, old_email, newEmailAddress=new_email)
        )
    logger.info("login email changed", compact=caller.compact, provider_id=caller.provider_id)
    return CHANGED


def _provider(caller: Practitioner, ports: EmailChangePorts) -> Provider:
    provider = ports.providers.records(
        caller.compact, caller.provider_id, consistent=True, history=0
    ).provider
    if provider is None:
        raise NotFound(PROVIDER_NOT_FOUND)
    return provider


def _drop_pending(provider: Provider, ports: EmailChangePorts) -> None:
    ports.providers.put_guarded([GuardedPut(provider.model_copy(update=_PENDING_CLEARED), read=provider)])


def _count_try(caller: Practitioner, provider: Provider, ports: EmailChangePorts) -> Provider:
    """Count this try before judging it, guarded on the record read: of simultaneous tries one is counted
    and judged, the others are 409 (unjudged), so no burst of guesses gets past the limit. Returns the
    record as now stored."""
    counted = provider.model_copy(
        update={"email_verification_failures": (provider.email_verification_failures or 0) + 1}
    )
    ports.providers.put_guarded([GuardedPut(counted, read=provider)])
    return _provider(caller, ports)


def _refuse_wrong_code(counted: Provider, ports: EmailChangePorts) -> None:
    """A wrong code: the pending change ends at the limit; always raises."""
    if (counted.email_verification_failures or 0) >= WRONG_CODES_ALLOWED:
        _drop_pending(counted, ports)
        raise InvalidRequest(TOO_MANY)
    raise InvalidRequest(WRONG_CODE)


def _email(template: str, compact: str, to: str, **variables: str) -> dict[str, Any]:
    return {
        "template": template,
        "recipientType": "SPECIFIC",
        "compact": compact,
        "specificEmails": [to],
        "templateVariables": variables,
    }
