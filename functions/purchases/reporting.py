"""The weekly and monthly transaction reports (payments_security §1.11): for each compact, a ZIP of its
financial summary and transaction detail for its summary-report list, and a ZIP of each live
jurisdiction's own detail for that jurisdiction's list (sent even in a week without sales).

Only transactions that settled successfully count. The ZIPs are kept in the reports bucket and attached
to the emails by the email service. Each email carries a delivery id made of the compact, the cycle, the
window and the jurisdiction, so a run repeated (a retry, an operator) sends nobody a report twice; an
operator's ``resend`` sends corrected reports again.
Problems (unknown states or line items, licensees not found, an email refused) do not stop the other
reports: they are raised together at the end, which fails the run and alarms.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aws_lambda_powertools import Logger

from core.models.configuration import CompactConfiguration, JurisdictionConfiguration
from core.models.transaction import Transaction
from core.repositories.configuration import ConfigurationRepository
from core.repositories.providers import ProviderRepository
from core.repositories.transactions import TransactionRepository
from purchases.report_window import Cycle, ReportWindow
from purchases.reports import (
    SETTLED,
    Names,
    Problems,
    compact_detail,
    financial_summary,
    jurisdiction_detail,
    zipped,
)

logger = Logger(child=True)


class ReportProblems(RuntimeError):
    """Reports were sent, but something in them (or an email) needs an operator."""


@dataclass(frozen=True)
class ReportingPorts:
    configuration: ConfigurationRepository
    transactions: TransactionRepository
    providers: ProviderRepository
    store: Callable[[str, bytes], None]  # (key, ZIP bytes) into the reports bucket
    send_email: Callable[[Mapping[str, Any]], Any]


def compact_report_key(compact: str, cycle: Cycle, window: ReportWindow) -> str:
    return (
        f"compact/{compact}/reports/compact-transactions/reporting-cycle/{cycle}/"
        f"{window.last_day:%Y/%m/%d}/{compact}-{window.text}-report.zip"
    )


def jurisdiction_report_key(compact: str, jurisdiction: str, cycle: Cycle, window: ReportWindow) -> str:
    return (
        f"compact/{compact}/reports/jurisdiction-transactions/jurisdiction/{jurisdiction}/reporting-cycle/"
        f"{cycle}/{window.last_day:%Y/%m/%d}/{jurisdiction}-{window.text}-report.zip"
    )


def report(
    compact: str, cycle: Cycle, window: ReportWindow, ports: ReportingPorts, resend: str | None = None
) -> list[str]:
    """Store and send one compact's reports; returns the keys stored. Raises :class:`ReportProblems` at the
    end when anything needs attention. ``resend`` (an operator's label) sends them again, to everyone,
    after the data was corrected: without it a report already sent is not sent twice."""
    compact_record, jurisdictions = ports.configuration.compact_with_jurisdictions(compact)
    if compact_record is None:
        logger.info("The compact is not configured: no report", extra={"compact": compact})
        return []
    live = [jurisdictions[c] for c in compact_record.live_jurisdictions if c in jurisdictions]
    settled = [
        t
        for t in ports.transactions.settled_between(compact, window.start, window.end)
        if t.transaction_status == SETTLED
    ]
    problems = Problems()
    names = _names(compact, settled, ports, problems)
    summary = financial_summary(
        settled,
        {j.postal_abbreviation: j.jurisdiction_name for j in live},
        _card_fees_active(compact_record),
        problems,
    )
    key = compact_report_key(compact, cycle, window)
    ports.store(
        key,
        zipped(
            {
                f"financial-summary-{window.text}.csv": summary,
                f"transaction-detail-{window.text}.csv": compact_detail(settled, names),
            }
        ),
    )
    stored = [key]
    mail = ReportMail(compact, cycle, window, resend)
    mail.send(ports, problems, None, key)
    for jurisdiction in live:
        code = jurisdiction.postal_abbreviation
        key = jurisdiction_report_key(compact, code, cycle, window)
        ports.store(
            key,
            zipped(
                {f"{code}-transaction-detail-{window.text}.csv": jurisdiction_detail(settled, names, code)}
            ),
        )
        stored.append(key)
        mail.send(ports, problems, jurisdiction, key)
    if problems.messages:
        logger.error(
            "Transaction reports need attention", extra={"compact": compact, "problems": problems.messages}
        )
        raise ReportProblems(f"{compact}: " + "; ".join(problems.messages))
    return stored


def _card_fees_active(compact: CompactConfiguration) -> bool:
    charges = compact.transaction_fee_configuration
    return charges is not None and charges.licensee_charges.active


def _names(
    compact: str, settled: list[Transaction], ports: ReportingPorts, problems: Problems
) -> dict[str, Names]:
    wanted = {t.licensee_id for t in settled if t.licensee_id}
    found = ports.providers.provider_items(compact, wanted, ["givenName", "familyName"])
    missing = sorted(wanted - set(found))
    if missing:
        problems.messages.append(f"licensees not found: {missing}")
    return {
        pid: Names(str(item.get("givenName", "")), str(item.get("familyName", "")))
        for pid, item in found.items()
    }


@dataclass(frozen=True)
class ReportMail:
    """The emails of one compact's reports for one window. Each is delivered under an id made of the
    compact, the recipient (``compact`` or the state), the cycle, the window and an operator's ``resend``
    label if any: a repeated run reaches nobody twice, a resend reaches everyone again."""

    compact: str
    cycle: Cycle
    window: ReportWindow
    resend: str | None = None

    def send(
        self,
        ports: ReportingPorts,
        problems: Problems,
        jurisdiction: JurisdictionConfiguration | None,
        key: str,
    ) -> None:
        code = jurisdiction.postal_abbreviation if jurisdiction else "compact"
        delivery = f"report.{self.compact}.{code}.{self.cycle}.{self.window.text}"
        request: dict[str, Any] = {
            "template": "JurisdictionTransactionReporting" if jurisdiction else "CompactTransactionReporting",
            "recipientType": "JURISDICTION_SUMMARY_REPORT" if jurisdiction else "COMPACT_SUMMARY_REPORT",
            "compact": self.compact,
            "deliveryId": delivery + (f".{self.resend}" if self.resend else ""),
            "templateVariables": {
                "reportS3Path": key,
                "reportingCycle": self.cycle,
                "startDate": self.window.first_day.isoformat(),
                "endDate": self.window.last_day.isoformat(),
            },
        }
        if jurisdiction is not None:
            request["jurisdiction"] = code
        try:
            ports.send_email(request)
        except Exception as error:  # one refused email must not stop the other reports
            problems.messages.append(f"the {code} report was not sent: {error}")


def window_of(event: Mapping[str, Any], now: datetime) -> tuple[Cycle, ReportWindow]:
    """The cycle and window an event asks for: its cycle's last full period, or the override's days."""
    from datetime import date

    cycle = event.get("reportingCycle")
    if cycle not in ("weekly", "monthly"):
        raise ValueError(f"reportingCycle must be 'weekly' or 'monthly', not {cycle!r}")
    first, last = event.get("reportStartOverride"), event.get("reportEndOverride")
    if bool(first) != bool(last):
        raise ValueError("reportStartOverride and reportEndOverride come together")
    if first and last:
        return cycle, ReportWindow.of_days(date.fromisoformat(first), date.fromisoformat(last))
    return cycle, ReportWindow.for_cycle(cycle, now)
