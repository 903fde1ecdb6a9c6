"""Who may call the State API provider routes: a signed request (checked by the RouteTable before the
handler), a token with readGeneral in the compact, and a path naming a member jurisdiction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.signature import sign_request
from state_api import query as state_query
from tests.functions.conftest import api_event
from tests.functions.state_api.conftest import PROVIDER, QUERY
from tests.functions.state_api.signing import new_private_key, private_pem, store_key
from tests.records import make_privilege, make_provider, put

START = datetime(2025, 3, 1, tzinfo=UTC)
BODY = {"query": {"startDateTime": "2025-03-01T00:00:00Z", "endDateTime": "2025-03-02T00:00:00Z"}}
ROUTES = [
    ("POST", QUERY, {}, BODY),
    ("GET", PROVIDER, {"providerId": "0b8f1a9e-6a55-4f64-9d43-2a4c8d0c7b11"}, None),
]
IDS = ["query", "get"]


@pytest.fixture
def holder(aws):
    provider = make_provider(privilege_jurisdictions={"oh"}, date_of_update=START + timedelta(hours=1))
    put(aws["provider"], provider, make_privilege(provider, "oh"))
    return provider


def call_route(call, route, compact="aslp", jurisdiction="oh", holder=None, **kwargs):
    method, resource, params, body = route
    params = {"compact": compact, "jurisdiction": jurisdiction, **params}
    if holder is not None and "providerId" in params:
        params["providerId"] = holder.provider_id
    return call(method, resource, params, body=body, **kwargs)


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_read_general_in_the_compact_is_enough(call, holder, route):
    assert (
        call_route(call, route, holder=holder, scopes=["aslp/readGeneral", "oh/aslp.write"])["status"] == 200
    )


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
@pytest.mark.parametrize(
    "scopes",
    [["octp/readGeneral"], ["oh/aslp.write"], ["oh/aslp.readPrivate"], ["aslp/write", "aslp/admin"]],
)
def test_other_scopes_are_403(call, holder, route, scopes):
    response = call_route(call, route, holder=holder, scopes=scopes)

    assert (response["status"], response["body"]) == (403, {"message": "Access denied"})


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_a_request_without_claims_is_401(state_api, state_keys, lambda_context, route):
    method, resource, params, body = route
    params = {"compact": "aslp", "jurisdiction": "oh", **params}
    event = api_event(method, resource, params, body=body)
    event["headers"].update(
        sign_request(private_pem(state_keys[("aslp", "oh")]), method, event["path"], None, "key-1")
    )

    assert state_api.lambda_handler(event, lambda_context)["statusCode"] == 401


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_unsigned_requests_are_refused_before_the_handler(call, holder, route):
    response = call_route(call, route, holder=holder, signed=False)

    assert response["status"] == 401
    assert response["body"]["message"] == "Missing signature header X-Algorithm"


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_a_signature_by_another_state_is_refused(call, holder, state_keys, route):
    response = call_route(call, route, holder=holder, key=state_keys[("aslp", "ky")])

    assert (response["status"], response["body"]["message"]) == (401, "Invalid signature")


def test_a_replayed_request_is_refused(state_api, state_keys, lambda_context, holder):
    params = {"compact": "aslp", "jurisdiction": "oh", "providerId": holder.provider_id}
    event = api_event("GET", PROVIDER, params, scopes=["aslp/readGeneral"])
    event["headers"].update(
        sign_request(private_pem(state_keys[("aslp", "oh")]), "GET", event["path"], None, "key-1")
    )

    assert state_api.lambda_handler(event, lambda_context)["statusCode"] == 200
    replay = state_api.lambda_handler(event, lambda_context)
    assert replay["statusCode"] == 401 and "Nonce has already been used" in replay["body"]


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
@pytest.mark.parametrize(("compact", "jurisdiction"), [("nope", "oh"), ("aslp", "wy"), ("aslp", "OH")])
def test_unknown_compacts_and_non_member_jurisdictions_are_400(aws, call, route, compact, jurisdiction):
    """Keys can outlive a membership, so a correctly signed request can name a non-member."""
    key = new_private_key()
    store_key(aws["compact_configuration"], key, "key-1", compact=compact, jurisdiction=jurisdiction)

    response = call_route(call, route, compact, jurisdiction, key=key, scopes=[f"{compact}/readGeneral"])

    assert response["status"] == 400
    assert jurisdiction in response["body"]["message"] or compact in response["body"]["message"]


def test_a_page_cut_short_by_the_work_budget_still_resumes_without_gaps(aws, call, monkeypatch):
    monkeypatch.setattr(state_query, "MAX_QUERIES_PER_PAGE", 1)
    expected = []
    for index in range(12):
        jurisdictions = {"oh"} if index % 4 == 3 else {"ky"}
        provider = make_provider(
            privilege_jurisdictions=jurisdictions, date_of_update=START + timedelta(minutes=index)
        )
        put(aws["provider"], provider)
        expected += [provider.provider_id] if "oh" in jurisdictions else []

    seen, last_key, calls = [], None, 0
    while True:
        pagination = {"pageSize": 5, **({"lastKey": last_key} if last_key else {})}
        body = call(
            "POST", QUERY, {"compact": "aslp", "jurisdiction": "oh"}, body={**BODY, "pagination": pagination}
        )
        seen += [provider["providerId"] for provider in body["body"]["providers"]]
        last_key, calls = body["body"]["pagination"]["lastKey"], calls + 1
        if last_key is None:
            break

    assert seen == expected and calls > 1
