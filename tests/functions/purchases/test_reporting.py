"""The transaction reporter on moto (issue #15): each compact's ZIP and each live state's, stored in the
reports bucket under the reference's keys and emailed (attached) to the summary-report lists, once
however often it runs; only settled transactions count; problems fail the run after everything is sent."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pytest

from core.buckets import TRANSACTION_REPORTS
from purchases import reporting_handler, settlement_handler
from purchases.reporting import ReportProblems
from tests.functions.moto_clients import moto_client
from tests.functions.purchases.shop import CONTEXT


@pytest.fixture
def reports(mail, shop, monkeypatch):
    from core import aws as core_aws

    core_aws.s3_client.cache_clear()
    moto_client("s3").create_bucket(Bucket="reports")
    monkeypatch.setenv(TRANSACTION_REPORTS.env_var, "reports")
    monkeypatch.setattr(shop.processor, "batches", [])
    return shop


def settle_and_collect(shop) -> None:
    shop.processor.settle()
    now = datetime.now(tz=UTC)
    event = {
        "compact": "aslp",
        "scheduledTime": now.isoformat(),
        "processedBatchIds": [],
        "endTime": now.isoformat(),
    }
    assert settlement_handler.lambda_handler(event, CONTEXT)["status"] == "COMPLETE"


def run(cycle="weekly"):
    today = datetime.now(tz=UTC).date().isoformat()
    event = {
        "reportingCycle": cycle,
        "compact": "aslp",
        "reportStartOverride": today,
        "reportEndOverride": today,
    }
    return reporting_handler.lambda_handler(event, CONTEXT)


def zip_at(key: str) -> zipfile.ZipFile:
    body = moto_client("s3").get_object(Bucket="reports", Key=key)["Body"].read()
    return zipfile.ZipFile(io.BytesIO(body))


def test_the_compact_and_each_live_state_get_their_zip_by_email(reports, mail):
    reports.buy(reports.body(["ky", "ne"]))
    settle_and_collect(reports)

    answer = run()

    today = datetime.now(tz=UTC).date()
    compact_key, *state_keys = answer["reports"]["aslp"]
    assert compact_key == (
        f"compact/aslp/reports/compact-transactions/reporting-cycle/weekly/{today:%Y/%m/%d}/"
        f"aslp-{today}--{today}-report.zip"
    )
    assert [k.split("/")[5] for k in state_keys] == ["oh", "ky", "ne"]
    summary = zip_at(compact_key).read(f"financial-summary-{today}--{today}.csv").decode()
    assert "Total Processed Amount,$185.50" in summary
    sent = {m["To"]: m for m in mail.refresh()}
    assert set(sent) == {
        "finance@aslp.example.org",
        "reports@oh.example.gov",
        "reports@ky.example.gov",
        "reports@ne.example.gov",
    }
    [attachment] = [p for p in sent["finance@aslp.example.org"].iter_attachments()]
    assert attachment.get_filename() == compact_key.rsplit("/", 1)[-1]
    assert attachment.get_content_type() == "application/zip"


def test_a_repeated_run_emails_nobody_twice(reports, mail):
    reports.buy(reports.body(["ky"]))
    settle_and_collect(reports)

    run()
    run()

    assert len(mail.refresh()) == 4


def test_a_licensee_not_found_fails_the_run_after_the_reports_are_sent(reports, mail):
    reports.buy(reports.body(["ky"]))
    settle_and_collect(reports)
    reports.tables["provider"].delete_item(Key={"pk": reports.provider.pk, "sk": reports.provider.sk})

    with pytest.raises(ReportProblems, match="licensees not found"):
        run()
    assert len(mail.refresh()) == 4


def test_a_request_cannot_attach_another_compacts_or_states_report(reports, mail):
    from notifications import service
    from notifications.attachments import ForeignReport

    reports.buy(reports.body(["ky"]))
    settle_and_collect(reports)
    [compact_key, ohio_key, *_] = run()["reports"]["aslp"]
    request = {
        "template": "JurisdictionTransactionReporting",
        "recipientType": "JURISDICTION_SUMMARY_REPORT",
        "compact": "aslp",
        "jurisdiction": "ky",
        "templateVariables": {
            "reportS3Path": ohio_key,
            "reportingCycle": "weekly",
            "startDate": "2026-12-01",
            "endDate": "2026-12-07",
        },
    }
    sent = len(mail.refresh())

    for path in (ohio_key, compact_key):
        with pytest.raises(ForeignReport, match="reportS3Path"):
            service.lambda_handler(
                {**request, "templateVariables": {**request["templateVariables"], "reportS3Path": path}},
                CONTEXT,
            )
    assert len(mail.refresh()) == sent
