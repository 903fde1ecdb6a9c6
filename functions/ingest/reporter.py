"""The ingest reporter (spec §5.3, §7.6): tells each state what went wrong with its uploads.

``{"eventType": "frequent"}`` (every 15 minutes): for every member jurisdiction with upload problems
(rows the parser rejected, rows or files that could not be processed) first logged since its last report,
one email to its operations team listing them — line, license number, name, license type, the problem by
field, never the SSN, birth date or address — then its watermark moves on. A problem logged while the run
works is reported by the next run (:mod:`ingest.report_log`), and a run that sends nothing leaves nothing
to send again. ``{"eventType": "weekly"}`` (Saturdays 01:00 UTC): per jurisdiction, the week's licenses
received and rows rejected to its operations team, or, when it sent no license at all, an alert to its
operations team and the compact's.

One jurisdiction's failure (the email service refusing, a throttled read) does not stop the others: its
watermark stays, the next run retries it, and this run fails at its end so the error alarm fires.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from core import settings
from core.clock import now_utc_precise
from core.lookups import configuration_repository
from core.resources import granted, serves
from core.tables import DATA_EVENT, EVENT_STATE
from ingest.events import LICENSE_INGEST, LICENSE_INGEST_FAILURE, LICENSE_VALIDATION_ERROR
from ingest.report_log import Watermarks, Window, WindowBusy, count_events, count_logged, problems_logged
from ingest.routes import INGEST_REPORTER
from notifications.client import send_email
from notifications.recipients import distinct

logger = Logger()

SETTLE_SECONDS = "INGEST_REPORT_SETTLE_SECONDS"
DEFAULT_SETTLE = timedelta(minutes=1)
"""How far behind the clock a run's window ends: the report index is eventually consistent, and a
problem logged a minute ago is in it. The sandbox's emulator has no lag and sets 0."""
FIRST_WINDOW = timedelta(minutes=15)
"""What a jurisdiction's first run looks back over."""
LISTED = 100
"""Problems listed per kind in one email; the rest are counted."""
REPORT_FIELDS = ("licenseNumber", "givenName", "familyName", "licenseType")
"""What an email shows of a rejected row's valid fields: enough to find it, nothing sensitive."""


class ReportsFailed(RuntimeError):
    """Some jurisdictions' reports were not sent; the next run sends them."""


def _members() -> list[tuple[str, str]]:
    return [
        (compact, jurisdiction)
        for compact, definition in settings.compacts().compacts.items()
        for jurisdiction in definition.active_jurisdictions
    ]


def _delivery_id(kind: str, compact: str, jurisdiction: str, *bounds: str) -> str:
    """The email service's key for one report: its kind, state and bounds (the same on every retry)."""
    digest = hashlib.sha256("|".join(bounds).encode()).hexdigest()[:24]
    return f"{kind}.{compact}.{jurisdiction}.{digest}"


def _row(item: dict[str, Any]) -> dict[str, Any]:
    valid = item.get("validData") or {}
    row: dict[str, Any] = {
        "recordNumber": int(item.get("recordNumber") or 1),
        "errors": item.get("errors") or {},
    }
    row.update({field: str(valid[field]) for field in REPORT_FIELDS if valid.get(field)})
    return row


def error_summary(table: Any, compact: str, jurisdiction: str, window: Window) -> dict[str, Any] | None:
    """The ``licenseDataErrorSummary`` variables of the problems logged in a window (None: there were none).
    At most :data:`LISTED` of each kind are read and listed; the rest are counted."""
    rows = problems_logged(table, compact, jurisdiction, LICENSE_VALIDATION_ERROR.detail_type, window, LISTED)
    failures = problems_logged(
        table, compact, jurisdiction, LICENSE_INGEST_FAILURE.detail_type, window, LISTED
    )
    if not rows and not failures:
        return None
    rows.sort(key=lambda item: (int(item.get("recordNumber") or 0), str(item.get("sk"))))
    failures.sort(key=lambda item: str(item.get("eventTime")))
    return {
        "windowStart": window.since,
        "windowEnd": window.cutoff,
        "validationErrors": [_row(item) for item in rows],
        "ingestFailures": [
            {"errors": list(item.get("errors") or ["no detail"]), "eventTime": item["eventTime"]}
            for item in failures
        ],
        "rowsRejected": count_logged(
            table, compact, jurisdiction, LICENSE_VALIDATION_ERROR.detail_type, window
        )
        if len(rows) == LISTED
        else len(rows),
        "processingFailures": count_logged(
            table, compact, jurisdiction, LICENSE_INGEST_FAILURE.detail_type, window
        )
        if len(failures) == LISTED
        else len(failures),
    }


