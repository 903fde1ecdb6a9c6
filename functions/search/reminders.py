"""Privilege expiration reminders (spec §7.6): each day, for each compact, the practitioners with an
active privilege expiring in 30 days, in 7 days and today are emailed once, listing all their active
privileges.

The providers come from the search index (a ``nested`` query on the privileges' expiration date and
status), a page at a time with ``search_after`` on the provider id. Each reminder sent is recorded in the
event-state table under the provider, the kind and the expiration date — the reference's record, so
reminders it sent before a migration are not sent again — and a recorded success is never repeated; the
email service's delivery id guards the send itself. A practitioner without a registered email cannot be
reminded and is counted. The job runs in the compact's workflow (:mod:`core.triggers.WorkflowSpec`): a
run that nears its time limit answers ``IN_PROGRESS`` with where it stopped and is run again; reminders
that failed make the last answer ``BATCH_FAILURE``, which tells the compact's operations team who was
not reminded (running the job again the same day sends to them alone).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from core.jurisdictions import jurisdiction_name
from core.models.enums import ExpirationReminderKind, NotificationStatus
from core.models.operational import ExpirationReminder
from core.operational_keys import expiration_reminder_pk, expiration_reminder_sk

WINDOWS: tuple[tuple[int, ExpirationReminderKind], ...] = (
    (30, ExpirationReminderKind.THIRTY_DAYS),
    (7, ExpirationReminderKind.SEVEN_DAYS),
    (0, ExpirationReminderKind.DAY_OF),
)
PAGE_SIZE = 500
SPARE_MILLISECONDS = 60_000
LISTED_FAILURES = 100
TEMPLATE = "privilegeExpirationReminder"


class ReminderRun(BaseModel):
    """A run's input (the workflow's start: compact and scheduled time) and the next run's."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    compact: str
    scheduled_time: datetime = Field(alias="scheduledTime")
    window: int = Field(default=0, ge=0, le=len(WINDOWS))
    search_after: list[Any] | None = Field(default=None, alias="searchAfter")
    sent: int = 0
    already_sent: int = Field(default=0, alias="alreadySent")
    no_email: int = Field(default=0, alias="noEmail")
    failed: int = 0
    failed_providers: list[str] = Field(default_factory=list, alias="failedProviders")

    def target(self) -> tuple[date, ExpirationReminderKind]:
        days, kind = WINDOWS[self.window]
        return self.scheduled_time.astimezone(UTC).date() + timedelta(days=days), kind

    def answer(self, status: str) -> dict[str, Any]:
        return {"status": status, **self.model_dump(by_alias=True, mode="json")}


class ReminderLog:
    """The reminders sent, in the event-state table (takes a boto3 ``Table``)."""

    def __init__(self, table: Any) -> None:
        self.table = table

    def succeeded(self, compact: str, provider_id: str, kind: ExpirationReminderKind, expiring: date) -> bool:
        key = {
            "pk": expiration_reminder_pk(compact, provider_id),
            "sk": expiration_reminder_sk(kind, expiring),
        }
        item = self.table.get_item(Key=key, ConsistentRead=True).get("Item")
        return item is not None and ExpirationReminder.from_item(item).status is NotificationStatus.SUCCESS

    def record(self, reminder: ExpirationReminder) -> None:
        self.table.put_item(Item=reminder.to_item())


@dataclass(frozen=True)
class ReminderPorts:
    search: Callable[[dict[str, Any]], dict[str, Any]]  # a search body -> the engine's answer
    log: ReminderLog
    send: Callable[[dict[str, Any]], object]  # an email request; raises when it is not sent
    remaining_ms: Callable[[], int]
    now: Callable[[], datetime]


