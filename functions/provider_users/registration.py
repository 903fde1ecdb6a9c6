"""Registration of a practitioner account (spec §9.1, payments_security §3.3), as a flow over its ports.

Whoever asks, the answer is the same ``request processed`` unless the caller is rate-limited (429), fails
reCAPTCHA (403) or names a compact or state that does not take registrations (400): nobody learns from the
answer whether a licensee exists or is registered (the handler also holds every answer to the same
minimum duration). What happens behind it:

- no license matches: nothing;
- the licensee has an account: the registered address is told someone tried again (unless that account
  was never used for a day, in which case the invitation is resent, or moved to the new address);
- otherwise: a Cognito account (Cognito emails the temporary password), then the provider record with the
  login address and the matched license's state as home, and its history record, in one transaction; if
  that write fails the account is deleted, so no account ever exists without its record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from aws_lambda_powertools import Logger

from core.errors import AccessDenied, InvalidRequest, RateLimited
from core.jurisdictions import COMPACT_NAMES, jurisdiction_name
from core.models.enums import UpdateCategory
from core.models.license import License
from core.models.operational import RegistrationAttempt
from core.models.provider import Provider
from core.models.provider_records import ProviderRecords
from core.provider_mirror import mirror_best_license
from core.repositories.configuration import ConfigurationRepository
from core.repositories.providers import ConcurrentUpdate, GuardedPut, retrying_conflicts
from core.status import find_best_license
from provider_users.account_ports import PROCESSED, AccountPorts, recaptcha_passes, unsuccessful
from provider_users.functions import REGISTRATION_METRIC, REGISTRATION_THROTTLE_METRIC
from provider_users.license_match import the_license
from provider_users.provider_changes import provider_update
from provider_users.provider_pool import FORCE_CHANGE_PASSWORD, UsernameTaken
from provider_users.registration_models import RegistrationRequest

logger = Logger(child=True)

RATE_LIMITED = "Rate limit exceeded. Please try again later."
UNAVAILABLE = "Registration is temporarily unavailable. Please try again later."
ATTEMPTS_PER_WINDOW = 3
WINDOW = timedelta(minutes=15)
UNUSED_INVITATION_AGE = timedelta(days=1)
"""An invitation never used for this long may be resent, or moved to another address."""
MULTIPLE_REGISTRATION_TEMPLATE = "multipleRegistrationAttemptNotification"


@dataclass(frozen=True)
class RegistrationPorts(AccountPorts):
    """Registration also reads whether the compact and state take registrations."""

    configuration: ConfigurationRepository


def register(form: RegistrationRequest, source_ip: str, ports: RegistrationPorts) -> str:
    """Run the flow; returns the message to answer with, or raises the refusals named above."""
    now = ports.now()
    _admit(source_ip, now, ports)
    if not recaptcha_passes(ports, form.token, source_ip, REGISTRATION_METRIC, UNAVAILABLE):
        raise AccessDenied()
    _check_open(form, ports.configuration)
    matched = the_license(ports.providers.table, form)
    if matched is None:
        return unsuccessful(ports, REGISTRATION_METRIC)
    records = ports.providers.records(matched.compact, matched.provider_id, consistent=True)
    if records.provider is None:  # every writer creates it with the first license: a broken partition
        logger.error("a matched license has no provider record", provider_id=matched.provider_id)
        return unsuccessful(
            ports, REGISTRATION_METRIC
        )  # answered as any miss: an error would say the license exists
    registered = records.provider.compact_connect_registered_email_address
    if registered is not None and not _may_register_again(
        registered, form.email, matched.compact, now, ports
    ):
        return PROCESSED
    try:
        ports.pool.create(form.email, matched.compact, matched.provider_id)
    except UsernameTaken:
        logger.warning("registration with an address that already has an account", compact=matched.compact)
        _tell_of_attempt(form.email, matched.compact, ports)
        return unsuccessful(ports, REGISTRATION_METRIC)
    try:
        _write_registration(matched, registered, form.email, ports)
    except (RegisteredMeanwhile, ConcurrentUpdate) as lost:
        ports.pool.delete(form.email)  # no account without its record
        logger.warning("another registration of the licensee came first", reason=type(lost).__name__)
        if isinstance(lost, RegisteredMeanwhile):
            _tell_of_attempt(lost.email, matched.compact, ports)
        return unsuccessful(ports, REGISTRATION_METRIC)
    except Exception:
        ports.pool.delete(form.email)
        raise
    logger.info("practitioner registered", compact=matched.compact, provider_id=matched.provider_id)
    ports.outcome(REGISTRATION_METRIC, True)
    return PROCESSED


def _admit(source_ip: str, now: datetime, ports: RegistrationPorts) -> None:
    """Three attempts per address in 15 minutes. The attempt is recorded before it is counted, so a burst
    of simultaneous requests cannot all see room; one refused is then removed again (a refused attempt
    does not extend the block)."""
    attempt = RegistrationAttempt(ip_address=source_ip, attempted_at=now)
    ports.attempts.record(attempt)
    if ports.attempts.count_since(attempt, WINDOW) > ATTEMPTS_PER_WINDOW:
        ports.attempts.forget(attempt)
        logger.warning("registration rate limit reached", source_ip=source_ip)
        ports.count(REGISTRATION_THROTTLE_METRIC)
        ports.outcome(REGISTRATION_METRIC, False)
        raise RateLimited(RATE_LIMITED)


def _check_open(form: RegistrationRequest, configuration: ConfigurationRepository) -> None:
    """The compact takes registrations and the state is live in it (a 400 that names which is closed)."""
    compact = configuration.compact_configuration(form.compact)
    if compact is None or not compact.licensee_registration_enabled:
        raise InvalidRequest(
            f"Registration is not currently available for the {COMPACT_NAMES[form.compact]} compact."
        )
    closed = InvalidRequest(
        f"Registration is not currently available for {jurisdiction_name(form.jurisdiction)}."
    )
    if configuration.jurisdiction_configuration(form.compact, form.jurisdiction) is None:
        raise closed
    state = next((s for s in compact.configured_states if s.postal_abbreviation == form.jurisdiction), None)
    if state is None or not state.is_live:
        raise closed


def _may_register_again(
    registered: str, email: str, compact: str, now: datetime, ports: RegistrationPorts
) -> bool:
    """Whether a registered licensee may register now: only when the account was never used for a day
    (the invitation is resent to the same address, or the account dropped for a new address)."""
    account = ports.pool.account(registered)
    if account is None:
        logger.error("provider record names an account that does not exist; registering afresh")
        return True
    unused = account.status == FORCE_CHANGE_PASSWORD and now - account.last_modified > UNUSED_INVITATION_AGE
    if not unused:
        _tell_of_attempt(registered, compact, ports)
        ports.outcome(REGISTRATION_METRIC, False)
        return False
    if registered.lower() == email.lower():
        ports.pool.resend_invitation(registered)
        ports.outcome(REGISTRATION_METRIC, True)
        return False
    ports.pool.delete(registered)
    return True


def _tell_of_attempt(email: str, compact: str, ports: RegistrationPorts) -> None:
    """The owner of an account learns someone tried to register it again."""
    ports.send_email(
        {
            "template": MULTIPLE_REGISTRATION_TEMPLATE,
            "recipientType": "SPECIFIC",
            "compact": compact,
            "specificEmails": [email],
            "templateVariables": {},
        }
    )


class RegisteredMeanwhile(Exception):
    """Another registration of the licensee was written while this one was being made."""

    def __init__(self, email: str) -> None:
        super().__init__(email)
        self.email = email


def _write_registration(
    matched: License, registered: str | None, email: str, ports: RegistrationPorts
) -> None:
    """The provider record, registered and at home in the matched license's state, with its history record;
    read afresh and decided again when another writer (an upload) changed the record meanwhile. Refused
    (:class:`RegisteredMeanwhile`) when the login on the record is no longer the one this registration
    started from: a simultaneous registration of the same licensee won."""

    def attempt() -> None:
        records = ports.providers.records(matched.compact, matched.provider_id, consistent=True)
        stored = records.provider
        assert stored is not None
        login = stored.compact_connect_registered_email_address
        if login is not None and login != registered:
            raise RegisteredMeanwhile(login)
        new = _registered(records, stored, matched, email)
        update = provider_update(stored, new, UpdateCategory.REGISTRATION, ports.now())
        ports.providers.put_guarded([GuardedPut(new, read=stored), GuardedPut(update, guard=False)])

    retrying_conflicts(attempt)


def _registered(records: ProviderRecords, stored: Provider, matched: License, email: str) -> Provider:
    home = matched.jurisdiction
    best = find_best_license(records.licenses, home) or matched
    mirrored = mirror_best_license(records, best)
    return mirrored.model_copy(
        update={"compact_connect_registered_email_address": email, "current_home_jurisdiction": home}
    )
