"""The sandbox's Authorize.Net stand-in, as the manifest names it (issue #15): what a browser's Accept.js
does with a test card, the processor's ledger and its settlement step."""

from __future__ import annotations

import requests

from tests.e2e.staff import TIMEOUT

VISA = {"cardNumber": "4007000000027", "expirationDate": "2038-12", "cardCode": "999", "zip": "44101"}


def test_a_test_card_is_tokenized_and_the_ledger_and_settlement_answer(sandbox):
    processor = sandbox.manifest["paymentProcessor"]

    opaque = requests.post(processor["tokenizeUrl"], json=VISA, timeout=TIMEOUT)
    assert opaque.status_code == 200
    assert set(opaque.json()) == {"dataDescriptor", "dataValue"}
    assert (
        requests.post(
            processor["tokenizeUrl"], json={**VISA, "cardNumber": "1234"}, timeout=TIMEOUT
        ).status_code
        == 400
    )
    assert isinstance(requests.get(processor["ledgerUrl"], timeout=TIMEOUT).json(), list)
    assert "settled" in requests.post(processor["settleUrl"], timeout=TIMEOUT).json()
