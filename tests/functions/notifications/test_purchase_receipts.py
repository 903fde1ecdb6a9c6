"""The ``privilege.purchase`` listener: one receipt per purchase to the registered address."""

from __future__ import annotations

from notifications.purchase_receipts import requests_for
from purchases.events import PRIVILEGE_PURCHASE

EXAMPLE = dict(PRIVILEGE_PURCHASE.example)


def test_the_receipt_lists_the_privileges_line_items_and_total_and_is_keyed_by_the_transaction():
    [request] = list(requests_for("privilege.purchase", EXAMPLE))

    assert request["recipientType"] == "SPECIFIC"
    assert request["specificEmails"] == ["ada.lovelace@example.org"]
    assert request["deliveryId"] == "purchase.aslp.60000000001"
    variables = request["templateVariables"]
    assert variables["transactionDate"] == "2026-03-05"
    assert variables["totalCost"] == "78.50"
    assert [p["privilegeId"] for p in variables["privileges"]] == ["AUD-KY-3"]
    assert [(i["quantity"], i["unitPrice"]) for i in variables["costLineItems"]] == [
        (1, "75.00"),
        (1, "3.50"),
    ]


def test_a_practitioner_without_a_registered_address_gets_no_receipt():
    without = {key: value for key, value in EXAMPLE.items() if key != "providerEmail"}

    assert list(requests_for("privilege.purchase", without)) == []
