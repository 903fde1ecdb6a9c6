"""The encumbrance routes through their real handler on moto (issue #16, first part): only the record's
state's admins, dates not in the future, the plan written in one transaction, the event announced."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from core.clock import today_for_expiration
from core.models.outbox import PendingEvents
from core.outbox import Outbox
from event_relay import relay
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


@pytest.fixture
def board(aws, bus):
    hold(aws["users"], OHIO_ADMIN, KENTUCKY_ADMIN, COMPACT_ADMIN)
    provider = make_provider(privilege_jurisdictions={"ky"})
    put(aws["provider"], provider, make_license(provider), make_privilege(provider, "ky"))
    return aws, provider, bus


def outbox(aws):
    items = aws["transaction_history"].scan()["Items"]
    return [PendingEvents.from_item(i) for i in items if i["pk"] == "PENDING_EVENTS"]


def test_an_ohio_admin_encumbers_an_ohio_license_and_the_provider_follows(board):
    aws, provider, published = board

    assert call(LICENSE, provider, "oh", OHIO_ADMIN) == (200, {"message": "OK"})

    found = records(aws, provider)
    assert found.licenses[0].encumbered_status == "encumbered"
    assert found.provider.encumbered_status == "encumbered"
    [action] = found.adverse_actions
    assert (action.encumbrance_type, action.submitting_user) == (
        "suspension",
        "00000000-0000-4000-8000-000000000001",
    )
    [(kind, detail)] = published.events
    assert kind == "license.encumbrance" and detail["adverseActionId"] == action.adverse_action_id
    assert outbox(aws) == []  # published, so cleared


@pytest.mark.parametrize("scopes", [KENTUCKY_ADMIN, COMPACT_ADMIN])
def test_only_the_states_own_admins_may_encumber(board, scopes):
    aws, provider, published = board

    assert call(LICENSE, provider, "oh", scopes)[0] == 403
    assert records(aws, provider).adverse_actions == [] and published.events == []


def test_a_date_in_the_future_is_a_400_naming_it(board):
    _, provider, _ = board
    tomorrow = (today_for_expiration() + timedelta(days=1)).isoformat()

    status, answer = call(LICENSE, provider, "oh", OHIO_ADMIN, {**BODY, "encumbranceEffectiveDate": tomorrow})

    assert status == 400 and answer["message"].startswith("encumbranceEffectiveDate")


def test_a_privilege_nobody_holds_is_a_404(board):
    _, provider, _ = board

    status, answer = call(PRIVILEGE, provider, "oh", OHIO_ADMIN)

    assert status == 404 and answer["message"] == "No privilege in oh for license type slp"


def test_lifting_the_only_encumbrance_frees_the_privilege_and_announces_it_once(board):
    aws, provider, published = board
    assert call(PRIVILEGE, provider, "ky", KENTUCKY_ADMIN)[0] == 200
    [action] = records(aws, provider).adverse_actions
    lift = {"effectiveLiftDate": "2026-02-01"}

    status, _ = call(
        PRIVILEGE + "/{encumbranceId}",
        provider,
        "ky",
        KENTUCKY_ADMIN,
        lift,
        "PATCH",
        {"encumbranceId": action.adverse_action_id},
    )
    again = call(
        PRIVILEGE + "/{encumbranceId}",
        provider,
        "ky",
        KENTUCKY_ADMIN,
        lift,
        "PATCH",
        {"encumbranceId": action.adverse_action_id},
    )

    assert status == 200
    assert again[0] == 400 and "already been lifted" in again[1]["message"]
    found = records(aws, provider)
    assert found.privileges[0].encumbered_status == "unencumbered"
    assert found.provider.encumbered_status == "unencumbered"
    assert [kind for kind, _ in published.events] == ["privilege.encumbrance", "privilege.encumbranceLifted"]
    assert published.of("privilege.encumbranceLifted")[0]["adverseActionId"] == action.adverse_action_id


def test_a_bus_that_refuses_leaves_the_encumbrance_standing_and_its_event_to_the_relay(board, monkeypatch):
    aws, provider, published = board
    published.refusing = True

    assert call(LICENSE, provider, "oh", OHIO_ADMIN)[0] == 200

    [action] = records(aws, provider).adverse_actions
    [entry] = outbox(aws)
    assert [e.detail_type for e in entry.events] == ["license.encumbrance"]
    relayed = []
    monkeypatch.setattr(relay, "put", relayed.extend)
    monkeypatch.setattr(relay, "now_utc_precise", lambda: datetime.now(tz=UTC) + timedelta(minutes=2))
    assert relay.relay(Outbox(aws["transaction_history"])) == 1
    assert json.loads(relayed[0].detail)["adverseActionId"] == action.adverse_action_id
    assert outbox(aws) == []


def test_a_lift_that_leaves_another_encumbrance_announces_nothing(board):
    aws, provider, published = board
    for _ in range(2):
        assert call(LICENSE, provider, "oh", OHIO_ADMIN)[0] == 200
    first, _ = records(aws, provider).adverse_actions
    path = LICENSE + "/{encumbranceId}"
    lift = {"effectiveLiftDate": "2026-02-01"}

    assert (
        call(path, provider, "oh", OHIO_ADMIN, lift, "PATCH", {"encumbranceId": first.adverse_action_id})[0]
        == 200
    )

    assert records(aws, provider).licenses[0].encumbered_status == "encumbered"
    assert published.of("license.encumbranceLifted") == []
