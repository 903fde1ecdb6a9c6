"""What the disaster-recovery functions take and give: the inputs their state machines hand them (checked
here, so a bad execution input fails the execution with a sentence naming the field instead of a stack
trace), the detail of the revert events, and the rollback's report.

No ``from __future__ import annotations`` here: pydantic would evaluate every annotation string again
(tests/functions/test_import_costs.py)."""

from datetime import datetime, timedelta
from typing import Any, Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator

from core.clock import now_utc
from core.errors import field_errors
from core.jurisdictions import JURISDICTION_NAMES
from core.models.base import CamelModel, UtcDatetime, UuidStr

MAX_ROLLBACK_WINDOW = timedelta(days=7)
"""A safety net against reverting more than was meant (the reference's limit)."""

EXECUTION_NAME = r"^[A-Za-z0-9_.-]{1,80}$"
"""A Step Functions execution name that is safe as an S3 key prefix."""

INCIDENT_ID = r"^[A-Za-z0-9_.-]{1,64}$"
"""Part of a restored table's name (``DR-TEMP-<incidentId>-<table>``): DynamoDB's table-name characters."""

Status = Literal["IN_PROGRESS", "COMPLETE", "FAILED"]


def refusal(error: ValidationError | ValueError) -> dict[str, Any]:
    """The answer to an input the state machine should not have sent: ``FAILED`` with one sentence per
    problem, each naming its field, and never the rejected values."""
    if not isinstance(error, ValidationError):
        return {"status": "FAILED", "error": str(error)}
    problems = [
        f"{field}: {message.removeprefix('Value error, ')}"
        if field
        else message.removeprefix("Value error, ")
        for field, messages in field_errors(error, whole="").items()
        for message in messages
    ]
    return {"status": "FAILED", "error": "; ".join(problems)}


class _Input(BaseModel):
    """An input is also the function's previous answer (the state machine loops it back), so fields of
    the answer it does not take are ignored."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, str_strip_whitespace=True)


# ---- license upload rollback ------------------------------------------------------------------------


class RollbackRequest(_Input):
    """One rollback: the uploads of ``jurisdiction`` to ``compact`` from ``startDateTime`` to
    ``endDateTime`` (inclusive), and where the previous run stopped (``cursor``: the last provider id it
    handled, the providers being taken in id order)."""

    compact: str
    jurisdiction: str
    start_date_time: AwareDatetime = Field(alias="startDateTime")
    end_date_time: AwareDatetime = Field(alias="endDateTime")
    rollback_reason: str = Field(alias="rollbackReason", min_length=1, max_length=1000)
    execution_name: str = Field(alias="executionName", pattern=EXECUTION_NAME)
    cursor: UuidStr | None = None

    @model_validator(mode="after")
    def _sensible_window(self) -> Self:
        from core import settings

        if self.compact not in settings.compacts().compacts:
            raise ValueError(f"compact: {self.compact!r} is not a compact of this environment")
        if self.jurisdiction not in JURISDICTION_NAMES:
            raise ValueError(f"jurisdiction: {self.jurisdiction!r} is not a jurisdiction's postal code")
        if self.end_date_time <= self.start_date_time:
            raise ValueError("endDateTime: must be after startDateTime")
        if self.end_date_time - self.start_date_time > MAX_ROLLBACK_WINDOW:
            raise ValueError(f"endDateTime: the window cannot be longer than {MAX_ROLLBACK_WINDOW.days} days")
        if self.end_date_time > now_utc():
            raise ValueError("endDateTime: cannot be in the future (uploads still to come are not reverted)")
        return self

    @property
    def results_key(self) -> str:
        return f"{self.execution_name}/results.json"

    def answer(self, status: Status, **counts: Any) -> dict[str, Any]:
        """The run's answer: its input with where it stopped, so the state machine can loop it back."""
        return {"status": status, **self.model_dump(by_alias=True, mode="json", exclude_none=True), **counts}


class RevertDetail(CamelModel):
    """Detail of ``license.revert`` and ``privilege.revert``: one license (in the uploading jurisdiction)
    or privilege (in ``jurisdiction``, bought on that license) put back as it was before the window."""

    event_time: UtcDatetime
    compact: str
    jurisdiction: str
    provider_id: UuidStr
    license_type: str
    rollback_reason: str
    start_time: UtcDatetime
    end_time: UtcDatetime
    rollback_execution_name: str