def expiring_on(compact: str, day: date) -> dict[str, Any]:
    """Providers of the compact with an active privilege expiring on ``day``."""
    privilege = {
        "bool": {
            "filter": [
                {"term": {"privileges.dateOfExpiration": day.isoformat()}},
                {"term": {"privileges.status": "active"}},
            ]
        }
    }
    return {
        "bool": {
            "filter": [{"term": {"compact": compact}}, {"nested": {"path": "privileges", "query": privilege}}]
        }
    }


def reminder_request(
    compact: str, provider: dict[str, Any], kind: ExpirationReminderKind, day: date
) -> dict[str, Any]:
    active = [entry for entry in provider.get("privileges", []) if entry.get("status") == "active"]
    return {
        "template": TEMPLATE,
        "recipientType": "SPECIFIC",
        "compact": compact,
        "specificEmails": [provider["compactConnectRegisteredEmailAddress"]],
        "templateVariables": {
            "providerFirstName": provider["givenName"],
            "expirationDate": day.isoformat(),
            "privileges": [
                {
                    "jurisdiction": jurisdiction_name(entry["jurisdiction"]),
                    "licenseType": entry["licenseType"],
                    "privilegeId": entry["privilegeId"],
                    "dateOfExpiration": entry["dateOfExpiration"],
                }
                for entry in active
            ],
        },
        "deliveryId": f"{kind}.{compact}.{provider['providerId']}.{day.isoformat()}",
    }


def _hits(run: ReminderRun, ports: ReminderPorts, day: date) -> Iterator[dict[str, Any]]:
    while True:
        body: dict[str, Any] = {
            "query": expiring_on(run.compact, day),
            "sort": [{"providerId": {"order": "asc"}}],
            "size": PAGE_SIZE,
        }
        if run.search_after is not None:
            body["search_after"] = run.search_after
        hits = ports.search(body)["hits"]["hits"]
        yield from hits
        if len(hits) < PAGE_SIZE:
            return


def _remind(
    run: ReminderRun, ports: ReminderPorts, provider: dict[str, Any], kind: ExpirationReminderKind, day: date
) -> None:
    provider_id = provider["providerId"]
    if not provider.get("compactConnectRegisteredEmailAddress"):
        run.no_email += 1
        return
    if ports.log.succeeded(run.compact, provider_id, kind, day):
        run.already_sent += 1
        return
    outcome: dict[str, Any] = {"status": NotificationStatus.SUCCESS}
    try:
        ports.send(reminder_request(run.compact, provider, kind, day))
        run.sent += 1
    except Exception as error:  # any failure of one reminder is recorded, reported, and the job goes on
        outcome = {"status": NotificationStatus.FAILED, "error_message": str(error)[:1000]}
        run.failed += 1
        if len(run.failed_providers) < LISTED_FAILURES:
            run.failed_providers.append(provider_id)
    ports.log.record(
        ExpirationReminder(
            compact=run.compact,
            provider_id=provider_id,
            reminder=kind,
            expiration_date=day,
            event_time=ports.now(),
            **outcome,
        )
    )


def run_reminders(run: ReminderRun, ports: ReminderPorts) -> dict[str, Any]:
    """Works through the windows from where ``run`` stopped; answers the next run or the end."""
    while run.window < len(WINDOWS):
        day, kind = run.target()
        for hit in _hits(run, ports, day):
            _remind(run, ports, hit["_source"], kind, day)
            run.search_after = hit["sort"]
            if ports.remaining_ms() < SPARE_MILLISECONDS:
                return run.answer("IN_PROGRESS")
        run.window, run.search_after = run.window + 1, None
    if run.failed:
        return {**run.answer("BATCH_FAILURE"), "reminderFailureMessage": failure_message(run)}
    return run.answer("COMPLETE")


def failure_message(run: ReminderRun) -> str:
    listed = ", ".join(run.failed_providers)
    more = (
        f" (and {run.failed - len(run.failed_providers)} more)"
        if run.failed > len(run.failed_providers)
        else ""
    )
    return f"{run.failed} of {run.failed + run.sent} reminders were not sent. Providers: {listed}{more}."
