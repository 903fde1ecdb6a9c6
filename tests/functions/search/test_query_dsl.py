"""The search request's query language (spec §2.3): what the staff UI builds is accepted as it is; what
it never builds — other clause types, scripts, cross-index lookups, deep nesting, personal sort fields,
clauses OpenSearch itself would refuse — is refused naming where."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from search.query_dsl import MAX_DEPTH, ExportRequest, SearchRequest

UI_QUERY = {
    "bool": {
        "must": [
            {"match_phrase_prefix": {"familyName": {"query": "lov"}}},
            {"term": {"licenseStatus": "active"}},
            {
                "bool": {
                    "should": [
                        {
                            "nested": {
                                "path": "privileges",
                                "query": {
                                    "bool": {
                                        "must": [
                                            {"term": {"privileges.jurisdiction": "oh"}},
                                            {
                                                "nested": {
                                                    "path": "privileges.adverseActions",
                                                    "query": {
                                                        "range": {
                                                            "privileges.adverseActions.effectiveStartDate": {
                                                                "gte": "2025-01-01"
                                                            }
                                                        }
                                                    },
                                                }
                                            },
                                        ]
                                    }
                                },
                                "inner_hits": {"name": "matched", "size": 10},
                            }
                        }
                    ],
                    "minimum_should_match": 1,
                }
            },
        ],
        "filter": [{"terms": {"licenseJurisdiction": ["oh", "ky"]}}],
    }
}


def refused(body, fragment: str) -> None:
    with pytest.raises(ValidationError) as raised:
        SearchRequest.model_validate(body)
    assert fragment in str(raised.value), str(raised.value)


def test_the_uis_deepest_query_with_a_cursor_is_accepted():
    body = {
        "query": UI_QUERY,
        "size": 100,
        "sort": [{"familyName.keyword": {"order": "asc"}}, {"providerId": {"order": "asc"}}],
        "search_after": ["lovelace", "89a6377e-c3a5-40e5-bca5-317ec854c570"],
    }

    request = SearchRequest.model_validate(body)

    assert request.model_dump(by_alias=True, exclude_none=True) == body
    assert ExportRequest.model_validate({"query": {"match_all": {}}}).query.match_all is not None


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ({"query_string": {"query": "ssn:*"}}, "query_string"),
        ({"script": {"script": "doc['x']"}}, "script"),
        (
            {"terms": {"providerId": {"index": "compact_octp_providers", "id": "1", "path": "x"}}},
            "cross-index",
        ),
        ({"more_like_this": {"like": [{"_index": "compact_octp_providers", "_id": "1"}]}}, "cross-index"),
        ({"match_all": {}, "term": {"npi": "1"}}, "exactly one of"),
        ({"term": {"npi": "1", "givenName": "Ada"}}, "exactly one field"),
        ({"range": {"dateOfExpiration": {}}}, "at least one of"),
        (
            {"nested": {"path": "privileges", "query": {"match_all": {}}, "inner_hits": {"_source": True}}},
            "_source",
        ),
        ({"bool": {"must": {"match_all": {}}}}, "must"),
        ({"terms": {"jurisdiction": "oh"}}, "terms"),
    ],
)
def test_what_the_ui_never_builds_is_refused_naming_it(query, fragment):
    refused({"query": query}, fragment)


def test_a_query_deeper_than_twenty_levels_is_refused_before_it_is_parsed():
    deep = {"match_all": {}}
    for _ in range(MAX_DEPTH):
        deep = {"bool": {"must": [deep]}}

    refused({"query": deep}, f"more than {MAX_DEPTH} levels")


def test_a_query_deeper_than_python_can_recurse_is_still_a_clean_refusal():
    deep: dict = {"match_all": {}}
    for _ in range(5_000):
        deep = {"bool": {"must": [deep]}}

    refused({"query": deep}, "levels deep")


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"sort": [{"dateOfBirth": {"order": "asc"}}]}, "sort"),
        ({"sort": [{"providerId": {"order": "up"}}]}, "order"),
        ({"sort": [{"providerId": {"order": "asc", "nested": {"path": "x"}}}]}, "nested"),
        ({"search_after": ["x"]}, "search_after"),
        ({"size": 101}, "size"),
        ({"from": 9901}, "from"),
    ],
)
def test_paging_and_order_are_bounded(changes, fragment):
    refused({"query": {"match_all": {}}, **changes}, fragment)


scalars = st.one_of(st.text(max_size=5), st.integers(), st.booleans())
leaves = st.one_of(
    st.builds(lambda f, v: {"term": {f: v}}, st.sampled_from(["npi", "givenName"]), scalars),
    st.just({"match_all": {}}),
    st.builds(lambda v: {"terms": {"licenseJurisdiction": v}}, st.lists(scalars, min_size=1, max_size=3)),
)
queries = st.recursive(
    leaves,
    lambda inner: st.builds(lambda c: {"bool": {"must": c}}, st.lists(inner, min_size=1, max_size=3)),
    max_leaves=12,
)


@settings(max_examples=100, deadline=None)
@given(queries)
def test_any_query_the_grammar_builds_is_accepted_unchanged(query):
    request = SearchRequest.model_validate({"query": query})

    assert request.model_dump(exclude_none=True)["query"] == query