class LeftAlone(CamelModel):
    """A change on a provider that the reverted uploads did not make, or made after the window, and why it
    keeps the provider out of an automatic revert."""

    record_type: str  # licenseUpdate, privilegeUpdate, providerUpdate, license, privilege, adverseAction...
    type_of_update: str
    update_time: str  # ISO timestamp, or "N/A"
    reason: str
    license_type: str | None = None


class SkippedProvider(CamelModel):
    provider_id: str
    reason: str
    ineligible_updates: list[LeftAlone] = Field(default_factory=list)


class FailedProvider(CamelModel):
    provider_id: str
    error: str


class RevertedRecord(CamelModel):
    jurisdiction: str
    license_type: str
    action: Literal["DELETE", "REVERT", "REACTIVATED"]


class RevertedProvider(CamelModel):
    provider_id: str
    licenses_reverted: list[RevertedRecord] = Field(default_factory=list)
    privileges_reverted: list[RevertedRecord] = Field(default_factory=list)
    updates_deleted: list[str] = Field(default_factory=list)  # sort keys of the history records deleted
    provider_record: Literal["UPDATED", "DELETED", "UNCHANGED"] = "UNCHANGED"


Outcome = RevertedProvider | SkippedProvider | FailedProvider


class RollbackResults(CamelModel):
    """The report of one execution (``{executionName}/results.json``), built up run after run. A provider
    handled again (a run retried after it stopped) keeps only its latest outcome."""

    execution_name: str
    compact: str
    jurisdiction: str
    start_date_time: datetime
    end_date_time: datetime
    rollback_reason: str
    reverted_provider_summaries: list[RevertedProvider] = Field(default_factory=list)
    skipped_provider_details: list[SkippedProvider] = Field(default_factory=list)
    failed_provider_details: list[FailedProvider] = Field(default_factory=list)

    @classmethod
    def starting(cls, request: RollbackRequest) -> Self:
        return cls(
            execution_name=request.execution_name,
            compact=request.compact,
            jurisdiction=request.jurisdiction,
            start_date_time=request.start_date_time,
            end_date_time=request.end_date_time,
            rollback_reason=request.rollback_reason,
        )

    def record(self, outcome: Outcome) -> None:
        lists: tuple[list[Any], ...] = (
            self.reverted_provider_summaries,
            self.skipped_provider_details,
            self.failed_provider_details,
        )
        for held in lists:
            held[:] = [other for other in held if other.provider_id != outcome.provider_id]
        if isinstance(outcome, RevertedProvider):
            self.reverted_provider_summaries.append(outcome)
        elif isinstance(outcome, SkippedProvider):
            self.skipped_provider_details.append(outcome)
        else:
            self.failed_provider_details.append(outcome)

    def counts(self) -> dict[str, int]:
        return {
            "providersReverted": len(self.reverted_provider_summaries),
            "providersSkipped": len(self.skipped_provider_details),
            "providersFailed": len(self.failed_provider_details),
        }


# ---- table restore sync -----------------------------------------------------------------------------


class SyncRequest(_Input):
    """One step of a table's recovery: ``destinationTableName`` is the live table, ``sourceTableName`` its
    point-in-time restore for the incident. ``tableNameRecoveryConfirmation`` must repeat the live table's
    name: the guard rail against clearing a table nobody named."""

    incident_id: str = Field(alias="incidentId", pattern=INCIDENT_ID)
    source_table_name: str = Field(alias="sourceTableName", min_length=3, max_length=255)
    destination_table_name: str = Field(alias="destinationTableName", min_length=3, max_length=255)
    table_name_recovery_confirmation: str = Field(alias="tableNameRecoveryConfirmation")
    cursor: str | None = Field(default=None, max_length=8192)
    copied_count: int = Field(default=0, alias="copiedCount", ge=0)
    deleted_count: int = Field(default=0, alias="deletedCount", ge=0)

    def answer(self, status: Status, **changes: Any) -> dict[str, Any]:
        fields = self.model_dump(by_alias=True, mode="json", exclude_none=True)
        return {
            "status": status,
            **{key: value for key, value in fields.items() if key != "cursor"},
            **changes,
        }
