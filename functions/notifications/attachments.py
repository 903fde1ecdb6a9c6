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


def attachments_for(variables: BaseModel) -> tuple[Attachment, ...]:
    """What the template's variables say to attach (nothing for most emails)."""
    if not isinstance(variables, TransactionReport):
        return ()
    bucket = granted().bucket(TRANSACTION_REPORTS, BucketAccess.READ)
    body = s3_client().get_object(Bucket=bucket, Key=variables.report_s3_path)["Body"].read()
    return (Attachment(filename=variables.report_s3_path.rsplit("/", 1)[-1], content=body),)
