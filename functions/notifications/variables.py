"""What each email template needs (``templateVariables`` of an email request, spec §7.5), as models.

A request is checked against its template's model before anything is rendered or sent: a missing,
misspelt or mistyped variable is an error naming the field, not a blank in an email a person receives.
Names are the payload's (camelCase), so the reference's senders' payloads validate unchanged; dates are
ISO dates, money is decimal.
"""

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel

from core.fields import EMAIL_MAX_LENGTH, EMAIL_PATTERN

Text = Annotated[str, Field(min_length=1, max_length=500)]
ProviderId = Annotated[str, Field(pattern=r"^[0-9a-fA-F-]{36}$")]
Jurisdiction = Annotated[str, Field(pattern=r"^[a-z]{2}$|^other$|^unknown$")]
"""A postal code, or a home state outside the compact (``other``) or never given (``unknown``)."""
Address = Annotated[str, Field(pattern=EMAIL_PATTERN, max_length=EMAIL_MAX_LENGTH)]


class Variables(BaseModel):
    """Template variables: camelCase names, nothing unknown accepted (a typo would go unnoticed)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid", frozen=True)


class NoVariables(Variables):
    """Templates whose text depends on nothing but the compact."""


# ---- compact operations -----------------------------------------------------------------------------


class ReminderFailure(Variables):
    """What the expiration-reminder job could not send: how many, and to which providers."""

    reminder_failure_message: str = Field(max_length=20_000)


class BatchSettlementFailure(Variables):
    """``batchFailureErrorMessage`` is the transaction workflow's JSON summary
    (``{"message", "failedTransactionIds", "unsettledTransactionIds"}``); any other text is shown as is."""

    batch_failure_error_message: str | None = Field(default=None, max_length=20_000)

    def summary(self) -> dict[str, Any]:
        try:
            parsed = json.loads(self.batch_failure_error_message or "")
        except ValueError:
            return {"message": self.batch_failure_error_message}
        return parsed if isinstance(parsed, dict) else {"message": self.batch_failure_error_message}


class TransactionReport(Variables):
    report_s3_path: Text
    reporting_cycle: Literal["weekly", "monthly"]
    start_date: date
    end_date: date


# ---- privileges --------------------------------------------------------------------------------------


class PrivilegeDeactivated(Variables):
    privilege_id: Text


class PrivilegeDeactivatedForState(Variables):
    privilege_id: Text
    provider_first_name: Text
    provider_last_name: Text


class PurchasedPrivilege(Variables):
    jurisdiction: Jurisdiction
    license_type_abbrev: Text
    privilege_id: Text


class CostLineItem(Variables):
    name: Text
    quantity: int = Field(ge=1)
    unit_price: Decimal = Field(ge=0)

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.quantity


class PrivilegePurchase(Variables):
    transaction_date: date
    privileges: list[PurchasedPrivilege] = Field(min_length=1)
    total_cost: Decimal = Field(ge=0)
    cost_line_items: list[CostLineItem] = Field(min_length=1)


class ExpiringPrivilege(Variables):
    jurisdiction: Text  # the jurisdiction's name, as the reminder job resolved it
    license_type: Text
    privilege_id: Text
    date_of_expiration: date


class ExpirationReminder(Variables):
    provider_first_name: Text
    expiration_date: date
    privileges: list[ExpiringPrivilege] = Field(min_length=1)


# ---- adverse actions ---------------------------------------------------------------------------------


class _Provider(Variables):
    provider_first_name: Text
    provider_last_name: Text


class EncumbranceForProvider(_Provider):
    encumbered_jurisdiction: Jurisdiction
    license_type: Text
    effective_start_date: date


class EncumbranceLiftedForProvider(_Provider):
    lifted_jurisdiction: Jurisdiction
    license_type: Text
    effective_lift_date: date


class EncumbranceForState(EncumbranceForProvider):
    provider_id: ProviderId


class EncumbranceLiftedForState(EncumbranceLiftedForProvider):
    provider_id: ProviderId


class Investigation(_Provider):
    provider_id: ProviderId
    investigation_jurisdiction: Jurisdiction
    license_type: Text


class HomeJurisdictionChange(_Provider):
    provider_id: ProviderId
    previous_jurisdiction: Jurisdiction
    new_jurisdiction: Jurisdiction


# ---- practitioner accounts ---------------------------------------------------------------------------


class EmailVerificationCode(Variables):
    verification_code: Annotated[str, Field(pattern=r"^[0-9A-Za-z]{4,12}$")]


class EmailChanged(Variables):
    new_email_address: Address


class AccountRecovery(Variables):
    provider_id: ProviderId
    recovery_token: Annotated[str, Field(min_length=16, max_length=256, pattern=r"^[A-Za-z0-9_\-.~]+$")]


class MilitaryAuditDeclined(Variables):
    audit_note: str = Field(default="", max_length=2_000)

    @field_validator("audit_note")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        return value.strip()


# ---- license data reports (the ingest reporter) -----------------------------------------------------


class ValidationErrorRow(Variables):
    """One rejected row: its line, its errors by field and the identifying fields that passed, never the
    SSN, birth date or address (the reporter leaves them out; this model refuses them)."""

    record_number: int = Field(ge=1)
    errors: dict[str, list[str]]
    license_number: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    license_type: str | None = None


class IngestFailureNote(Variables):
    errors: list[str] = Field(min_length=1)
    event_time: datetime


class LicenseDataErrors(Variables):
    """The problems of a window: at most 100 of each kind listed, and how many there were in all."""

    window_start: datetime
    window_end: datetime
    validation_errors: list[ValidationErrorRow] = Field(default_factory=list, max_length=100)
    ingest_failures: list[IngestFailureNote] = Field(default_factory=list, max_length=100)
    rows_rejected: int | None = Field(default=None, ge=0)
    processing_failures: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _totals_cover_the_lists(self) -> Self:
        if self.total_rows_rejected < len(self.validation_errors) or self.total_failures < len(
            self.ingest_failures
        ):
            raise ValueError("rowsRejected and processingFailures count at least the problems listed")
        return self

    @property
    def total_rows_rejected(self) -> int:
        return len(self.validation_errors) if self.rows_rejected is None else self.rows_rejected

    @property
    def total_failures(self) -> int:
        return len(self.ingest_failures) if self.processing_failures is None else self.processing_failures

    @property
    def not_listed(self) -> int:
        listed = len(self.validation_errors) + len(self.ingest_failures)
        return self.total_rows_rejected + self.total_failures - listed


class WeeklyLicenseData(Variables):
    week_start: date
    week_end: date
    licenses_received: int = Field(ge=0)
    rows_rejected: int = Field(default=0, ge=0)
