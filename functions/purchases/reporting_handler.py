"""Handler of the transaction reporter, run weekly and monthly for every compact (or one, ``compact``)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from core.aws import s3_client
from core.buckets import TRANSACTION_REPORTS, BucketAccess
from core.clock import now_utc
from core.repositories.configuration import ConfigurationRepository
from core.repositories.providers import ProviderRepository
from core.repositories.transactions import TransactionRepository
from core.resources import granted, serves
from core.settings import compacts
from core.tables import COMPACT_CONFIGURATION, PROVIDER, TRANSACTION_HISTORY
from notifications.client import send_email
from purchases.functions import TRANSACTION_REPORTER
from purchases.reporting import ReportingPorts, ReportProblems, report, window_of

logger = Logger()


def ports() -> ReportingPorts:
    resources = granted()
    bucket = resources.bucket(TRANSACTION_REPORTS, BucketAccess.WRITE)

    def store(key: str, body: bytes) -> None:
        s3_client().put_object(Bucket=bucket, Key=key, Body=body, ContentType="application/zip")

    return ReportingPorts(
        configuration=ConfigurationRepository(resources.table(COMPACT_CONFIGURATION)),
        transactions=TransactionRepository(resources.table(TRANSACTION_HISTORY)),
        providers=ProviderRepository(resources.table(PROVIDER)),
        store=store,
        send_email=send_email,
    )


@serves(TRANSACTION_REPORTER)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    cycle, window = window_of(event, now_utc())
    names = [event["compact"]] if event.get("compact") else list(compacts().compacts)
    reported: dict[str, list[str]] = {}
    failures: list[str] = []
    for compact in names:
        try:
            reported[compact] = report(compact, cycle, window, ports(), event.get("resend"))
        except ReportProblems as problems:
            failures.append(str(problems))
        except Exception as error:  # one compact's failure must not stop the others' reports
            logger.exception("A compact's reports failed", extra={"compact": compact})
            failures.append(f"{compact}: {error}")
    if failures:
        raise ReportProblems("; ".join(failures))
    return {"reportingCycle": cycle, "window": window.text, "reports": reported}
