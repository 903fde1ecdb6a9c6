"""The real ``authorizenet`` SDK against the sandbox's Authorize.Net stand-in (issue #15): the calls the
purchase makes, and the processor's documented sandbox behaviour."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from decimal import Decimal

import pytest
import requests

from purchases.fees import LineItem
from purchases.processor import Credentials, PaymentDeclined, PaymentProcessor, ProcessorError
from sandbox.payment_processor import API_PATH, PaymentProcessorStandIn

VISA = {"cardNumber": "4111111111111111", "expirationDate": "2038-12", "cardCode": "999", "zip": "44101"}
ITEMS = [
    LineItem(
        "priv:aslp-ky-slp", "Kentucky Compact Privilege", "Compact Privilege for Kentucky", 1, Decimal("75")
    ),
    LineItem(
        "aslp-compact-fee",
        "ASLP Compact Fee",
        "Compact fee applied for each privilege purchased",
        1,
        Decimal("3.50"),
    ),
]


@pytest.fixture(scope="module")
def processor() -> Iterator[tuple[PaymentProcessorStandIn, str]]:
    stand_in = PaymentProcessorStandIn()
    stand_in.add_merchant("login-1", "key-1")
    url = stand_in.serve(0)
    yield stand_in, url
    stand_in.stop()


def client(url: str, key: str = "key-1") -> PaymentProcessor:
    return PaymentProcessor(Credentials("login-1", key), url=url + API_PATH)


def nonce(url: str, **card: str) -> dict[str, str]:
    response = requests.post(f"{url}/tokenize", json={**VISA, **card}, timeout=5)
    assert response.status_code == 200, response.text
    return response.json()


def charge(url: str, opaque: dict[str, str], order: str | None = None) -> str:
    """Each order its own description unless given, so charges of one card are not duplicates."""
    description = order or f"LICENSEE#{uuid.uuid4()}#"
    return (
        client(url)
        .charge(Decimal("78.50"), opaque["dataDescriptor"], opaque["dataValue"], description, ITEMS)
        .transaction_id
    )


def test_the_credentials_are_checked_with_the_merchant_details(processor):
    stand_in, url = processor

    assert client(url).public_client_key() == stand_in.merchants["login-1"][1]
    with pytest.raises(ProcessorError, match="authentication failed"):
        client(url, key="wrong").public_client_key()


def test_a_charge_is_recorded_once_with_its_line_items_and_can_be_voided(processor):
    _, url = processor

    transaction = charge(url, nonce(url))

    [entry] = [e for e in requests.get(f"{url}/ledger", timeout=5).json() if e["transId"] == transaction]
    assert (entry["amount"], entry["status"]) == ("78.50", "capturedPendingSettlement")
    assert [(i["itemId"], i["quantity"], i["unitPrice"]) for i in entry["lineItems"]] == [
        ("priv:aslp-ky-slp", "1", "75.00"),
        ("aslp-compact-fee", "1", "3.50"),
    ]
    client(url).void(transaction)
    statuses = {e["transId"]: e["status"] for e in requests.get(f"{url}/ledger", timeout=5).json()}
    assert statuses[transaction] == "voided"
    client(url).void(transaction)  # voided already (code 310): a retried void is what was wanted
    with pytest.raises(ProcessorError, match="could not be voided"):
        client(url).void("60000999999")  # no such charge


def test_the_declining_zip_declines_and_a_nonce_works_once(processor):
    _, url = processor

    with pytest.raises(PaymentDeclined, match="declined"):
        charge(url, nonce(url, zip="46282"))
    used = nonce(url)
    charge(url, used)
    with pytest.raises(PaymentDeclined, match="security filters"):  # E00114, as the reference words it
        charge(url, used)


def test_the_same_charge_again_within_the_duplicate_window_is_refused(processor):
    _, url = processor
    charge(url, nonce(url), order="LICENSEE#same#")

    with pytest.raises(PaymentDeclined, match="Error code: 11"):
        charge(url, nonce(url), order="LICENSEE#same#")
    charge(url, nonce(url, cardNumber="5424000000000015"), order="LICENSEE#same#")  # another card


def test_settling_settles_what_is_captured(processor):
    _, url = processor
    transaction = charge(url, nonce(url))

    assert requests.post(f"{url}/settle", timeout=5).json()["settled"] >= 1

    statuses = {e["transId"]: e["status"] for e in requests.get(f"{url}/ledger", timeout=5).json()}
    assert statuses[transaction] == "settledSuccessfully"


def test_a_card_number_accept_js_would_refuse_gets_no_nonce(processor):
    _, url = processor

    assert (
        requests.post(
            f"{url}/tokenize", json={**VISA, "cardNumber": "4111111111111112"}, timeout=5
        ).status_code
        == 400
    )


def test_an_unreachable_processor_is_a_processor_error():
    with pytest.raises(ProcessorError, match="payment processor"):
        client("http://127.0.0.1:9").public_client_key()


def test_settled_batches_list_their_transactions_with_details(processor):
    from datetime import UTC, datetime, timedelta

    _, url = processor
    paid = charge(url, nonce(url), order="LICENSEE#0c8e1c9e-6d0b-4d5e-9a43-2d8bb7e4f0a1#")
    requests.post(f"{url}/settle", timeout=5)
    now = datetime.now(tz=UTC)

    batches = client(url).settled_batches(now - timedelta(days=1), now + timedelta(minutes=1))
    [batch] = [b for b in batches if paid in client(url).transaction_ids(b.batch_id)]
    details = client(url).transaction_details(paid)

    assert batch.settlement_state == "settledSuccessfully" and batch.settlement_time_utc.endswith("Z")
    assert (details.transaction_status, Decimal(details.settle_amount), details.response_code) == (
        "settledSuccessfully",
        Decimal("78.50"),
        "1",
    )
    assert details.order_description == "LICENSEE#0c8e1c9e-6d0b-4d5e-9a43-2d8bb7e4f0a1#"
    assert [(i["itemId"], Decimal(i["quantity"]), Decimal(i["unitPrice"])) for i in details.line_items] == [
        ("priv:aslp-ky-slp", 1, Decimal("75")),
        ("aslp-compact-fee", 1, Decimal("3.50")),
    ]
    with pytest.raises(ProcessorError, match="31 days"):
        client(url).settled_batches(now - timedelta(days=40), now)
