"""The index jobs: the index manager creates each compact's index and alias once, and leaves an alias on
an older mapping where it is; the re-index job fills an index from the provider table in runs that stop
in time and go on where they stopped, and moves a compact to a new mapping without losing a change made
meanwhile."""

from __future__ import annotations

import pytest

from core.resources import running_as
from search import reindex
from search.client import _client
from search.functions import PROVIDER_REINDEX, SEARCH_INDEX_MANAGER
from search.index_layout import alias, index_body, index_name
from search.index_manager import ensure_indices
from tests.functions.search.conftest import documents, engine_url
from tests.records import make_license, make_provider, put


def run_job(engine_url, job, remaining_ms=lambda: 600_000):
    with running_as(PROVIDER_REINDEX):
        return reindex.run(_client(engine_url), reindex.ReindexRun.model_validate(job), remaining_ms)


def next_run(answer):
    return {key: value for key, value in answer.items() if key != "status"}


def providers(aws, count, compact="aslp"):
    made = []
    for number in range(count):
        provider = make_provider(compact=compact, family_name=f"Family{number:03d}")
        put(aws["provider"], provider, make_license(provider, family_name=f"Family{number:03d}"))
        made.append(provider)
    return made


def test_the_index_manager_is_idempotent(engine, local_config):
    with running_as(SEARCH_INDEX_MANAGER):
        report = ensure_indices(_client(engine_url()), list(local_config.compacts.compacts))
    assert report["aslp"] == {
        "index": "compact_aslp_providers_v1",
        "created": False,
        "alias": "compact_aslp_providers_v1",
        "reindexNeeded": False,
    }


def test_a_backfill_fills_the_index_in_runs_that_stop_in_time(aws, engine, monkeypatch):
    made = providers(aws, 7)
    monkeypatch.setattr(reindex, "PAGE_SIZE", 3)

    first = run_job(engine_url(), {"compact": "aslp"}, remaining_ms=lambda: 1_000)
    assert first["status"] == "IN_PROGRESS" and first["indexed"] == 3 and first["startKey"]
    answer = first
    while answer["status"] == "IN_PROGRESS":
        answer = run_job(engine_url(), next_run(answer))

    assert answer["status"] == "COMPLETE" and answer["indexed"] == 7
    assert set(documents(engine)) == {p.provider_id for p in made}


def test_a_new_mapping_is_filled_beside_the_old_then_swapped_in(aws, engine, monkeypatch):
    made = providers(aws, 4)
    url = engine_url()
    # The compact is served from an older index version, as after a deploy with a new mapping.
    engine.indices.delete(index=index_name("aslp"))
    engine.indices.create(index=index_name("aslp", 0), body=index_body())
    engine.indices.put_alias(index=index_name("aslp", 0), name=alias("aslp"))
    with running_as(SEARCH_INDEX_MANAGER):
        assert ensure_indices(_client(url), ["aslp"])["aslp"]["reindexNeeded"] is True

    fill = run_job(url, {"compact": "aslp"})
    assert fill["status"] == "IN_PROGRESS" and fill["phase"] == "catchUp"
    assert list(engine.indices.get_alias(name=alias("aslp"))) == [index_name("aslp")]
    assert not engine.indices.exists(index=index_name("aslp", 0))
    # A provider registered while the first pass ran (the indexer wrote it to the old index).
    late = providers(aws, 1)
    done = run_job(url, next_run(fill))

    assert done["status"] == "COMPLETE"
    assert set(documents(engine)) == {p.provider_id for p in [*made, *late]}


def test_an_unknown_compact_is_refused(engine):
    with pytest.raises(ValueError, match="compact"):
        run_job(engine_url(), {"compact": "nope"})
