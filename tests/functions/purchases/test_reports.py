"""The transaction reports' windows and contents as pure functions (payments_security §1.11)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime

import pytest

from core.models.transaction import SettlementBatch, Transaction, TransactionLineItem
from purchases.report_window import ReportWindow
from purchases.reports import Names, Problems, compact_detail, financial_summary, jurisdiction_detail, zipped

SETTLED_AT = datetime(2026, 12, 2, 1, 5, tzinfo=UTC)
ADA = "89a6377e-c3a5-40e5-bca5-317ec854c570"
NAMES = {ADA: Names("Ada", "Lovelace")}
STATES = {"oh": "Ohio", "ky": "Kentucky", "ne": "Nebraska"}


def item(item_id: str, price: str, quantity: str = "1", privilege: str | None = None) -> TransactionLineItem:
    return TransactionLineItem(
        item_id=item_id, name=item_id, description="", quantity=quantity, taxable=False, unit_price=price,
        privilege_id=privilege,
    )  # fmt: skip


def transaction(transaction_id: str, *items: TransactionLineItem) -> Transaction:
    return Transaction(
        transaction_id=transaction_id,
        batch=SettlementBatch(
            batch_id="1",
            settlement_state="settledSuccessfully",
            settlement_time_local="x",
            settlement_time_utc=SETTLED_AT,
        ),
        line_items=list(items),
        compact="aslp",
        licensee_id=ADA,
        response_code="1",
        settle_amount="0",
        submit_time_utc=SETTLED_AT,
        transaction_status="settledSuccessfully",
        transaction_type="authCaptureTransaction",
    )


TWO_STATES = transaction(
    "601",
    item("priv:aslp-ky-slp", "75.00", privilege="SLP-KY-1"),
    item("priv:aslp-ne-slp", "100", privilege="SLP-NE-2"),
    item("aslp-compact-fee", "3.50", "2.0"),
    item("credit-card-transaction-fee", "1.75", "2"),
)


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("now", "first", "last"),
    [
        (datetime(2026, 12, 7, 4, tzinfo=UTC), date(2026, 11, 28), date(2026, 12, 4)),  # Monday's run
        (datetime(2026, 12, 5, 23, tzinfo=UTC), date(2026, 11, 28), date(2026, 12, 4)),  # on a Saturday
    ],
)
def test_the_weekly_window_is_the_last_full_saturday_to_friday(now, first, last):
    window = ReportWindow.for_cycle("weekly", now)

    assert (window.first_day, window.last_day) == (first, last)
    assert window.end == datetime(2026, 12, 5, tzinfo=UTC)


def test_the_monthly_window_is_the_previous_month_and_an_override_includes_both_days():
    monthly = ReportWindow.for_cycle("monthly", datetime(2026, 3, 3, 2, tzinfo=UTC))
    chosen = ReportWindow.of_days(date(2026, 12, 1), date(2026, 12, 7))

    assert (monthly.first_day, monthly.last_day, monthly.text) == (
        date(2026, 2, 1),
        date(2026, 2, 28),
        "2026-02-01--2026-02-28",
    )
    assert chosen.end == datetime(2026, 12, 8, tzinfo=UTC)


def test_the_summary_counts_privileges_and_fees_per_state_and_totals_exactly():
    problems = Problems()

    summary = rows(financial_summary([TWO_STATES], STATES, card_fees_active=True, problems=problems))

    assert summary == [
        ["Privileges purchased for Ohio", "0"],
        ["State Fees (Ohio)", "$0.00"],
        ["Privileges purchased for Kentucky", "1"],
        ["State Fees (Kentucky)", "$75.00"],
        ["Privileges purchased for Nebraska", "1"],
        ["State Fees (Nebraska)", "$100.00"],
        ["Administrative Fees", "$7.00"],
        ["Credit Card Transaction Fees Collected From Licensee", "$3.50"],
        ["", ""],
        ["Total Processed Amount", "$185.50"],
    ]
    assert problems.messages == []


def test_unknown_states_and_items_are_reported_and_still_counted():
    odd = transaction(
        "602", item("priv:aslp-md-slp", "60"), item("legacy-fee", "0.10"), item("aslp-compact-fee", "3.50")
    )
    problems = Problems()

    summary = rows(financial_summary([odd], STATES, card_fees_active=False, problems=problems))

    assert ["Privileges purchased for UNKNOWN (md)", "1"] in summary
    assert ["Unknown Line Item Fees", "$0.10"] in summary
    assert not any(r[0].startswith("Credit Card") for r in summary)
    assert summary[-1] == ["Total Processed Amount", "$63.60"]
    assert len(problems.messages) == 2


def test_the_compact_detail_has_a_row_per_privilege_with_its_transactions_fees():
    detail = rows(compact_detail([TWO_STATES], NAMES))

    assert detail[1] == [
        "Ada",
        "Lovelace",
        ADA,
        "12-02-2026",
        "KY",
        "75.00",
        "3.50",
        "1.75",
        "601",
        "SLP-KY-1",
        "settledSuccessfully",
    ]
    assert [r[4] for r in detail[1:]] == ["KY", "NE"]
    assert rows(compact_detail([], NAMES))[1][0] == "No transactions for this period"


def test_a_jurisdiction_detail_lists_its_privileges_and_its_total():
    kentucky = rows(jurisdiction_detail([TWO_STATES], {}, "ky"))
    ohio = rows(jurisdiction_detail([TWO_STATES], NAMES, "oh"))

    assert kentucky[1][:2] == ["UNKNOWN", "UNKNOWN"]  # a licensee not found
    assert kentucky[-2:] == [
        ["Privileges Purchased", "Total State Amount"] + [""] * 7,
        ["1", "$75.00"] + [""] * 7,
    ]
    assert ohio[1][0] == "No transactions for this period" and ohio[-1][:2] == ["0", "$0.00"]


def test_the_zip_holds_each_file_as_utf8():
    archive = zipfile.ZipFile(io.BytesIO(zipped({"a.csv": "x,é\n"})))

    assert archive.read("a.csv").decode("utf-8") == "x,é\n"
