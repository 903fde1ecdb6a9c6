"""The local search engine behaves as OpenSearch documents its behaviour, driven through the real
``opensearch-py`` client over HTTP: analysed ``match`` on text, exact ``term`` on keywords (and on a text
field's indexed terms), ``match_phrase_prefix``, date ranges with date math, ``nested`` matching within
one object with ``inner_hits``, field sorting with ``search_after``, ``total`` counting, strict mappings,
external versioning and aliases. Each expectation cites the OpenSearch behaviour it pins."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from opensearchpy import ConflictError, NotFoundError, OpenSearch, RequestError

from sandbox.search_engine.indices import Engine
from sandbox.search_engine.rest import SearchEngineStandIn

INDEX = "people_v1"
ALIAS = "people"
NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
BODY = {
    "settings": {
        "index": {
            "analysis": {
                "filter": {"folded": {"type": "asciifolding", "preserve_original": True}},
                "analyzer": {
                    "names": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "folded"]}
                },
            }
        }
    },
    "mappings": {
        "dynamic": "strict",
        "properties": {
            "id": {"type": "keyword"},
            "name": {"type": "text", "analyzer": "names", "fields": {"keyword": {"type": "keyword"}}},
            "status": {"type": "keyword"},
            "expires": {"type": "date"},
            "rank": {"type": "double"},
            "jobs": {
                "type": "nested",
                "dynamic": "strict",
                "properties": {"state": {"type": "keyword"}, "status": {"type": "keyword"}},
            },
        },
    },
}
PEOPLE = [
    {"id": "a", "name": "Zoë O'Brien", "status": "active", "expires": "2026-04-14", "rank": 3,
     "jobs": [{"state": "ky", "status": "active"}, {"state": "oh", "status": "inactive"}]},
    {"id": "b", "name": "Ann Smith-Jones", "status": "inactive", "expires": "2026-03-15", "rank": 1,
     "jobs": [{"state": "oh", "status": "active"}]},
    {"id": "c", "name": "John Smithson", "status": "active", "expires": "2027-01-01", "rank": 2, "jobs": []},
    {"id": "d", "name": "Mary Smith", "status": "active", "rank": 4,
     "jobs": [{"state": "ky", "status": "inactive"}, {"state": "al", "status": "active"}]},
]  # fmt: skip


@pytest.fixture(scope="module")
def client() -> Iterator[OpenSearch]:
    stand_in = SearchEngineStandIn(Engine(clock=lambda: NOW))
    client = OpenSearch(hosts=[stand_in.serve(0)])
    client.indices.create(index=INDEX, body=BODY)
    client.indices.put_alias(index=INDEX, name=ALIAS)
    for person in PEOPLE:
        client.index(index=ALIAS, id=person["id"], body=person)
    yield client
    stand_in.stop()


def ids(client: OpenSearch, query: dict[str, Any], **body: Any) -> list[str]:
    answer = client.search(index=ALIAS, body={"query": query, "sort": [{"id": "asc"}], **body})
    return [hit["_id"] for hit in answer["hits"]["hits"]]


def test_match_on_text_analyses_the_query_and_matches_any_term(client):
    # The standard analyser lower-cases and splits "Smith-Jones" into two terms; asciifolding lets
    # "zoe" find "Zoë".
    assert ids(client, {"match": {"name": "SMITH"}}) == ["b", "d"]
    assert ids(client, {"match": {"name": "zoe"}}) == ["a"]
    assert ids(client, {"match": {"name": "o'brien"}}) == ["a"]
    assert ids(client, {"match": {"name": "ann mary"}}) == ["b", "d"]
    assert ids(client, {"match": {"name": {"query": "ann mary", "operator": "and"}}}) == []


def test_match_fuzziness_allows_edits(client):
    assert ids(client, {"match": {"name": "smiht"}}) == []
    assert ids(client, {"match": {"name": {"query": "smiht", "fuzziness": "AUTO"}}}) == ["b", "d"]


def test_term_is_exact_on_keywords_and_on_a_text_fields_indexed_terms(client):
    # OpenSearch: a term query is not analysed, so on a text field it matches only an indexed term.
    assert ids(client, {"term": {"name": "Smith"}}) == []
    assert ids(client, {"term": {"name": "smith"}}) == ["b", "d"]
    assert ids(client, {"term": {"name.keyword": "Mary Smith"}}) == ["d"]
    assert ids(client, {"term": {"name.keyword": "mary smith"}}) == []
    assert ids(client, {"term": {"name.keyword": {"value": "mary smith", "case_insensitive": True}}}) == ["d"]
    assert ids(client, {"terms": {"status": ["inactive", "retired"]}}) == ["b"]


def test_match_phrase_prefix_needs_consecutive_terms_with_the_last_as_a_prefix(client):
    assert ids(client, {"match_phrase_prefix": {"name": "smi"}}) == ["b", "c", "d"]
    assert ids(client, {"match_phrase_prefix": {"name": "ann smith-jo"}}) == ["b"]
    assert ids(client, {"match_phrase_prefix": {"name": "smith ann"}}) == []


def test_ranges_on_dates_take_dates_and_date_math(client):
    assert ids(client, {"range": {"expires": {"gte": "2026-04-01"}}}) == ["a", "c"]
    assert ids(client, {"range": {"expires": {"lte": "now+30d/d"}}}) == ["a", "b"]  # rounds up to day end
    assert ids(client, {"range": {"expires": {"gt": "now/d"}}}) == ["a", "c"]  # after today, all of it
    assert ids(client, {"range": {"rank": {"gt": 1, "lt": 4}}}) == ["a", "c"]


def test_bool_combines_must_should_filter_and_must_not(client):
    query = {"bool": {"filter": [{"term": {"status": "active"}}], "must_not": [{"match": {"name": "john"}}]}}
    assert ids(client, query) == ["a", "d"]
    assert ids(client, {"bool": {"should": [{"term": {"id": "a"}}, {"term": {"id": "c"}}]}}) == ["a", "c"]
    # With a must, should is optional unless minimum_should_match says otherwise.
    assert ids(
        client, {"bool": {"must": [{"match": {"name": "smith"}}], "should": [{"term": {"id": "x"}}]}}
    ) == [
        "b",
        "d",
    ]
    query = {
        "bool": {
            "must": [{"match": {"name": "smith"}}],
            "should": [{"term": {"id": "x"}}],
            "minimum_should_match": 1,
        }
    }
    assert ids(client, query) == []


def test_a_bool_without_should_matches_whatever_it_does_not_exclude(client):
    assert ids(client, {"bool": {"must_not": [{"term": {"status": "active"}}]}}) == ["b"]
    assert ids(client, {"bool": {}}) == ["a", "b", "c", "d"]
    inactive_jobs = {
        "nested": {"path": "jobs", "query": {"bool": {"must_not": [{"term": {"jobs.status": "active"}}]}}}
    }
    assert ids(client, inactive_jobs) == ["a", "d"]


def test_a_plain_date_as_an_upper_bound_takes_in_the_whole_day(client):
    # OpenSearch fills a date's missing time with the day's last millisecond for lte and gt.
    assert ids(client, {"range": {"expires": {"lte": "2026-03-15"}}}) == ["b"]
    assert ids(client, {"range": {"expires": {"gt": "2026-03-15"}}}) == ["a", "c"]
    assert ids(client, {"term": {"expires": "2026-03-15"}}) == ["b"]


def test_nested_queries_match_within_one_object_and_report_inner_hits(client):
    both = {"bool": {"must": [{"term": {"jobs.state": "ky"}}, {"term": {"jobs.status": "active"}}]}}
    assert ids(client, {"nested": {"path": "jobs", "query": both}}) == ["a"]  # d's ky job is inactive
    # Outside a nested clause the nested fields are not visible.
    assert ids(client, {"term": {"jobs.state": "ky"}}) == []
    answer = client.search(
        index=ALIAS,
        body={
            "query": {
                "nested": {"path": "jobs", "query": {"term": {"jobs.status": "active"}}, "inner_hits": {}}
            }
        },
    )
    inner = {hit["_id"]: hit["inner_hits"]["jobs"]["hits"]["hits"] for hit in answer["hits"]["hits"]}
    assert {key: [h["_source"]["state"] for h in value] for key, value in inner.items()} == {
        "a": ["ky"],
        "b": ["oh"],
        "d": ["al"],
    }
    assert inner["d"][0]["_nested"] == {"field": "jobs", "offset": 1}


def test_sorting_and_search_after_page_through_every_document_once(client):
    seen, after = [], None
    while True:
        body: dict[str, Any] = {
            "query": {"match_all": {}},
            "size": 1,
            "sort": [{"expires": "desc"}, {"id": "asc"}],
        }
        if after is not None:
            body["search_after"] = after
        hits = client.search(index=ALIAS, body=body)["hits"]["hits"]
        if not hits:
            break
        seen.append(hits[0]["_id"])
        after = hits[0]["sort"]
    # Descending dates, a document without one last; sort values are epoch milliseconds.
    assert seen == ["c", "a", "b", "d"]
    first = client.search(index=ALIAS, body={"sort": [{"expires": "asc"}], "size": 1})["hits"]["hits"][0]
    assert first["sort"] == [int(datetime(2026, 3, 15, tzinfo=UTC).timestamp() * 1000)]


def test_search_after_values_are_read_as_the_sorted_fields_type(client):
    body = {"sort": [{"expires": "asc"}], "search_after": ["2026-04-01"]}
    assert [hit["_id"] for hit in client.search(index=ALIAS, body=body)["hits"]["hits"]] == ["a", "c", "d"]
    with pytest.raises(RequestError, match="search_after"):
        client.search(index=ALIAS, body={"sort": [{"expires": "asc"}], "search_after": ["soon"]})
    with pytest.raises(RequestError, match="search_after"):
        client.search(index=ALIAS, body={"sort": [{"rank": "asc"}, {"id": "asc"}], "search_after": [1]})
    with pytest.raises(RequestError, match="from"):
        client.search(index=ALIAS, body={"sort": [{"id": "asc"}], "search_after": ["a"], "from": 2})


def test_total_counts_exactly_up_to_ten_thousand(client):
    answer = client.search(index=ALIAS, body={"query": {"match": {"name": "smith"}}, "size": 1})
    assert answer["hits"]["total"] == {"value": 2, "relation": "eq"}
    assert len(answer["hits"]["hits"]) == 1
    with pytest.raises(RequestError, match="Result window is too large"):
        client.search(index=ALIAS, body={"from": 9_990, "size": 11})


def test_unknown_clauses_and_sorting_on_text_are_refused(client):
    with pytest.raises(RequestError, match="unknown query"):
        client.search(index=ALIAS, body={"query": {"script": {"script": "1"}}})
    with pytest.raises(RequestError, match="keyword"):
        client.search(index=ALIAS, body={"sort": [{"name": "asc"}]})


def test_a_strict_mapping_refuses_unknown_fields_and_keeps_the_index_unchanged(client):
    with pytest.raises(RequestError, match="strict_dynamic_mapping_exception"):
        client.index(index=ALIAS, id="e", body={"id": "e", "nickname": "E"})
    with pytest.raises(NotFoundError):
        client.get(index=ALIAS, id="e")


def test_external_versions_refuse_stale_writes_even_after_a_delete():
    stand_in = SearchEngineStandIn()
    client = OpenSearch(hosts=[stand_in.serve(0)])
    try:
        client.indices.create(index=INDEX, body=BODY)
        external = {"version_type": "external"}
        client.index(
            index=INDEX, id="a", body={"id": "a", "status": "new"}, params={"version": 10, **external}
        )
        with pytest.raises(ConflictError):
            client.index(
                index=INDEX, id="a", body={"id": "a", "status": "old"}, params={"version": 9, **external}
            )
        assert client.get(index=INDEX, id="a")["_source"]["status"] == "new"
        client.delete(index=INDEX, id="a", params={"version": 11, **external})
        with pytest.raises(ConflictError):
            client.index(index=INDEX, id="a", body={"id": "a"}, params={"version": 10, **external})
        bulk = client.bulk(
            body=[
                {"index": {"_index": INDEX, "_id": "b", "version": 3, "version_type": "external"}},
                {"id": "b"},
                {"index": {"_index": INDEX, "_id": "b", "version": 2, "version_type": "external"}},
                {"id": "b"},
            ]
        )
        assert [item["index"]["status"] for item in bulk["items"]] == [201, 409]
        assert bulk["errors"] is True
        # require_alias: a write through a name that is no alias is refused, whatever exists under it.
        refused = client.bulk(
            index=INDEX, body=[{"index": {"_id": "c"}}, {"id": "c"}], params={"require_alias": "true"}
        )
        assert (
            refused["items"][0]["index"]["status"] == 404
            and "not an alias" in refused["items"][0]["index"]["error"]["reason"]
        )
    finally:
        stand_in.stop()


def test_aliases_move_atomically_between_indices():
    stand_in = SearchEngineStandIn()
    client = OpenSearch(hosts=[stand_in.serve(0)])
    try:
        client.indices.create(index="v1", body=BODY)
        client.indices.create(index="v2", body=BODY)
        client.indices.put_alias(index="v1", name="current")
        client.index(index="v2", id="x", body={"id": "x"})
        with pytest.raises(NotFoundError):  # one action fails: none is applied
            client.indices.update_aliases(
                body={
                    "actions": [
                        {"remove": {"index": "v1", "alias": "current"}},
                        {"add": {"index": "v9", "alias": "current"}},
                    ]
                }
            )
        assert list(client.indices.get_alias(name="current")) == ["v1"]
        client.indices.update_aliases(
            body={
                "actions": [
                    {"remove": {"index": "v1", "alias": "current"}},
                    {"add": {"index": "v2", "alias": "current"}},
                ]
            }
        )
        assert client.count(index="current")["count"] == 1
    finally:
        stand_in.stop()
