"""POST /v1/public/compacts/{compact}/providers/query: only providers with privileges, live
jurisdictions only, filled pages, the public schema, the staff request model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.functions.dynamodb_calls import dynamodb_calls
from tests.functions.public_lookup.conftest import configure_states, query
from tests.records import make_provider, put, put_people

BASE = datetime(2025, 3, 1, tzinfo=UTC)
PUBLIC_PROVIDER_FIELDS = {
    "type",
    "providerId",
    "compact",
    "licenseJurisdiction",
    "currentHomeJurisdiction",
    "licenseStatus",
    "compactEligibility",
    "npi",
    "givenName",
    "middleName",
    "familyName",
    "suffix",
    "privilegeJurisdictions",
    "dateOfUpdate",
}


@pytest.fixture
def people(aws):
    """Six providers; two of them hold no privilege. oh and ky are live, ne is configured but not live."""
    configure_states(aws["compact_configuration"], live=["oh", "ky"], not_live=["ne"])
    rows = [
        ("Lovelace", "Ada", "oh", {"ky"}),
        ("lovelace", "Byron", "ky", {"oh", "ne"}),
        ("Turing", "Alan", "ne", {"ky"}),
        ("Hopper", "Grace", "ky", set()),
        ("Lovelaceson", "Ada", "oh", set()),
        ("Noether", "Emmy", "ne", {"ne"}),
    ]
    return put_people(aws["provider"], rows, since=BASE, step=timedelta(minutes=1))


def names(response: dict) -> list[str]:
    assert response["status"] == 200, response
    return [f"{p['givenName']} {p['familyName']}" for p in response["body"]["providers"]]


WITH_PRIVILEGES = ["Ada Lovelace", "Byron lovelace", "Alan Turing", "Emmy Noether"]


def test_only_providers_with_privileges_are_returned(call, people):
    by_date = names(query(call, {"query": {}, "sorting": {"key": "dateOfUpdate"}}))
    assert by_date == WITH_PRIVILEGES
    by_name = names(query(call, {"query": {}}))
    assert by_name == ["Ada Lovelace", "Byron lovelace", "Emmy Noether", "Alan Turing"]


def test_sorting_both_ways(call, people):
    ascending = names(query(call, {"query": {}, "sorting": {"key": "dateOfUpdate"}}))
    descending = names(
        query(call, {"query": {}, "sorting": {"key": "dateOfUpdate", "direction": "descending"}})
    )
    assert descending == list(reversed(ascending))


def test_family_name_still_needs_privileges(call, people):
    assert names(query(call, {"query": {"familyName": "LOVELACE"}})) == ["Ada Lovelace", "Byron lovelace"]
    assert names(query(call, {"query": {"familyName": "hopper"}})) == []
    assert names(query(call, {"query": {"familyName": "lovelace", "givenName": "byron"}})) == [
        "Byron lovelace"
    ]


def test_by_provider_id_only_with_privileges(call, people):
    assert names(query(call, {"query": {"providerId": people["Alan Turing"].provider_id}})) == ["Alan Turing"]
    assert names(query(call, {"query": {"providerId": people["Grace Hopper"].provider_id}})) == []
    assert names(query(call, {"query": {"providerId": "00000000-0000-4000-8000-00000000abcd"}})) == []


def test_live_jurisdiction_matches_license_or_privilege_among_privilege_holders(call, people):
    assert sorted(names(query(call, {"query": {"jurisdiction": "oh"}}))) == ["Ada Lovelace", "Byron lovelace"]
    assert sorted(names(query(call, {"query": {"jurisdiction": "ky"}}))) == [
        "Ada Lovelace",
        "Alan Turing",
        "Byron lovelace",
    ]


@pytest.mark.parametrize("jurisdiction", ["ne", "co"])
def test_a_jurisdiction_that_is_not_live_answers_an_empty_page_without_reading_providers(
    aws, call, people, jurisdiction
):
    """ne is configured but not live (and has matching providers), co is not configured at all."""
    for body in (
        {"query": {"jurisdiction": jurisdiction}},
        {"query": {"jurisdiction": jurisdiction, "familyName": "noether"}},
        {"query": {"jurisdiction": jurisdiction, "providerId": people["Emmy Noether"].provider_id}},
        {"query": {"jurisdiction": jurisdiction}, "sorting": {"key": "dateOfUpdate"}},
    ):
        with dynamodb_calls(tables=True) as calls:
            response = query(call, body)
        assert not [call for call in calls if call.endswith(aws["provider"].name)], (
            "the provider table was read"
        )
        assert names(response) == []
        assert response["body"]["pagination"]["lastKey"] is None
        assert response["body"]["query"]["jurisdiction"] == jurisdiction


def test_a_jurisdiction_that_does_not_exist_is_a_400_naming_it(call, people):
    response = query(call, {"query": {"jurisdiction": "zz"}})

    assert response["status"] == 400
    assert "query.jurisdiction" in response["body"]["message"]


def test_an_unconfigured_compact_has_no_live_jurisdiction(call, aws, people):
    provider = make_provider(compact="octp", privilege_jurisdictions={"oh"})
    put(aws["provider"], provider)
    assert names(query(call, {"query": {}}, compact="octp")) == ["Ada Lovelace"]
    assert names(query(call, {"query": {"jurisdiction": "oh"}}, compact="octp")) == []


def test_results_use_the_public_schema(call, people):
    body = query(call, {"query": {}})["body"]
    assert body["providers"]
    for provider in body["providers"]:
        assert set(provider) <= PUBLIC_PROVIDER_FIELDS
        assert provider["type"] == "provider"
        assert provider["licenseStatus"] == "active"
    assert set(body) == {"providers", "pagination", "query", "sorting"}
    assert body["sorting"] == {"key": "familyName", "direction": "ascending"}
    assert body["pagination"] == {"pageSize": 100, "lastKey": None, "prevLastKey": None}


@pytest.mark.parametrize("sort_key", ["familyName", "dateOfUpdate"])
@pytest.mark.parametrize("jurisdiction", [None, "oh"])
def test_paging_fills_pages_and_returns_each_privilege_holder_once(call, aws, sort_key, jurisdiction):
    configure_states(aws["compact_configuration"], live=["oh", "ky"])
    rows = [
        (
            f"Family{n:02d}",
            "Ada",
            "oh" if n % 3 == 0 else "ky",
            {"oh"} if n % 5 == 0 else ({"ky"} if n % 4 == 0 else set()),
        )
        for n in range(60)
    ]
    people = put_people(aws["provider"], rows, since=BASE, step=timedelta(seconds=1))
    expected = {
        p.provider_id
        for p in people.values()
        if p.privilege_jurisdictions
        and (jurisdiction is None or jurisdiction in {p.license_jurisdiction, *p.privilege_jurisdictions})
    }
    assert len(expected) == (24 if jurisdiction is None else 16)  # of 60
    query_filter = {"jurisdiction": jurisdiction} if jurisdiction else {}
    body = {"query": query_filter, "sorting": {"key": sort_key}, "pagination": {"pageSize": 5}}
    seen: list[str] = []
    while True:
        response = query(call, body)
        assert response["status"] == 200, response
        page = response["body"]
        ids = [p["providerId"] for p in page["providers"]]
        assert all(p["privilegeJurisdictions"] for p in page["providers"])
        if page["pagination"]["lastKey"] is not None:
            assert len(ids) == 5  # filled, though most evaluated items are filtered out
        assert page["pagination"]["prevLastKey"] == body["pagination"].get("lastKey")
        seen += ids
        if page["pagination"]["lastKey"] is None:
            break
        body["pagination"]["lastKey"] = page["pagination"]["lastKey"]
    assert len(seen) == len(set(seen))
    assert set(seen) == expected


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"query": {"givenName": "Ada"}}, "givenName requires familyName"),
        ({"query": {"familyName": "x"}, "sorting": {"key": "dateOfUpdate"}}, "dateOfUpdate"),
        ({"query": {}, "pagination": {"pageSize": 101}}, "pagination.pageSize"),
        ({"query": {"providerId": "nope"}}, "query.providerId"),
        ({"query": {"jurisdiction": "OHIO"}}, "query.jurisdiction"),
        ({"query": {}, "pagination": {"lastKey": "eyJwayI6IngifQ=="}}, "pagination.lastKey"),
        ({"query": {}, "extra": 1}, "extra"),
        ({}, "query"),
    ],
)
def test_the_staff_request_model_applies(call, people, body, named):
    response = query(call, body)
    assert response["status"] == 400
    assert named in response["body"]["message"]


def test_unknown_compact_is_a_bad_request(call, people):
    response = query(call, {"query": {}}, compact="nope")
    assert response["status"] == 400
    assert "nope" in response["body"]["message"]


def test_every_answer_waits_for_the_floor(call, people, floor_sleeps):
    query(call, {"query": {}})
    query(call, {"query": {"jurisdiction": "ne"}})
    query(call, {"query": {"givenName": "Ada"}})  # a 400 is no faster
    assert floor_sleeps == [1.0, 1.0, 1.0]
