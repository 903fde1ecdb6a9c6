"""Fills a compact's provider index from the provider table: the backfill of a new environment, and the
move to a new mapping version. Run by ``scripts/reindex`` (or anything that invokes the function again
while it answers ``IN_PROGRESS``), since a large compact takes longer than one Lambda run.

The job pages through every provider of the compact (the ``providerDateOfUpdate`` index holds them all
in one partition), writing each page's documents in one ``_bulk`` request versioned as the indexer
versions them (by when the records were read), so a document the indexer wrote meanwhile is never
replaced by an older reading, and every document is replaced by the table as it is now (after a restore
too). A document of a provider the table no longer has is not found this way and stays. When the alias is
already on the current index (a backfill) one pass is the whole job. Otherwise (a new mapping) the first
pass fills the new index while the alias keeps serving the old one; then the alias moves to the new index
in one atomic action, the old index is deleted, and a second pass through the alias catches every change
the indexer wrote to the old index during the first. Each run stops with a minute to spare and answers
where to go on.
"""

from typing import Any, Literal

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext
from boto3.dynamodb.conditions import Key
from opensearchpy import OpenSearch
from pydantic import BaseModel, ConfigDict, Field

from core import settings
from core.catalog import SearchAccess
from core.keys import provider_sk
from core.resources import granted, serves
from core.tables import PROVIDER
from search.client import search_client
from search.functions import PROVIDER_REINDEX
from search.index_layout import alias, index_name
from search.index_manager import alias_target, ensure_indices
from search.indexer import bulk_lines, refused

logger = Logger()

DATE_OF_UPDATE_INDEX = "providerDateOfUpdate"
PAGE_SIZE = 100
SPARE_MILLISECONDS = 60_000


class ReindexRun(BaseModel):
    """One run's input, and the next run's (the answer, with ``status``)."""

    model_config = ConfigDict(extra="forbid")

    compact: str
    phase: Literal["fill", "catchUp"] = "fill"
    start_key: dict[str, str] | None = Field(default=None, alias="startKey")
    indexed: int = Field(default=0, ge=0)


def providers_page(compact: str, start_key: dict[str, str] | None) -> tuple[list[str], dict[str, str] | None]:
    """A page of the compact's provider ids, and where the next page starts (None after the last)."""
    query: dict[str, Any] = {
        "IndexName": DATE_OF_UPDATE_INDEX,
        "KeyConditionExpression": Key("sk").eq(provider_sk(compact)),
        "ProjectionExpression": "providerId",
        "Limit": PAGE_SIZE,
    }
    if start_key:
        query["ExclusiveStartKey"] = start_key
    page = granted().table(PROVIDER).query(**query)
    return [str(item["providerId"]) for item in page.get("Items", [])], page.get("LastEvaluatedKey")


def copy_page(client: OpenSearch, target: str, compact: str, provider_ids: list[str]) -> int:
    """Writes the page's documents to ``target``; raises when any is refused for a reason other than a
    newer document being there already (the run fails and is run again from the same key)."""
    if not provider_ids:
        return 0
    through_alias = {"require_alias": "true"} if target == alias(compact) else {}
    answer = client.bulk(index=target, body=bulk_lines(compact, provider_ids), params=through_alias)
    failures = refused(answer)
    if failures:
        raise RuntimeError(f"{len(failures)} documents were refused, first: {failures[0]}")
    return len(provider_ids)


def move_alias(client: OpenSearch, compact: str, old: str, new: str) -> None:
    actions = [
        {"remove": {"index": old, "alias": alias(compact)}},
        {"add": {"index": new, "alias": alias(compact)}},
    ]
    client.indices.update_aliases(body={"actions": actions})
    client.indices.delete(index=old)


def run(client: OpenSearch, job: ReindexRun, remaining_ms: Any) -> dict[str, Any]:
    if job.compact not in settings.compacts().compacts:
        raise ValueError(f"compact: {job.compact!r} is not a compact of this environment")
    ensure_indices(client, [job.compact])
    current = index_name(job.compact)
    serving = alias_target(client, job.compact)
    target = alias(job.compact) if job.phase == "catchUp" or serving == current else current
    while True:
        provider_ids, next_key = providers_page(job.compact, job.start_key)
        job.indexed += copy_page(client, target, job.compact, provider_ids)
        job.start_key = next_key
        if next_key is None:
            if job.phase == "fill" and serving is not None and serving != current:
                move_alias(client, job.compact, serving, current)
                job.phase = "catchUp"
                logger.info("Alias moved; catching up", extra={"compact": job.compact, "index": current})
                return {"status": "IN_PROGRESS", **job.model_dump(by_alias=True)}
            logger.info("Re-index complete", extra={"compact": job.compact, "indexed": job.indexed})
            return {"status": "COMPLETE", **job.model_dump(by_alias=True)}
        if remaining_ms() < SPARE_MILLISECONDS:
            return {"status": "IN_PROGRESS", **job.model_dump(by_alias=True)}


@serves(PROVIDER_REINDEX)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    job = ReindexRun.model_validate({k: v for k, v in event.items() if k != "status"})
    return run(search_client(SearchAccess.MANAGE), job, context.get_remaining_time_in_millis)
