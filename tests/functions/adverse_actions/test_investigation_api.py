"""The investigation routes through their real handler on moto: only the record's state's admins; an
investigation opened puts its record under investigation; only closing the last open one clears it; a
closing with an encumbrance places it in the same transaction, or does nothing at all."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adverse_actions import investigation_api
from core.clock import today_for_expiration
from tests.functions.adverse_actions.board import (
    BODY,
    COMPACT_ADMIN,
    KENTUCKY_ADMIN,
    LICENSE,
    OHIO_ADMIN,
    PRIVILEGE,
    call,
    records,
)
from tests.functions.staff_callers import hold
from tests.records import make_license, make_privilege, make_provider, put

LICENSE_INVESTIGATION = LICENSE.replace("/encumbrance", "/investigation")
PRIVILEGE_INVESTIGATION = PRIVILEGE.replace("/encumbrance", "/investigation")


@pytest.fixture
def board(aws, bus):
    hold(aws["users"], OHIO_ADMIN, KENTUCKY_ADMIN, COMPACT_ADMIN)
    provider = make_provider(privilege_jurisdictions={"ky"})
    put(aws["provider"], provider, make_license(provider), make_privilege(provider, "ky"))
    return aws, provider, bus


def open_(path, provider, jurisdiction="oh", scopes=OHIO_ADMIN):
    return call(path, provider, jurisdiction, scopes, None, handler=investigation_api.lambda_handler)


def close(path, provider, investigation_id, body=None, jurisdiction="oh", scopes=OHIO_ADMIN):
    return call(
        path + "/{investigationId}",
        provider,
        jurisdiction,
        scopes,
        {"action": "close"} if body is None else body,
        "PATCH",
        {"investigationId": investigation_id},
        handler=investigation_api.lambda_handler,
    )


def opened(aws, provider, path=LICENSE_INVESTIGATION, jurisdiction="oh", scopes=OHIO_ADMIN) -> str:
    before = {i.investigation_id for i in records(aws, provider).investigations}
    assert open_(path, provider, jurisdiction, scopes) == (200, {"message": "OK"})
    [new] = {i.investigation_id for i in records(aws, provider).investigations} - before
    return new


def test_opening_puts_the_license_under_investigation_and_tells_the_bus(board):
    aws, provider, published = board

    investigation_id = opened(aws, provider)

    found = records(aws, provider)
    assert found.licenses[0].investigation_status == "underInvestigation"
    [investigation] = found.investigations
    assert (investigation.investigation_against, investigation.license_type) == (
        "license",
        "speech-language pathologist",
    )
    [update] = found.license_updates
    assert update.update_type == "investigation"
    assert update.updated_values == {"investigationStatus": "underInvestigation"}
    assert update.investigation_details.investigation_id == investigation_id
    [(kind, detail)] = published.events
    assert kind == "license.investigation"
    assert (detail["investigationId"], detail["investigationAgainst"]) == (investigation_id, "license")


@pytest.mark.parametrize("scopes", [KENTUCKY_ADMIN, COMPACT_ADMIN])
def test_only_the_states_own_admins_may_investigate(board, scopes):
    aws, provider, published = board

    assert open_(LICENSE_INVESTIGATION, provider, scopes=scopes)[0] == 403
    assert records(aws, provider).investigations == [] and published.events == []


def test_a_privilege_nobody_holds_cannot_be_investigated(board):
    _, provider, _ = board

    status, answer = open_(PRIVILEGE_INVESTIGATION, provider)

    assert status == 404 and "privilege" in answer["message"]


def test_only_closing_the_last_open_investigation_clears_the_privilege(board):
    aws, provider, published = board
    kentucky = {"jurisdiction": "ky", "scopes": KENTUCKY_ADMIN}
    first = opened(aws, provider, PRIVILEGE_INVESTIGATION, **kentucky)
    second = opened(aws, provider, PRIVILEGE_INVESTIGATION, **kentucky)

    assert close(PRIVILEGE_INVESTIGATION, provider, first, **kentucky)[0] == 200
    found = records(aws, provider)
    assert found.privileges[0].investigation_status == "underInvestigation"
    assert [u.update_type for u in found.privilege_updates] == ["investigation", "investigation"]

    assert close(PRIVILEGE_INVESTIGATION, provider, second, **kentucky)[0] == 200
    found = records(aws, provider)
    assert found.privileges[0].investigation_status is None
    [closing] = [u for u in found.privilege_updates if u.update_type == "closingInvestigation"]
    assert (closing.removed_values, closing.investigation_details.investigation_id) == (
        ["investigationStatus"],
        second,
    )
    assert all(i.close_date is not None and i.closing_user for i in found.investigations)
    kinds = [kind for kind, _ in published.events]
    assert kinds == ["privilege.investigation"] * 2 + ["privilege.investigationClosed"] * 2


def test_closing_with_an_encumbrance_places_it_in_the_same_change(board):
    aws, provider, published = board
    investigation_id = opened(aws, provider)

    status, _ = close(
        LICENSE_INVESTIGATION, provider, investigation_id, {"action": "close", "encumbrance": BODY}
    )

    assert status == 200
    found = records(aws, provider)
    [action] = found.adverse_actions
    [investigation] = found.investigations
    assert investigation.resulting_encumbrance_id == action.adverse_action_id
    [license_] = found.licenses
    assert (license_.encumbered_status, license_.investigation_status) == ("encumbered", None)
    assert found.provider.encumbered_status == "encumbered"
    assert sorted(u.update_type for u in found.license_updates) == [
        "closingInvestigation",
        "encumbrance",
        "investigation",
    ]
    closed = [detail for kind, detail in published.events if kind == "license.investigationClosed"]
    encumbered = [detail for kind, detail in published.events if kind == "license.encumbrance"]
    assert closed[0]["adverseActionId"] == encumbered[0]["adverseActionId"] == action.adverse_action_id


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"action": "reopen"}, "action"),
        ({}, "action"),
        ({"action": "close", "encumbrance": {**BODY, "encumbranceType": "scolding"}}, "encumbranceType"),
        ({"action": "close", "encumbrance": {"encumbranceType": "fine"}}, "encumbranceEffectiveDate"),
    ],
)
def test_a_bad_closing_is_a_400_naming_the_field_and_changes_nothing(board, body, named):
    aws, provider, _ = board
    investigation_id = opened(aws, provider)

    status, answer = close(LICENSE_INVESTIGATION, provider, investigation_id, body)

    assert status == 400 and named in answer["message"]
    assert records(aws, provider).investigations[0].is_open


def test_an_encumbrance_dated_in_the_future_closes_nothing(board):
    aws, provider, _ = board
    investigation_id = opened(aws, provider)
    tomorrow = (today_for_expiration() + timedelta(days=1)).isoformat()
    body = {"action": "close", "encumbrance": {**BODY, "encumbranceEffectiveDate": tomorrow}}

    status, answer = close(LICENSE_INVESTIGATION, provider, investigation_id, body)

    assert status == 400 and answer["message"].startswith("encumbrance.encumbranceEffectiveDate")
    assert records(aws, provider).investigations[0].is_open


def test_closing_twice_is_a_400_and_an_unknown_id_a_404(board):
    aws, provider, _ = board
    investigation_id = opened(aws, provider)
    assert close(LICENSE_INVESTIGATION, provider, investigation_id) == (200, {"message": "OK"})

    status, answer = close(
        LICENSE_INVESTIGATION, provider, investigation_id, {"action": "close", "encumbrance": BODY}
    )
    assert status == 400 and "already closed" in answer["message"]
    assert records(aws, provider).adverse_actions == []  # the refused closing encumbered nothing

    status, answer = close(LICENSE_INVESTIGATION, provider, "5a0e4b7e-0d7e-4a57-8f55-2b1b2f0e9c11")
    assert status == 404 and "Investigation not found" in answer["message"]
