"""The ``Idempotency-Key`` of a purchase (issue #15): a retry gets the first answer and is not charged
again; the key with another body, or while the first request runs, is a 409; a key whose request died
after charging is taken over and that charge voided."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core import keys
from core.models.transaction import PurchaseRequest
from core.repositories.transactions import TransactionRepository
from purchases.models import PrivilegePurchaseRequest
from purchases.purchase import CLAIM_ABANDONED_AFTER, PurchaseOrder
from tests.functions.purchases.test_purchase import _charges

KEY = "order-7f3c2a"


def test_a_retry_with_the_same_key_and_body_gets_the_first_answer_and_no_second_charge(shop):
    body = shop.body(["ky"])

    first = shop.buy(body, key=KEY)
    again = shop.buy(body, key=KEY)

    assert first[0] == 200 and again == first
    assert len(_charges(shop)) == 1
    assert len(shop.records().privileges) == 1


def test_the_same_key_with_another_body_is_refused(shop):
    shop.buy(shop.body(["ky"]), key=KEY)

    status, answer = shop.buy(shop.body(["ne"]), key=KEY)

    assert status == 409
    assert "already used for a different purchase request" in answer["message"]
    assert len(_charges(shop)) == 1


def test_a_key_is_the_callers_own(shop):
    """Another practitioner's identical key is another request."""
    from tests.records import make_license, make_provider, put

    other = make_provider(compact_connect_registered_email_address="other@example.org")
    put(shop.tables["provider"], other, make_license(other))
    shop.buy(shop.body(["ky"]), key=KEY)

    status, _ = shop.buy(shop.body(["ky"]), key=KEY, provider=other)

    assert status == 200
    assert len(_charges(shop)) == 2


def _claim(shop, body, claimed_at, charged=None):
    order = PurchaseOrder(
        "aslp", shop.provider.provider_id, PrivilegePurchaseRequest.model_validate(body), KEY
    )
    claim = PurchaseRequest(
        compact="aslp",
        provider_id=shop.provider.provider_id,
        idempotency_key=KEY,
        request_hash=order.request_hash,
        claimed_at=claimed_at,
        charged_transaction_id=charged,
        ttl=keys.epoch_seconds(claimed_at + timedelta(days=1)),
    )
    assert TransactionRepository(shop.tables["transaction_history"]).claim(claim, replacing=None)


def test_a_key_whose_purchase_is_still_running_is_a_409(shop):
    body = shop.body(["ky"])
    _claim(shop, body, datetime.now(tz=UTC))

    status, answer = shop.buy(body, key=KEY)

    assert status == 409 and "still being processed" in answer["message"]
    assert _charges(shop) == []


def test_an_abandoned_key_is_taken_over_and_its_charge_voided(shop):
    """The first request charged the card and died before writing: its charge is voided, the retry buys."""
    earlier = shop.processor.tokenize(
        {"cardNumber": "5424000000000015", "expirationDate": "2038-12", "cardCode": "1"}
    )
    abandoned_charge = shop.processor.answer(_charge_document(earlier["dataValue"]))
    abandoned_id = _trans_id(abandoned_charge)
    body = shop.body(["ky"])
    _claim(shop, body, datetime.now(tz=UTC) - CLAIM_ABANDONED_AFTER - timedelta(seconds=1), abandoned_id)

    status, answer = shop.buy(body, key=KEY)

    assert status == 200, answer
    statuses = {e["transId"]: e["status"] for e in _charges(shop)}
    assert statuses == {abandoned_id: "voided", answer["transactionId"]: "capturedPendingSettlement"}


def test_a_failed_purchase_releases_its_key(shop):
    body = shop.body(["ky"], orderInformation={"opaqueData": shop.nonce(zip="46282")})
    assert shop.buy(body, key=KEY)[0] == 400

    retried = shop.buy(shop.body(["ky"]), key=KEY)  # a new card: another body, but the key is free again

    assert retried[0] == 200, retried


def _charge_document(nonce: str) -> bytes:
    from sandbox.anet_xml import NAMESPACE

    return (
        f'<createTransactionRequest xmlns="{NAMESPACE}"><merchantAuthentication><name>shop-login</name>'
        "<transactionKey>shop-key</transactionKey></merchantAuthentication><transactionRequest>"
        "<transactionType>authCaptureTransaction</transactionType><amount>5.00</amount><payment><opaqueData>"
        f"<dataDescriptor>COMMON.ACCEPT.INAPP.PAYMENT</dataDescriptor><dataValue>{nonce}</dataValue>"
        "</opaqueData></payment></transactionRequest></createTransactionRequest>"
    ).encode()


def _trans_id(document: bytes) -> str:
    import re

    found = re.search(rb"<transId>(\d+)</transId>", document)
    assert found is not None
    return found.group(1).decode()


def test_a_charge_that_cannot_be_noted_on_its_key_is_voided_and_the_key_freed(shop, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the transaction table is unreachable")

    body = shop.body(["ky"])
    with monkeypatch.context() as patched:
        patched.setattr(TransactionRepository, "record_charge", fail)
        status, _ = shop.buy(body, key=KEY)

    assert status == 503
    assert [e["status"] for e in _charges(shop)] == ["voided"]
    assert shop.records().privileges == []
    assert (
        TransactionRepository(shop.tables["transaction_history"]).purchase_request(
            "aslp", shop.provider.provider_id, KEY
        )
        is None
    )


def test_the_key_header_is_read_in_any_case_and_a_malformed_one_is_a_400_naming_it(shop):
    body = shop.body(["ky"])
    status, answer = shop.buy(body, key="not a key!")
    assert status == 400 and answer["message"].startswith("Idempotency-Key:")
    assert _charges(shop) == []

    from purchases import purchase_api
    from tests.functions.conftest import api_event
    from tests.functions.purchases.shop import CONTEXT

    claims = {"sub": "s-1", "custom:compact": "aslp", "custom:providerId": shop.provider.provider_id}
    for _ in range(2):
        event = api_event(
            "POST", "/v1/purchases/privileges", body=body, claims=claims, headers={"idempotency-key": KEY}
        )
        assert purchase_api.lambda_handler(event, CONTEXT)["statusCode"] == 200
    assert len(_charges(shop)) == 1
