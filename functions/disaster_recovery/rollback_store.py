"""Where a license upload rollback reads and keeps its state: the providers the uploads touched (the provider
table's upload-date index) and the execution's report (``{executionName}/results.json`` in the
disaster-recovery results bucket)."""

from __future__ import annotations

import json
from typing import Any

from core import keys
from core.tables import LICENSE_UPLOAD_DATE_INDEX
from disaster_recovery.models import RollbackRequest, RollbackResults
from disaster_recovery.revert_review import Window


class UploadIndex:
    """The provider table's ``licenseUploadDateGSI``: licenses by the upload that created them and license
    updates by the upload that wrote them, per jurisdiction and month (takes a boto3 ``Table``)."""

    def __init__(self, table: Any) -> None:
        self.table = table

    def providers(self, window: Window, after: str | None = None) -> list[str]:
        """The ids of the providers the jurisdiction's uploads in the window created or changed a license
        of, in order, from the first after ``after``. Read again by every run: a provider reverted has left
        the index, and the order of the rest is the same."""
        from boto3.dynamodb.conditions import Key

        found: set[str] = set()
        for partition, low, high in keys.license_upload_date_gsi_window(
            window.compact, window.jurisdiction, window.start, window.end
        ):
            query: dict[str, Any] = {
                "IndexName": LICENSE_UPLOAD_DATE_INDEX,
                "KeyConditionExpression": Key("licenseUploadDateGSIPK").eq(partition)
                & Key("licenseUploadDateGSISK").between(low, high),
                "ProjectionExpression": "providerId",
            }
            while True:
                page = self.table.query(**query)
                found.update(str(item["providerId"]) for item in page.get("Items", []))
                if "LastEvaluatedKey" not in page:
                    break
                query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        return sorted(provider for provider in found if after is None or provider > after)


class ResultsStore:
    """One execution's report in the results bucket (versioned: every run's save is kept)."""

    def __init__(self, s3: Any, bucket: str) -> None:
        self.s3 = s3
        self.bucket = bucket

    def location(self, request: RollbackRequest) -> str:
        return f"s3://{self.bucket}/{request.results_key}"

    def load(self, request: RollbackRequest) -> RollbackResults:
        """The report so far, or a new one on the execution's first run."""
        try:
            body = self.s3.get_object(Bucket=self.bucket, Key=request.results_key)["Body"].read()
        except self.s3.exceptions.NoSuchKey:
            return RollbackResults.starting(request)
        return RollbackResults.model_validate_json(body)

    def save(self, request: RollbackRequest, results: RollbackResults) -> None:
        body = json.dumps(results.model_dump(by_alias=True, mode="json"), indent=2)
        self.s3.put_object(
            Bucket=self.bucket, Key=request.results_key, Body=body.encode(), ContentType="application/json"
        )
