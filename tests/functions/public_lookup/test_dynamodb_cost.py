"""What each public provider route costs in DynamoDB calls (issue #5, item 4)."""

from __future__ import annotations

import pytest

from tests.functions.dynamodb_calls import dynamodb_calls
from tests.functions.providers.conftest import encumbered_privilege  # noqa: F401 (fixture)
from tests.functions.public_lookup.conftest import configure_states, get, query
from tests.functions.public_lookup.test_public_privilege_history import HISTORY


@pytest.fixture
def live_ne(aws):
    configure_states(aws["compact_configuration"], live=["ne"], not_live=["ky"])


def test_a_public_detail_is_one_query(call, encumbered_privilege):  # noqa: F811
    with dynamodb_calls() as calls:
        assert get(call, encumbered_privilege)["status"] == 200
    assert calls == ["Query"]


def test_a_public_history_is_one_query(call, encumbered_privilege):  # noqa: F811
    params = {
        "compact": "aslp",
        "providerId": encumbered_privilege,
        "jurisdiction": "ne",
        "licenseType": "slp",
    }
    with dynamodb_calls() as calls:
        assert call("GET", HISTORY, params)["status"] == 200
    assert calls == ["Query"]


@pytest.mark.parametrize(("jurisdiction", "expected"), [("ne", ["GetItem", "Query"]), ("ky", ["GetItem"])])
@pytest.mark.usefixtures("encumbered_privilege", "live_ne")
def test_a_jurisdiction_query_reads_the_configuration_then_at_most_one_page(call, jurisdiction, expected):
    with dynamodb_calls() as calls:
        assert query(call, {"query": {"jurisdiction": jurisdiction}})["status"] == 200
    assert calls == expected
