"""What each staff provider route costs in DynamoDB calls (issue #5, item 4): counted, not estimated."""

from __future__ import annotations

import pytest

from tests.functions.dynamodb_calls import dynamodb_calls
from tests.functions.providers.conftest import get, query
from tests.functions.providers.test_provider_ssn import provider, read_ssn, staff_pool  # noqa: F401 (fixtures)
from tests.records import make_license, make_privilege, make_provider, put


@pytest.fixture
def ohio(aws) -> str:
    record = make_provider(privilege_jurisdictions={"ne"})
    put(aws["provider"], record, make_license(record), make_privilege(record, "ne"))
    return record.provider_id


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"query": {"providerId": "PROVIDER"}}, ["GetItem"]),  # one item, by key
        ({"query": {"jurisdiction": "oh"}}, ["Query"]),  # one page of the name index
        ({"query": {"familyName": "Lovelace"}, "pagination": {"pageSize": 5}}, ["Query"]),
    ],
)
def test_a_query_page_is_one_call_when_the_matches_fit(call, ohio, body, expected):
    if body["query"].get("providerId"):
        body = {"query": {"providerId": ohio}}
    with dynamodb_calls() as calls:
        assert query(call, body)["status"] == 200
    assert calls == expected


def test_a_provider_detail_is_one_query(call, ohio):
    with dynamodb_calls() as calls:
        assert get(call, ohio)["status"] == 200
    assert calls == ["Query"]


def test_an_ssn_read_is_six_calls(provider, read_ssn):  # noqa: F811
    """The caller's current permission records, switch, record, the 24-hour count, the provider's
    jurisdictions, the SSN index."""
    with dynamodb_calls() as calls:
        assert read_ssn(provider)["status"] == 200
    assert calls == ["Query", "GetItem", "PutItem", "Query", "Query", "Query"]


def test_a_switched_off_ssn_endpoint_costs_two_reads(aws, provider, read_ssn):  # noqa: F811
    from core.clock import now_utc
    from core.repositories.ssn_reads import SsnReadLog

    SsnReadLog(aws["rate_limiting"]).set_switch(
        enabled=False, changed_at=now_utc(), changed_by="t", reason="t"
    )
    with dynamodb_calls() as calls:
        assert read_ssn(provider)["status"] == 503
    assert calls == ["Query", "GetItem"]  # the caller's records, then the switch