def _each_state(report: Callable[[str, str], bool], what: str) -> int:
    """Runs ``report`` for every member jurisdiction and counts the emails it requested. One state's
    failure does not stop the others; the run fails at its end, naming them, so the error alarm fires."""
    sent, failed = 0, []
    for compact, jurisdiction in _members():
        place = {"compact": compact, "jurisdiction": jurisdiction}
        try:
            sent += report(compact, jurisdiction)
        except WindowBusy:
            logger.info("Another run is reporting this state", extra=place)
        except Exception:
            logger.exception(f"Could not send the {what}", extra=place)
            failed.append(f"{compact}/{jurisdiction}")
    if failed:
        raise ReportsFailed(
            f"{what} not sent for {', '.join(failed)}; running it again sends only what is missing"
        )
    return sent


def report_problems(now: datetime) -> int:
    """The frequent run; returns how many jurisdictions were sent a report."""
    settle = os.environ.get(SETTLE_SECONDS)
    cutoff = now - (timedelta(seconds=float(settle)) if settle else DEFAULT_SETTLE)
    data_events, watermarks = granted().table(DATA_EVENT), Watermarks(granted().table(EVENT_STATE))

    def report(compact: str, jurisdiction: str) -> bool:
        window = watermarks.open_window(compact, jurisdiction, cutoff, cutoff - FIRST_WINDOW)
        if window.empty:
            return False
        variables = error_summary(data_events, compact, jurisdiction, window)
        if variables is not None:
            send_email(
                {
                    "template": "licenseDataErrorSummary",
                    "recipientType": "JURISDICTION_OPERATIONS_TEAM",
                    "compact": compact,
                    "jurisdiction": jurisdiction,
                    "templateVariables": variables,
                    "deliveryId": _delivery_id("ingest-report", compact, jurisdiction, *window),
                }
            )
        watermarks.close_window(compact, jurisdiction, window)
        return variables is not None

    return _each_state(report, "upload problem report")


def report_week(now: datetime) -> int:
    """The weekly run: the seven days before today's midnight (UTC); returns the emails requested."""
    end = datetime.combine(now.astimezone(UTC).date(), time(), tzinfo=UTC)
    start = end - timedelta(days=7)
    data_events, configuration = granted().table(DATA_EVENT), configuration_repository()
    week = {"weekStart": start.date().isoformat(), "weekEnd": (end - timedelta(days=1)).date().isoformat()}

    def report(compact: str, jurisdiction: str) -> bool:
        received = count_events(data_events, compact, jurisdiction, LICENSE_INGEST.detail_type, start, end)
        rejected = sum(
            count_events(data_events, compact, jurisdiction, event.detail_type, start, end)
            for event in (LICENSE_VALIDATION_ERROR, LICENSE_INGEST_FAILURE)
        )
        request: dict[str, Any] = {
            "compact": compact,
            "jurisdiction": jurisdiction,
            "templateVariables": {**week, "licensesReceived": received, "rowsRejected": rejected},
            "deliveryId": _delivery_id("weekly-report", compact, jurisdiction, start.isoformat()),
        }
        if received:
            request |= {
                "template": "licenseDataWeeklySummary",
                "recipientType": "JURISDICTION_OPERATIONS_TEAM",
            }
        else:
            state = configuration.jurisdiction_configuration(compact, jurisdiction)
            office = configuration.compact_configuration(compact)
            addresses = distinct(
                [*(state.jurisdiction_operations_team_emails if state else []),
                 *(office.compact_operations_team_emails if office else [])]
            )  # fmt: skip
            if not addresses:
                logger.warning(
                    "Nobody to tell that no licenses came",
                    extra={"compact": compact, "jurisdiction": jurisdiction},
                )
                return False
            request |= {
                "template": "noLicenseUpdatesThisWeek",
                "recipientType": "SPECIFIC",
                "specificEmails": list(addresses),
            }
        send_email(request)
        return True

    return _each_state(report, "weekly report")


@serves(INGEST_REPORTER)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """``{"eventType": "frequent"}`` or ``{"eventType": "weekly"}`` (anything else is refused)."""
    kind = (event or {}).get("eventType")
    now = now_utc_precise()
    if kind == "frequent":
        return {"eventType": kind, "reported": report_problems(now)}
    if kind == "weekly":
        return {"eventType": kind, "reported": report_week(now)}
    raise ValueError(f"eventType: expected 'frequent' or 'weekly', got {kind!r}")
