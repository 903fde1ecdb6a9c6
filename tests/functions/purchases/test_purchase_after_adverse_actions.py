"""Purchases respect what the encumbrance routes wrote (issue #16, spec §9.6): a practitioner whose
license their state encumbered cannot buy; once the encumbrance is lifted they still cannot for two
years; nothing is charged either time."""

from __future__ import annotations

from datetime import timedelta

from core.clock import today_for_expiration
from tests.functions.adverse_actions.board import LICENSE, OHIO_ADMIN, call, lift
from tests.functions.staff_callers import hold


def test_an_encumbered_license_and_then_its_recent_lift_refuse_the_purchase(shop, aws):
    hold(aws["users"], OHIO_ADMIN)
    yesterday = (today_for_expiration() - timedelta(days=1)).isoformat()
    body = {
        "encumbranceEffectiveDate": yesterday,
        "encumbranceType": "probation",
        "clinicalPrivilegeActionCategories": ["Non-compliance With Requirements"],
    }
    assert call(LICENSE, shop.provider, "oh", OHIO_ADMIN, body)[0] == 200

    status, answer = shop.buy(shop.body(["ky"]))
    assert (status, answer["message"]) == (
        400,
        "You have an encumbrance on a license or privilege and cannot buy privileges",
    )

    [action] = shop.records().adverse_actions
    assert lift(LICENSE, shop.provider, "oh", OHIO_ADMIN, action.adverse_action_id, on=yesterday)[0] == 200
    assert shop.records().provider.encumbered_status == "unencumbered"

    status, answer = shop.buy(shop.body(["ky"]))
    assert status == 400 and "adverse action" in answer["message"]
    assert shop.ledger() == [] and shop.records().privileges == []
