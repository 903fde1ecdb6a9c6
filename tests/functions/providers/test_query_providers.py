"""POST /v1/compacts/{compact}/providers/query: filters, sort orders, filled pages, 400s."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.functions.providers.conftest import query
from tests.records import put_people

BASE = datetime(2025, 3, 1, tzinfo=UTC)


@pytest.fixture
def people(aws):
    """Five providers with distinct names, jurisdictions and update times (a minute apart)."""
    rows = [
        ("Lovelace", "Ada", "oh", set()),
        ("lovelace", "Byron", "ky", {"oh"}),
        ("Turing", "Alan", "ne", {"ky"}),
        ("Hopper", "Grace", "ky", set()),
        ("Lovelaceson", "Ada", "ne", set()),
    ]
    return put_people(aws["provider"], rows, since=BASE, step=timedelta(minutes=1))


def names(response: dict) -> list[str]:
    assert response["status"] == 200, response
    return [f"{p['givenName']} {p['familyName']}" for p in response["body"]["providers"]]


def test_by_provider_id(call, people):
    target = people["Alan Turing"]
    response = query(call, {"query": {"providerId": target.provider_id}})
    assert names(response) == ["Alan Turing"]
    assert response["body"]["pagination"]["lastKey"] is None


def test_by_unknown_provider_id_is_empty(call, people):
    response = query(call, {"query": {"providerId": "00000000-0000-4000-8000-00000000abcd"}})
    assert names(response) == []


def test_jurisdiction_matches_license_or_privilege(call, people):
    assert sorted(names(query(call, {"query": {"jurisdiction": "oh"}}))) == ["Ada Lovelace", "Byron lovelace"]
    assert sorted(names(query(call, {"query": {"jurisdiction": "ky"}}))) == [
        "Alan Turing",
        "Byron lovelace",
        "Grace Hopper",
    ]


def test_family_name_is_exact_and_case_insensitive(call, people):
    found = names(query(call, {"query": {"familyName": "LOVELACE"}}))
    assert found == ["Ada Lovelace", "Byron lovelace"]


def test_family_and_given_name_prefix(call, people):
    body = {"query": {"familyName": "lovelace", "givenName": "byron"}}
    assert names(query(call, body)) == ["Byron lovelace"]


def test_sorting_by_family_name_both_ways(call, people):
    ascending = names(query(call, {"query": {}, "sorting": {"key": "familyName"}}))
    assert ascending == ["Grace Hopper", "Ada Lovelace", "Byron lovelace", "Ada Lovelaceson", "Alan Turing"]
    descending = names(
        query(call, {"query": {}, "sorting": {"key": "familyName", "direction": "descending"}})
    )
    assert descending == list(reversed(ascending))


def test_sorting_by_date_of_update_both_ways(call, people):
    ascending = names(query(call, {"query": {}, "sorting": {"key": "dateOfUpdate"}}))
    assert ascending == list(people)
    descending = names(
        query(call, {"query": {}, "sorting": {"key": "dateOfUpdate", "direction": "descending"}})
    )
    assert descending == list(reversed(people))


def test_results_use_the_general_schema(call, people):
    body = query(call, {"query": {}}, scopes=["aslp/readGeneral", "aslp/readPrivate"])["body"]
    for provider in body["providers"]:
        assert not {"dateOfBirth", "ssnLastFour", "militaryStatusNote", "pk", "sk"} & set(provider)


@pytest.mark.parametrize("sort_key", ["familyName", "dateOfUpdate"])
def test_paging_through_a_jurisdiction_returns_everyone_once(call, aws, sort_key):
    rows = [
        (f"Family{n:02d}", "Ada", "oh" if n % 3 == 0 else "ky", {"oh"} if n % 5 == 0 else set())
        for n in range(60)
    ]
    people = put_people(aws["provider"], rows, since=BASE, step=timedelta(seconds=1))
    expected = {
        p.provider_id for p in people.values() if p.license_jurisdiction == "oh" or p.privilege_jurisdictions
    }
    assert len(expected) == 28
    seen: list[str] = []
    body = {"query": {"jurisdiction": "oh"}, "sorting": {"key": sort_key}, "pagination": {"pageSize": 5}}
    pages = 0
    while True:
        response = query(call, body)
        assert response["status"] == 200
        page = response["body"]
        ids = [p["providerId"] for p in page["providers"]]
        if page["pagination"]["lastKey"] is not None:
            assert len(ids) == 5  # pages are filled even though most evaluated items are filtered out
        seen += ids
        pages += 1
        if page["pagination"]["lastKey"] is None:
            break
        body["pagination"]["lastKey"] = page["pagination"]["lastKey"]
    assert len(seen) == len(set(seen)) == 28
    assert set(seen) == expected
    assert pages == 6


def test_non_member_caller_is_refused(call, people):
    assert query(call, {"query": {}}, scopes=["octp/readGeneral"])["status"] == 403


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"query": {"givenName": "Ada"}}, "givenName requires familyName"),
        ({"query": {"familyName": "x"}, "sorting": {"key": "dateOfUpdate"}}, "dateOfUpdate"),
        ({"query": {}, "sorting": {"key": "birthday"}}, "sorting.key"),
        ({"query": {}, "pagination": {"pageSize": 4}}, "pagination.pageSize"),
        ({"query": {}, "pagination": {"pageSize": 101}}, "pagination.pageSize"),
        ({"query": {"providerId": "nope"}}, "query.providerId"),
        ({"query": {}, "pagination": {"lastKey": "bm90LWpzb24="}}, "pagination.lastKey"),
        ({"query": {}, "pagination": {"lastKey": "eyJwayI6IngifQ=="}}, "pagination.lastKey"),
        ({"query": {}, "extra": 1}, "extra"),
        ({}, "query"),
        # Input is strict: unknown jurisdictions, numbers as strings, control characters, explicit nulls.
        ({"query": {"jurisdiction": "zz"}}, "query.jurisdiction"),
        ({"query": {}, "pagination": {"pageSize": "10"}}, "pagination.pageSize"),
        ({"query": {"familyName": "Love\nlace"}}, "query.familyName"),
        ({"query": {"jurisdiction": None}}, "jurisdiction: may be left out, but not null"),
        ({"query": {}, "sorting": None}, "sorting: may be left out, but not null"),
        ([{"query": {}}], "body: must be a JSON object"),
    ],
)
def test_bad_requests_name_the_field(call, people, body, named):
    response = query(call, body)
    assert response["status"] == 400
    assert named in response["body"]["message"]
