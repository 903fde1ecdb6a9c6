"""Operational items: the SSN mapping, rate-limiting entries and notification state (spec §4.1, §4.7, §4.8).

These are bookkeeping rather than domain records, so they carry no ``type`` or ``dateOfUpdate``. Items of
the rate-limiting and event-state tables expire through the tables' ``ttl`` attribute, computed from the
item's own timestamp so that writing the same item twice gives the same expiry.
"""

import abc
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from pydantic import ConfigDict, Field

from core import keys, operational_keys
from core.models.base import DynamoItem, UtcDatetime, UuidStr
from core.models.enums import ExpirationReminderKind, NotificationRecipientType, NotificationStatus
from core.models.reference_shapes import (
    with_notification_from_keys,
    with_reminder_from_key,
    with_ssn_read_from_key,
)


class SsnRecord(DynamoItem):
    """The one place a full SSN is stored: it maps (compact, SSN) to the provider's id.

    A conditional put on this key is what makes the providerId unique per person per compact. Validation
    errors never quote the input, so a malformed SSN cannot reach a log through one.
    """

    model_config = ConfigDict(**DynamoItem.model_config, hide_input_in_errors=True)

    compact: str
    ssn: str = Field(pattern=r"^\d{3}-\d{2}-\d{4}$", repr=False)
    provider_id: UuidStr

    @property
    def pk(self) -> str:
        return keys.ssn_key(self.compact, self.ssn)

    @property
    def sk(self) -> str:
        return keys.ssn_key(self.compact, self.ssn)

    def derived_attributes(self) -> dict[str, Any]:
        return {"providerIdGSIpk": keys.ssn_provider_gsi_pk(self.compact, self.provider_id)}


class ExpiringItem(DynamoItem, abc.ABC):
    """An item that DynamoDB deletes ``lifetime`` after its timestamp."""

    lifetime: ClassVar[timedelta]

    @property
    @abc.abstractmethod
    def timestamp(self) -> datetime: ...

    def derived_attributes(self) -> dict[str, Any]:
        return {"ttl": keys.epoch_seconds(self.timestamp + self.lifetime)}


class RegistrationAttempt(ExpiringItem):
    """One registration request from an IP; the fourth within 15 minutes is refused."""

    lifetime = timedelta(minutes=15)

    ip_address: str
    attempted_at: UtcDatetime

    @property
    def timestamp(self) -> datetime:
        return self.attempted_at

    @property
    def pk(self) -> str:
        return operational_keys.registration_attempts_pk(self.ip_address)

    @property
    def sk(self) -> str:
        return operational_keys.registration_attempt_sk(self.attempted_at)


class RecoveryAttempt(ExpiringItem, abc.ABC):
    """A step of account recovery for one provider; each step is counted on its own sort-key prefix."""

    compact: str
    provider_id: UuidStr
    attempted_at: UtcDatetime

    @property
    def timestamp(self) -> datetime:
        return self.attempted_at

    @property
    def pk(self) -> str:
        return operational_keys.account_recovery_pk(self.compact, self.provider_id)


class RecoveryInitiation(RecoveryAttempt):
    """A recovery email sent; more than three in an hour are silently dropped."""

    lifetime = timedelta(hours=1)

    @property
    def sk(self) -> str:
        return operational_keys.recovery_initiation_sk(self.attempted_at)


class RecoveryVerification(RecoveryAttempt):
    """An attempt to redeem a recovery link; more than two in 15 minutes are refused."""

    lifetime = timedelta(minutes=15)

    @property
    def sk(self) -> str:
        return operational_keys.recovery_verification_sk(self.attempted_at)


class SsnReadRequest(ExpiringItem):
    """One full-SSN read by a staff user, counted per user and globally over a rolling 24 hours.

    ``provider_id`` is stored under the snake_case name ``provider_id``.
    """

    lifetime = timedelta(hours=24)
    reference_shapes = (with_ssn_read_from_key,)

    compact: str
    provider_id: UuidStr = Field(alias="provider_id")
    staff_user_id: str
    request_id: str
    requested_at: UtcDatetime

    @property
    def timestamp(self) -> datetime:
        return self.requested_at

    @property
    def pk(self) -> str:
        return operational_keys.SSN_READ_REQUESTS_PK

    @property
    def sk(self) -> str:
        return operational_keys.ssn_read_request_sk(self.requested_at, self.request_id)


class SsnEndpointSwitch(DynamoItem):
    """Whether full-SSN reads are on, and who last changed that, when and why.

    The endpoint switches itself off when the system-wide limit trips; only an operator turns it back on.
    ``changed_at`` of the last "on" also starts the system-wide count afresh, so the reads that tripped
    the switch do not trip it again the moment it is back.
    """

    enabled: bool
    changed_at: UtcDatetime
    changed_by: str
    reason: str

    @property
    def pk(self) -> str:
        return operational_keys.SSN_ENDPOINT_SWITCH_KEY

    @property
    def sk(self) -> str:
        return operational_keys.SSN_ENDPOINT_SWITCH_KEY


class SignatureNonce(ExpiringItem):
    """A nonce seen on a signed State API request. It only has to outlive the ±60 s timestamp window, so it
    is kept for three times that."""

    lifetime = timedelta(seconds=180)

    compact: str
    jurisdiction: str
    nonce: str = Field(pattern=r"^[A-Za-z0-9-]{1,256}$")
    received_at: UtcDatetime

    @property
    def timestamp(self) -> datetime:
        return self.received_at

    @property
    def pk(self) -> str:
        return operational_keys.signature_nonce_pk(self.compact, self.jurisdiction)

    @property
    def sk(self) -> str:
        return operational_keys.signature_nonce_sk(self.nonce)


class NotificationState(ExpiringItem):
    """Delivery state of one recipient of one queued event, so a retried message skips delivered emails."""

    lifetime = timedelta(weeks=4)
    reference_shapes = (with_notification_from_keys,)

    compact: str
    sqs_message_id: str
    recipient_type: NotificationRecipientType
    jurisdiction: str | None = None
    status: NotificationStatus
    provider_id: UuidStr
    event_type: str
    event_time: UtcDatetime
    error_message: str | None = None

    @property
    def timestamp(self) -> datetime:
        return self.event_time

    @property
    def pk(self) -> str:
        return operational_keys.notification_pk(self.compact, self.sqs_message_id)

    @property
    def sk(self) -> str:
        return operational_keys.notification_sk(self.recipient_type, self.jurisdiction)


class ExpirationReminder(ExpiringItem):
    """One privilege-expiration reminder for a provider and expiration date; a SUCCESS is not re-sent."""

    lifetime = timedelta(days=90)
    reference_shapes = (with_reminder_from_key(lifetime),)

    compact: str
    provider_id: UuidStr
    reminder: ExpirationReminderKind
    expiration_date: date
    status: NotificationStatus
    event_time: UtcDatetime
    error_message: str | None = None

    @property
    def timestamp(self) -> datetime:
        return self.event_time

    @property
    def pk(self) -> str:
        return operational_keys.expiration_reminder_pk(self.compact, self.provider_id)

    @property
    def sk(self) -> str:
        return operational_keys.expiration_reminder_sk(self.reminder, self.expiration_date)
