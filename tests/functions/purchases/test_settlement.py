"""The transaction-history workflow's collector on moto against the Authorize.Net stand-in (issue #15):
settled transactions stored with the privileges they paid for, once however often it runs, in bounded
runs, reconciled with the purchases' charges, and a failure (a settlement error, a charge unsettled for
48 hours) answered as ``BATCH_FAILURE`` for the operations team's email."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from core.models.transaction import Transaction, UnsettledTransaction
from purchases import credentials, settlement, settlement_handler
from purchases.processor import Credentials, PaymentProcessor
from tests.functions.purchases.shop import CONTEXT, FEES
from tests.functions.purchases.test_processor import ITEMS
from tests.records import make_license, make_provider, put


def collect(shop, **state):
    now = datetime.now(tz=UTC)
    event = {
        "compact": "aslp",
        "scheduledTime": now.isoformat(),
        "processedBatchIds": [],
        "endTime": (now + timedelta(seconds=5)).isoformat(),
        **state,
    }
    return settlement_handler.lambda_handler(event, CONTEXT)


def stored(shop) -> list[Transaction]:
    items = shop.transaction_items()
    return [Transaction.from_item(i) for i in items if i["type"] == "transaction"]


def unsettled(shop) -> list[dict]:
    return [i for i in shop.transaction_items() if i["type"] == "unsettled_transaction"]


def test_settled_purchases_are_stored_with_their_privilege_ids_and_reconciled(shop):
    status, bought = shop.buy(shop.body(["ky", "ne"]))
    assert status == 200
    shop.processor.settle()

    answer = collect(shop)

    assert answer["status"] == "COMPLETE"
    [transaction] = stored(shop)
    assert transaction.transaction_id == bought["transactionId"]
    assert transaction.licensee_id == shop.provider.provider_id
    assert transaction.transaction_status == "settledSuccessfully"
    assert Decimal(transaction.settle_amount) == FEES["ky"] + FEES["ne"] + 2 * Decimal("3.50") + 2 * Decimal(
        "1.75"
    )
    privileges = {i.item_id: i.privilege_id for i in transaction.line_items if i.item_id.startswith("priv:")}
    assert privileges == {"priv:aslp-ky-slp": "SLP-KY-1", "priv:aslp-ne-slp": "SLP-NE-2"}
    assert unsettled(shop) == []
    assert len(answer["processedBatchIds"]) == 1


def test_running_again_stores_nothing_twice(shop):
    shop.buy(shop.body(["ky"]))
    shop.processor.settle()
    first = collect(shop)

    again = collect(shop, startTime=first["startTime"])

    assert again["status"] == "COMPLETE"
    assert len(stored(shop)) == 1


def test_a_run_stops_at_its_limit_and_the_next_goes_on_where_it_stopped(shop, monkeypatch):
    other = make_provider(compact_connect_registered_email_address="other@example.org")
    put(shop.tables["provider"], other, make_license(other))
    shop.buy(shop.body(["ky"]))
    shop.buy(shop.body(["ky"]), provider=other)
    shop.processor.settle()
    monkeypatch.setattr(settlement, "TRANSACTIONS_PER_RUN", 1)

    first = collect(shop)
    assert first["status"] == "IN_PROGRESS" and len(stored(shop)) == 1
    second = collect(shop, **{k: v for k, v in first.items() if k != "status"})

    assert second["status"] == "COMPLETE"
    assert {t.licensee_id for t in stored(shop)} == {shop.provider.provider_id, other.provider_id}


def test_a_settlement_error_is_a_batch_failure_naming_the_transaction(shop):
    _, bought = shop.buy(shop.body(["ky"]))
    shop.processor.settle(failing=frozenset({bought["transactionId"]}))

    answer = collect(shop)

    assert answer["status"] == "BATCH_FAILURE"
    summary = json.loads(answer["batchFailureErrorMessage"])
    assert summary["failedTransactionIds"] == [bought["transactionId"]]
    assert summary["message"] == "Settlement errors detected in one or more transactions."
    assert len(unsettled(shop)) == 1  # still owed: it did not settle


def test_a_charge_unsettled_for_two_days_is_a_batch_failure(shop):
    old = UnsettledTransaction(
        compact="aslp",
        transaction_id="60000000000",
        transaction_date=datetime.now(tz=UTC) - timedelta(hours=49),
    )
    shop.tables["transaction_history"].put_item(Item=old.to_item())

    answer = collect(shop)

    summary = json.loads(answer["batchFailureErrorMessage"])
    assert answer["status"] == "BATCH_FAILURE"
    assert summary["unsettledTransactionIds"] == ["60000000000"]
    assert "not settled in over 48 hours" in summary["message"]


def test_declined_transactions_are_not_stored(shop):
    shop.buy(shop.body(["ky"], orderInformation={"opaqueData": shop.nonce(zip="46282")}))
    shop.processor.settle()

    assert collect(shop)["status"] == "COMPLETE"
    assert stored(shop) == []


def test_a_compact_that_is_not_live_has_nothing_to_collect(shop):
    table = shop.tables["compact_configuration"]
    record = table.get_item(Key={"pk": "aslp#CONFIGURATION", "sk": "aslp#CONFIGURATION"})["Item"]
    for state in record["configuredStates"]:
        state["isLive"] = False
    table.put_item(Item=record)

    assert collect(shop)["status"] == "COMPLETE"


def test_the_window_starts_at_the_last_stored_settlement_and_ends_at_the_cut_off(shop):
    shop.buy(shop.body(["ky"]))
    shop.processor.settle()
    collect(shop)
    [transaction] = stored(shop)
    scheduled = datetime.now(tz=UTC) + timedelta(days=1)
    run = settlement.HistoryRun(compact="aslp", scheduled_time=scheduled)
    ports = settlement.HistoryPorts(
        configuration=None, transactions=_repository(shop), providers=None, processor=None, now=None
    )

    start, end = settlement.window(run, ports)

    assert start == transaction.batch.settlement_time_utc  # that batch again: it may be incomplete
    assert end == scheduled.replace(hour=1, minute=0, second=0, microsecond=0)


def _repository(shop):
    from core.repositories.transactions import TransactionRepository

    return TransactionRepository(shop.tables["transaction_history"])


@pytest.fixture(autouse=True)
def _clean_batches(shop, monkeypatch):
    monkeypatch.setattr(shop.processor, "batches", [])


def test_a_general_error_that_bought_nothing_is_noted_but_one_that_bought_a_privilege_fails(
    shop, monkeypatch
):
    """Across runs: the general error of a charge that bought nothing is no failure, even when an earlier
    run collected it; one whose purchase wrote privileges is."""
    stray = PaymentProcessor(Credentials("shop-login", "shop-key"), os.environ[credentials.ENDPOINT_OVERRIDE])
    nonce = shop.nonce()
    orphan = stray.charge(Decimal("78.50"), nonce["dataDescriptor"], nonce["dataValue"], "LICENSEE#x#", ITEMS)
    _, bought = shop.buy(shop.body(["ky"]))
    shop.processor.settle(frozenset({orphan.transaction_id, bought["transactionId"]}), status="generalError")
    monkeypatch.setattr(settlement, "TRANSACTIONS_PER_RUN", 1)

    state = collect(shop)
    while state["status"] == "IN_PROGRESS":
        state = collect(shop, **{k: v for k, v in state.items() if k != "status"})

    assert state["status"] == "BATCH_FAILURE"
    assert json.loads(state["batchFailureErrorMessage"])["failedTransactionIds"] == [bought["transactionId"]]


def test_an_execution_that_failed_part_way_through_a_batch_is_completed_by_the_next(shop, monkeypatch):
    other = make_provider(compact_connect_registered_email_address="other@example.org")
    put(shop.tables["provider"], other, make_license(other))
    shop.buy(shop.body(["ky"]))
    shop.buy(shop.body(["ky"]), provider=other)
    shop.processor.settle()
    monkeypatch.setattr(settlement, "TRANSACTIONS_PER_RUN", 1)
    assert collect(shop)["status"] == "IN_PROGRESS"  # and then the execution died

    later = datetime.now(tz=UTC) + timedelta(minutes=1)
    monkeypatch.setattr(settlement, "TRANSACTIONS_PER_RUN", 500)
    event = {"compact": "aslp", "scheduledTime": later.isoformat(), "endTime": later.isoformat()}
    assert settlement_handler.lambda_handler(event, CONTEXT)["status"] == "COMPLETE"

    assert len(stored(shop)) == 2
