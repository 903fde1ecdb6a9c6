"""Every request each search function makes reaches only what its access level grants on the domain
(``components.search_domain.access_paths``, which becomes both its role's policy and the domain's): the
local engine records each request, and each must match one of the level's verbs and path patterns (IAM's
``*`` spanning ``/``). A path the code starts using without its grant fails here, not in AWS."""

from __future__ import annotations

from datetime import UTC, datetime
from fnmatch import fnmatchcase

from components.search_domain import access_paths
from core.catalog import SearchAccess
from core.keys import provider_pk, provider_sk
from core.resources import running_as
from search.client import _client
from search.functions import SEARCH_INDEX_MANAGER
from search.index_layout import alias, index_body, index_name
from search.index_manager import ensure_indices
from tests.functions.search.conftest import deliver, engine_url
from tests.functions.search.test_reindex import next_run, run_job
from tests.functions.search.test_reminders import run as run_reminders
from tests.functions.search.test_search_api import export, search
from tests.records import make_license, make_privilege, make_provider, put


def beyond(
    access: SearchAccess, requests: list[tuple[str, str]], compacts: list[str]
) -> list[tuple[str, str]]:
    verbs, paths = access_paths(access, compacts)
    return [
        (method, path)
        for method, path in requests
        if method not in verbs or not any(fnmatchcase(path, pattern) for pattern in paths)
    ]


def test_each_function_stays_within_its_access(
    aws, stand_in, mail, export_bucket, local_config, lambda_context
):
    compacts = list(local_config.compacts.compacts)
    url = engine_url()
    provider = make_provider(compact_connect_registered_email_address="ada@example.org")
    put(aws["provider"], provider, make_license(provider), make_privilege(provider, "ky"))

    with running_as(SEARCH_INDEX_MANAGER):
        ensure_indices(_client(url), compacts)
    answer = run_job(url, {"compact": "aslp"})  # a backfill: through the alias
    client = _client(url)
    client.indices.delete(index=index_name("aslp"))  # then a move from an older mapping
    client.indices.create(index=index_name("aslp", 0), body=index_body())
    client.indices.put_alias(index=index_name("aslp", 0), name=alias("aslp"))
    answer = run_job(url, {"compact": "aslp"})
    run_job(url, next_run(answer))
    managed, stand_in.requests[:] = list(stand_in.requests), []
    managed = [request for request in managed if request not in SETUP]

    deliver((provider_pk("aslp", provider.provider_id), provider_sk("aslp")), lambda_context=lambda_context)
    indexed, stand_in.requests[:] = list(stand_in.requests), []

    search({"query": {"match_all": {}}})
    export({"query": {"match_all": {}}})
    run_reminders({"compact": "aslp", "scheduledTime": datetime.now(UTC).isoformat()})
    queried = list(stand_in.requests)

    assert managed and indexed and queried
    assert beyond(SearchAccess.MANAGE, managed, compacts) == []
    assert beyond(SearchAccess.INDEX, indexed, compacts) == []
    assert beyond(SearchAccess.QUERY, queried, compacts) == []
    assert beyond(SearchAccess.QUERY, indexed + managed, compacts)  # the levels really differ


SETUP = {
    ("DELETE", index_name("aslp")),
    ("PUT", index_name("aslp", 0)),
    ("PUT", f"{index_name('aslp', 0)}/_alias/{alias('aslp')}"),
}
"""The test's own requests that set up the older mapping (made with the test's client, not a function)."""
