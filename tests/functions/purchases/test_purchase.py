"""``POST /v1/purchases/privileges`` on moto, charging the Authorize.Net stand-in with the real SDK
(issue #15): the charge, the records written, and every failure after the charge checked against the
processor's ledger — voided with nothing left behind, or (publishing) not a failure at all."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from core.models.enums import HomeJurisdictionChangeStatus
from core.models.outbox import PendingEvents
from core.repositories.providers import ProviderRepository
from core.repositories.transactions import TransactionRepository
from event_relay import relay
from purchases import purchase_api
from tests.functions.moto_clients import moto_client
from tests.functions.purchases.shop import (
    CARD_FEE,
    COMMISSION,
    CONTEXT,
    EMAIL,
    FEES,
    MILITARY_RATE,
    military_attestations,
)
from tests.records import make_military_affiliation, make_privilege, put


def _charges(shop, status=None):
    return [
        e for e in shop.ledger() if e["type"] == "authCaptureTransaction" and status in (None, e["status"])
    ]


def test_two_privileges_cost_the_configured_fees_exactly_and_are_written_with_their_records(shop):
    status, answer = shop.buy(shop.body(["ky", "ne"]))

    assert status == 200, answer
    expected = FEES["ky"] + FEES["ne"] + 2 * COMMISSION + 2 * CARD_FEE
    [charge] = _charges(shop)
    assert (charge["transId"], Decimal(charge["amount"]), charge["status"]) == (
        answer["transactionId"], expected, "capturedPendingSettlement",
    )  # fmt: skip
    assert [item["itemId"] for item in answer["lineItems"]] == [
        "priv:aslp-ky-slp", "priv:aslp-ne-slp", "aslp-compact-fee", "credit-card-transaction-fee",
    ]  # fmt: skip
    records = shop.records()
    bought = {p.jurisdiction: p for p in records.privileges}
    assert set(bought) == {"ky", "ne"}
    assert {p.privilege_id for p in bought.values()} == {"SLP-KY-1", "SLP-NE-2"}
    assert all(p.date_of_expiration == shop.license.date_of_expiration for p in bought.values())
    assert all(p.compact_transaction_id == answer["transactionId"] for p in bought.values())
    assert records.provider.privilege_jurisdictions == {"ky", "ne"}
    [unsettled] = [i for i in shop.transaction_items() if i["type"] == "unsettled_transaction"]
    assert unsettled["transactionId"] == answer["transactionId"]
    assert not [i for i in shop.transaction_items() if i["pk"] == "PENDING_EVENTS"]  # published, cleared
    kinds = [entry.detail_type for entry in shop.published]
    assert kinds == ["privilege.purchase", "privilege.issued", "privilege.issued"]
    assert f'"totalCost":"{expected:.2f}"' in shop.published[0].detail


def test_an_active_military_practitioner_pays_the_military_rate_where_it_is_set(shop):
    military = shop.provider.model_copy(update={"military_status": "approved"})
    put(shop.tables["provider"], military, make_military_affiliation(military, status="active"))

    status, answer = shop.buy(shop.body(["ky", "ne"], attestations=military_attestations()))

    assert status == 200, answer
    prices = {item["itemId"]: item for item in answer["lineItems"]}
    assert prices["priv:aslp-ky-slp"]["unitPrice"] == f"{MILITARY_RATE:.2f}"
    assert prices["priv:aslp-ky-slp"]["description"].endswith("(Military Rate)")
    assert prices["priv:aslp-ne-slp"]["unitPrice"] == f"{FEES['ne']:.2f}"


def test_a_renewal_keeps_the_privilege_id_and_issuance_and_clears_what_set_it_aside(shop):
    old = make_privilege(
        shop.provider,
        "ky",
        7,
        date_of_expiration=date(2024, 1, 1),
        home_jurisdiction_change_status=HomeJurisdictionChangeStatus.INACTIVE,
    )
    put(shop.tables["provider"], old)

    status, answer = shop.buy(shop.body(["ky"]))

    assert status == 200, answer
    records = shop.records()
    [renewed] = records.privileges
    assert (renewed.privilege_id, renewed.date_of_issuance) == (old.privilege_id, old.date_of_issuance)
    assert renewed.home_jurisdiction_change_status is None
    assert renewed.date_of_expiration == shop.license.date_of_expiration
    [update] = records.privilege_updates
    assert update.update_type == "renewal"
    assert "homeJurisdictionChangeStatus" in (update.removed_values or [])
    assert [entry.detail_type for entry in shop.published] == ["privilege.purchase", "privilege.renewed"]


def test_a_declined_card_is_a_400_with_the_processors_words_and_writes_nothing(shop):
    status, answer = shop.buy(shop.body(["ky"], orderInformation={"opaqueData": shop.nonce(zip="46282")}))

    assert status == 400
    assert answer["message"].startswith("Failed to process transaction. Error code: 2")
    assert [e["status"] for e in _charges(shop)] == ["declined"]
    assert shop.records().privileges == [] and shop.transaction_items() == []


def test_the_same_charge_within_the_duplicate_window_is_refused_without_a_key(shop):
    """Nebraska priced like Kentucky: a second purchase of the same card, amount and order moments after
    the first is refused by the processor (code 11), a 400 that writes nothing."""
    table = shop.tables["compact_configuration"]
    nebraska = table.get_item(Key={"pk": "aslp#CONFIGURATION", "sk": "aslp#JURISDICTION#ne"})["Item"]
    for fee in nebraska["privilegeFees"]:
        fee["amount"] = FEES["ky"]
    table.put_item(Item=nebraska)

    first_status, _ = shop.buy(shop.body(["ky"]))
    again_status, again = shop.buy(shop.body(["ne"]))

    assert first_status == 200
    assert again_status == 400 and "Error code: 11" in again["message"]
    assert [p.jurisdiction for p in shop.records().privileges] == ["ky"]
    assert len(_charges(shop)) == 1


@pytest.mark.parametrize("step", ["privilege numbers", "privilege write", "transaction write"])
def test_a_failure_after_the_charge_voids_it_and_leaves_nothing(shop, monkeypatch, step):
    def fail(*args, **kwargs):
        raise RuntimeError(f"{step} failed")

    if step == "privilege numbers":
        monkeypatch.setattr(ProviderRepository, "claim_privilege_numbers", fail)
    elif step == "privilege write":
        monkeypatch.setattr(ProviderRepository, "put_guarded", fail)
    else:
        monkeypatch.setattr(TransactionRepository, "new_item", fail)

    status, answer = shop.buy(shop.body(["ky", "ne"]))

    assert status == 503, answer
    assert "voided" in answer["message"]
    [charge] = _charges(shop)
    assert charge["status"] == "voided"
    assert [e["refTransId"] for e in shop.ledger() if e["type"] == "voidTransaction"] == [charge["transId"]]
    records = shop.records()
    assert records.privileges == [] and records.privilege_updates == []
    assert records.provider.privilege_jurisdictions == set()
    assert shop.transaction_items() == []  # no unsettled record, and no outbox entry to email a receipt
    assert shop.published == []


def test_a_publishing_failure_leaves_the_purchase_standing_and_the_relay_publishes_it(shop, monkeypatch):
    def unreachable_bus(entries):
        raise RuntimeError("EventBridge is unreachable")

    monkeypatch.setattr(purchase_api, "put", unreachable_bus)
    status, answer = shop.buy(shop.body(["ky"]))

    assert status == 200, answer
    assert [e["status"] for e in _charges(shop)] == ["capturedPendingSettlement"]
    assert [p.jurisdiction for p in shop.records().privileges] == ["ky"]
    [pending] = [PendingEvents.from_item(i) for i in shop.transaction_items() if i["pk"] == "PENDING_EVENTS"]
    assert pending.change_id == answer["transactionId"]

    relayed = []
    monkeypatch.setattr(relay, "put", relayed.extend)
    monkeypatch.setattr(relay, "now_utc_precise", lambda: datetime.now(tz=UTC) + timedelta(minutes=2))
    assert relay.lambda_handler({}, CONTEXT) == {"published": 1}
    assert [entry.detail_type for entry in relayed] == ["privilege.purchase", "privilege.issued"]
    assert [i for i in shop.transaction_items() if i["pk"] == "PENDING_EVENTS"] == []


def test_the_relay_leaves_entries_the_purchase_is_still_publishing(shop, monkeypatch):
    monkeypatch.setattr(purchase_api, "put", lambda entries: (_ for _ in ()).throw(RuntimeError("down")))
    shop.buy(shop.body(["ky"]))
    relayed = []
    monkeypatch.setattr(relay, "put", relayed.extend)

    assert relay.lambda_handler({}, CONTEXT) == {"published": 0}
    assert relayed == []


def test_a_provider_changed_between_read_and_write_is_read_again(shop, monkeypatch):
    """Another writer touched the provider record after the purchase read it: the write is retried on the
    fresh record, and the purchase goes through once."""
    original = ProviderRepository.put_guarded
    calls = []

    def interfering(self, puts, also=()):
        if not calls:
            provider = shop.records().provider
            put(shop.tables["provider"], provider.model_copy(update={"date_of_update": datetime.now(tz=UTC)}))
        calls.append(1)
        return original(self, puts, also)

    monkeypatch.setattr(ProviderRepository, "put_guarded", interfering)
    status, answer = shop.buy(shop.body(["ky"]))

    assert status == 200, answer
    assert len(calls) == 2
    assert [e["status"] for e in _charges(shop)] == ["capturedPendingSettlement"]


def test_the_receipt_event_names_the_practitioner_and_every_privilege(shop):
    shop.buy(shop.body(["ky", "ne"]))
    purchase = shop.published[0]

    assert purchase.source == "org.compactconnect.purchases"
    assert EMAIL in purchase.detail and "SLP-KY-1" in purchase.detail and "SLP-NE-2" in purchase.detail


def test_a_write_whose_answer_was_lost_after_it_committed_is_not_voided(shop, monkeypatch):
    original = ProviderRepository.put_guarded

    def committed_then_timed_out(self, puts, also=()):
        original(self, puts, also)
        raise TimeoutError("the answer was lost on the way back")

    monkeypatch.setattr(ProviderRepository, "put_guarded", committed_then_timed_out)
    status, answer = shop.buy(shop.body(["ky"]))

    assert status == 200, answer
    assert [e["status"] for e in _charges(shop)] == ["capturedPendingSettlement"]
    assert [p.jurisdiction for p in shop.records().privileges] == ["ky"]


def test_new_credentials_uploaded_within_the_cache_age_are_read_again_when_the_old_are_refused(shop):
    import json as _json

    shop.buy(shop.body(["ky"]))  # the credentials are cached now
    shop.processor.merchants["shop-login"] = ("rotated-key", shop.processor.merchants["shop-login"][1])
    moto_client("secretsmanager").put_secret_value(
        SecretId="compact-connect/env/test/compact/aslp/credentials/payment-processor",
        SecretString=_json.dumps(
            {"processor": "authorize.net", "api_login_id": "shop-login", "transaction_key": "rotated-key"}
        ),
    )

    status, answer = shop.buy(shop.body(["ne"]))

    assert status == 200, answer
    assert len(_charges(shop, "capturedPendingSettlement")) == 2


def test_a_void_that_fails_keeps_the_charge_on_the_key_and_the_keys_next_request_voids_it(shop, monkeypatch):
    """The retry resends the spent nonce, so the processor refuses it: what matters is that the stuck
    charge is voided and nothing more is charged."""
    from core.repositories.transactions import TransactionRepository as Transactions
    from purchases.processor import PaymentProcessor, ProcessorError

    body = shop.body(["ky"])
    with monkeypatch.context() as broken:
        broken.setattr(
            ProviderRepository, "put_guarded", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("down"))
        )
        broken.setattr(
            PaymentProcessor, "void", lambda *a: (_ for _ in ()).throw(ProcessorError("unreachable"))
        )
        status, answer = shop.buy(body, key="k-1")

    assert status == 503 and "could not be voided" in answer["message"]
    [stuck] = _charges(shop, "capturedPendingSettlement")
    claims = Transactions(shop.tables["transaction_history"])
    held = claims.purchase_request("aslp", shop.provider.provider_id, "k-1")
    assert held.charged_transaction_id == stuck["transId"]
    shop.tables["transaction_history"].update_item(  # the claim is abandoned: five minutes have passed
        Key={"pk": held.pk, "sk": held.sk},
        UpdateExpression="SET claimedAt = :old",
        ExpressionAttributeValues={":old": "2020-01-01T00:00:00+00:00"},
    )

    status, _ = shop.buy(body, key="k-1")

    assert status == 400
    assert [(e["transId"], e["status"]) for e in _charges(shop)] == [(stuck["transId"], "voided")]


def test_the_relay_goes_on_past_an_entry_the_bus_refuses(shop, monkeypatch):
    monkeypatch.setattr(purchase_api, "put", lambda entries: (_ for _ in ()).throw(RuntimeError("down")))
    other = shop.provider
    shop.buy(shop.body(["ky"]))
    shop.buy(shop.body(["ne"]), provider=other)
    refused_first = []

    def flaky(entries):
        if not refused_first:
            refused_first.append(entries)
            raise RuntimeError("this entry is refused")

    monkeypatch.setattr(relay, "put", flaky)
    monkeypatch.setattr(relay, "now_utc_precise", lambda: datetime.now(tz=UTC) + timedelta(minutes=2))

    assert relay.lambda_handler({}, CONTEXT) == {"published": 1}
    assert (
        len([i for i in shop.transaction_items() if i["pk"] == "PENDING_EVENTS"]) == 1
    )  # left for next time
