"""Creates the provider indices on deploy (the program invokes this function after each change to it).

For each compact of the environment: the index of the current mapping version, if missing; the alias
``compact_{compact}_providers``, if missing, on it. An alias already on an older version is left where it
is, so search keeps answering from the old index while the re-index job (``search.reindex``) fills the new
one and then moves the alias; the answer says which compacts wait for it. Running it again changes
nothing.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext
from opensearchpy import NotFoundError, OpenSearch

from core import settings
from core.catalog import SearchAccess
from core.resources import serves
from search.client import search_client
from search.functions import SEARCH_INDEX_MANAGER
from search.index_layout import alias, index_body, index_name

logger = Logger()


def alias_target(client: OpenSearch, compact: str) -> str | None:
    """The index the compact's alias is on (the newest version, should it ever be on two), or None."""
    try:
        held = client.indices.get_alias(name=alias(compact))
    except NotFoundError:
        return None
    return max(held, key=_version, default=None)


def _version(index: str) -> int:
    suffix = index.rpartition("_v")[2]
    return int(suffix) if suffix.isdigit() else -1


def ensure_indices(client: OpenSearch, compacts: list[str]) -> dict[str, dict[str, Any]]:
    report: dict[str, dict[str, Any]] = {}
    for compact in compacts:
        current = index_name(compact)
        created = not client.indices.exists(index=current)
        if created:
            client.indices.create(index=current, body=index_body())
        target = alias_target(client, compact)
        if target is None:
            client.indices.put_alias(index=current, name=alias(compact))
            target = current
        report[compact] = {
            "index": current,
            "created": created,
            "alias": target,
            "reindexNeeded": target != current,
        }
        logger.info("Provider index ready", extra={"compact": compact, "index_state": report[compact]})
    return report


@serves(SEARCH_INDEX_MANAGER)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return ensure_indices(search_client(SearchAccess.MANAGE), list(settings.compacts().compacts))
