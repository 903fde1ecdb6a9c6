"""Files an email carries: the transaction reports' ZIPs, read from the reports bucket by the path their
request names (``reportS3Path``), as the reference's email service attached them."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from core.aws import s3_client
from core.buckets import TRANSACTION_REPORTS, BucketAccess
from core.resources import granted
from notifications.variables import TransactionReport


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str = "application"
    subtype: str = "zip"


class ForeignReport(ValueError):
    """A report path outside the request's own compact (and jurisdiction): never attached."""


def report_prefix(compact: str, jurisdiction: str | None) -> str:
    """Where a compact's (or one of its jurisdiction's) reports are kept: what a request may attach."""
    if jurisdiction is None:
        return f"compact/{compact}/reports/"
    return f"compact/{compact}/reports/jurisdiction-transactions/jurisdiction/{jurisdiction}/"


def attachments_for(variables: BaseModel, compact: str, jurisdiction: str | None) -> tuple[Attachment, ...]:
    """What the template's variables say to attach (nothing for most emails). A report is attached only
    from under the request's own compact, and jurisdiction when it names one: a request can never send
    one compact's (or state's) report to another's lists."""
    if not isinstance(variables, TransactionReport):
        return ()
    if (
        not variables.report_s3_path.startswith(report_prefix(compact, jurisdiction))
        or ".." in variables.report_s3_path
    ):
        raise ForeignReport(
            f"reportS3Path: not a report of {compact}{'/' + jurisdiction if jurisdiction else ''}"
        )
    bucket = granted().bucket(TRANSACTION_REPORTS, BucketAccess.READ)
    body = s3_client().get_object(Bucket=bucket, Key=variables.report_s3_path)["Body"].read()
    return (Attachment(filename=variables.report_s3_path.rsplit("/", 1)[-1], content=body),)
