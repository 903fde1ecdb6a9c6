"""The encumbrance routes through their real handler on moto (issue #16, first part): only the record's
state's admins, dates not in the future, the plan written in one transaction, the event announced."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from adverse_actions import encumbrance_api
from core.clock import today_for_expiration
from core.repositories.providers import ProviderRepository
from tests.functions.conftest import api_event
from tests.functions.staff_callers import hold
from tests.records import make_license, make_privilege, make_provider, put

PROVIDER = "/v1/compacts/{compact}/providers/{providerId}"
LICENSE = PROVIDER + "/licenses/jurisdiction/{jurisdiction}/licenseType/{licenseType}/encumbrance"
PRIVILEGE = LICENSE.replace("/licenses/", "/privileges/")
OHIO_ADMIN = ["profile", "aslp/readGeneral", "oh/aslp.admin"]
KENTUCKY_ADMIN = ["profile", "aslp/readGeneral", "ky/aslp.admin"]
COMPACT_ADMIN = ["profile", "aslp/readGeneral", "aslp/admin"]
BODY = {
    "encumbranceEffectiveDate": "2026-01-05",
    "encumbranceType": "suspension",
    "clinicalPrivilegeActionCategories": ["Unsafe Practice or Substandard Care"],
}


@pytest.fixture
def board(aws, monkeypatch):
    published = []
    monkeypatch.setattr(
        encumbrance_api, "publish", lambda event, *details: published.append((event, details))
    )
    hold(aws["users"], OHIO_ADMIN, KENTUCKY_ADMIN, COMPACT_ADMIN)
    provider = make_provider(privilege_jurisdictions={"ky"})
    put(aws["provider"], provider, make_license(provider), make_privilege(provider, "ky"))
    return aws, provider, published


def call(path, provider, jurisdiction, scopes, body=BODY, method="POST", extra=None):
    params = {
        "compact": "aslp",
        "providerId": provider.provider_id,
        "jurisdiction": jurisdiction,
        "licenseType": "slp",
    }
    event = api_event(method, path, {**params, **(extra or {})}, body=body, scopes=scopes)
    response = encumbrance_api.lambda_handler(event, None)
    return response["statusCode"], json.loads(response["body"])


def records(aws, provider):
    return ProviderRepository(aws["provider"]).records("aslp", provider.provider_id)


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
    [(event, (detail,))] = published
    assert event.detail_type == "license.encumbrance" and detail.adverse_action_id == action.adverse_action_id


@pytest.mark.parametrize("scopes", [KENTUCKY_ADMIN, COMPACT_ADMIN])
def test_only_the_states_own_admins_may_encumber(board, scopes):
    aws, provider, published = board

    assert call(LICENSE, provider, "oh", scopes)[0] == 403
    assert records(aws, provider).adverse_actions == [] and published == []


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
    assert [event.detail_type for event, _ in published] == [
        "privilege.encumbrance",
        "privilege.encumbranceLifted",
    ]


def test_an_announcement_that_fails_leaves_the_encumbrance_standing_and_answers_ok(board, monkeypatch):
    from core.events import EventPublishError

    aws, provider, _ = board

    def refused(event, *details):
        raise EventPublishError("throttled", (0,))

    monkeypatch.setattr(encumbrance_api, "publish", refused)

    assert call(LICENSE, provider, "oh", OHIO_ADMIN)[0] == 200
    assert len(records(aws, provider).adverse_actions) == 1
