"""Privilege purchases end to end over HTTP in the sandbox (issue #15): the seeded registered practitioner
reads the options, buys privileges in two live states with a test card, is charged the configured total
exactly once (the stand-in processor's ledger), sees the privileges in ``GET me`` and finds the receipt in
the mailbox; a declined card, a retried ``Idempotency-Key``, a missing attestation, the home state and an
encumbered practitioner are each refused or answered without a second charge."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
import requests

from tests.e2e.practitioners import practitioner_tokens
from tests.e2e.providers import SandboxRecords
from tests.e2e.staff import TIMEOUT, cognito
from tests.e2e.state import eventually
from tests.e2e.test_practitioner_registration import mailbox
from tests.records import make_license, make_provider

OPTIONS = "/v1/purchases/privileges/options"
PURCHASE = "/v1/purchases/privileges"
VISA = {"cardNumber": "4111111111111111", "expirationDate": "2038-12", "cardCode": "123", "zip": "46201"}
CIVILIAN_ATTESTATIONS = (
    "jurisprudence-confirmation",
    "scope-of-practice-attestation",
    "personal-information-address-attestation",
    "personal-information-home-state-attestation",
    "discipline-no-current-encumbrance-attestation",
    "discipline-no-prior-encumbrance-attestation",
    "provision-of-true-information-attestation",
    "not-under-investigation-attestation",
)


def call(
    manifest: dict[str, Any], token: str, method: str, path: str, body: Any = None, **headers: str
) -> requests.Response:
    return requests.request(
        method,
        manifest["apis"]["license"] + path,
        json=body,
        headers={"Authorization": token, **headers},
        timeout=TIMEOUT,
    )


def signed_in(manifest: dict[str, Any], practitioner: dict[str, str]) -> str:
    return cognito(manifest).initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=manifest["userPools"]["provider"]["clientId"],
        AuthParameters={"USERNAME": practitioner["email"], "PASSWORD": practitioner["password"]},
    )["AuthenticationResult"]["IdToken"]


def card(manifest: dict[str, Any], **changes: str) -> dict[str, str]:
    """The opaque data Accept.js would give the browser for the card."""
    response = requests.post(
        manifest["paymentProcessor"]["tokenizeUrl"], json={**VISA, **changes}, timeout=TIMEOUT
    )
    assert response.status_code == 200, response.text
    return response.json()


def ledger(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    return requests.get(manifest["paymentProcessor"]["ledgerUrl"], timeout=TIMEOUT).json()


def attestations(
    manifest: dict[str, Any], token: str, compact: str, ids: tuple[str, ...]
) -> list[dict[str, str]]:
    """Each attestation at its latest version, as the UI reads them before the practitioner accepts."""
    accepted = []
    for attestation_id in ids:
        response = call(manifest, token, "GET", f"/v1/compacts/{compact}/attestations/{attestation_id}")
        assert response.status_code == 200, response.text
        accepted.append({"attestationId": attestation_id, "version": response.json()["version"]})
    return accepted


def order(
    manifest: dict[str, Any],
    token: str,
    compact: str,
    license_type: str,
    states: list[str],
    ids: tuple[str, ...] = CIVILIAN_ATTESTATIONS,
    **card_changes: str,
) -> dict[str, Any]:
    return {
        "licenseType": license_type,
        "selectedJurisdictions": states,
        "orderInformation": {"opaqueData": card(manifest, **card_changes)},
        "attestations": attestations(manifest, token, compact, ids),
    }


def charges_of(manifest: dict[str, Any], transaction_id: str) -> list[dict[str, Any]]:
    return [entry for entry in ledger(manifest) if entry["transId"] == transaction_id]


def test_a_registered_practitioner_buys_two_privileges_and_is_charged_the_total_once(sandbox):
    manifest = sandbox.manifest
    # coun: its live states are paged through by no other test (the privileges bought would show there)
    practitioner = next(p for p in manifest["practitioners"] if p["compact"] == "coun")
    token = signed_in(manifest, practitioner)
    home = practitioner["homeJurisdiction"]
    others = [code for code in manifest["demo"]["liveJurisdictions"]["coun"] if code != home][:2]

    options = call(manifest, token, "GET", OPTIONS)
    assert options.status_code == 200, options.text
    compact_item = next(item for item in options.json()["items"] if item["type"] == "compact")
    states = {
        item["postalAbbreviation"]: item for item in options.json()["items"] if item["type"] == "jurisdiction"
    }
    assert set(states) == set(manifest["demo"]["liveJurisdictions"]["coun"])
    assert compact_item["paymentProcessorPublicFields"]["apiLoginId"] == "sandbox-coun"
    assert compact_item["isSandbox"] is True

    abbreviation = next(
        fee["licenseTypeAbbreviation"] for fee in states[others[0]]["privilegeFees"]
    )  # coun's only license type is the practitioner's
    expected = sum(
        Decimal(str(fee["amount"]))
        for state in others
        for fee in states[state]["privilegeFees"]
        if fee["licenseTypeAbbreviation"] == abbreviation
    )
    expected += 2 * Decimal(str(compact_item["compactCommissionFee"]["feeAmount"]))
    expected += 2 * Decimal(
        str(compact_item["transactionFeeConfiguration"]["licenseeCharges"]["chargeAmount"])
    )

    bought = call(
        manifest, token, "POST", PURCHASE, order(manifest, token, "coun", practitioner["licenseType"], others)
    )
    assert bought.status_code == 200, bought.text
    transaction_id = bought.json()["transactionId"]
    [charged] = charges_of(manifest, transaction_id)
    assert (charged["type"], charged["status"]) == ("authCaptureTransaction", "capturedPendingSettlement")
    assert Decimal(charged["amount"]) == expected
    assert sum(Decimal(i["unitPrice"]) * int(i["quantity"]) for i in charged["lineItems"]) == expected
    assert [i["itemId"] for i in bought.json()["lineItems"]] == [i["itemId"] for i in charged["lineItems"]]

    me = call(manifest, token, "GET", "/v1/provider-users/me").json()
    privileges = {
        p["jurisdiction"]: p for p in me["privileges"] if p["compactTransactionId"] == transaction_id
    }
    assert set(privileges) == set(others)
    assert all(p["status"] == "active" for p in privileges.values())

    def receipt() -> list[dict[str, Any]]:
        return [
            m
            for m in mailbox(manifest, practitioner["email"])
            if "privilege purchase" in m["subject"].lower()
        ]

    [message] = eventually(receipt)
    assert f"{expected:.2f}" in message["text"]
    assert all(p["privilegeId"] in message["text"] for p in privileges.values())


@pytest.fixture
def buyer(sandbox):
    """A practitioner of coun licensed in its first live state, signed in, with nothing bought yet."""
    manifest = sandbox.manifest
    home, *others = manifest["demo"]["liveJurisdictions"]["coun"]
    ssn = f"111-55-{uuid.uuid4().int % 10_000:04d}"
    email = f"buyer-{uuid.uuid4().hex[:8]}@example.org"
    records = SandboxRecords(manifest)
    provider = make_provider(
        provider_id=records.ssns.get_or_create_provider_id("coun", ssn),
        compact="coun",
        license_jurisdiction=home,
        current_home_jurisdiction=home,
        ssn_last_four=ssn[-4:],
        compact_connect_registered_email_address=email,
    )
    records.put(provider, make_license(provider, license_type_abbreviation="lpc", ssn_last_four=ssn[-4:]))
    token = practitioner_tokens(manifest, email, "coun", provider.provider_id)["IdToken"]
    return {"token": token, "home": home, "others": others, "provider": provider}


LPC = "licensed professional counselor"


def test_a_declined_card_is_a_400_and_buys_nothing(sandbox, buyer):
    manifest = sandbox.manifest
    before = len(ledger(manifest))

    refused = call(
        manifest, buyer["token"], "POST", PURCHASE,
        order(manifest, buyer["token"], "coun", LPC, buyer["others"][:1], zip="46282"),
    )  # fmt: skip

    assert refused.status_code == 400, refused.text
    assert "declined" in refused.json()["message"]
    assert [e["status"] for e in ledger(manifest)[before:]] == ["declined"]
    assert call(manifest, buyer["token"], "GET", "/v1/provider-users/me").json()["privileges"] == []


def test_retrying_with_the_same_idempotency_key_charges_once(sandbox, buyer):
    manifest = sandbox.manifest
    body = order(manifest, buyer["token"], "coun", LPC, buyer["others"][:1])
    key = {"Idempotency-Key": str(uuid.uuid4())}
    before = len(ledger(manifest))

    first = call(manifest, buyer["token"], "POST", PURCHASE, body, **key)
    again = call(manifest, buyer["token"], "POST", PURCHASE, body, **key)
    other_body = call(
        manifest,
        buyer["token"],
        "POST",
        PURCHASE,
        {**body, "selectedJurisdictions": buyer["others"][1:2]},
        **key,
    )

    assert first.status_code == 200, first.text
    assert again.status_code == 200 and again.json() == first.json()
    assert other_body.status_code == 409 and "Idempotency-Key" in other_body.json()["message"]
    charged = [e for e in ledger(manifest)[before:] if e["type"] == "authCaptureTransaction"]
    assert [e["transId"] for e in charged] == [first.json()["transactionId"]]  # one charge, nothing more


@pytest.mark.parametrize(
    "problem",
    ["missing attestation", "home state", "encumbered"],
)
def test_a_purchase_that_may_not_happen_is_refused_before_any_charge(sandbox, buyer, problem):
    manifest = sandbox.manifest
    states, ids = buyer["others"][:1], CIVILIAN_ATTESTATIONS
    if problem == "missing attestation":
        ids = CIVILIAN_ATTESTATIONS[1:]
    elif problem == "home state":
        states = [buyer["home"]]
    else:
        SandboxRecords(manifest).put(buyer["provider"].model_copy(update={"encumbered_status": "encumbered"}))
    body = order(manifest, buyer["token"], "coun", LPC, states, ids)
    before = len(ledger(manifest))

    refused = call(manifest, buyer["token"], "POST", PURCHASE, body)

    assert refused.status_code == 400, refused.text
    assert len(ledger(manifest)) == before


def test_after_settling_the_history_workflow_stores_the_transaction_with_its_privilege_ids(
    sandbox, buyer, capsys
):
    from core.models.transaction import Transaction
    from ops import transaction_history
    from toolkit.state_client import emulator

    manifest = sandbox.manifest
    states = buyer["others"][:2]
    bought = call(
        manifest, buyer["token"], "POST", PURCHASE, order(manifest, buyer["token"], "coun", LPC, states)
    )
    assert bought.status_code == 200, bought.text
    assert requests.post(manifest["paymentProcessor"]["settleUrl"], timeout=TIMEOUT).json()["settled"] >= 1

    assert (
        transaction_history.main(["--sandbox", "--compact", "coun"], manifest_path=sandbox.manifest_path) == 0
    )
    assert '"status": "COMPLETE"' in capsys.readouterr().out

    table = emulator(manifest, "dynamodb", resource=True).Table(manifest["tables"]["transaction_history"])
    items = table.scan(
        FilterExpression="transactionId = :id",
        ExpressionAttributeValues={":id": bought.json()["transactionId"]},
    )
    [transaction] = [Transaction.from_item(i) for i in items["Items"] if i["type"] == "transaction"]
    me = call(manifest, buyer["token"], "GET", "/v1/provider-users/me").json()
    expected = {f"priv:coun-{p['jurisdiction']}-lpc": p["privilegeId"] for p in me["privileges"]}
    assert {i.item_id: i.privilege_id for i in transaction.line_items if i.privilege_id} == expected
    assert transaction.licensee_id == buyer["provider"].provider_id
    assert not [i for i in items["Items"] if i["type"] == "unsettled_transaction"]


def test_the_weekly_report_lists_the_settled_purchases_with_the_right_totals(sandbox, buyer, capsys):
    import csv
    import io
    import zipfile
    from datetime import UTC, datetime, timedelta

    from ops import transaction_history, transaction_report

    manifest = sandbox.manifest
    bought = call(
        manifest,
        buyer["token"],
        "POST",
        PURCHASE,
        order(manifest, buyer["token"], "coun", LPC, buyer["others"][:1]),
    )
    assert bought.status_code == 200, bought.text
    requests.post(manifest["paymentProcessor"]["settleUrl"], timeout=TIMEOUT)
    assert (
        transaction_history.main(["--sandbox", "--compact", "coun"], manifest_path=sandbox.manifest_path) == 0
    )
    today = datetime.now(tz=UTC).date()
    window = ["--start", (today - timedelta(days=1)).isoformat(), "--end", today.isoformat()]
    argv = ["--sandbox", "--compact", "coun", *window]

    assert transaction_report.main(argv, manifest_path=sandbox.manifest_path) == 0
    capsys.readouterr()

    charges = [e for e in ledger(manifest) if e["type"] == "authCaptureTransaction"]
    settled = [e for e in charges if e["merchant"] == "sandbox-coun" and e["status"] == "settledSuccessfully"]
    [message] = [
        m
        for m in mailbox(manifest, "operations@coun.compact.example")
        if m["template"] == "CompactTransactionReporting"
    ]
    [attachment] = message["attachments"]
    archive = requests.get(
        f"{manifest['mailbox']}/messages/{message['id']}/attachments/{attachment['filename']}",
        timeout=TIMEOUT,
    )
    files = zipfile.ZipFile(io.BytesIO(archive.content))
    [summary_name] = [n for n in files.namelist() if n.startswith("financial-summary-")]
    [detail_name] = [n for n in files.namelist() if n.startswith("transaction-detail-")]
    summary = dict(
        row for row in csv.reader(io.StringIO(files.read(summary_name).decode())) if row and row[0]
    )
    detail = list(csv.DictReader(io.StringIO(files.read(detail_name).decode())))

    assert summary["Total Processed Amount"] == f"${sum(Decimal(e['amount']) for e in settled):.2f}"
    ours = [row for row in detail if row["Transaction Id"] == bought.json()["transactionId"]]
    me = call(manifest, buyer["token"], "GET", "/v1/provider-users/me").json()
    assert [row["Privilege Id"] for row in ours] == [p["privilegeId"] for p in me["privileges"]]
    assert {row["Transaction Id"] for row in detail} == {e["transId"] for e in settled}
